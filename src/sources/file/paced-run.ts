/**
 * What the paced file producers (paced-video-producer.ts, paced-audio-producer.ts) share: the supply that
 * reads a file ahead of their ticks reports through a {@link SupplyListener}, and each run from start() to
 * stop() is a {@link PacedRun}, whose supply's failure ends the source while the run is active.
 *
 * @module
 */

import type { ProducerContext } from '../capture-source.js';

/** What a supply tells the producer reading from it. It never calls back after `close()`. */
export interface SupplyListener {
  /** Media became available (after a take or read found none ready). */
  ready(): void;
  /**
   * Reading failed for good (the file turned bad, ffmpeg died); the source ends. A supply holding media read
   * before the failure reports it once that media is taken (see {@link HeldFailure}).
   */
  failed(error: Error): void;
}

/**
 * A supply's failure held back while media read before it is still to be taken, so that what was read plays
 * before the source ends (a file damaged at frame 10 shows frames 0 to 9): the source ends when a take finds
 * nothing left, at the slot of the media that could not be read.
 */
export class HeldFailure {
  readonly #listener: SupplyListener;
  readonly #nothingLeft: () => boolean;
  #error: Error | undefined;
  #reported = false;
  /** A listener for what reads for the supply (a decoder loop): its failures are held back here. */
  readonly reading: SupplyListener;

  /** Reports to `listener`; `nothingLeft` tells whether the supply holds no media read before a failure. */
  constructor(listener: SupplyListener, nothingLeft: () => boolean) {
    this.#listener = listener;
    this.#nothingLeft = nothingLeft;
    this.reading = { ready: () => listener.ready(), failed: (error) => this.fail(error) };
  }

  /**
   * Reading failed for good: the source ends now when nothing is left, else at the take that finds nothing left
   * (a producer waiting for media is told to look again: what is left may be less than it needs).
   */
  fail(error: Error): void {
    if (this.#error !== undefined) {
      return;
    }
    this.#error = error;
    if (this.#nothingLeft()) {
      this.foundNothing();
    } else {
      this.#listener.ready();
    }
  }

  /** A take found nothing ready: a failure held back ends the source now. */
  foundNothing(): void {
    if (this.#error !== undefined && !this.#reported) {
      this.#reported = true;
      this.#listener.failed(this.#error);
    }
  }
}

/** A supply of media read ahead of the ticks that take it. */
export interface Supply {
  /** Stops reading and releases the file or child process. */
  close(): void;
}

/** One run of a paced producer, from start() to stop(). */
export class PacedRun<S extends Supply> {
  /** Cancels the next tick; scheduling one replaces it. */
  cancel: () => void = () => {};
  /** False once the run has ended. */
  active = true;
  readonly supply: S;

  /** Opens the run's supply: `ready` when media arrives; a failure ends the source unless the run has ended. */
  constructor(context: ProducerContext, openSupply: (listener: SupplyListener) => S, ready: () => void) {
    this.supply = openSupply({
      ready,
      failed: (error) => {
        if (this.active) {
          context.fail('device-failed', error);
        }
      },
    });
  }

  /** Ends the run: no more ticks, the supply closed. */
  end(): void {
    this.active = false;
    this.cancel();
    this.supply.close();
  }
}
