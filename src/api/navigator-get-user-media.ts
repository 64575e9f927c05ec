/**
 * The legacy callback-based `navigator.getUserMedia(constraints, successCallback, errorCallback)`
 * (https://w3c.github.io/mediacapture-main/#navigatorusermedia-interface-extensions).
 *
 * @module
 */

import { toCallback } from '../webidl/converters.js';
import { queueTask } from '../webidl/events.js';
import type { MediaDevices } from './media-devices.js';
import type { MediaStream } from './media-stream.js';
import { navigatorUserMediaErrorFrom, type NavigatorUserMediaError } from './navigator-user-media-error.js';
import type { MediaStreamConstraints } from '../constraints/dictionaries.js';
import { convertMediaStreamConstraints } from './media-track-constraints.js';

/** https://w3c.github.io/mediacapture-main/#dom-navigatorusermediasuccesscallback */
export type NavigatorUserMediaSuccessCallback = (stream: MediaStream) => void;
/** https://w3c.github.io/mediacapture-main/#dom-navigatorusermediaerrorcallback */
export type NavigatorUserMediaErrorCallback = (error: NavigatorUserMediaError) => void;

/**
 * Runs getUserMedia() on `mediaDevices` and calls back. Arguments are converted at once, in order, as
 * WebIDL does for an operation that returns undefined: constraints that are not a dictionary and missing
 * or non-callable callbacks throw a TypeError synchronously.
 *
 * Deviation: the error callback receives a NavigatorUserMediaError (a DOMException with the rejection's
 * name and message, plus the legacy `constraintName`), as engines that shipped this method did, rather
 * than the rejection itself.
 */
export function navigatorGetUserMedia(
  mediaDevices: MediaDevices,
  argumentCount: number,
  constraints: unknown,
  success: unknown,
  failure: unknown,
): void {
  const context = 'Navigator.getUserMedia';
  if (argumentCount < 3) {
    throw new TypeError(`${context}: 3 arguments required, but only ${argumentCount} present`);
  }
  const converted = convertMediaStreamConstraints(constraints, context) as MediaStreamConstraints;
  const successCallback = toCallback<NavigatorUserMediaSuccessCallback>(success, context, 'successCallback');
  const errorCallback = toCallback<NavigatorUserMediaErrorCallback>(failure, context, 'errorCallback');
  mediaDevices.getUserMedia(converted).then(
    (stream) => invokeCallback(() => successCallback(stream)),
    (reason: unknown) => invokeCallback(() => errorCallback(navigatorUserMediaErrorFrom(reason))),
  );
}

/**
 * Calls a callback; an exception it throws is reported as an uncaught exception, as Node reports an
 * exception thrown by an event listener, instead of turning into an unhandled promise rejection.
 */
function invokeCallback(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueTask(() => {
      throw error;
    });
  }
}
