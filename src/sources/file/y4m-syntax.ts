/**
 * The YUV4MPEG2 grammar, for y4m.ts: the stream header line and its tagged fields, FRAME lines, and where
 * frames lie in a file whose bytes are at hand.
 *
 * @module
 */

import { i420Layout } from '../../media/i420.js';
import { MediaFileError } from './file-errors.js';
import type { Y4MInfo } from './y4m.js';

/** The magic string a Y4M file starts with. */
export const SIGNATURE = 'YUV4MPEG2';
/** The magic string each frame's line starts with. */
export const FRAME_MARKER = 'FRAME';
const NEWLINE = 0x0a;
const SPACE = 0x20;
/** Length of a frame line without parameters, "FRAME\n". */
export const PLAIN_FRAME_HEADER = 6;
/** Longest stream header line we accept; anything longer is not a Y4M file worth reading. */
export const MAX_STREAM_HEADER = 65536;
/** Longest FRAME line we accept. */
export const MAX_FRAME_HEADER = 4096;
/** Largest width or height: keeps a garbage header from asking for gigabytes per frame. */
const MAX_DIMENSION = 32768;
/** The chroma tags that mean 4:2:0 (they differ only in chroma siting, which packed I420 does not record). */
const CHROMA_420 = ['420', '420jpeg', '420paldv', '420mpeg2'] as const;

/** What the stream header line says (everything but the frame count, which the file size gives). */
export type StreamHeader = Omit<Y4MInfo, 'frameCount'>;

/** Where one frame lies in the file: its FRAME line, then its picture. */
export interface FrameLocation {
  readonly lineStart: number;
  readonly pictureStart: number;
}

/** Parses the stream header line at the start of `bytes`. */
export function parseStreamHeader(bytes: Uint8Array, path: string): StreamHeader {
  const signature = latin1Text(bytes.subarray(0, SIGNATURE.length));
  const separator = bytes[SIGNATURE.length];
  if (signature !== SIGNATURE || (separator !== SPACE && separator !== NEWLINE)) {
    throw new MediaFileError(path, `not a Y4M file (it does not start with ${SIGNATURE})`);
  }
  const end = bytes.subarray(0, MAX_STREAM_HEADER).indexOf(NEWLINE);
  if (end < 0) {
    throw new MediaFileError(path, 'the Y4M stream header has no end of line');
  }
  const fields = new Map<string, string>();
  for (const token of latin1Text(bytes.subarray(SIGNATURE.length, end)).split(' ')) {
    if (token.length > 0) {
      fields.set(token[0] as string, token.slice(1));
    }
  }
  const width = dimension(fields.get('W'), 'W (width)', path);
  const height = dimension(fields.get('H'), 'H (height)', path);
  const rate = fields.get('F');
  if (rate === undefined) {
    throw new MediaFileError(path, 'the Y4M stream header has no F (frame rate)');
  }
  const [frameRateNumerator, frameRateDenominator] = ratio(rate);
  if (!isPositiveInteger(frameRateNumerator) || !isPositiveInteger(frameRateDenominator)) {
    throw new MediaFileError(path, `frame rate F${rate} is not usable (expected F<num>:<den>, both positive)`);
  }
  const chroma = fields.get('C') ?? '420jpeg';
  if (!(CHROMA_420 as readonly string[]).includes(chroma)) {
    const accepted = CHROMA_420.map((tag) => `C${tag}`).join(', ');
    const reason = `unsupported chroma C${chroma} (only 4:2:0: ${accepted}; convert with ffmpeg -pix_fmt yuv420p)`;
    throw new MediaFileError(path, reason);
  }
  return {
    width,
    height,
    frameRate: frameRateNumerator / frameRateDenominator,
    frameRateNumerator,
    frameRateDenominator,
    chroma,
    interlace: fields.get('I') ?? '?',
    pixelAspect: fields.get('A') ?? '0:0',
    headerBytes: end + 1,
    frameBytes: i420Layout(width, height).byteLength,
  };
}

/**
 * The length, newline included, of the FRAME line at the start of `bytes`, or undefined when `bytes` ends
 * before the line does.
 */
export function frameHeaderLength(bytes: Uint8Array, frame: number, path: string): number | undefined {
  const marker = bytes.subarray(0, FRAME_MARKER.length + 1);
  if (!FRAME_MARKER.startsWith(latin1Text(marker.subarray(0, FRAME_MARKER.length)))) {
    throw new MediaFileError(path, `frame ${frame}: missing FRAME marker`);
  }
  if (marker.length <= FRAME_MARKER.length) {
    return undefined;
  }
  if (marker[FRAME_MARKER.length] !== NEWLINE && marker[FRAME_MARKER.length] !== SPACE) {
    throw new MediaFileError(path, `frame ${frame}: missing FRAME marker`);
  }
  const end = bytes.subarray(0, MAX_FRAME_HEADER).indexOf(NEWLINE);
  if (end < 0) {
    if (bytes.length >= MAX_FRAME_HEADER) {
      throw new MediaFileError(path, `frame ${frame}: FRAME line longer than ${MAX_FRAME_HEADER} bytes`);
    }
    return undefined;
  }
  return end + 1;
}

/** Frames in a file of `fileSize` bytes whose frame lines are all `lineLength` bytes long. */
export function countFixedFrames(stream: StreamHeader, lineLength: number, fileSize: number, path: string): number {
  const body = Math.max(0, fileSize - stream.headerBytes);
  const stride = lineLength + stream.frameBytes;
  const frameCount = Math.floor(body / stride);
  const rest = body % stride;
  if (rest > 0) {
    throw truncatedFrame(path, frameCount, stream.frameBytes, Math.max(0, rest - lineLength));
  }
  return frameCount;
}

/** Where every frame lies in a whole file held in memory. */
export function indexFramesInMemory(file: Uint8Array, stream: StreamHeader, path: string): FrameLocation[] {
  const index: FrameLocation[] = [];
  for (let offset = stream.headerBytes; offset < file.length; ) {
    const location = locateFrame(file.subarray(offset), offset, file.length, index.length, stream, path);
    index.push(location);
    offset = location.pictureStart + stream.frameBytes;
  }
  return index;
}

/** Checks the frame whose FRAME line starts `window` (at file offset `offset`) and says where it lies. */
export function locateFrame(
  window: Uint8Array,
  offset: number,
  fileSize: number,
  frame: number,
  stream: StreamHeader,
  path: string,
): FrameLocation {
  const line = frameHeaderLength(window, frame, path);
  if (line === undefined) {
    throw truncatedFrame(path, frame, stream.frameBytes, 0);
  }
  const available = fileSize - offset - line;
  if (available < stream.frameBytes) {
    throw truncatedFrame(path, frame, stream.frameBytes, available);
  }
  return { lineStart: offset, pictureStart: offset + line };
}

/** The info of a file with `frameCount` frames; MediaFileError when there are none. */
export function withFrameCount(stream: StreamHeader, frameCount: number, path: string): Y4MInfo {
  if (frameCount === 0) {
    throw new MediaFileError(path, 'the Y4M file has no frames');
  }
  return { ...stream, frameCount };
}

/** The error for frame `frame` (0-based) having `got` of its `expected` picture bytes. */
export function truncatedFrame(path: string, frame: number, expected: number, got: number): MediaFileError {
  return new MediaFileError(path, `truncated frame ${frame} (expected ${expected} bytes, got ${got})`);
}

function dimension(value: string | undefined, field: string, path: string): number {
  if (value === undefined) {
    throw new MediaFileError(path, `the Y4M stream header has no ${field}`);
  }
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!isPositiveInteger(number) || number > MAX_DIMENSION) {
    throw new MediaFileError(path, `${field} ${value} is not a usable size (1 to ${MAX_DIMENSION})`);
  }
  return number;
}

function ratio(text: string): [number, number] {
  const match = /^(\d+):(\d+)$/.exec(text);
  return match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
}

/** Whether `value` is a safe integer above 0. */
export function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** The bytes of an ASCII string. */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

function latin1Text(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
