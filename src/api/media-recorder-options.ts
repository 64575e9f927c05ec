/**
 * https://w3c.github.io/mediacapture-record/#dictdef-mediarecorderoptions: the one conversion of
 * MediaRecorderOptions, shared by the MediaRecorder constructor and the non-standard recordToFile and
 * recordToWritable (whose options extend it), so both validate alike and fail with the same errors.
 *
 * @module
 */

import { requireDictionary, toDOMString, toDouble, toEnum, toUnsignedLong } from '../webidl/converters.js';
import { domException } from '../webidl/errors.js';
import { DEFAULT_AUDIO_BITS_PER_SECOND, DEFAULT_VIDEO_BITS_PER_SECOND, distributeBitsPerSecond } from './recording-setup.js';

/** https://w3c.github.io/mediacapture-record/#enumdef-bitratemode */
export const BITRATE_MODES = ['constant', 'variable'] as const;
/** https://w3c.github.io/mediacapture-record/#enumdef-bitratemode */
export type BitrateMode = (typeof BITRATE_MODES)[number];

/** https://w3c.github.io/mediacapture-record/#dictdef-mediarecorderoptions */
export interface MediaRecorderOptions {
  mimeType?: string;
  audioBitsPerSecond?: number;
  videoBitsPerSecond?: number;
  bitsPerSecond?: number;
  audioBitrateMode?: BitrateMode;
  videoKeyFrameIntervalDuration?: number;
  videoKeyFrameIntervalCount?: number;
}

/** MediaRecorderOptions converted: defaults applied, absent optional members `null` (as the spec's slots). */
export interface ConvertedRecorderOptions {
  readonly mimeType: string;
  readonly audioBitsPerSecond: number | null;
  readonly videoBitsPerSecond: number | null;
  readonly bitsPerSecond: number | null;
  readonly audioBitrateMode: BitrateMode;
  readonly videoKeyFrameIntervalDuration: number | null;
  readonly videoKeyFrameIntervalCount: number | null;
}

/**
 * Converts `value` to MediaRecorderOptions (members in lexicographic order, as WebIDL does); TypeError (in
 * `context`) for a value that is not a dictionary or a member of the wrong type. Also returns the
 * dictionary, for the members of a derived dictionary, which WebIDL converts after these.
 */
export function convertMediaRecorderOptions(
  value: unknown,
  context: string,
): { readonly options: ConvertedRecorderOptions; readonly dictionary: Readonly<Record<string, unknown>> } {
  const dictionary = requireDictionary(value, context, 'options') ?? {};
  const optionalLong = (name: string): number | null => {
    const raw = dictionary[name];
    return raw === undefined ? null : toUnsignedLong(raw, context, name);
  };
  const mode = dictionary['audioBitrateMode'];
  const audioBitrateMode = mode === undefined ? 'variable' : toEnum(BITRATE_MODES, mode, context, 'audioBitrateMode');
  const audioBitsPerSecond = optionalLong('audioBitsPerSecond');
  const bitsPerSecond = optionalLong('bitsPerSecond');
  const rawMimeType = dictionary['mimeType'];
  const mimeType = rawMimeType === undefined ? '' : toDOMString(rawMimeType, context, 'mimeType');
  const videoBitsPerSecond = optionalLong('videoBitsPerSecond');
  const videoKeyFrameIntervalCount = optionalLong('videoKeyFrameIntervalCount');
  const duration = dictionary['videoKeyFrameIntervalDuration'];
  const videoKeyFrameIntervalDuration = duration === undefined ? null : toDouble(duration, context, 'videoKeyFrameIntervalDuration');
  return {
    options: { mimeType, audioBitsPerSecond, videoBitsPerSecond, bitsPerSecond, audioBitrateMode, videoKeyFrameIntervalDuration, videoKeyFrameIntervalCount },
    dictionary,
  };
}

/**
 * https://w3c.github.io/mediacapture-record/#dom-mediarecorder-start step 12: both key frame intervals
 * given is a NotSupportedError (in `context`).
 */
export function checkKeyFrameIntervals(options: ConvertedRecorderOptions, context: string): void {
  if (options.videoKeyFrameIntervalDuration !== null && options.videoKeyFrameIntervalCount !== null) {
    throw domException('NotSupportedError', context, 'videoKeyFrameIntervalDuration and videoKeyFrameIntervalCount were both given');
  }
}

/**
 * The bitrates of a recording of the given kinds: bitsPerSecond, when given, split between them (it
 * overrides the per-kind bitrates); else each kind's own, or the default.
 */
export function recordingBitsPerSecond(options: ConvertedRecorderOptions, video: boolean, audio: boolean): { video: number; audio: number } {
  if (options.bitsPerSecond !== null) {
    return distributeBitsPerSecond(options.bitsPerSecond, video, audio);
  }
  return {
    video: options.videoBitsPerSecond ?? DEFAULT_VIDEO_BITS_PER_SECOND,
    audio: options.audioBitsPerSecond ?? DEFAULT_AUDIO_BITS_PER_SECOND,
  };
}
