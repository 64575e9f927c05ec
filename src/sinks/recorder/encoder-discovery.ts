/**
 * Which encoders this machine has for recording: the ffmpeg found (PATH, `MEDIACAPTURE_FFMPEG`, or the
 * `@ffmpeg-installer/ffmpeg` package) and the encoders it lists, and in-process Opus (`@evan/opus` and
 * `mediabunny`). Answers isTypeSupported truthfully and picks the encoder of a recording.
 *
 * @module
 */

import { spawnSync } from 'node:child_process';
import { findFfmpeg } from '../../sources/file/ffmpeg-location.js';
import { inProcessOpus, inProcessOpusInstalled, IN_PROCESS_CONTAINERS } from './opus-encoder.js';
import type { RecordingBackend } from './recording.js';
import { isTypeSupported, negotiateFormat, type RecordedVideo, type RecordingFormat } from './recording-formats.js';

/** How to get ffmpeg, for error messages. */
export const FFMPEG_INSTALL_HINT =
  'ffmpeg was not found; install it (apt-get install ffmpeg, brew install ffmpeg, winget install ffmpeg, or ' +
  'npm install @ffmpeg-installer/ffmpeg) or set MEDIACAPTURE_FFMPEG to its path';

/** Which encoder a recording should use: `auto` is ffmpeg when it can, else in-process Opus. */
export const ENCODER_PREFERENCES = ['auto', 'ffmpeg', 'in-process'] as const;
/** Which encoder a recording should use. */
export type EncoderPreference = (typeof ENCODER_PREFERENCES)[number];

/** The encoders found now. */
export interface AvailableEncoders {
  /** The ffmpeg found, undefined without one. */
  readonly ffmpeg: string | undefined;
  /** The encoder names that ffmpeg lists (empty without ffmpeg). */
  readonly ffmpegEncoders: ReadonlySet<string>;
  /** Whether in-process Opus is installed (it is loaded when a recording needs it). */
  readonly inProcessOpus: boolean;
}

/** In-process encoding offers Opus only (named as ffmpeg's encoder, for the format tables). */
const IN_PROCESS_ENCODERS: ReadonlySet<string> = new Set(['libopus']);

const encoderCache = new Map<string, ReadonlySet<string>>();

/** The encoder names `ffmpeg -encoders` lists, asked once per ffmpeg and cached (empty when it fails). */
export function ffmpegEncoders(ffmpeg: string): ReadonlySet<string> {
  let encoders = encoderCache.get(ffmpeg);
  if (encoders === undefined) {
    const result = spawnSync(ffmpeg, ['-hide_banner', '-encoders'], { encoding: 'utf8', timeout: 10_000, windowsHide: true });
    const names = new Set<string>();
    for (const line of (result.stdout ?? '').split('\n')) {
      const match = /^\s*[VAS][A-Z.]{5}\s+(\S+)/.exec(line);
      if (match?.[1] !== undefined && match[1] !== '=') {
        names.add(match[1]);
      }
    }
    encoders = names;
    encoderCache.set(ffmpeg, encoders);
  }
  return encoders;
}

/** The encoders found now (ffmpeg is looked up each time: PATH and the variables may change). */
export function availableEncoders(): AvailableEncoders {
  const ffmpeg = findFfmpeg()?.ffmpeg;
  return {
    ffmpeg,
    ffmpegEncoders: ffmpeg === undefined ? new Set() : ffmpegEncoders(ffmpeg),
    inProcessOpus: inProcessOpusInstalled(),
  };
}

/** https://w3c.github.io/mediacapture-record/#is-type-supported with ffmpeg's encoders or in-process Opus. */
export function isTypeSupportedHere(type: string, deferNewerCodecsCheck: boolean, available: AvailableEncoders): boolean {
  if (isTypeSupported(type, deferNewerCodecsCheck, available.ffmpegEncoders)) {
    return true;
  }
  return available.inProcessOpus && isTypeSupported(type, deferNewerCodecsCheck, IN_PROCESS_ENCODERS) && inProcessContainer(type);
}

function inProcessContainer(type: string): boolean {
  const essence = (type.split(';')[0] ?? '').trim().toLowerCase();
  return type === '' || (IN_PROCESS_CONTAINERS as readonly string[]).includes(essence);
}

/** The tracks a recording starts with. */
export interface RecordedTracks {
  readonly video: RecordedVideo | undefined;
  /** The audio track's sample rate, undefined without audio. */
  readonly audioSampleRate: number | undefined;
}

/**
 * The format and encoder of a recording of `tracks` under the constrained MIME type, or why it cannot
 * be recorded (a reason for NotSupportedError).
 */
export function chooseEncoder(
  constrainedMimeType: string,
  tracks: RecordedTracks,
  available: AvailableEncoders,
  preference: EncoderPreference,
): { readonly format: RecordingFormat; readonly backend: RecordingBackend } | { readonly reason: string } {
  const wanted = { video: tracks.video, audio: tracks.audioSampleRate !== undefined };
  let ffmpegReason = `recording needs ffmpeg: ${FFMPEG_INSTALL_HINT}`;
  if (preference !== 'in-process' && available.ffmpeg !== undefined) {
    const format = negotiateFormat(constrainedMimeType, wanted, available.ffmpegEncoders);
    if (!('reason' in format)) {
      return { format, backend: { kind: 'ffmpeg', ffmpeg: available.ffmpeg } };
    }
    ffmpegReason = format.reason;
  }
  if (preference === 'ffmpeg') {
    return { reason: ffmpegReason };
  }
  const inProcess = available.inProcessOpus ? inProcessOpus() : 'they are not installed';
  const canInProcess = typeof inProcess !== 'string' && tracks.video === undefined && inProcessContainer(constrainedMimeType);
  if (!canInProcess) {
    const why = typeof inProcess === 'string' ? `@evan/opus and mediabunny cannot be loaded (${inProcess})` : 'it records Opus audio alone in audio/webm or audio/ogg';
    return { reason: preference === 'in-process' ? `in-process encoding cannot record this: ${why}` : ffmpegReason };
  }
  const format = negotiateFormat(constrainedMimeType, wanted, IN_PROCESS_ENCODERS);
  return 'reason' in format ? format : { format, backend: { kind: 'in-process' } };
}
