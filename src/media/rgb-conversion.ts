/**
 * Conversion between the YUV formats and the interleaved RGB formats (RGBA, RGBX, BGRA, BGRX): the matrix of the
 * frame's colour space (BT.601, BT.709 or BT.2020), limited or full range. Chroma is taken from the nearest sample
 * when going to RGB (as libyuv does) and averaged over each 2x2 block when going to I420.
 *
 * Deviation: only the matrix and range are applied; primaries and transfer characteristics are not converted
 * (a BT.601 frame's primaries are treated as sRGB's), and `display-p3` targets are not supported.
 *
 * @module
 */
import { i420Layout, i420PlaneLayouts } from './i420.js';
import type { YUVCoefficients } from './video-color-space.js';
import type { VideoFrameData } from './video-frame-data.js';
import {
  hasAlpha,
  isRGBFormat,
  planeSpecs,
  type PixelRect,
  type PlaneLayout,
  type RGBPixelFormat,
} from './video-pixel-format.js';

/** Where converted RGB pixels go: one interleaved plane. */
export interface RGBTarget {
  readonly bytes: Uint8Array;
  readonly format: RGBPixelFormat;
  readonly offset: number;
  readonly stride: number;
}

/** Fixed-point fraction bits of the conversion tables. */
const FRACTION_BITS = 16;
/** How far below 0 and above 255 a converted value can fall before the clamp table. */
const CLAMP_MARGIN = 1024;
/** CLAMP[v + CLAMP_MARGIN] is v clamped to [0, 255]. */
const CLAMP = Uint8Array.from({ length: 256 + 2 * CLAMP_MARGIN }, (_, i) => Math.min(255, Math.max(0, i - CLAMP_MARGIN)));
/** Whether 32-bit words hold their first byte in their low bits. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Per-sample-value contributions to R, G and B in 16.16 fixed point (the luma table carries the rounding), so a
 * pixel costs a few lookups, additions and one shift per channel.
 */
interface YUVTables {
  readonly y: Int32Array;
  readonly rFromV: Int32Array;
  readonly gFromU: Int32Array;
  readonly gFromV: Int32Array;
  readonly bFromU: Int32Array;
}

const tableCache = new Map<string, YUVTables>();

function yuvTables({ kr, kb, fullRange }: YUVCoefficients): YUVTables {
  const key = `${kr}/${kb}/${fullRange}`;
  const cached = tableCache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const kg = 1 - kr - kb;
  const one = 1 << FRACTION_BITS;
  const lumaScale = fullRange ? 1 : 255 / 219;
  const chromaScale = fullRange ? 1 : 255 / 224;
  const lumaOffset = fullRange ? 0 : 16;
  const tables: YUVTables = {
    y: new Int32Array(256),
    rFromV: new Int32Array(256),
    gFromU: new Int32Array(256),
    gFromV: new Int32Array(256),
    bFromU: new Int32Array(256),
  };
  for (let value = 0; value < 256; value++) {
    const c = (value - 128) * chromaScale;
    tables.y[value] = Math.round((value - lumaOffset) * lumaScale * one + one / 2 + CLAMP_MARGIN * one);
    tables.rFromV[value] = Math.round(2 * (1 - kr) * c * one);
    tables.bFromU[value] = Math.round(2 * (1 - kb) * c * one);
    tables.gFromU[value] = Math.round(((-2 * kb * (1 - kb) * c) / kg) * one);
    tables.gFromV[value] = Math.round(((-2 * kr * (1 - kr) * c) / kg) * one);
  }
  tableCache.set(key, tables);
  return tables;
}

/** Byte positions of R, G and B in a pixel of `format`. */
function channelOrder(format: RGBPixelFormat): readonly [number, number, number] {
  return format === 'BGRA' || format === 'BGRX' ? [2, 1, 0] : [0, 1, 2];
}

/** The bit shift that puts a byte at `position` (0–3) of a pixel into a 32-bit word. */
function byteShift(position: number): number {
  return LITTLE_ENDIAN ? 8 * position : 24 - 8 * position;
}

/**
 * Converts the pixels of `rect` in 8-bit `source` (any YUV format or RGB format) into `target`, row by row.
 * The rect must lie inside the coded size; the target must hold `rect.height` rows of `rect.width` pixels.
 */
export function convertRectToRGB(
  source: VideoFrameData,
  rect: PixelRect,
  coefficients: YUVCoefficients,
  target: RGBTarget,
): void {
  if (isRGBFormat(source.format)) {
    swizzleRect(source, rect, target);
    return;
  }
  const { y: yTable, rFromV, gFromU, gFromV, bFromU } = yuvTables(coefficients);
  const planes = planeSpecs(source.format);
  const chroma = planes[1] as (typeof planes)[number];
  const interleavedChroma = source.format === 'NV12';
  const yLayout = source.layout[0] as PlaneLayout;
  const uLayout = source.layout[1] as PlaneLayout;
  const vLayout: PlaneLayout = interleavedChroma
    ? { offset: uLayout.offset + 1, stride: uLayout.stride }
    : (source.layout[2] as PlaneLayout);
  const alphaLayout = hasAlpha(source.format) && hasAlpha(target.format) ? source.layout[3] : undefined;
  const chromaStep = interleavedChroma ? 2 : 1;
  const xShift = chroma.subX === 2 ? 1 : 0;
  const yShift = chroma.subY === 2 ? 1 : 0;
  const input = source.bytes;
  const [rIndex, gIndex, bIndex] = channelOrder(target.format);
  const [rShift, gShift, bShift, aShift] = [byteShift(rIndex), byteShift(gIndex), byteShift(bIndex), byteShift(3)];
  // Each row is built as words in a scratch row, then copied to the target (which may be unaligned).
  const words = new Uint32Array(rect.width);
  const rowBytes = new Uint8Array(words.buffer);
  const opaque = 255 << aShift;
  for (let row = 0; row < rect.height; row++) {
    const sourceY = rect.y + row;
    const yRow = yLayout.offset + sourceY * yLayout.stride;
    const uRow = uLayout.offset + (sourceY >> yShift) * uLayout.stride;
    const vRow = vLayout.offset + (sourceY >> yShift) * vLayout.stride;
    const alphaRow = alphaLayout === undefined ? -1 : alphaLayout.offset + sourceY * alphaLayout.stride;
    for (let column = 0; column < rect.width; column++) {
      const sourceX = rect.x + column;
      const chromaX = (sourceX >> xShift) * chromaStep;
      const u = input[uRow + chromaX] as number;
      const v = input[vRow + chromaX] as number;
      const luma = yTable[input[yRow + sourceX] as number] as number;
      const r = CLAMP[(luma + (rFromV[v] as number)) >> FRACTION_BITS] as number;
      const g = CLAMP[(luma + (gFromU[u] as number) + (gFromV[v] as number)) >> FRACTION_BITS] as number;
      const b = CLAMP[(luma + (bFromU[u] as number)) >> FRACTION_BITS] as number;
      const alpha = alphaRow < 0 ? opaque : (input[alphaRow + sourceX] as number) << aShift;
      words[column] = (r << rShift) | (g << gShift) | (b << bShift) | alpha;
    }
    target.bytes.set(rowBytes, target.offset + row * target.stride);
  }
}

/** RGB to RGB: reorders channels; alpha is kept when both formats have it, else 255. */
function swizzleRect(source: VideoFrameData, rect: PixelRect, target: RGBTarget): void {
  const from = source.format as RGBPixelFormat;
  const sourceLayout = source.layout[0] as PlaneLayout;
  const input = source.bytes;
  const output = target.bytes;
  if (from === target.format) {
    for (let row = 0; row < rect.height; row++) {
      const start = sourceLayout.offset + (rect.y + row) * sourceLayout.stride + rect.x * 4;
      output.set(input.subarray(start, start + rect.width * 4), target.offset + row * target.stride);
    }
    return;
  }
  const [rIn, gIn, bIn] = channelOrder(from);
  const [rOut, gOut, bOut] = channelOrder(target.format);
  const keepAlpha = hasAlpha(from) && hasAlpha(target.format);
  for (let row = 0; row < rect.height; row++) {
    let i = sourceLayout.offset + (rect.y + row) * sourceLayout.stride + rect.x * 4;
    let o = target.offset + row * target.stride;
    for (let column = 0; column < rect.width; column++, i += 4, o += 4) {
      output[o + rOut] = input[i + rIn] as number;
      output[o + gOut] = input[i + gIn] as number;
      output[o + bOut] = input[i + bIn] as number;
      output[o + 3] = keepAlpha ? (input[i + 3] as number) : 255;
    }
  }
}

/**
 * Converts a whole 8-bit RGB image to packed I420 with `coefficients` (Y per pixel, U and V from the average colour
 * of each 2x2 block, or of the 1 or 2 pixels at an odd edge), in 16.16 fixed point.
 */
export function rgbToI420(source: VideoFrameData, coefficients: YUVCoefficients): VideoFrameData {
  const { codedWidth: width, codedHeight: height } = source;
  const layout = i420Layout(width, height);
  const bytes = new Uint8Array(layout.byteLength);
  const output = new Uint8ClampedArray(bytes.buffer);
  const { kr, kb, fullRange } = coefficients;
  const kg = 1 - kr - kb;
  const one = 1 << FRACTION_BITS;
  const lumaScale = (fullRange ? 1 : 219 / 255) * one;
  const chromaScale = (fullRange ? 1 : 224 / 255) * one;
  const lumaBase = (fullRange ? 0 : 16) * one + one / 2;
  const [yR, yG, yB] = [kr, kg, kb].map((k) => Math.round(k * lumaScale)) as [number, number, number];
  const uDivisor = 2 * (1 - kb);
  const vDivisor = 2 * (1 - kr);
  const [uR, uG, uB] = [-kr / uDivisor, -kg / uDivisor, 0.5].map((k) => Math.round(k * chromaScale)) as [number, number, number];
  const [vR, vG, vB] = [0.5, -kg / vDivisor, -kb / vDivisor].map((k) => Math.round(k * chromaScale)) as [number, number, number];
  const [rIndex, gIndex, bIndex] = channelOrder(source.format as RGBPixelFormat);
  const { offset: base, stride } = source.layout[0] as PlaneLayout;
  const input = source.bytes;
  for (let y = 0; y < height; y++) {
    let i = base + y * stride;
    let o = layout.yOffset + y * width;
    for (let x = 0; x < width; x++, i += 4) {
      output[o++] =
        (lumaBase + yR * (input[i + rIndex] as number) + yG * (input[i + gIndex] as number) + yB * (input[i + bIndex] as number)) >>
        FRACTION_BITS;
    }
  }
  for (let cy = 0; cy < layout.chromaHeight; cy++) {
    const top = base + 2 * cy * stride;
    const bottom = 2 * cy + 1 < height ? top + stride : top;
    for (let cx = 0; cx < layout.chromaWidth; cx++) {
      const left = 8 * cx;
      const right = 2 * cx + 1 < width ? left + 4 : left;
      // Sums of four samples (edges count a sample twice), so the averages divide by 4.
      const r =
        (input[top + left + rIndex] as number) +
        (input[top + right + rIndex] as number) +
        (input[bottom + left + rIndex] as number) +
        (input[bottom + right + rIndex] as number);
      const g =
        (input[top + left + gIndex] as number) +
        (input[top + right + gIndex] as number) +
        (input[bottom + left + gIndex] as number) +
        (input[bottom + right + gIndex] as number);
      const b =
        (input[top + left + bIndex] as number) +
        (input[top + right + bIndex] as number) +
        (input[bottom + left + bIndex] as number) +
        (input[bottom + right + bIndex] as number);
      const o = cy * layout.chromaWidth + cx;
      output[layout.uOffset + o] = 128 + ((uR * r + uG * g + uB * b + 2 * one) >> (FRACTION_BITS + 2));
      output[layout.vOffset + o] = 128 + ((vR * r + vG * g + vB * b + 2 * one) >> (FRACTION_BITS + 2));
    }
  }
  return {
    format: 'I420',
    codedWidth: width,
    codedHeight: height,
    bytes,
    layout: i420PlaneLayouts(layout),
  };
}
