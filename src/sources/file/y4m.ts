/**
 * YUV4MPEG2 (.y4m) files as a fake camera, as Chromium's `--use-file-for-fake-video-capture` reads them:
 * 4:2:0 only, the frame rate from the header, looping at the end of the file.
 *
 * A file is a stream header line (`YUV4MPEG2` and space-separated tagged fields: `W` width, `H` height,
 * `F` rate as `num:den`, `I` interlacing, `A` pixel aspect, `C` chroma subsampling, `X` extensions), then
 * frames, each a `FRAME` line (optionally with its own tagged fields) and the planar Y, Cb, Cr bytes, which
 * for 4:2:0 are exactly our packed I420 layout (`src/media/i420.ts`).
 *
 * @module
 */

import { open, type FileHandle } from 'node:fs/promises';
import { i420Layout } from '../../media/i420.js';
import { fileSystemError, MediaFileError } from './file-errors.js';
import {
  countFixedFrames,
  FRAME_MARKER,
  frameHeaderLength,
  indexFramesInMemory,
  isPositiveInteger,
  latin1,
  locateFrame,
  MAX_FRAME_HEADER,
  MAX_STREAM_HEADER,
  parseStreamHeader,
  PLAIN_FRAME_HEADER,
  SIGNATURE,
  truncatedFrame,
  withFrameCount,
  type FrameLocation,
  type StreamHeader,
} from './y4m-syntax.js';

/** What a Y4M file holds. */
export interface Y4MInfo {
  width: number;
  height: number;
  /** Frames per second: frameRateNumerator / frameRateDenominator. */
  frameRate: number;
  frameRateNumerator: number;
  frameRateDenominator: number;
  /** The `C` field without its letter (`"420jpeg"`, `"420mpeg2"`, …); `"420jpeg"`, the format's default, when absent. */
  chroma: string;
  /** The `I` field without its letter (`p`, `t`, `b`, `m`); `"?"` (unknown) when absent. */
  interlace: string;
  /** The `A` field without its letter (`"1:1"`); `"0:0"` (unknown) when absent. */
  pixelAspect: string;
  /** Whole frames in the file. */
  frameCount: number;
  /** Bytes of the stream header, its newline included: where the first frame's `FRAME` line starts. */
  headerBytes: number;
  /** Bytes of one frame's picture (packed I420), without its `FRAME` line. */
  frameBytes: number;
}

/**
 * Parses a Y4M file header and checks the file: 4:2:0 only (C420, C420jpeg, C420paldv, C420mpeg2, or no C
 * tag), frame size from the header, frame count from the file size (a truncated last frame is an error
 * naming the frame, 0-based), every FRAME marker present.
 *
 * `header` holds at least the stream header line. When it holds the whole file (`header.length >=
 * fileSize`) every frame line is checked, parameters allowed. When it is a prefix, the count assumes each
 * frame line is as long as the first one in the prefix (plain `"FRAME\n"` if the prefix ends before it);
 * {@link Y4MReader.open} checks the real file.
 *
 * @throws MediaFileError for anything but a usable 4:2:0 Y4M file with at least one frame.
 */
export function parseY4MHeader(header: Uint8Array, fileSize: number, path: string): Y4MInfo {
  const stream = parseStreamHeader(header, path);
  let frameCount: number;
  if (header.length >= fileSize) {
    frameCount = indexFramesInMemory(header.subarray(0, fileSize), stream, path).length;
  } else {
    const firstLine = frameHeaderLength(header.subarray(stream.headerBytes), 0, path) ?? PLAIN_FRAME_HEADER;
    frameCount = countFixedFrames(stream, firstLine, fileSize, path);
  }
  return withFrameCount(stream, frameCount, path);
}

/**
 * Random-access reader over an open Y4M file: `readFrame(i)` returns the packed I420 bytes of frame `i`
 * (0-based), read with a file handle and checked for its FRAME marker; `i >= frameCount` wraps around, so
 * a source loops by counting up. Files whose frame lines carry parameters are indexed at open (one small
 * read per frame); plain files need no index. `close()` releases the handle.
 */
export class Y4MReader {
  /** What the file holds. */
  readonly info: Y4MInfo;
  readonly #path: string;
  readonly #handle: FileHandle;
  /** Where each frame lies, or undefined when every FRAME line is the plain "FRAME\n" (offsets computed). */
  readonly #index: readonly FrameLocation[] | undefined;
  #closed = false;

  private constructor(path: string, handle: FileHandle, info: Y4MInfo, index: readonly FrameLocation[] | undefined) {
    this.#path = path;
    this.#handle = handle;
    this.info = info;
    this.#index = index;
  }

  /**
   * Opens `path` and checks it (header, frame size, truncation, the first and last FRAME markers; the
   * others are checked as frames are read).
   *
   * @throws MediaFileError when the file is missing, unreadable or not a usable 4:2:0 Y4M file.
   */
  static async open(path: string): Promise<Y4MReader> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw fileSystemError(path, error);
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) {
        throw new MediaFileError(path, 'is not a regular file');
      }
      const fileSize = stats.size;
      const prefix = await readAt(handle, 0, Math.min(fileSize, MAX_STREAM_HEADER + MAX_FRAME_HEADER));
      const stream = parseStreamHeader(prefix, path);
      const firstLine = frameHeaderLength(prefix.subarray(stream.headerBytes), 0, path);
      const stride = PLAIN_FRAME_HEADER + stream.frameBytes;
      if (firstLine === PLAIN_FRAME_HEADER && (fileSize - stream.headerBytes) % stride === 0) {
        const info = withFrameCount(stream, (fileSize - stream.headerBytes) / stride, path);
        const last = await readAt(handle, stream.headerBytes + (info.frameCount - 1) * stride, PLAIN_FRAME_HEADER);
        if (frameHeaderLength(last, info.frameCount - 1, path) !== PLAIN_FRAME_HEADER) {
          throw new MediaFileError(path, `frame ${info.frameCount - 1}: missing FRAME marker`);
        }
        return new Y4MReader(path, handle, info, undefined);
      }
      // Frame lines with parameters (or a truncated file): walk the frames to find each one.
      const index = await indexFramesInFile(handle, stream, fileSize, path);
      return new Y4MReader(path, handle, withFrameCount(stream, index.length, path), index);
    } catch (error) {
      await handle.close();
      throw fileSystemError(path, error);
    }
  }

  /**
   * The packed I420 picture of frame `index` (0-based), a new buffer of `info.frameBytes` bytes. Indexes
   * past the end wrap around (`index % frameCount`), so looping playback just counts up.
   *
   * @throws RangeError when `index` is not a non-negative integer.
   * @throws MediaFileError when the frame is damaged, the file shrank, or the reader is closed.
   */
  async readFrame(index: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new RangeError(`Y4MReader.readFrame: ${index} is not a frame index`);
    }
    if (this.#closed) {
      throw new MediaFileError(this.#path, 'the reader is closed');
    }
    const { frameCount, headerBytes, frameBytes } = this.info;
    const frame = index % frameCount;
    const plainStart = headerBytes + frame * (PLAIN_FRAME_HEADER + frameBytes);
    const location = this.#index?.[frame] ?? { lineStart: plainStart, pictureStart: plainStart + PLAIN_FRAME_HEADER };
    const { lineStart: start, pictureStart } = location;
    const line = new Uint8Array(pictureStart - start);
    const picture = new Uint8Array(frameBytes);
    let pictureBytes = 0;
    try {
      if ((await readInto(this.#handle, line, start)) === line.length) {
        pictureBytes = await readInto(this.#handle, picture, pictureStart);
      }
    } catch (error) {
      throw fileSystemError(this.#path, error);
    }
    if (frameHeaderLength(line, frame, this.#path) !== line.length) {
      throw new MediaFileError(this.#path, `frame ${frame}: missing FRAME marker`);
    }
    if (pictureBytes < frameBytes) {
      throw truncatedFrame(this.#path, frame, frameBytes, pictureBytes);
    }
    return picture;
  }

  /** Releases the file handle; reads after this fail. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    await this.#handle.close();
  }
}

/**
 * Writes a Y4M file (for fixtures and tests): a `YUV4MPEG2 W… H… F… Ip A1:1 C420jpeg` header and each frame
 * as a plain `FRAME` line followed by its packed I420 bytes.
 *
 * @throws RangeError when the size or rate is not a positive integer or a frame has the wrong length.
 */
export function encodeY4M(
  width: number,
  height: number,
  frameRateNumerator: number,
  frameRateDenominator: number,
  frames: readonly Uint8Array[],
): Uint8Array {
  const layout = i420Layout(width, height);
  if (!isPositiveInteger(frameRateNumerator) || !isPositiveInteger(frameRateDenominator)) {
    throw new RangeError(`encodeY4M: ${frameRateNumerator}:${frameRateDenominator} is not a frame rate`);
  }
  const rate = `${frameRateNumerator}:${frameRateDenominator}`;
  const header = latin1(`${SIGNATURE} W${width} H${height} F${rate} Ip A1:1 C420jpeg\n`);
  const marker = latin1(`${FRAME_MARKER}\n`);
  const output = new Uint8Array(header.length + frames.length * (marker.length + layout.byteLength));
  output.set(header, 0);
  let offset = header.length;
  frames.forEach((frame, index) => {
    if (frame.length !== layout.byteLength) {
      const expected = `a ${width}x${height} I420 frame has ${layout.byteLength}`;
      throw new RangeError(`encodeY4M: frame ${index} has ${frame.length} bytes, ${expected}`);
    }
    output.set(marker, offset);
    output.set(frame, offset + marker.length);
    offset += marker.length + layout.byteLength;
  });
  return output;
}

/** Where every frame of an open file lies, read one FRAME line at a time. */
async function indexFramesInFile(
  handle: FileHandle,
  stream: StreamHeader,
  fileSize: number,
  path: string,
): Promise<FrameLocation[]> {
  const index: FrameLocation[] = [];
  for (let offset = stream.headerBytes; offset < fileSize; ) {
    const window = await readAt(handle, offset, Math.min(MAX_FRAME_HEADER, fileSize - offset));
    const location = locateFrame(window, offset, fileSize, index.length, stream, path);
    index.push(location);
    offset = location.pictureStart + stream.frameBytes;
  }
  return index;
}

/** Up to `length` bytes at `position` (fewer only at the end of the file). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  return buffer.subarray(0, await readInto(handle, buffer, position));
}

/** Fills `buffer` from `position` on, stopping early only at the end of the file; returns the bytes read. */
async function readInto(handle: FileHandle, buffer: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) {
      break;
    }
    filled += bytesRead;
  }
  return filled;
}
