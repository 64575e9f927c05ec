/**
 * The ImageBitmap that `ImageCapture.grabFrame()` resolves with: a decoded snapshot of a frame. Node has no
 * ImageBitmap, so this one has the HTML interface's members (width, height, close) and holds RGBA pixels;
 * {@link videoFrameFromImageBitmap} turns it into a VideoFrame, whose `copyTo(buffer, { format: 'RGBA' })`
 * gives the pixels.
 *
 * @see https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#imagebitmap
 * @module
 */

import type { RGBAImage } from '../sinks/image-capture/photo-pixels.js';
import { toInterface } from '../webidl/converters.js';
import { domException } from '../webidl/errors.js';
import { assertInternal, brandCheck, configureInterface, INTERNAL } from '../webidl/interface.js';
import { VideoFrame } from './webcodecs.js';

/** Reads a bitmap's slots; assigned in the class's static block. */
let bitmapContents: (bitmap: ImageBitmap) => { image: RGBAImage | null; timestampUs: number };

/** A decoded image (RGBA pixels) taken from a track by `ImageCapture.grabFrame()`. No public constructor. */
export class ImageBitmap {
  /** The bitmap data; null once closed ([[Detached]]). */
  #bitmapData: RGBAImage | null;
  readonly #timestampUs: number;

  /** @internal */
  constructor(token: typeof INTERNAL, image: RGBAImage, timestampUs: number) {
    assertInternal(token);
    this.#bitmapData = image;
    this.#timestampUs = timestampUs;
  }

  /** https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#dom-imagebitmap-width */
  get width(): number {
    brandCheck(#bitmapData in this, 'ImageBitmap.width');
    return this.#bitmapData?.width ?? 0;
  }

  /** https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#dom-imagebitmap-height */
  get height(): number {
    brandCheck(#bitmapData in this, 'ImageBitmap.height');
    return this.#bitmapData?.height ?? 0;
  }

  /** https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#dom-imagebitmap-close */
  close(): void {
    brandCheck(#bitmapData in this, 'ImageBitmap.close');
    this.#bitmapData = null;
  }

  static {
    bitmapContents = (bitmap) => ({ image: bitmap.#bitmapData, timestampUs: bitmap.#timestampUs });
  }
}
// ImageBitmap has no constructor in HTML, so its interface object's "length" is 0.
configureInterface(ImageBitmap, 'ImageBitmap', 0);

/**
 * A new RGBA VideoFrame with the pixels of `bitmap` (a copy: the bitmap stays usable), timed at the frame it was
 * grabbed from unless `init.timestamp` says otherwise. In browsers, `new VideoFrame(bitmap, init)` does this.
 *
 * @throws TypeError when `bitmap` is not an ImageBitmap of this package
 * @throws InvalidStateError (DOMException) when it is closed
 */
export function videoFrameFromImageBitmap(bitmap: ImageBitmap, init: { timestamp?: number } = {}): VideoFrame {
  const context = 'videoFrameFromImageBitmap';
  const { image, timestampUs } = bitmapContents(toInterface(ImageBitmap, bitmap, context, 'bitmap'));
  if (image === null) {
    throw domException('InvalidStateError', context, 'the ImageBitmap is closed');
  }
  return new VideoFrame(image.rgba, {
    format: 'RGBA',
    codedWidth: image.width,
    codedHeight: image.height,
    timestamp: init.timestamp ?? timestampUs,
  });
}

/** A bitmap over `image` (not copied), for ImageCapture.grabFrame(). */
export function imageBitmapFromPixels(image: RGBAImage, timestampUs: number): ImageBitmap {
  return new ImageBitmap(INTERNAL, image, timestampUs);
}
