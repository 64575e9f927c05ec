/**
 * What MediaRecorder can record: parsing a MIME type, the spec's "is type supported" algorithm answered
 * from the encoders the ffmpeg on this machine lists, and negotiating the full type (container and codecs)
 * for a set of tracks when recording starts.
 *
 * @see https://w3c.github.io/mediacapture-record/#dom-mediarecorder-istypesupported
 * @module
 */

import { spawnSync } from 'node:child_process';
import { findFfmpeg } from '../../sources/file/ffmpeg-location.js';

/** The containers recorded now, by their MIME type/subtype. */
export const RECORDING_CONTAINERS = ['video/webm', 'audio/webm'] as const;

/** A container's MIME type/subtype. */
export type RecordingContainer = (typeof RECORDING_CONTAINERS)[number];

/** The codecs recorded now and the ffmpeg encoder each needs. */
export const RECORDING_CODECS = {
  vp8: { kind: 'video', encoder: 'libvpx' },
  opus: { kind: 'audio', encoder: 'libopus' },
} as const;

/** A codec identifier recorded now. */
export type RecordingCodec = keyof typeof RECORDING_CODECS;

/** https://w3c.github.io/mediacapture-record/#list-of-synchronously-exposed-codec-identifiers, by kind. */
const SYNCHRONOUSLY_EXPOSED: Readonly<Record<string, 'audio' | 'video'>> = {
  vp8: 'video',
  vp9: 'video',
  h264: 'video',
  avc1: 'video',
  avc3: 'video',
  av1: 'video',
  av01: 'video',
  hvc1: 'video',
  hev1: 'video',
  opus: 'audio',
  pcm: 'audio',
};

/** The default codec of each kind (Chromium's: VP8 and Opus). */
const DEFAULT_CODECS = { video: 'vp8', audio: 'opus' } as const;

/** How to get ffmpeg, for error messages. */
export const FFMPEG_INSTALL_HINT =
  'ffmpeg was not found; install it (apt-get install ffmpeg, brew install ffmpeg, winget install ffmpeg) ' +
  'or set MEDIACAPTURE_FFMPEG to its path';

/** A parsed MIME type: lowercase type/subtype and the codec identifiers of its codecs parameter. */
interface ParsedType {
  readonly essence: string;
  /** The codecs parameter strictly split on ",", or undefined without one. */
  readonly codecs: readonly string[] | undefined;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses a MIME type string (RFC 2045 / mimesniff shape); undefined when it is not valid. */
function parseMimeType(type: string): ParsedType | undefined {
  const [head = '', ...parameters] = type.split(';');
  const slash = head.indexOf('/');
  const mainType = head.slice(0, slash).trim();
  const subtype = head.slice(slash + 1).trim();
  if (slash < 0 || !TOKEN.test(mainType) || !TOKEN.test(subtype)) {
    return undefined;
  }
  let codecs: string[] | undefined;
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    const name = parameter.slice(0, equals).trim().toLowerCase();
    let value = parameter.slice(equals + 1).trim();
    if (equals < 0 || !TOKEN.test(name)) {
      return undefined;
    }
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    if (name === 'codecs' && codecs === undefined) {
      codecs = value.split(',').map((codec) => codec.trim());
    }
  }
  return { essence: `${mainType}/${subtype}`.toLowerCase(), codecs };
}

/** The codec identifier of a codec string: the lowercase part before the first ".". */
function codecIdentifier(codec: string): string {
  return (codec.split('.')[0] ?? '').toLowerCase();
}

function isContainer(essence: string): essence is RecordingContainer {
  return (RECORDING_CONTAINERS as readonly string[]).includes(essence);
}

function isRecordingCodec(identifier: string): identifier is RecordingCodec {
  return Object.hasOwn(RECORDING_CODECS, identifier);
}

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

/** The ffmpeg found now and its encoders; undefined when ffmpeg is missing. */
export function findEncoder(): { ffmpeg: string; encoders: ReadonlySet<string> } | undefined {
  const found = findFfmpeg();
  return found === undefined ? undefined : { ffmpeg: found.ffmpeg, encoders: ffmpegEncoders(found.ffmpeg) };
}

/** Whether the container can be recorded with its default codec by these encoders. */
function containerSupported(container: RecordingContainer, encoders: ReadonlySet<string>): boolean {
  const codec = container === 'audio/webm' ? DEFAULT_CODECS.audio : DEFAULT_CODECS.video;
  return encoders.has(RECORDING_CODECS[codec].encoder);
}

/**
 * https://w3c.github.io/mediacapture-record/#is-type-supported with `encoders` (empty when ffmpeg is
 * missing, so that only "" is supported).
 */
export function isTypeSupported(type: string, deferNewerCodecsCheck: boolean, encoders: ReadonlySet<string>): boolean {
  // 1.
  if (type === '') {
    return true;
  }
  // 2-3.
  const parsed = parseMimeType(type);
  if (parsed === undefined || !isContainer(parsed.essence) || !containerSupported(parsed.essence, encoders)) {
    return false;
  }
  // 4-6.
  const identifiers = (parsed.codecs ?? []).map(codecIdentifier);
  const kinds = identifiers.map((identifier) => SYNCHRONOUSLY_EXPOSED[identifier]);
  if (kinds.filter((kind) => kind === 'audio').length > 1 || kinds.filter((kind) => kind === 'video').length > 1) {
    return false;
  }
  // 7. An audio container holds no video codec.
  if (parsed.essence === 'audio/webm' && kinds.includes('video')) {
    return false;
  }
  for (const identifier of identifiers) {
    if (SYNCHRONOUSLY_EXPOSED[identifier] !== undefined) {
      if (!isRecordingCodec(identifier) || !encoders.has(RECORDING_CODECS[identifier].encoder)) {
        return false;
      }
    }
  }
  // 8.
  if (kinds.includes(undefined)) {
    return deferNewerCodecsCheck;
  }
  return true;
}

/** The container and codecs a recording uses, and its full MIME type. */
export interface RecordingFormat {
  readonly container: RecordingContainer;
  /** Present when a video track is recorded. */
  readonly videoCodec: RecordingCodec | undefined;
  /** Present when an audio track is recorded. */
  readonly audioCodec: RecordingCodec | undefined;
  /** E.g. `video/webm;codecs=vp8,opus`. */
  readonly mimeType: string;
}

/**
 * The format for recording the given kinds of tracks under the constrained MIME type (start(), steps
 * "constrain the configuration" and "if the User Agent cannot record the track"), or why there is none.
 */
export function negotiateFormat(
  constrainedMimeType: string,
  kinds: { readonly video: boolean; readonly audio: boolean },
  encoders: ReadonlySet<string>,
): RecordingFormat | { readonly reason: string } {
  const parsed =
    constrainedMimeType === ''
      ? { essence: kinds.video ? 'video/webm' : 'audio/webm', codecs: undefined }
      : parseMimeType(constrainedMimeType);
  if (parsed === undefined || !isContainer(parsed.essence)) {
    return { reason: `${constrainedMimeType} is not a type that can be recorded` };
  }
  const container = parsed.essence;
  if (container === 'audio/webm' && kinds.video) {
    return { reason: `${container} cannot record a video track` };
  }
  const chosen: { video?: RecordingCodec; audio?: RecordingCodec } = {};
  for (const codec of parsed.codecs ?? []) {
    const identifier = codecIdentifier(codec);
    if (!isRecordingCodec(identifier)) {
      return { reason: `the codec ${codec} cannot be recorded in ${container}` };
    }
    chosen[RECORDING_CODECS[identifier].kind] = identifier;
  }
  const videoCodec = kinds.video ? (chosen.video ?? DEFAULT_CODECS.video) : undefined;
  const audioCodec = kinds.audio ? (chosen.audio ?? DEFAULT_CODECS.audio) : undefined;
  for (const codec of [videoCodec, audioCodec]) {
    if (codec !== undefined && !encoders.has(RECORDING_CODECS[codec].encoder)) {
      return { reason: `this ffmpeg has no ${RECORDING_CODECS[codec].encoder} encoder for ${codec}` };
    }
  }
  const codecs = [videoCodec, audioCodec].filter((codec) => codec !== undefined).join(',');
  return { container, videoCodec, audioCodec, mimeType: `${container};codecs=${codecs}` };
}
