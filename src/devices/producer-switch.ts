/**
 * A producer whose media can be replaced while its source runs: a fake camera that starts playing a file,
 * a file swapped for another, or back to the synthetic pattern. The source starts and stops the switch;
 * the switch starts and stops whichever producer it holds now.
 *
 * @module
 */

import type { NativeVideoMode } from '../sources/capture-model.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../sources/capture-source.js';

/** A {@link MediaProducer} delegating to a replaceable one. */
export class ProducerSwitch implements MediaProducer {
  readonly #context: ProducerContext;
  #inner: MediaProducer;
  /** Whether the source wants media (between its start() and stop()). */
  #running = false;
  /** Whether the held producer is running. */
  #innerRunning = false;

  /** A switch holding a producer made by `factory`, all made with `context`. */
  constructor(context: ProducerContext, factory: ProducerFactory) {
    this.#context = context;
    this.#inner = factory(context);
  }

  /** Makes the {@link ProducerFactory} of a source, calling `created` with the switch it makes. */
  static factory(initial: ProducerFactory, created: (producerSwitch: ProducerSwitch) => void): ProducerFactory {
    return (context) => {
      const producerSwitch = new ProducerSwitch(context, initial);
      created(producerSwitch);
      return producerSwitch;
    };
  }

  start(mode: NativeVideoMode | undefined): void {
    this.#running = true;
    this.#inner.start(mode);
    this.#innerRunning = true;
  }

  stop(): void {
    this.#running = false;
    if (this.#innerRunning) {
      this.#innerRunning = false;
      this.#inner.stop();
    }
  }

  /**
   * Replaces the producer: the old one stops now; the new one starts at the source's next start() (a
   * new native mode restarts the source's producer) or at {@link resume}.
   */
  replace(factory: ProducerFactory): void {
    if (this.#innerRunning) {
      this.#innerRunning = false;
      this.#inner.stop();
    }
    this.#inner = factory(this.#context);
  }

  /** Starts the held producer in `mode` if the source runs and it does not yet. */
  resume(mode: NativeVideoMode | undefined): void {
    if (this.#running && !this.#innerRunning) {
      this.#inner.start(mode);
      this.#innerRunning = true;
    }
  }
}
