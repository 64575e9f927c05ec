/**
 * NavigatorUserMediaError, the error the legacy callback-based `navigator.getUserMedia()` gave in engines
 * that shipped it (Chromium's legacy IDL: name, message, constraintName).
 *
 * @module
 */

import { restoreSubclassPrototype } from '../webidl/errors.js';
import { INTERNAL, assertInternal, brandCheck, configureInterface } from '../webidl/interface.js';
import { OverconstrainedError } from './overconstrained-error.js';

/**
 * A DOMException carrying the legacy `constraintName`. The legacy IDL had no constructor
 * ([NoInterfaceObject]); this package creates them for `navigator.getUserMedia()` error callbacks.
 */
export class NavigatorUserMediaError extends DOMException {
  readonly #constraintName: string;

  /** Not constructible from script. */
  constructor(token: typeof INTERNAL, message: string, name: string, constraintName: string) {
    assertInternal(token);
    super(message, name);
    restoreSubclassPrototype(this, new.target);
    this.#constraintName = constraintName;
  }

  /** The constraint that could not be satisfied, or "" when the error is not about a constraint. */
  get constraintName(): string {
    brandCheck(#constraintName in this, 'NavigatorUserMediaError.constraintName');
    return this.#constraintName;
  }

}
configureInterface(NavigatorUserMediaError, 'NavigatorUserMediaError', 0);

/** The legacy error for a rejection of MediaDevices.getUserMedia() (not part of the interface). */
export function navigatorUserMediaErrorFrom(reason: unknown): NavigatorUserMediaError {
  if (reason instanceof DOMException) {
    const constraintName = reason instanceof OverconstrainedError ? reason.constraint : '';
    return new NavigatorUserMediaError(INTERNAL, reason.message, reason.name, constraintName);
  }
  const message = reason instanceof Error ? reason.message : String(reason);
  const name = reason instanceof Error ? reason.name : 'Error';
  return new NavigatorUserMediaError(INTERNAL, message, name, '');
}
