/**
 * Encoding photos with `sharp` (an optional dependency, loaded on first use). Failures are structured: the api
 * layer turns them into DOMExceptions.
 *
 * @module
 */

import type { RGBAImage } from './photo-pixels.js';

/**
 * The photo types we encode. PNG is the default (as Chromium's fake camera); the spec's PhotoSettings has no
 * way to ask for a type, so JPEG (what real cameras give) is chosen through `mediacapture/testing`.
 */
export const PHOTO_MIME_TYPES = ['image/png', 'image/jpeg'] as const;
/** `"image/png"` or `"image/jpeg"`. */
export type PhotoMimeType = (typeof PHOTO_MIME_TYPES)[number];
/** The type takePhoto() gives unless told otherwise. */
export const PHOTO_MIME_TYPE: PhotoMimeType = 'image/png';
/** JPEG quality (sharp's scale, 1–100): what browsers use for canvas.toBlob('image/jpeg') by default is 92. */
const JPEG_QUALITY = 92;

/** The part of sharp's API this module uses. */
interface SharpPipeline {
  png(options?: { compressionLevel?: number }): SharpPipeline;
  jpeg(options?: { quality?: number }): SharpPipeline;
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

/** Encodes `image` as PNG or JPEG. */
export async function encodePhoto(image: RGBAImage, type: PhotoMimeType = PHOTO_MIME_TYPE): Promise<PhotoEncodeResult> {
  const sharp = await loadSharp();
  if (typeof sharp === 'string') {
    return { ok: false, kind: 'encoder-missing', detail: sharp };
  }
  try {
    const pipeline = sharp(image.rgba, { raw: { width: image.width, height: image.height, channels: 4 } });
    const buffer = await (type === 'image/jpeg' ? pipeline.jpeg({ quality: JPEG_QUALITY }) : pipeline.png()).toBuffer();
    return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (error) {
    return { ok: false, kind: 'encode-failed', detail: error instanceof Error ? error.message : String(error) };
  }
}
