/**
 * Encoding photos with `sharp` (an optional dependency, loaded on first use). Failures are structured: the api
 * layer turns them into DOMExceptions.
 *
 * @module
 */

import type { RGBAImage } from './photo-pixels.js';

/** The one photo type we encode: the spec's PhotoSettings has no way to ask for another. */
export const PHOTO_MIME_TYPE = 'image/png';

/** The part of sharp's API this module uses. */
interface SharpPipeline {
  png(options?: { compressionLevel?: number }): SharpPipeline;
  toBuffer(): Promise<Buffer>;
}
type SharpFactory = (input: Uint8Array, options: { raw: { width: number; height: number; channels: 4 } }) => SharpPipeline;

/** Why a photo could not be encoded. */
export type PhotoEncodeFailure =
  | { readonly kind: 'encoder-missing'; readonly detail: string }
  | { readonly kind: 'encode-failed'; readonly detail: string };

/** An encoded photo, or why there is none. */
export type PhotoEncodeResult = { readonly ok: true; readonly bytes: Uint8Array } | ({ readonly ok: false } & PhotoEncodeFailure);

let sharpLoad: Promise<SharpFactory | string> | undefined;

/** sharp's default export, or the reason it cannot be loaded (cached: sharp is loaded once). */
function loadSharp(): Promise<SharpFactory | string> {
  // A specifier in a variable keeps TypeScript from needing sharp's types when the optional dependency is absent.
  const specifier = 'sharp';
  sharpLoad ??= import(specifier).then(
    (module: { default: SharpFactory }) => module.default,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  return sharpLoad;
}

/** Encodes `image` as PNG. */
export async function encodePhoto(image: RGBAImage): Promise<PhotoEncodeResult> {
  const sharp = await loadSharp();
  if (typeof sharp === 'string') {
    return { ok: false, kind: 'encoder-missing', detail: sharp };
  }
  try {
    const buffer = await sharp(image.rgba, { raw: { width: image.width, height: image.height, channels: 4 } })
      .png()
      .toBuffer();
    return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (error) {
    return { ok: false, kind: 'encode-failed', detail: error instanceof Error ? error.message : String(error) };
  }
}
