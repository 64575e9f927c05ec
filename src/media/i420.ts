/**
 * The tightly packed I420 layout every source in this package produces natively: a Y plane of
 * width x height bytes, then U and V planes of ceil(width / 2) x ceil(height / 2) bytes each, rows
 * without padding. Limited range (Y 16–235, U/V 16–240), BT.601 (smpte170m), as Chromium's capture.
 *
 * @module
 */

/** Where the planes of a packed I420 image lie in its buffer. */
export interface I420Layout {
  readonly width: number;
  readonly height: number;
  /** Width and height of the U and V planes. */
  readonly chromaWidth: number;
  readonly chromaHeight: number;
  readonly yOffset: number;
  readonly uOffset: number;
  readonly vOffset: number;
  /** Total bytes. */
  readonly byteLength: number;
}

/** The packed I420 layout of a width x height image. */
export function i420Layout(width: number, height: number): I420Layout {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`i420Layout: ${width}x${height} is not a valid size`);
  }
  const chromaWidth = Math.ceil(width / 2);
  const chromaHeight = Math.ceil(height / 2);
  const ySize = width * height;
  const chromaSize = chromaWidth * chromaHeight;
  return {
    width,
    height,
    chromaWidth,
    chromaHeight,
    yOffset: 0,
    uOffset: ySize,
    vOffset: ySize + chromaSize,
    byteLength: ySize + 2 * chromaSize,
  };
}

/** The plane layouts (offset and stride of Y, U, V) of a packed I420 image, as VideoFrameData holds them. */
export function i420PlaneLayouts(layout: I420Layout): { offset: number; stride: number }[] {
  return [
    { offset: layout.yOffset, stride: layout.width },
    { offset: layout.uOffset, stride: layout.chromaWidth },
    { offset: layout.vOffset, stride: layout.chromaWidth },
  ];
}

/** Y, U and V of black in limited range. */
export const I420_BLACK = Object.freeze({ y: 16, u: 128, v: 128 });

/** Fills a packed I420 buffer with black (Y=16, U=V=128). */
export function fillI420Black(buffer: Uint8Array, layout: I420Layout): void {
  buffer.fill(I420_BLACK.y, layout.yOffset, layout.uOffset);
  buffer.fill(I420_BLACK.u, layout.uOffset, layout.byteLength);
}
