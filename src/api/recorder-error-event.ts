/**
 * The `error` event of MediaRecorder and of the file recorder.
 *
 * @module
 */

import { configureInterface } from '../webidl/interface.js';

/** Deviation: Node has no ErrorEvent; the recorder's error events have its `error` and `message`. */
export class RecorderErrorEvent extends Event {
  readonly #error: DOMException;

  /** An `error` event carrying `error`. */
  constructor(error: DOMException) {
    super('error');
    this.#error = error;
  }

  /** https://html.spec.whatwg.org/multipage/webappapis.html#dom-errorevent-error */
  get error(): DOMException {
    return this.#error;
  }

  /** https://html.spec.whatwg.org/multipage/webappapis.html#dom-errorevent-message */
  get message(): string {
    return this.#error.message;
  }
}
configureInterface(RecorderErrorEvent, 'ErrorEvent');
