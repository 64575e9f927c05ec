/**
 * Y4M files as a fake camera: the frames of the file in order at the header's frame rate, looping at the
 * end, bit for bit (a 4:2:0 Y4M picture is packed I420 already).
 *
 * Small files (under {@link Y4M_MEMORY_LIMIT_BYTES}) are read whole before capture starts and their frames
 * are views into that buffer: no read can be late, so playback on a VirtualClock is deterministic and
 * costs no copy. Larger files are streamed with a {@link Y4MReader}: each run opens the file and keeps
 * {@link Y4M_READ_AHEAD} frames read ahead of the ticks; a frame that cannot be read (the file was
 * truncated or replaced while playing) ends the source.
 *
 * @module
 */

import { readFile } from 'node:fs/promises';
import type { ProducerFactory } from '../capture-source.js';
import { fileSystemError, MediaFileError } from './file-errors.js';
import { HeldFailure, type SupplyListener } from './paced-run.js';
import { pacedVideoProducer, type PictureSupply } from './paced-video-producer.js';
import { Y4MReader, type Y4MInfo } from './y4m.js';
import { indexFramesInMemory, parseStreamHeader, withFrameCount, type FrameLocation } from './y4m-syntax.js';

/** Files smaller than this are played from memory; larger ones are streamed. */
export const Y4M_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

/** Frames a streamed file keeps read ahead. */
export const Y4M_READ_AHEAD = 3;

/** A Y4M file ready to play: whole in memory, or checked and streamed from disk. */
export interface Y4MMedia {
  readonly path: string;
  readonly info: Y4MInfo;
  /** The whole file and where each frame's picture starts; undefined when the file is streamed. */
  readonly memory: { readonly bytes: Uint8Array; readonly pictureStarts: readonly number[] } | undefined;
}

/**
 * Opens a Y4M file for playback: read whole and indexed when smaller than `memoryLimitBytes`, else opened
 * once to check it (header, size, first and last frames) and streamed when played.
 *
 * @throws MediaFileError for a missing, unreadable, malformed or truncated file.
 */
export async function loadY4M(path: string, size: number, memoryLimitBytes = Y4M_MEMORY_LIMIT_BYTES): Promise<Y4MMedia> {
  if (size < memoryLimitBytes) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw fileSystemError(path, error);
    }
    const stream = parseStreamHeader(bytes, path);
    const frames: FrameLocation[] = indexFramesInMemory(bytes, stream, path);
    const info = withFrameCount(stream, frames.length, path);
    return { path, info, memory: { bytes, pictureStarts: frames.map((frame) => frame.pictureStart) } };
  }
  const reader = await Y4MReader.open(path);
  const info = reader.info;
  await reader.close();
  return { path, info, memory: undefined };
}

/** Makes producers playing `media` in a loop. */
export function y4mProducer(media: Y4MMedia): ProducerFactory {
  const { width, height, frameRate } = media.info;
  const memory = media.memory;
  if (memory !== undefined) {
    return pacedVideoProducer({ width, height, frameRate }, () => new MemoryPictures(memory.bytes, memory.pictureStarts, media.info.frameBytes));
  }
  return pacedVideoProducer({ width, height, frameRate }, (listener) => new StreamedPictures(media, listener));
}

/** The frames of a file held in memory, as views (never copied, never late). */
class MemoryPictures implements PictureSupply {
  readonly #bytes: Uint8Array;
  readonly #starts: readonly number[];
  readonly #frameBytes: number;
  #next = 0;

  constructor(bytes: Uint8Array, starts: readonly number[], frameBytes: number) {
    this.#bytes = bytes;
    this.#starts = starts;
    this.#frameBytes = frameBytes;
  }

  take(): Uint8Array {
    const start = this.#starts[this.#next] as number;
    this.#next = (this.#next + 1) % this.#starts.length;
    return this.#bytes.subarray(start, start + this.#frameBytes);
  }

  close(): void {}
}

/** The frames of a file read from disk a few ahead of the ticks. */
class StreamedPictures implements PictureSupply {
  readonly #media: Y4MMedia;
  readonly #listener: SupplyListener;
  readonly #ready: Uint8Array[] = [];
  readonly #failure: HeldFailure;
  #reader: Y4MReader | undefined;
  /** The index of the next frame to read; the reader wraps it around the file. */
  #next = 0;
  #reading = false;
  #closed = false;

  constructor(media: Y4MMedia, listener: SupplyListener) {
    this.#media = media;
    this.#listener = listener;
    this.#failure = new HeldFailure(listener, () => this.#ready.length === 0);
    Y4MReader.open(media.path).then(
      (reader) => this.#opened(reader),
      (error: unknown) => this.#fail(error),
    );
  }

  take(): Uint8Array | undefined {
    const picture = this.#ready.shift();
    if (picture === undefined) {
      this.#failure.foundNothing();
    }
    this.#readAhead();
    return picture;
  }

  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#ready.length = 0;
    this.#release();
  }

  /** Closes the file unless a read is under way (that read closes it when it ends). */
  #release(): void {
    if (!this.#reading) {
      void this.#reader?.close();
    }
    this.#reader = undefined;
  }

  #opened(reader: Y4MReader): void {
    if (this.#closed) {
      void reader.close();
      return;
    }
    const { width, height, frameRate } = this.#media.info;
    if (reader.info.width !== width || reader.info.height !== height || reader.info.frameRate !== frameRate) {
      void reader.close();
      this.#fail(new MediaFileError(this.#media.path, 'the file changed while it was in use (new size or frame rate)'));
      return;
    }
    this.#reader = reader;
    this.#readAhead();
  }

  #readAhead(): void {
    const reader = this.#reader;
    if (this.#closed || this.#reading || reader === undefined || this.#ready.length >= Y4M_READ_AHEAD) {
      return;
    }
    this.#reading = true;
    reader.readFrame(this.#next).then(
      (picture) => {
        this.#reading = false;
        if (this.#closed) {
          void reader.close();
          return;
        }
        this.#next++;
        this.#ready.push(picture);
        this.#listener.ready();
        this.#readAhead();
      },
      (error: unknown) => {
        this.#reading = false;
        if (this.#closed) {
          void reader.close();
          return;
        }
        // The pictures read before the damaged one still play; the source ends at its slot.
        this.#release();
        this.#fail(error);
      },
    );
  }

  #fail(error: unknown): void {
    if (this.#closed) {
      return;
    }
    const failure = fileSystemError(this.#media.path, error);
    this.#failure.fail(failure instanceof Error ? failure : new MediaFileError(this.#media.path, String(failure)));
  }
}
