/**
 * The pixels behind a VideoFrame ({@link VideoFrameData}: format, coded size, bytes and plane layout) and the
 * operations on them that do not depend on a frame: checking, packing and reducing to 8 bits.
 *
 * @module
 */
import {
  bitDepthOf,
  eightBitFormat,
  packedLayout,
  planeSize,
  planeSpecs,
  type PlaneLayout,
  type VideoPixelFormat,
} from './video-pixel-format.js';

/** What backs a frame: immutable once created, shared by clones. */
export interface VideoFrameData {
  readonly format: VideoPixelFormat;
  readonly codedWidth: number;
  readonly codedHeight: number;
  /**
   * The pixels. Reading them may first draw them: a source may hand out frames whose pixels are made on first
   * read (the fake camera paints a frame only when something looks at it), and then sets `memory`.
   */
  readonly bytes: Uint8Array;
  readonly layout: readonly PlaneLayout[]; // one entry per plane
  /** The memory `bytes` returns, for data whose `bytes` draws on first read: its identity and size, undrawn. */
  readonly memory?: Uint8Array;
}

/** The memory behind `data`, without drawing pixels made on first read: for its identity and size only. */
export function memoryOf(data: VideoFrameData): Uint8Array {
  return data.memory ?? data.bytes;
}

/**
 * Throws a RangeError unless `data` is consistent: positive integer coded size, one layout entry per plane, and
 * every plane's rows inside `bytes`.
 */
export function checkVideoFrameData(data: VideoFrameData, context: string): void {
  const { format, codedWidth, codedHeight, layout } = data;
  const bytes = memoryOf(data);
  if (!Number.isSafeInteger(codedWidth) || !Number.isSafeInteger(codedHeight) || codedWidth < 1 || codedHeight < 1) {
    throw new RangeError(`${context}: ${codedWidth}x${codedHeight} is not a valid coded size`);
  }
  const planes = planeSpecs(format);
  if (layout.length !== planes.length) {
    throw new RangeError(`${context}: ${format} has ${planes.length} planes, the layout ${layout.length}`);
  }
  planes.forEach((plane, index) => {
    const { offset, stride } = layout[index] as PlaneLayout;
    const { columns, rows } = planeSize(plane, codedWidth, codedHeight);
    const rowBytes = columns * plane.sampleBytes;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(stride) || offset < 0 || stride < rowBytes) {
      throw new RangeError(`${context}: plane ${index} has an invalid layout (offset ${offset}, stride ${stride})`);
    }
    if (offset + stride * (rows - 1) + rowBytes > bytes.byteLength) {
      throw new RangeError(`${context}: plane ${index} does not fit in ${bytes.byteLength} bytes`);
    }
  });
}

/**
 * Copies the planes of `data` into a new tightly packed buffer (the same format and coded size).
 */
export function packVideoFrameData(data: VideoFrameData): VideoFrameData {
  const packed = packedLayout(data.format, data.codedWidth, data.codedHeight);
  const bytes = new Uint8Array(packed.byteLength);
  planeSpecs(data.format).forEach((plane, index) => {
    const { columns, rows } = planeSize(plane, data.codedWidth, data.codedHeight);
    copyRows(data.bytes, data.layout[index] as PlaneLayout, bytes, packed.layout[index] as PlaneLayout, columns * plane.sampleBytes, rows);
  });
  return { format: data.format, codedWidth: data.codedWidth, codedHeight: data.codedHeight, bytes, layout: packed.layout };
}

/** Copies `rows` rows of `rowBytes` bytes between two strided planes. */
export function copyRows(
  source: Uint8Array,
  sourceLayout: PlaneLayout,
  destination: Uint8Array,
  destinationLayout: PlaneLayout,
  rowBytes: number,
  rows: number,
): void {
  if (sourceLayout.stride === rowBytes && destinationLayout.stride === rowBytes) {
    const start = sourceLayout.offset;
    destination.set(source.subarray(start, start + rowBytes * rows), destinationLayout.offset);
    return;
  }
  for (let row = 0; row < rows; row++) {
    const start = sourceLayout.offset + row * sourceLayout.stride;
    destination.set(source.subarray(start, start + rowBytes), destinationLayout.offset + row * destinationLayout.stride);
  }
}

/**
 * The same image with 8-bit samples: 10- and 12-bit formats are reduced (rounded) to their 8-bit counterparts in a
 * new packed buffer; 8-bit data is returned as it is.
 */
export function toEightBit(data: VideoFrameData): VideoFrameData {
  const depth = bitDepthOf(data.format);
  if (depth === 8) {
    return data;
  }
  const shift = depth - 8;
  const half = 1 << (shift - 1);
  const format = eightBitFormat(data.format);
  const packed = packedLayout(format, data.codedWidth, data.codedHeight);
  const bytes = new Uint8Array(packed.byteLength);
  const view = new DataView(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  planeSpecs(data.format).forEach((plane, index) => {
    const { columns, rows } = planeSize(plane, data.codedWidth, data.codedHeight);
    const source = data.layout[index] as PlaneLayout;
    const destination = packed.layout[index] as PlaneLayout;
    for (let row = 0; row < rows; row++) {
      let input = source.offset + row * source.stride;
      let output = destination.offset + row * destination.stride;
      for (let column = 0; column < columns; column++, input += 2) {
        bytes[output++] = Math.min(255, (view.getUint16(input, true) + half) >> shift);
      }
    }
  });
  return { format, codedWidth: data.codedWidth, codedHeight: data.codedHeight, bytes, layout: packed.layout };
}
