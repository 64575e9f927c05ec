/**
 * The producer of a file camera: pictures read from a file (or decoded by ffmpeg) are emitted as packed
 * I420 frames at the file's frame rate, paced and timestamped by the source clock exactly like the fake
 * camera (frame n at startUs + n × period).
 *
 * Reading is asynchronous while ticks are not: a {@link PictureSupply} keeps the next pictures ready
 * (read ahead after each one is taken), so a tick never waits. When a tick finds no picture ready (the
 * file is still being opened, ffmpeg is slower than real time), its slot is owed: the picture that
 * arrives next is emitted at once with that slot's timestamp, and a later tick replaces an owed slot
 * that is still unpaid (the older one is dropped, as a late camera frame would be).
 *
 * @module
 */

import { ON_TIME } from '../../media/clock.js';
import { i420Layout } from '../../media/i420.js';
import { videoFrameInternals, type VideoFrameData } from '../../media/video-frame.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../capture-source.js';
import { PacedRun, type SupplyListener } from './paced-run.js';

/** The size and rate a file camera plays at: the file's own. */
export interface VideoFileFormat {
  readonly width: number;
  readonly height: number;
  /** Frames per second. */
  readonly frameRate: number;
}

/** Pictures of a file in play order (looping), read ahead of the ticks that take them. */
export interface PictureSupply {
  /** The next picture (packed I420 at the file's size), or undefined when it is not read yet. */
  take(): Uint8Array | undefined;
  /** Stops reading and releases the file or child process. */
  close(): void;
}

/** Opens a supply that reports to `listener`. */
export type PictureSupplyFactory = (listener: SupplyListener) => PictureSupply;

/** Makes producers emitting the pictures of `openSupply` at `format`'s size and rate. */
export function pacedVideoProducer(format: VideoFileFormat, openSupply: PictureSupplyFactory): ProducerFactory {
  return (context) => new PacedVideoProducer(context, format, openSupply);
}

class PacedVideoProducer implements MediaProducer {
  readonly #context: ProducerContext;
  readonly #format: VideoFileFormat;
  readonly #openSupply: PictureSupplyFactory;
  readonly #planes: VideoFrameData['layout'];
  #run: PacedRun<PictureSupply> | undefined;

  constructor(context: ProducerContext, format: VideoFileFormat, openSupply: PictureSupplyFactory) {
    this.#context = context;
    this.#format = format;
    this.#openSupply = openSupply;
    const layout = i420Layout(format.width, format.height);
    this.#planes = [
      { offset: layout.yOffset, stride: layout.width },
      { offset: layout.uOffset, stride: layout.chromaWidth },
      { offset: layout.vOffset, stride: layout.chromaWidth },
    ];
  }

  /** Starts at the file's own mode; the source's native mode is always that one. */
  start(): void {
    this.stop();
    const clock = this.#context.clock;
    const startUs = clock.nowUs();
    const { frameRate } = this.#format;
    // Slot times from the slot number, not by accumulation, so they are exact (as the fake camera's).
    const slotTimeUs = (slot: number): number => startUs + (slot * 1e6) / frameRate;
    const emit = (picture: Uint8Array, slot: number): void => {
      const { width, height } = this.#format;
      const frame = videoFrameInternals.create(
        { format: 'I420', codedWidth: width, codedHeight: height, bytes: picture, layout: this.#planes },
        { timestamp: Math.round(slotTimeUs(slot)), duration: null },
      );
      this.#context.emit(frame);
    };
    /** The latest slot whose tick found no picture ready. */
    let owedSlot: number | undefined;
    const run = new PacedRun(this.#context, this.#openSupply, () => {
      const slot = owedSlot;
      if (!run.active || slot === undefined) {
        return;
      }
      const picture = run.supply.take();
      if (picture !== undefined) {
        owedSlot = undefined;
        emit(picture, slot);
      }
    });
    this.#run = run;
    let slot = 0;
    const tick = (): void => {
      const picture = run.supply.take();
      if (picture === undefined) {
        owedSlot = slot;
      } else {
        owedSlot = undefined;
        emit(picture, slot);
      }
      // Emitting may have stopped the producer.
      if (!run.active) {
        return;
      }
      // A tick that runs late skips the slots already past rather than bunching frames.
      const latestSlot = Math.floor(((clock.nowUs() - startUs) * frameRate) / 1e6);
      slot = Math.max(slot + 1, latestSlot);
      run.cancel = clock.schedule(slotTimeUs(slot), tick, ON_TIME);
    };
    run.cancel = clock.schedule(startUs, tick, ON_TIME);
  }

  stop(): void {
    const run = this.#run;
    this.#run = undefined;
    run?.end();
  }
}
