/**
 * What MediaRecorder can record: parsing a MIME type, the spec's "is type supported" algorithm answered
 * from the encoders the ffmpeg on this machine lists, and negotiating the full type (container and codecs)
 * for a set of tracks when recording starts.
 *
 * @see https://w3c.github.io/mediacapture-record/#dom-mediarecorder-istypesupported
 * @module
 */

import { extname } from 'node:path';

/** The containers recorded now, by their MIME type/subtype. */
export const RECORDING_CONTAINERS = ['video/webm', 'audio/webm', 'audio/ogg', 'video/mp4', 'audio/mp4', 'video/x-matroska'] as const;

/** A container's MIME type/subtype. */
export type RecordingContainer = (typeof RECORDING_CONTAINERS)[number];

/** The containers a recording file's extension names: with a video track, and for audio alone. */
export interface RecordingFileType {
  /** The container of a recording with video; undefined for an extension of audio files. */
  readonly video: RecordingContainer | undefined;
  /** The container of a recording of audio alone. */
  readonly audio: RecordingContainer;
}

/** The one table of recording file extensions (lowercase, with the dot) and the containers they name. */
export const RECORDING_FILE_TYPES: Readonly<Record<string, RecordingFileType>> = Object.freeze({
  '.webm': { video: 'video/webm', audio: 'audio/webm' },
  '.weba': { video: undefined, audio: 'audio/webm' },
  '.mkv': { video: 'video/x-matroska', audio: 'video/x-matroska' },
  '.mka': { video: undefined, audio: 'video/x-matroska' },
  '.mp4': { video: 'video/mp4', audio: 'audio/mp4' },
  '.m4v': { video: 'video/mp4', audio: 'audio/mp4' },
  '.m4a': { video: undefined, audio: 'audio/mp4' },
  '.ogg': { video: undefined, audio: 'audio/ogg' },
  '.oga': { video: undefined, audio: 'audio/ogg' },
  '.opus': { video: undefined, audio: 'audio/ogg' },
});

/** The recording file extensions, in the table's order. */
export const RECORDING_FILE_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(RECORDING_FILE_TYPES));

/** The file type of a path's extension (case-insensitive), or undefined when it names no recording container. */
export function recordingFileType(path: string): RecordingFileType | undefined {
  const extension = extname(path).toLowerCase();
  return Object.hasOwn(RECORDING_FILE_TYPES, extension) ? RECORDING_FILE_TYPES[extension] : undefined;
}

/** The codecs recorded now and the ffmpeg encoder each needs. */
export const RECORDING_CODECS = {
  vp8: { kind: 'video', encoder: 'libvpx' },
  vp9: { kind: 'video', encoder: 'libvpx-vp9' },
  h264: { kind: 'video', encoder: 'libx264' },
  opus: { kind: 'audio', encoder: 'libopus' },
  aac: { kind: 'audio', encoder: 'aac' },
} as const;

/** A codec recorded now. */
export type RecordingCodec = keyof typeof RECORDING_CODECS;

/** What each container holds: its codecs by kind, the first being the default (x-matroska: see below). */
const CONTAINER_CODECS: Readonly<Record<RecordingContainer, { readonly video: readonly RecordingCodec[]; readonly audio: readonly RecordingCodec[] }>> = {
  'video/webm': { video: ['vp8', 'vp9'], audio: ['opus'] },
  'audio/webm': { video: [], audio: ['opus'] },
  'audio/ogg': { video: [], audio: ['opus'] },
  'video/mp4': { video: ['h264'], audio: ['aac'] },
  'audio/mp4': { video: [], audio: ['aac'] },
  'video/x-matroska': { video: ['h264', 'vp8', 'vp9'], audio: ['opus', 'aac'] },
};

/**
 * The codec strings of a codecs parameter this recorder understands (lowercase), and the codec each means.
 * AAC is AAC-LC only (the `aac` encoder); avc1 with a profile is accepted, the recording says what it is.
 */
function codecOf(codec: string): RecordingCodec | undefined {
  const lower = codec.toLowerCase();
  const identifier = codecIdentifier(lower);
  if (identifier === 'vp8' || identifier === 'vp9' || identifier === 'opus' || identifier === 'aac') {
    return identifier === lower ? identifier : undefined;
  }
  if (identifier === 'avc1' || lower === 'h264') {
    return 'h264';
  }
  return lower === 'mp4a' || lower === 'mp4a.40.2' ? 'aac' : undefined;
}

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

/** The kind of a codec identifier: the synchronously exposed ones and the AAC ones recorded here. */
function kindOf(identifier: string): 'audio' | 'video' | undefined {
  return identifier === 'mp4a' || identifier === 'aac' ? 'audio' : SYNCHRONOUSLY_EXPOSED[identifier];
}

/**
 * The default codecs of a container with these encoders. WebM: VP8 and Opus, like Chromium. MP4: H.264 and
 * AAC. Matroska: Chromium picks its preferred video encoder (H.264 when it has a hardware H.264 encoder, VP8
 * otherwise); here H.264 when libx264 is there, else VP8; audio Opus.
 */
function defaultCodecs(container: RecordingContainer, encoders: ReadonlySet<string>): { video: RecordingCodec | undefined; audio: RecordingCodec | undefined } {
  const { video, audio } = CONTAINER_CODECS[container];
  const usable = video.filter((codec) => encoders.has(RECORDING_CODECS[codec].encoder));
  return { video: container === 'video/x-matroska' ? (usable[0] ?? video[0]) : video[0], audio: audio[0] };
}

/** The string naming a codec in a container's full MIME type (MP4's H.264: profile and level, RFC 6381). */
function codecString(codec: RecordingCodec, container: RecordingContainer, h264Level: number | undefined): string {
  if (codec === 'h264') {
    return container === 'video/mp4' && h264Level !== undefined ? `avc1.42c0${h264Level.toString(16).padStart(2, '0')}` : 'avc1';
  }
  return codec === 'aac' ? 'mp4a.40.2' : codec;
}

/** H.264 levels (level_idc) with their maximum frame size and macroblock rate (ITU-T H.264 table A-1). */
const H264_LEVELS: readonly (readonly [number, number, number])[] = [
  [10, 99, 1485], [11, 396, 3000], [12, 396, 6000], [13, 396, 11880], [20, 396, 11880], [21, 792, 19800],
  [22, 1620, 20250], [30, 1620, 40500], [31, 3600, 108000], [32, 5120, 216000], [40, 8192, 245760],
  [42, 8704, 522240], [50, 22080, 589824], [51, 36864, 983040], [52, 36864, 2073600],
];

/** The lowest H.264 level (level_idc) for a size and frame rate. */
export function h264Level(width: number, height: number, frameRate: number): number {
  const macroblocks = Math.ceil(width / 16) * Math.ceil(height / 16);
  const level = H264_LEVELS.find(([, frame, rate]) => macroblocks <= frame && macroblocks * frameRate <= rate);
  return level?.[0] ?? 52;
}

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

export function isContainer(essence: string): essence is RecordingContainer {
  return (RECORDING_CONTAINERS as readonly string[]).includes(essence);
}

/** Whether the container can be recorded with its default codec of its main kind by these encoders. */
function containerSupported(container: RecordingContainer, encoders: ReadonlySet<string>): boolean {
  const defaults = defaultCodecs(container, encoders);
  const codec = defaults.video ?? defaults.audio;
  return codec !== undefined && encoders.has(RECORDING_CODECS[codec].encoder);
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
  const container = parsed.essence;
  // 4-6.
  const codecs = parsed.codecs ?? [];
  const kinds = codecs.map((codec) => kindOf(codecIdentifier(codec)));
  if (kinds.filter((kind) => kind === 'audio').length > 1 || kinds.filter((kind) => kind === 'video').length > 1) {
    return false;
  }
  // 7. A codec of a known kind is supported when this container holds it and its encoder is there.
  for (const [index, codec] of codecs.entries()) {
    const kind = kinds[index];
    if (kind !== undefined) {
      const recorded = codecOf(codec);
      if (recorded === undefined || !CONTAINER_CODECS[container][kind].includes(recorded) || !encoders.has(RECORDING_CODECS[recorded].encoder)) {
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
  /** The H.264 level (level_idc) encoded, when the video is H.264. */
  readonly h264Level: number | undefined;
  /** E.g. `video/webm;codecs=vp8,opus`, `video/mp4;codecs=avc1.42c01e,mp4a.40.2`. */
  readonly mimeType: string;
}

/** The video recorded: its size and frame rate (for the H.264 level). */
export interface RecordedVideo {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
}

/**
 * The format for recording the given tracks (video: its size; audio: whether there is one) under the
 * constrained MIME type (start(), steps "constrain the configuration" and "if the User Agent cannot record
 * the track"), or why there is none.
 */
export function negotiateFormat(
  constrainedMimeType: string,
  tracks: { readonly video: RecordedVideo | undefined; readonly audio: boolean },
  encoders: ReadonlySet<string>,
): RecordingFormat | { readonly reason: string } {
  const parsed =
    constrainedMimeType === ''
      ? { essence: tracks.video !== undefined ? 'video/webm' : 'audio/webm', codecs: undefined }
      : parseMimeType(constrainedMimeType);
  if (parsed === undefined || !isContainer(parsed.essence)) {
    return { reason: `${constrainedMimeType} is not a type that can be recorded` };
  }
  const container = parsed.essence;
  const holds = CONTAINER_CODECS[container];
  if (holds.video.length === 0 && tracks.video !== undefined) {
    return { reason: `${container} cannot record a video track` };
  }
  const chosen: { video?: RecordingCodec; audio?: RecordingCodec } = {};
  for (const codec of parsed.codecs ?? []) {
    const recorded = codecOf(codec);
    if (recorded === undefined || !holds[RECORDING_CODECS[recorded].kind].includes(recorded)) {
      return { reason: `the codec ${codec} cannot be recorded in ${container}` };
    }
    chosen[RECORDING_CODECS[recorded].kind] = recorded;
  }
  const defaults = defaultCodecs(container, encoders);
  const videoCodec = tracks.video !== undefined ? (chosen.video ?? defaults.video) : undefined;
  const audioCodec = tracks.audio ? (chosen.audio ?? defaults.audio) : undefined;
  for (const codec of [videoCodec, audioCodec]) {
    if (codec !== undefined && !encoders.has(RECORDING_CODECS[codec].encoder)) {
      return { reason: `this ffmpeg has no ${RECORDING_CODECS[codec].encoder} encoder for ${codec}` };
    }
  }
  const { video } = tracks;
  const level = videoCodec === 'h264' && video !== undefined ? h264Level(video.width, video.height, video.frameRate) : undefined;
  const codecs = [videoCodec, audioCodec]
    .filter((codec) => codec !== undefined)
    .map((codec) => codecString(codec, container, level))
    .join(',');
  return { container, videoCodec, audioCodec, h264Level: level, mimeType: `${container};codecs=${codecs}` };
}
