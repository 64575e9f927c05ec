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

import { ffmpegListingProvider, type FfmpegListingOptions } from '../ffmpeg-listing-provider.js';
import { ffmpegMicrophoneModel, ffmpegMicrophoneProducer } from '../ffmpeg-microphone.js';
import { MICROPHONE_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import { avfoundationListArgs, avfoundationMicrophoneInputArgs, parseAvfoundationDevices, type AvfoundationDevice } from './avfoundation-listing.js';

/**
 * The input latency assumed for an avfoundation microphone: AVCaptureAudioDataOutput hands ffmpeg one
 * buffer of about 1024 frames at a time, which ffmpeg does not report.
 */
export const AVFOUNDATION_AUDIO_LATENCY_S = 1024 / 48_000;

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
export function avfoundationMicrophoneProvider(options: FfmpegListingOptions = {}): PlatformProvider {
  return ffmpegListingProvider(
    {
      name: 'avfoundation-audio',
      listArgs: avfoundationListArgs,
      reportsProblem: true,
      devices: (stderr, ffmpeg) => avfoundationMicrophones(parseAvfoundationDevices(stderr), ffmpeg),
    },
    options,
  );
}
