/**
 * Conversion of any supported pixel format to packed I420, the format the pipeline works in.
 *
 * YUV formats keep their samples' encoding (matrix and range): only the chroma planes are resampled (averaged) to
 * 4:2:0 and the planes packed. RGB formats are encoded with the given colour space's matrix and range.
 *
 * @module
 */
import { i420Layout, i420PlaneLayouts, type I420Layout } from './i420.js';
import { rgbToI420 } from './rgb-conversion.js';
import { yuvCoefficients, type VideoColorSpaceInit } from './video-color-space.js';
import { toEightBit, type VideoFrameData } from './video-frame-data.js';
import { isRGBFormat, type PlaneLayout } from './video-pixel-format.js';

export { i420PlaneLayouts } from './i420.js';

/** Whether `data` is I420 already packed as i420Layout packs it. */
function isPackedI420(data: VideoFrameData): boolean {
  if (data.format !== 'I420') {
    return false;
  }
  const expected = i420PlaneLayouts(i420Layout(data.codedWidth, data.codedHeight));
  return data.layout.every(
    (plane, index) => plane.offset === expected[index]?.offset && plane.stride === expected[index]?.stride,
  );
}

/**
 * Converts any supported VideoFrameData (I420A, NV12, RGBA/RGBX/BGRA/BGRX, I422, I444, their alpha and 10/12-bit
 * variants) to packed I420 (BT.601 limited range unless fullRange/matrix given). Packed I420 is returned as it is.
 *
 * @param colorSpace - the YUV encoding to produce from RGB (one whose matrix is 'rgb', such as an RGB frame's own
 *   sRGB, means the default); YUV sources keep their own encoding
 */
export function toI420(src: VideoFrameData, colorSpace?: VideoColorSpaceInit): VideoFrameData {
  if (isPackedI420(src)) {
    return src;
  }
  const data = toEightBit(src);
  if (isRGBFormat(data.format)) {
    // An RGB colour space (an RGB frame's own, e.g. sRGB) names no YUV encoding: use the default.
    return rgbToI420(data, yuvCoefficients(colorSpace?.matrix === 'rgb' ? undefined : colorSpace));
  }
  const { codedWidth: width, codedHeight: height } = data;
  const layout = i420Layout(width, height);
  const bytes = new Uint8Array(layout.byteLength);
  const planes = i420PlaneLayouts(layout);
  copyPlane(data.bytes, data.layout[0] as PlaneLayout, bytes, planes[0] as PlaneLayout, width, height);
  const uSource = data.layout[1] as PlaneLayout;
  if (data.format === 'NV12') {
    deinterleave(data.bytes, uSource, bytes, layout);
  } else {
    const vSource = data.layout[2] as PlaneLayout;
    // I420 chroma is copied; I422 averages row pairs; I444 averages 2x2 blocks.
    const family = data.format.slice(0, 4);
    const subX: 1 | 2 = family === 'I444' ? 2 : 1;
    const subY: 1 | 2 = family === 'I420' ? 1 : 2;
    const sourceColumns = subX === 2 ? width : layout.chromaWidth;
    const sourceRows = subY === 2 ? height : layout.chromaHeight;
    const shape = { columns: layout.chromaWidth, rows: layout.chromaHeight, sourceColumns, sourceRows, subX, subY };
    averagePlane(data.bytes, uSource, bytes, planes[1] as PlaneLayout, shape);
    averagePlane(data.bytes, vSource, bytes, planes[2] as PlaneLayout, shape);
  }
  return { format: 'I420', codedWidth: width, codedHeight: height, bytes, layout: planes };
}

function copyPlane(
  input: Uint8Array,
  from: PlaneLayout,
  output: Uint8Array,
  to: PlaneLayout,
  columns: number,
  rows: number,
): void {
  for (let row = 0; row < rows; row++) {
    const start = from.offset + row * from.stride;
    output.set(input.subarray(start, start + columns), to.offset + row * to.stride);
  }
}

function deinterleave(input: Uint8Array, from: PlaneLayout, output: Uint8Array, layout: I420Layout): void {
  for (let row = 0; row < layout.chromaHeight; row++) {
    let i = from.offset + row * from.stride;
    let u = layout.uOffset + row * layout.chromaWidth;
    let v = layout.vOffset + row * layout.chromaWidth;
    for (let column = 0; column < layout.chromaWidth; column++, i += 2) {
      output[u++] = input[i] as number;
      output[v++] = input[i + 1] as number;
    }
  }
}

interface AverageShape {
  /** The output plane's size. */
  readonly columns: number;
  readonly rows: number;
  /** The input plane's size, for clamping at odd edges. */
  readonly sourceColumns: number;
  readonly sourceRows: number;
  /** How many input samples across and down make one output sample (1 or 2). */
  readonly subX: 1 | 2;
  readonly subY: 1 | 2;
}

/** Averages `subX` x `subY` blocks of a chroma plane (rounding half up), repeating the last row/column at edges. */
function averagePlane(input: Uint8Array, from: PlaneLayout, output: Uint8Array, to: PlaneLayout, shape: AverageShape): void {
  const { columns, rows, sourceColumns, sourceRows, subX, subY } = shape;
  if (subX === 1 && subY === 1) {
    copyPlane(input, from, output, to, columns, rows);
    return;
  }
  for (let row = 0; row < rows; row++) {
    const top = from.offset + row * subY * from.stride;
    const bottom = from.offset + Math.min(row * subY + subY - 1, sourceRows - 1) * from.stride;
    let o = to.offset + row * to.stride;
    for (let column = 0; column < columns; column++) {
      const left = column * subX;
      const right = Math.min(left + subX - 1, sourceColumns - 1);
      const sum =
        (input[top + left] as number) +
        (input[top + right] as number) +
        (input[bottom + left] as number) +
        (input[bottom + right] as number);
      output[o++] = (sum + 2) >> 2;
    }
  }
}
