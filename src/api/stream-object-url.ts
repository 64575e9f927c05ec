/**
 * `URL.createObjectURL(stream)` as older engines had it: a `blob:` URL that stands for a MediaStream until
 * revoked. Browsers removed it in favour of `srcObject`; old code still calls it.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import { MediaStream } from './media-stream.js';

const streamsByURL = new Map<string, MediaStream>();

/** A new `blob:` URL for `stream`. */
export function createStreamObjectURL(stream: MediaStream): string {
  const url = `blob:nodedata:${randomUUID()}`;
  streamsByURL.set(url, stream);
  return url;
}

/** The stream a URL from {@link createStreamObjectURL} stands for, until it is revoked. */
export function resolveStreamObjectURL(url: string): MediaStream | undefined {
  return streamsByURL.get(url);
}

/** Releases a stream URL; returns whether it was one. */
export function revokeStreamObjectURL(url: string): boolean {
  return streamsByURL.delete(url);
}

/** Whether `value` is a MediaStream of this package. */
export function isMediaStream(value: unknown): value is MediaStream {
  return value instanceof MediaStream;
}
