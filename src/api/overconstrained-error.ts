/**
 * https://w3c.github.io/mediacapture-main/#overconstrainederror-interface
 *
 * @module
 */

import { toDOMString } from '../webidl/converters.js';
import { restoreSubclassPrototype } from '../webidl/errors.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';

/** A DOMException named "OverconstrainedError" that names the constraint that could not be met. */
export class OverconstrainedError extends DOMException {
  readonly #constraint: string;

  /** https://w3c.github.io/mediacapture-main/#dom-overconstrainederror-constructor */
  constructor(constraint: string, message: string = '') {
    if (arguments.length < 1) {
      throw new TypeError("OverconstrainedError: 1 argument required, but only 0 present");
    }
    const constraintString = toDOMString(constraint, 'OverconstrainedError', 'constraint');
    super(toDOMString(message, 'OverconstrainedError', 'message'), 'OverconstrainedError');
    restoreSubclassPrototype(this, new.target);
    this.#constraint = constraintString;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-overconstrainederror-constraint */
  get constraint(): string {
    brandCheck(#constraint in this, 'OverconstrainedError.constraint');
    return this.#constraint;
  }
}
configureInterface(OverconstrainedError);
