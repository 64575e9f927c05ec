/**
 * What MediaRecorder and the file recorder share when a recording starts: which tracks are recorded, the
 * format and encoder, and the engine's configuration from the tracks' settings.
 *
 * @module
 */

import {
  availableEncoders,
  chooseEncoder,
  type AvailableEncoders,
  type EncoderPreference,
} from '../sinks/recorder/encoder-discovery.js';
import type { EncoderOutput } from '../sinks/recorder/recording-encoder.js';
import type { RecordingConfig } from '../sinks/recorder/recording.js';
import { domException } from '../webidl/errors.js';
import type { MediaStream } from './media-stream.js';
import { trackInternals, type MediaStreamTrack } from './media-stream-track.js';

const DEFAULT_FRAME_RATE = 30;
/** Chromium's default audio bitrate, and the most audio gets of a total bitrate. */
export const DEFAULT_AUDIO_BITS_PER_SECOND = 128_000;
/** Chromium's default video bitrate. */
export const DEFAULT_VIDEO_BITS_PER_SECOND = 2_500_000;

/**
 * Splits a total bitrate between the kinds recorded (the spec leaves the split to the UA): audio alone
 * gets it all, with video audio gets a tenth up to 128 kbit/s and video the rest.
 */
export function distributeBitsPerSecond(total: number, video: boolean, audio: boolean): { video: number; audio: number } {
  const audioBits = !audio ? 0 : !video ? total : Math.min(DEFAULT_AUDIO_BITS_PER_SECOND, Math.round(total / 10));
  return { audio: audioBits, video: video ? total - audioBits : 0 };
}

/** The tracks a recording takes from a stream. */
export interface RecordedStreamTracks {
  readonly video: MediaStreamTrack | undefined;
  readonly audio: MediaStreamTrack | undefined;
}

/** Deviation: only the first live video and the first live audio track are recorded, as in Chromium. */
export function recordedTracks(stream: MediaStream): RecordedStreamTracks {
  const live = stream.getTracks().filter((track) => track.readyState === 'live');
  return { video: live.find((track) => track.kind === 'video'), audio: live.find((track) => track.kind === 'audio') };
}

/** The encoding parameters of a recording. */
export interface RecordingParameters {
  readonly constrainedMimeType: string;
  readonly videoBitsPerSecond: number;
  readonly audioBitsPerSecond: number;
  readonly audioBitrateMode: 'constant' | 'variable';
  readonly keyFrameIntervalCount: number | null;
  readonly keyFrameIntervalDurationMs: number | null;
  readonly encoder: EncoderPreference;
  readonly output: EncoderOutput;
}

/**
 * The engine configuration of a recording of `tracks`; throws NotSupportedError (in `context`) when
 * nothing here can record them as asked.
 */
export function planRecording(
  context: string,
  tracks: RecordedStreamTracks,
  parameters: RecordingParameters,
  available: AvailableEncoders = availableEncoders(),
): RecordingConfig {
  const { video, audio } = tracks;
  const videoSettings = video?.getSettings();
  const audioSettings = audio?.getSettings();
  const recordedVideo =
    videoSettings === undefined
      ? undefined
      : { width: videoSettings.width ?? 640, height: videoSettings.height ?? 480, frameRate: videoSettings.frameRate ?? DEFAULT_FRAME_RATE };
  const sampleRate = audioSettings === undefined ? undefined : (audioSettings.sampleRate ?? 48_000);
  const chosen = chooseEncoder(parameters.constrainedMimeType, { video: recordedVideo, audioSampleRate: sampleRate }, available, parameters.encoder);
  if ('reason' in chosen) {
    throw domException('NotSupportedError', context, chosen.reason);
  }
  const { keyFrameIntervalCount, keyFrameIntervalDurationMs } = parameters;
  const clockTrack = (video ?? audio) as MediaStreamTrack;
  return {
    ...chosen,
    output: parameters.output,
    clock: trackInternals.source(clockTrack).clock,
    video:
      video === undefined || recordedVideo === undefined
        ? undefined
        : {
            pipeline: trackInternals.pipeline(video),
            ...recordedVideo,
            bitsPerSecond: parameters.videoBitsPerSecond,
            keyFrameInterval:
              keyFrameIntervalCount ??
              (keyFrameIntervalDurationMs === null ? undefined : (keyFrameIntervalDurationMs * recordedVideo.frameRate) / 1000),
          },
    audio:
      audio === undefined
        ? undefined
        : {
            pipeline: trackInternals.pipeline(audio),
            sampleRate: sampleRate ?? 48_000,
            channels: audioSettings?.channelCount ?? 1,
            bitsPerSecond: parameters.audioBitsPerSecond,
            bitrateMode: parameters.audioBitrateMode,
          },
  };
}
