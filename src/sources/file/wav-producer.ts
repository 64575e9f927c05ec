/**
 * WAV files as a fake microphone, as Chromium's `--use-file-for-fake-audio-capture` plays them: the
 * file's samples (converted to f32 by readWavFile) at its own rate and channel count, looping, or ending
 * the source after the last sample when the file does not loop (Chromium's `%noloop` suffix).
 *
 * The file is read whole before capture starts (microphone files are small), so no tick is ever late
 * and playback on a VirtualClock is deterministic; chunks are views into the decoded planes except where
 * a chunk wraps around the end of the file.
 *
 * @module
 */

import type { ProducerFactory } from '../capture-source.js';
import { pacedAudioProducer, type SampleRead, type SampleSupply } from './paced-audio-producer.js';
import { readWavFile, type WavInfo } from './wav.js';

/** A WAV file decoded into memory, ready to play. */
export interface WavMedia {
  readonly path: string;
  readonly info: WavInfo;
  /** f32 samples in [-1, 1], one plane per channel. */
  readonly planes: readonly Float32Array[];
  /** Whether playback starts over at the end; otherwise the source ends there. */
  readonly loop: boolean;
}

/**
 * Reads and decodes a WAV file for playback.
 *
 * @throws MediaFileError for a missing, unreadable or unusable file.
 */
export async function loadWav(path: string, loop: boolean): Promise<WavMedia> {
  const { info, planes } = await readWavFile(path);
  return { path, info, planes, loop };
}

/** Makes producers playing `media`. */
export function wavProducer(media: WavMedia): ProducerFactory {
  const format = { sampleRate: media.info.sampleRate, channels: media.info.channels };
  return pacedAudioProducer(format, () => new MemorySamples(media.planes, media.loop));
}

/** The samples of a file held in memory. */
export class MemorySamples implements SampleSupply {
  readonly #planes: readonly Float32Array[];
  readonly #loop: boolean;
  readonly #length: number;
  #position = 0;

  /** Samples of `planes` (equal lengths, at least one frame) from the start, looping when `loop`. */
  constructor(planes: readonly Float32Array[], loop: boolean) {
    this.#planes = planes;
    this.#loop = loop;
    this.#length = planes[0]?.length ?? 0;
  }

  read(frames: number): SampleRead {
    const length = this.#length;
    const start = this.#position;
    if (!this.#loop) {
      const count = Math.min(frames, length - start);
      this.#position = start + count;
      const planes = this.#planes.map((plane) => plane.subarray(start, start + count));
      return { planes, frames: count, last: this.#position === length };
    }
    if (start + frames <= length) {
      this.#position = (start + frames) % length;
      return { planes: this.#planes.map((plane) => plane.subarray(start, start + frames)), frames, last: false };
    }
    // The chunk wraps around the end of the file (possibly more than once for a very short file).
    const planes = this.#planes.map((plane) => {
      const chunk = new Float32Array(frames);
      for (let filled = 0, at = start; filled < frames; ) {
        const count = Math.min(frames - filled, length - at);
        chunk.set(plane.subarray(at, at + count), filled);
        filled += count;
        at = (at + count) % length;
      }
      return chunk;
    });
    this.#position = (start + frames) % length;
    return { planes, frames, last: false };
  }

  close(): void {}
}
