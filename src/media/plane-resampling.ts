/**
 * Resampling of one 8-bit plane, the work behind scaleI420.
 *
 * Shrinking by 2x or more on an axis is area averaging done as exact 2x box halvings (2x2, 2x1 or 1x2), repeated
 * while the remaining factor is 2 or more; what remains (a factor under 2, or an enlargement) is bilinear. This is
 * the mip-map approach: close to a true area average in quality and several times cheaper in JavaScript, where each
 * input sample is read about once. Weights are fixed-point and sum exactly to one, so flat areas keep their value
 * exactly.
 *
 * @module
 */
import type { PlaneLayout } from './video-pixel-format.js';

/**
 * Weight precision of the vertical pass (whose sums, ≤ 255 · 2^12, are kept whole) and of the horizontal pass:
 * 255 · 2^12 · 2^11 plus rounding stays below 2^31, so both passes run in 32-bit integers.
 */
const VERTICAL_BITS = 12;
const HORIZONTAL_BITS = 11;
const SHIFT = VERTICAL_BITS + HORIZONTAL_BITS;
const ROUNDING = 1 << (SHIFT - 1);

/** Bilinear taps along one axis: output i is input first[i] weighted (one - fraction[i]) plus the next one. */
interface BilinearTaps {
  readonly first: Int32Array;
  readonly fraction: Int32Array;
}

/**
 * The bilinear taps mapping `outputs` samples onto input positions [start, start + length) of an axis `size`
 * samples long, sample centres aligned, positions clamped inside the region. `first[i] + 1` never passes the end
 * of the axis except when the axis is one sample long (then its fraction is 0).
 */
function bilinearTaps(start: number, length: number, outputs: number, size: number, bits: number): BilinearTaps {
  const one = 1 << bits;
  const scale = length / outputs;
  const low = Math.max(0, start);
  const high = Math.max(low, Math.min(size - 1, start + length - 1));
  const first = new Int32Array(outputs);
  const fraction = new Int32Array(outputs);
  for (let i = 0; i < outputs; i++) {
    const centre = Math.min(Math.max(start + (i + 0.5) * scale - 0.5, low), high);
    let index = Math.floor(centre);
    let weight = Math.round((centre - index) * one);
    if (weight === one) {
      index++;
      weight = 0;
    }
    if (index >= size - 1 && size > 1) {
      // The last sample, read as the second tap of the pair before it.
      index = size - 2;
      weight = one;
    }
    first[i] = index;
    fraction[i] = weight;
  }
  return { first, fraction };
}

/** One plane: where its samples are and which region of it to scale (the region may start between samples). */
export interface PlaneRegion {
  readonly bytes: Uint8Array;
  readonly layout: PlaneLayout;
  readonly width: number;
  readonly height: number;
  readonly x: number;
  readonly y: number;
  readonly regionWidth: number;
  readonly regionHeight: number;
}

let rowBuffer = new Int32Array(0);

/**
 * Bilinear resampling of `source`'s region (a factor under 2, or an enlargement) into `output` at `outputLayout`:
 * for each output row, its two input rows are blended over the columns needed (contiguous, cheap), then that one
 * row is resampled horizontally.
 */
function resampleBilinear(
  source: PlaneRegion,
  output: Uint8Array,
  outputLayout: PlaneLayout,
  outputWidth: number,
  outputHeight: number,
): void {
  const horizontal = bilinearTaps(source.x, source.regionWidth, outputWidth, source.width, HORIZONTAL_BITS);
  const vertical = bilinearTaps(source.y, source.regionHeight, outputHeight, source.height, VERTICAL_BITS);
  const oneX = 1 << HORIZONTAL_BITS;
  const oneY = 1 << VERTICAL_BITS;
  // The input columns read, plus one repeated column so the second tap is always inside the buffer.
  const firstColumn = horizontal.first[0] as number;
  const span = Math.min(source.width, (horizontal.first[outputWidth - 1] as number) + 2) - firstColumn;
  if (rowBuffer.length < span + 1) {
    rowBuffer = new Int32Array(span + 1);
  }
  const row = rowBuffer;
  const columns = horizontal.first.map((index) => index - firstColumn);
  const input = source.bytes;
  const { offset, stride } = source.layout;
  for (let j = 0; j < outputHeight; j++) {
    const top = vertical.first[j] as number;
    const a = offset + top * stride + firstColumn;
    const b = offset + Math.min(top + 1, source.height - 1) * stride + firstColumn;
    const wb = vertical.fraction[j] as number;
    const wa = oneY - wb;
    if (wb === 0) {
      for (let i = 0; i < span; i++) {
        row[i] = oneY * (input[a + i] as number);
      }
    } else {
      for (let i = 0; i < span; i++) {
        row[i] = wa * (input[a + i] as number) + wb * (input[b + i] as number);
      }
    }
    row[span] = row[span - 1] as number;
    let o = outputLayout.offset + j * outputLayout.stride;
    for (let i = 0; i < outputWidth; i++) {
      const p = columns[i] as number;
      const f = horizontal.fraction[i] as number;
      output[o++] = ((row[p] as number) * (oneX - f) + (row[p + 1] as number) * f + ROUNDING) >> SHIFT;
    }
  }
}

/** Whether 32-bit words hold their first byte in their low bits (true on every platform Node runs on today). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Two 8-bit samples in the low byte of each 16-bit half of a word. */
const LANES = 0x00ff00ff;

/** `bytes` as 32-bit words when it starts on a word boundary, for the SWAR loops below. */
function wordsOf(bytes: Uint8Array): Uint32Array | undefined {
  if (!LITTLE_ENDIAN || bytes.byteOffset % 4 !== 0) {
    return undefined;
  }
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
}

/**
 * Averages 2x2 blocks of rows `top` and `bottom` (byte positions in `input`) into `count` samples of `output`
 * from `o`. Four words at a time (SWAR: two samples per 16-bit lane) when both rows are word-aligned.
 */
function halveRowBoth(
  input: Uint8Array,
  words: Uint32Array | undefined,
  top: number,
  bottom: number,
  output: Uint8Array,
  o: number,
  count: number,
): void {
  let i = 0;
  if (words !== undefined && top % 4 === 0 && bottom % 4 === 0) {
    let t = top >>> 2;
    let b = bottom >>> 2;
    for (const groups = count >>> 2; i < groups * 4; i += 4) {
      const a0 = words[t++] as number;
      const a1 = words[t++] as number;
      const b0 = words[b++] as number;
      const b1 = words[b++] as number;
      // Each lane: the 2x2 sum of one output sample, plus 2 for rounding.
      const s0 = (a0 & LANES) + (b0 & LANES) + ((a0 >>> 8) & LANES) + ((b0 >>> 8) & LANES) + 0x00020002;
      const s1 = (a1 & LANES) + (b1 & LANES) + ((a1 >>> 8) & LANES) + ((b1 >>> 8) & LANES) + 0x00020002;
      output[o + i] = s0 >>> 2;
      output[o + i + 1] = s0 >>> 18;
      output[o + i + 2] = s1 >>> 2;
      output[o + i + 3] = s1 >>> 18;
    }
  }
  for (let c = 2 * i; i < count; i++, c += 2) {
    output[o + i] =
      ((input[top + c] as number) + (input[top + c + 1] as number) + (input[bottom + c] as number) + (input[bottom + c + 1] as number) + 2) >>
      2;
  }
}

/** Averages rows `top` and `bottom` sample by sample into `count` samples of `output` from `o` (SWAR when aligned). */
function halveRowVertical(
  input: Uint8Array,
  words: Uint32Array | undefined,
  top: number,
  bottom: number,
  output: Uint8Array,
  o: number,
  count: number,
): void {
  let i = 0;
  if (words !== undefined && top % 4 === 0 && bottom % 4 === 0) {
    let t = top >>> 2;
    let b = bottom >>> 2;
    for (const groups = count >>> 2; i < groups * 4; i += 4) {
      const a = words[t++] as number;
      const c = words[b++] as number;
      const even = (a & LANES) + (c & LANES) + 0x00010001;
      const odd = ((a >>> 8) & LANES) + ((c >>> 8) & LANES) + 0x00010001;
      output[o + i] = even >>> 1;
      output[o + i + 1] = odd >>> 1;
      output[o + i + 2] = even >>> 17;
      output[o + i + 3] = odd >>> 17;
    }
  }
  for (; i < count; i++) {
    output[o + i] = ((input[top + i] as number) + (input[bottom + i] as number) + 1) >> 1;
  }
}

/**
 * Halves `source`'s region by `factorX` x `factorY` (each 1 or 2) into a new packed plane, averaging each block
 * (rounding half up); at an odd edge the last sample is repeated.
 */
function halve(source: PlaneRegion, factorX: 1 | 2, factorY: 1 | 2): PlaneRegion {
  const x0 = Math.floor(source.x);
  const y0 = Math.floor(source.y);
  const width = Math.ceil((Math.min(source.width, Math.ceil(source.x + source.regionWidth)) - x0) / factorX);
  const height = Math.ceil((Math.min(source.height, Math.ceil(source.y + source.regionHeight)) - y0) / factorY);
  const bytes = new Uint8Array(width * height);
  const input = source.bytes;
  const words = wordsOf(input);
  const { offset, stride } = source.layout;
  // Output columns whose second input column exists; the last one may lack it.
  const pairedColumns = factorX === 2 ? Math.min(width, Math.floor((source.width - x0) / 2)) : width;
  for (let j = 0, o = 0; j < height; j++, o += width) {
    const top = offset + (y0 + j * factorY) * stride + x0;
    const bottom = factorY === 2 && y0 + j * 2 + 1 < source.height ? top + stride : top;
    if (factorX === 2) {
      halveRowBoth(input, words, top, bottom, bytes, o, pairedColumns);
      if (pairedColumns < width) {
        const last = 2 * pairedColumns;
        bytes[o + pairedColumns] = ((input[top + last] as number) + (input[bottom + last] as number) + 1) >> 1;
      }
    } else {
      halveRowVertical(input, words, top, bottom, bytes, o, width);
    }
  }
  return {
    bytes,
    layout: { offset: 0, stride: width },
    width,
    height,
    x: (source.x - x0) / factorX,
    y: (source.y - y0) / factorY,
    regionWidth: source.regionWidth / factorX,
    regionHeight: source.regionHeight / factorY,
  };
}

/**
 * Scales `source`'s region to `outputWidth` x `outputHeight` samples into `output` at `outputLayout`: 2x box
 * halvings while an axis shrinks by 2x or more, then bilinear (or a copy when nothing remains to scale).
 */
export function scalePlane(
  source: PlaneRegion,
  output: Uint8Array,
  outputLayout: PlaneLayout,
  outputWidth: number,
  outputHeight: number,
): void {
  let region = source;
  for (;;) {
    const factorX = region.regionWidth >= 2 * outputWidth ? 2 : 1;
    const factorY = region.regionHeight >= 2 * outputHeight ? 2 : 1;
    if (factorX === 1 && factorY === 1) {
      break;
    }
    region = halve(region, factorX, factorY);
  }
  const aligned = Number.isInteger(region.x) && Number.isInteger(region.y);
  if (aligned && region.regionWidth === outputWidth && region.regionHeight === outputHeight) {
    // Nothing left to scale: a crop.
    for (let j = 0; j < outputHeight; j++) {
      const start = region.layout.offset + (region.y + j) * region.layout.stride + region.x;
      output.set(region.bytes.subarray(start, start + outputWidth), outputLayout.offset + j * outputLayout.stride);
    }
    return;
  }
  resampleBilinear(region, output, outputLayout, outputWidth, outputHeight);
}
