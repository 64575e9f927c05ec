/**
 * The geometry of VideoFrame.copyTo() and allocationSize(): converting VideoFrameCopyToOptions, Parse Visible Rect,
 * Compute Layout and Allocation Size, and the plane copy itself.
 *
 * @see https://w3c.github.io/webcodecs/#dictdef-videoframecopytooptions
 * @module
 */
import { mediaTypeError } from './errors.js';
import {
  member,
  toDictionary,
  toEnforcedUnsignedLong,
  toEnumValue,
  toSequence,
  toUnrestrictedDouble,
} from './idl-values.js';
import { copyRows, type VideoFrameData } from './video-frame-data.js';
import {
  planeSpecs,
  VIDEO_PIXEL_FORMATS,
  verifyRectOffsetAlignment,
  type DOMRectInit,
  type PixelRect,
  type PlaneLayout,
  type VideoPixelFormat,
} from './video-pixel-format.js';

/** @see https://html.spec.whatwg.org/multipage/canvas.html#predefinedcolorspace */
export const PREDEFINED_COLOR_SPACES = ['srgb', 'display-p3'] as const;
/** One of {@link PREDEFINED_COLOR_SPACES}. */
export type PredefinedColorSpace = (typeof PREDEFINED_COLOR_SPACES)[number];

/** @see https://w3c.github.io/webcodecs/#dictdef-videoframecopytooptions */
export interface VideoFrameCopyToOptions {
  rect?: DOMRectInit;
  layout?: PlaneLayout[];
  format?: VideoPixelFormat;
  colorSpace?: PredefinedColorSpace;
}

/** VideoFrameCopyToOptions after WebIDL conversion. */
export interface ConvertedCopyToOptions {
  readonly rect: Required<DOMRectInit> | undefined;
  readonly layout: PlaneLayout[] | undefined;
  readonly format: VideoPixelFormat | undefined;
  readonly colorSpace: PredefinedColorSpace | undefined;
}

/** @see https://w3c.github.io/webcodecs/#computed-plane-layout */
export interface ComputedPlaneLayout {
  readonly destinationOffset: number;
  readonly destinationStride: number;
  readonly sourceTop: number;
  readonly sourceHeight: number;
  readonly sourceLeftBytes: number;
  readonly sourceWidthBytes: number;
}

/** @see https://w3c.github.io/webcodecs/#combined-buffer-layout */
export interface CombinedBufferLayout {
  readonly allocationSize: number;
  readonly computedLayouts: readonly ComputedPlaneLayout[];
}

/** Converts a DOMRectInit (unrestricted doubles, each 0 when absent). */
export function toDOMRectInit(value: unknown, context: string, name: string): Required<DOMRectInit> {
  const dictionary = toDictionary(value, context, name);
  const read = (key: string): number => {
    const raw = member(dictionary, key);
    return raw === undefined ? 0 : toUnrestrictedDouble(raw, context, `${name}.${key}`);
  };
  // Lexicographic order: height, width, x, y.
  const height = read('height');
  const width = read('width');
  return { x: read('x'), y: read('y'), width, height };
}

/** Converts a `sequence<PlaneLayout>`. */
export function toPlaneLayouts(value: unknown, context: string, name: string): PlaneLayout[] {
  return toSequence(value, context, name, (element, elementName) => {
    const dictionary = toDictionary(element, context, elementName);
    const offset = member(dictionary, 'offset');
    const stride = member(dictionary, 'stride');
    if (offset === undefined || stride === undefined) {
      throw mediaTypeError(context, `${elementName} needs both offset and stride`);
    }
    return {
      offset: toEnforcedUnsignedLong(offset, context, `${elementName}.offset`),
      stride: toEnforcedUnsignedLong(stride, context, `${elementName}.stride`),
    };
  });
}

/** Converts VideoFrameCopyToOptions. */
export function toCopyToOptions(value: unknown, context: string): ConvertedCopyToOptions {
  const dictionary = toDictionary(value, context, 'options');
  const colorSpace = member(dictionary, 'colorSpace');
  const format = member(dictionary, 'format');
  const layout = member(dictionary, 'layout');
  const rect = member(dictionary, 'rect');
  return {
    colorSpace: colorSpace === undefined ? undefined : toEnumValue(PREDEFINED_COLOR_SPACES, colorSpace, context, 'colorSpace'),
    format: format === undefined ? undefined : toEnumValue(VIDEO_PIXEL_FORMATS, format, context, 'format'),
    layout: layout === undefined ? undefined : toPlaneLayouts(layout, context, 'layout'),
    rect: rect === undefined ? undefined : toDOMRectInit(rect, context, 'rect'),
  };
}

/**
 * Parse Visible Rect: `overrideRect` checked against the coded size and the format's sample alignment, truncated
 * to whole pixels; `defaultRect` when there is no override.
 *
 * @throws TypeError for a negative, non-finite, empty, out-of-bounds or misaligned rect
 * @see https://w3c.github.io/webcodecs/#videoframe-parse-visible-rect
 */
export function parseVisibleRect(
  defaultRect: PixelRect,
  overrideRect: Required<DOMRectInit> | undefined,
  codedWidth: number,
  codedHeight: number,
  format: VideoPixelFormat | null,
  context: string,
): PixelRect {
  if (overrideRect === undefined) {
    return defaultRect;
  }
  const { x, y, width, height } = overrideRect;
  // 2.1–2.4
  if (![x, y, width, height].every((value) => Number.isFinite(value) && value >= 0)) {
    throw mediaTypeError(context, 'rect members must be finite and not negative');
  }
  if (width === 0 || height === 0) {
    throw mediaTypeError(context, 'rect must not be empty');
  }
  if (x + width > codedWidth || y + height > codedHeight) {
    throw mediaTypeError(context, `rect ${x},${y} ${width}x${height} exceeds the coded size ${codedWidth}x${codedHeight}`);
  }
  // 3.
  if (format !== null && !verifyRectOffsetAlignment(format, overrideRect)) {
    throw mediaTypeError(context, `rect offset ${x},${y} is not aligned to the ${format} samples`);
  }
  return { x: Math.trunc(x), y: Math.trunc(y), width: Math.trunc(width), height: Math.trunc(height) };
}

const MAX_UNSIGNED_LONG = 2 ** 32 - 1;

/**
 * Compute Layout and Allocation Size: where each plane of `parsedRect` goes in a destination, tightly packed unless
 * `layout` says otherwise.
 *
 * Deviation: a sub-sampled plane's width in samples rounds up (as its height does, and as Chromium does), so a rect
 * of odd width keeps its last chroma column.
 *
 * @throws TypeError for a layout of the wrong length, a stride shorter than a row, overlapping planes, or sizes
 *   beyond `unsigned long`
 * @see https://w3c.github.io/webcodecs/#videoframe-compute-layout-and-allocation-size
 */
export function computeLayoutAndAllocationSize(
  parsedRect: PixelRect,
  format: VideoPixelFormat,
  layout: readonly PlaneLayout[] | undefined,
  context: string,
): CombinedBufferLayout {
  const planes = planeSpecs(format);
  if (layout !== undefined && layout.length !== planes.length) {
    throw mediaTypeError(context, `layout has ${layout.length} planes, ${format} has ${planes.length}`);
  }
  let minAllocationSize = 0;
  const computedLayouts: ComputedPlaneLayout[] = [];
  const endOffsets: number[] = [];
  planes.forEach((plane, planeIndex) => {
    const sourceTop = Math.ceil(parsedRect.y / plane.subY);
    const sourceHeight = Math.ceil(parsedRect.height / plane.subY);
    const sourceLeftBytes = Math.floor(parsedRect.x / plane.subX) * plane.sampleBytes;
    const sourceWidthBytes = Math.ceil(parsedRect.width / plane.subX) * plane.sampleBytes;
    let destinationOffset = minAllocationSize;
    let destinationStride = sourceWidthBytes;
    const planeLayout = layout?.[planeIndex];
    if (planeLayout !== undefined) {
      if (planeLayout.stride < sourceWidthBytes) {
        throw mediaTypeError(context, `layout[${planeIndex}].stride ${planeLayout.stride} is less than ${sourceWidthBytes}`);
      }
      destinationOffset = planeLayout.offset;
      destinationStride = planeLayout.stride;
    }
    const planeSize = destinationStride * sourceHeight;
    const planeEnd = planeSize + destinationOffset;
    if (planeSize > MAX_UNSIGNED_LONG || planeEnd > MAX_UNSIGNED_LONG) {
      throw mediaTypeError(context, `plane ${planeIndex} ends beyond ${MAX_UNSIGNED_LONG} bytes`);
    }
    endOffsets.push(planeEnd);
    minAllocationSize = Math.max(minAllocationSize, planeEnd);
    // 18. Planes may come in any order but must not overlap.
    computedLayouts.forEach((earlier, earlierIndex) => {
      const overlaps = planeEnd > earlier.destinationOffset && (endOffsets[earlierIndex] as number) > destinationOffset;
      if (overlaps) {
        throw mediaTypeError(context, `layout planes ${earlierIndex} and ${planeIndex} overlap`);
      }
    });
    computedLayouts.push({
      destinationOffset,
      destinationStride,
      sourceTop,
      sourceHeight,
      sourceLeftBytes,
      sourceWidthBytes,
    });
  });
  return { allocationSize: minAllocationSize, computedLayouts };
}

/**
 * The copy steps of copyTo() for a destination in the frame's own format: the rows of each plane of the rect.
 * Returns the destination's PlaneLayouts.
 *
 * Deviation: the returned stride is the destination stride (the spec's text says the row length, which is wrong
 * for a caller-given layout; Chromium returns the destination stride too).
 */
export function copyPlanes(data: VideoFrameData, combined: CombinedBufferLayout, destination: Uint8Array): PlaneLayout[] {
  return combined.computedLayouts.map((computed, planeIndex) => {
    const source = data.layout[planeIndex] as PlaneLayout;
    const sourceLayout = {
      offset: source.offset + computed.sourceTop * source.stride + computed.sourceLeftBytes,
      stride: source.stride,
    };
    const destinationLayout = { offset: computed.destinationOffset, stride: computed.destinationStride };
    copyRows(data.bytes, sourceLayout, destination, destinationLayout, computed.sourceWidthBytes, computed.sourceHeight);
    return destinationLayout;
  });
}
