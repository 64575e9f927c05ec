/**
 * Microphones on macOS through ffmpeg's avfoundation input: the audio devices of `-list_devices true`,
 * captured with `ffmpeg -f avfoundation -i ":<index>"` as f32le at 48 kHz stereo (see
 * ffmpeg-microphone.ts for why that format).
 *
 * Untested on real hardware (this project's CI runs Linux). ffmpeg does not say which microphone is the
 * system's default, so the first one listed is taken as the default (AVFoundation lists the built-in
 * microphone first). There is no hot-plug watch: a microphone plugged in later appears the next time the
 * list is read.
 *
 * @module
 */

import { findFfmpeg } from '../../file/ffmpeg-location.js';
import { runCommand, type CommandRunner } from '../command-output.js';
import { ffmpegMicrophoneModel, ffmpegMicrophoneProducer } from '../ffmpeg-microphone.js';
import { MICROPHONE_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import { avfoundationListArgs, avfoundationMicrophoneInputArgs, parseAvfoundationDevices, type AvfoundationDevice } from './avfoundation-listing.js';

/**
 * The input latency assumed for an avfoundation microphone: AVCaptureAudioDataOutput hands ffmpeg one
 * buffer of about 1024 frames at a time, which ffmpeg does not report.
 */
export const AVFOUNDATION_AUDIO_LATENCY_S = 1024 / 48_000;

/** How the provider runs ffmpeg; tests give it recorded outputs. */
export interface AvfoundationMicrophoneOptions {
  /** Runs ffmpeg; {@link runCommand} by default. */
  readonly run?: CommandRunner;
  /** The environment ffmpeg is looked up in (MEDIACAPTURE_FFMPEG, PATH); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The microphones of an avfoundation listing, captured with `ffmpeg`; the first is the default. */
export function avfoundationMicrophones(listed: readonly AvfoundationDevice[], ffmpeg: string): PlatformDevice[] {
  return listed
    .filter((device) => device.kind === 'audio')
    .map((microphone, order) => {
      const rawId = microphone.uniqueId ?? `avfoundation-audio:${microphone.name}`;
      return {
        rawId,
        kind: 'audioinput',
        label: microphone.name,
        groupKey: rawId,
        isDefault: order === 0,
        capture: ffmpegMicrophoneModel(AVFOUNDATION_AUDIO_LATENCY_S),
        startWaitMs: MICROPHONE_START_WAIT_MS,
        producer: ffmpegMicrophoneProducer(microphone.name, ffmpeg, avfoundationMicrophoneInputArgs(microphone.index)),
      };
    });
}

/** The avfoundation microphone provider ("avfoundation-audio"). Lists nothing when ffmpeg is not installed. */
export function avfoundationMicrophoneProvider(options: AvfoundationMicrophoneOptions = {}): PlatformProvider {
  const run = options.run ?? runCommand;
  const env = options.env ?? process.env;
  let problem: string | undefined;
  return {
    name: 'avfoundation-audio',
    problem: () => problem,
    async list() {
      const ffmpeg = findFfmpeg(env)?.ffmpeg;
      if (ffmpeg === undefined) {
        problem = 'ffmpeg is not installed (PATH or MEDIACAPTURE_FFMPEG)';
        return [];
      }
      const listing = await run(ffmpeg, avfoundationListArgs());
      problem = listing === undefined ? `cannot run ${ffmpeg}` : undefined;
      return listing === undefined ? [] : avfoundationMicrophones(parseAvfoundationDevices(listing.stderr), ffmpeg);
    },
  };
}
