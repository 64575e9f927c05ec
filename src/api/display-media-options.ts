/**
 * The argument checks of getDisplayMedia()
 * (https://w3c.github.io/mediacapture-screen-share/#dom-mediadevices-getdisplaymedia): `video` may not be
 * false, and its constraints may hold neither `advanced` nor `min` or `exact`.
 *
 * @module
 */

import { isObject, requireDictionary, toBoolean } from '../webidl/converters.js';
import { typeError } from '../webidl/errors.js';
import { convertMediaTrackConstraints } from './media-track-constraints.js';

/** Converts DisplayMediaStreamOptions' audio and video and throws the TypeErrors the spec requires. */
export function checkDisplayMediaOptions(options: unknown, context: string): void {
  const dict = requireDictionary(options, context, 'options') ?? {};
  const read = (name: 'audio' | 'video', fallback: boolean): boolean | Record<string, unknown> => {
    const raw = dict[name];
    if (raw === undefined) {
      return fallback;
    }
    if (raw === null || isObject(raw)) {
      return convertMediaTrackConstraints(raw, context, name) as Record<string, unknown>;
    }
    return toBoolean(raw);
  };
  const audio = read('audio', false);
  const video = read('video', true);
  // 4. video: false is a TypeError.
  if (video === false) {
    throw typeError(context, 'video must not be false');
  }
  // 5. No advanced sets, and no min or exact in any constraint.
  for (const [kind, value] of [['audio', audio], ['video', video]] as const) {
    if (typeof value === 'boolean') {
      continue;
    }
    if (value['advanced'] !== undefined) {
      throw typeError(context, `${kind}.advanced is not allowed`);
    }
    for (const [name, constraint] of Object.entries(value)) {
      if (isObject(constraint) && ('min' in constraint || 'exact' in constraint)) {
        throw typeError(context, `${kind}.${name} may not use min or exact`);
      }
    }
  }
}
