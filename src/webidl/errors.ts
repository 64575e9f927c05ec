/**
 * The one factory for errors thrown by this package. Messages read `Interface.member: reason`.
 *
 * @see https://webidl.spec.whatwg.org/#idl-exceptions
 * @module
 */

/**
 * Names of the DOMException kinds this package throws. It is both the list and, through
 * {@link DOMExceptionName}, the type, so a misspelt name does not compile.
 *
 * @see https://webidl.spec.whatwg.org/#idl-DOMException-error-names
 */
export const DOM_EXCEPTION_NAMES = [
  'AbortError',
  'InvalidStateError',
  'NotAllowedError',
  'NotFoundError',
  'NotReadableError',
  'NotSupportedError',
  'OverconstrainedError',
  'SecurityError',
  'InvalidAccessError',
  'DataCloneError',
  'EncodingError',
  'OperationError',
  'UnknownError',
  'QuotaExceededError',
  'SyntaxError',
  'TypeMismatchError',
  'InvalidModificationError',
] as const;

/** One of {@link DOM_EXCEPTION_NAMES}. */
export type DOMExceptionName = (typeof DOM_EXCEPTION_NAMES)[number];

/**
 * Creates (does not throw) a `DOMException` whose message is `${context}: ${reason}`.
 *
 * @param name - the exception name, e.g. `'NotAllowedError'`.
 * @param context - `Interface.member` that failed, e.g. `'MediaDevices.getUserMedia'`.
 * @param reason - why it failed, in a short sentence without trailing period.
 */
export function domException(name: DOMExceptionName, context: string, reason: string): DOMException {
  return new DOMException(`${context}: ${reason}`, name);
}

/**
 * Creates (does not throw) a `TypeError` whose message is `${context}: ${reason}`.
 *
 * @param context - `Interface.member` that failed, e.g. `'MediaStreamTrack.applyConstraints'`.
 * @param reason - why it failed.
 */
export function typeError(context: string, reason: string): TypeError {
  return new TypeError(`${context}: ${reason}`);
}

/**
 * Creates (does not throw) a `RangeError` whose message is `${context}: ${reason}`.
 *
 * @param context - `Interface.member` that failed.
 * @param reason - why it failed.
 */
export function rangeError(context: string, reason: string): RangeError {
  return new RangeError(`${context}: ${reason}`);
}

/**
 * Node 24.6 and 24.7 give instances of DOMException subclasses DOMException.prototype
 * (nodejs/node#59677), which hides the subclass's getters. Call from a subclass constructor, after
 * `super()`, with `new.target`, to restore the prototype the instance should have.
 */
export function restoreSubclassPrototype(instance: DOMException, newTarget: Function): void {
  const prototype: unknown = newTarget.prototype;
  if (Object.getPrototypeOf(instance) !== prototype) {
    Object.setPrototypeOf(instance, prototype as object);
  }
}
