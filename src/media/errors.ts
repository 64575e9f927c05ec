/**
 * The errors the media layer throws. `media/` may not import `webidl/`, so it has its own small factory;
 * messages read `Interface.member: reason`, as everywhere else in the package.
 *
 * @module
 */

/** The DOMException names WebCodecs' VideoFrame and AudioData throw. */
export type MediaDOMExceptionName = 'InvalidStateError' | 'NotSupportedError' | 'DataCloneError';

/**
 * Creates (does not throw) a `DOMException` whose message is `${context}: ${reason}`.
 *
 * @param name - the exception name
 * @param context - `Interface.member` that failed, e.g. `'VideoFrame.copyTo'`
 * @param reason - why, in a short sentence without a trailing period
 */
export function mediaDOMException(name: MediaDOMExceptionName, context: string, reason: string): DOMException {
  return new DOMException(`${context}: ${reason}`, name);
}

/** Creates (does not throw) a `TypeError` whose message is `${context}: ${reason}`. */
export function mediaTypeError(context: string, reason: string): TypeError {
  return new TypeError(`${context}: ${reason}`);
}

/** Creates (does not throw) a `RangeError` whose message is `${context}: ${reason}`. */
export function mediaRangeError(context: string, reason: string): RangeError {
  return new RangeError(`${context}: ${reason}`);
}

/** The InvalidStateError every member of a closed VideoFrame or AudioData throws. */
export function closedError(context: string): DOMException {
  return mediaDOMException('InvalidStateError', context, 'the object is closed');
}

/**
 * Throws `TypeError('${context}: Illegal invocation')` unless `ok`: the brand check of a WebIDL member.
 *
 * @see https://webidl.spec.whatwg.org/#dfn-attribute-getter
 */
export function assertBrand(ok: boolean, context: string): asserts ok {
  if (!ok) {
    throw mediaTypeError(context, 'Illegal invocation');
  }
}
