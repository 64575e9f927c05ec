/**
 * WebCodecs' VideoColorSpace and the YUV ↔ RGB coefficients a colour space implies.
 *
 * @see https://w3c.github.io/webcodecs/#videocolorspace
 * @module
 */
import { assertBrand } from './errors.js';
import { member, toDictionary, toEnumValue } from './idl-values.js';

/** @see https://w3c.github.io/webcodecs/#enumdef-videocolorprimaries */
export const VIDEO_COLOR_PRIMARIES = ['bt709', 'bt470bg', 'smpte170m', 'bt2020', 'smpte432'] as const;
/** One of {@link VIDEO_COLOR_PRIMARIES}. */
export type VideoColorPrimaries = (typeof VIDEO_COLOR_PRIMARIES)[number];

/** @see https://w3c.github.io/webcodecs/#enumdef-videotransfercharacteristics */
export const VIDEO_TRANSFER_CHARACTERISTICS = ['bt709', 'smpte170m', 'iec61966-2-1', 'linear', 'pq', 'hlg'] as const;
/** One of {@link VIDEO_TRANSFER_CHARACTERISTICS}. */
export type VideoTransferCharacteristics = (typeof VIDEO_TRANSFER_CHARACTERISTICS)[number];

/** @see https://w3c.github.io/webcodecs/#enumdef-videomatrixcoefficients */
export const VIDEO_MATRIX_COEFFICIENTS = ['rgb', 'bt709', 'bt470bg', 'smpte170m', 'bt2020-ncl'] as const;
/** One of {@link VIDEO_MATRIX_COEFFICIENTS}. */
export type VideoMatrixCoefficients = (typeof VIDEO_MATRIX_COEFFICIENTS)[number];

/** @see https://w3c.github.io/webcodecs/#dictdef-videocolorspaceinit */
export interface VideoColorSpaceInit {
  primaries?: VideoColorPrimaries | null;
  transfer?: VideoTransferCharacteristics | null;
  matrix?: VideoMatrixCoefficients | null;
  fullRange?: boolean | null;
}

/** A VideoColorSpaceInit after WebIDL conversion: every member present, `null` when unknown. */
export interface ResolvedColorSpace {
  readonly primaries: VideoColorPrimaries | null;
  readonly transfer: VideoTransferCharacteristics | null;
  readonly matrix: VideoMatrixCoefficients | null;
  readonly fullRange: boolean | null;
}

/** Converts a VideoColorSpaceInit dictionary (nullable enums, nullable boolean). */
export function toVideoColorSpaceInit(value: unknown, context: string): ResolvedColorSpace {
  const dictionary = toDictionary(value, context, 'colorSpace');
  const nullableEnum = <const T extends readonly string[]>(values: T, key: string): T[number] | null => {
    const raw = member(dictionary, key);
    return raw === undefined || raw === null ? null : toEnumValue(values, raw, context, `colorSpace.${key}`);
  };
  // Members in lexicographic order, as WebIDL reads them.
  const fullRangeValue = member(dictionary, 'fullRange');
  const fullRange = fullRangeValue === undefined || fullRangeValue === null ? null : Boolean(fullRangeValue);
  const matrix = nullableEnum(VIDEO_MATRIX_COEFFICIENTS, 'matrix');
  const primaries = nullableEnum(VIDEO_COLOR_PRIMARIES, 'primaries');
  const transfer = nullableEnum(VIDEO_TRANSFER_CHARACTERISTICS, 'transfer');
  return { primaries, transfer, matrix, fullRange };
}

/**
 * The colour space of video samples: primaries, transfer characteristics, matrix coefficients and range.
 *
 * @see https://w3c.github.io/webcodecs/#videocolorspace
 */
export class VideoColorSpace {
  readonly #primaries: VideoColorPrimaries | null;
  readonly #transfer: VideoTransferCharacteristics | null;
  readonly #matrix: VideoMatrixCoefficients | null;
  readonly #fullRange: boolean | null;

  /** @see https://w3c.github.io/webcodecs/#dom-videocolorspace-videocolorspace */
  constructor(init: VideoColorSpaceInit = {}) {
    const resolved =
      init === RESOLVED && resolvedInit !== undefined ? resolvedInit : toVideoColorSpaceInit(init, 'VideoColorSpace.constructor');
    this.#primaries = resolved.primaries;
    this.#transfer = resolved.transfer;
    this.#matrix = resolved.matrix;
    this.#fullRange = resolved.fullRange;
  }

  /** The colour primaries, or null when unknown. */
  get primaries(): VideoColorPrimaries | null {
    assertBrand(#primaries in this, 'VideoColorSpace.primaries');
    return this.#primaries;
  }

  /** The transfer characteristics, or null when unknown. */
  get transfer(): VideoTransferCharacteristics | null {
    assertBrand(#transfer in this, 'VideoColorSpace.transfer');
    return this.#transfer;
  }

  /** The matrix coefficients, or null when unknown. */
  get matrix(): VideoMatrixCoefficients | null {
    assertBrand(#matrix in this, 'VideoColorSpace.matrix');
    return this.#matrix;
  }

  /** Whether samples use the full range, or null when unknown. */
  get fullRange(): boolean | null {
    assertBrand(#fullRange in this, 'VideoColorSpace.fullRange');
    return this.#fullRange;
  }

  /** The members as a VideoColorSpaceInit (WebIDL `[Default] toJSON`). */
  toJSON(): Required<VideoColorSpaceInit> {
    assertBrand(#primaries in this, 'VideoColorSpace.toJSON');
    return { primaries: this.#primaries, transfer: this.#transfer, matrix: this.#matrix, fullRange: this.#fullRange };
  }
}

Object.defineProperty(VideoColorSpace.prototype, Symbol.toStringTag, { value: 'VideoColorSpace', configurable: true });

/** Passed as the constructor's init by {@link videoColorSpaceOf}, with the values in {@link resolvedInit}. */
const RESOLVED: VideoColorSpaceInit = Object.freeze({});
let resolvedInit: ResolvedColorSpace | undefined;

/**
 * A VideoColorSpace of values already converted (this package's constants, another colour space's), made
 * without the WebIDL conversion the constructor applies to script's dictionaries: frames are made at the
 * frame rate, each with its own colour space.
 */
export function videoColorSpaceOf(resolved: ResolvedColorSpace): VideoColorSpace {
  resolvedInit = resolved;
  try {
    return new VideoColorSpace(RESOLVED);
  } finally {
    resolvedInit = undefined;
  }
}

/** BT.601 (smpte170m) limited range: what Chromium's capture produces and this package's sources use. */
export const SMPTE170M_COLOR_SPACE: ResolvedColorSpace = Object.freeze({
  primaries: 'smpte170m',
  transfer: 'smpte170m',
  matrix: 'smpte170m',
  fullRange: false,
});

/** @see https://w3c.github.io/webcodecs/#srgb-color-space */
export const SRGB_COLOR_SPACE: ResolvedColorSpace = Object.freeze({
  primaries: 'bt709',
  transfer: 'iec61966-2-1',
  matrix: 'rgb',
  fullRange: true,
});

/** @see https://w3c.github.io/webcodecs/#rec709-color-space */
export const REC709_COLOR_SPACE: ResolvedColorSpace = Object.freeze({
  primaries: 'bt709',
  transfer: 'bt709',
  matrix: 'bt709',
  fullRange: false,
});

/** The luma weights of red and blue, and the sample range, that turn Y'CbCr into R'G'B' and back. */
export interface YUVCoefficients {
  /** Kr and Kb of the matrix (Kg = 1 - Kr - Kb). */
  readonly kr: number;
  readonly kb: number;
  readonly fullRange: boolean;
}

/**
 * The YUV coefficients of a colour space: BT.709, BT.2020 or (for smpte170m, bt470bg, rgb and unknown matrices)
 * BT.601; limited range unless `fullRange` is true.
 */
export function yuvCoefficients(colorSpace: VideoColorSpaceInit | undefined): YUVCoefficients {
  const fullRange = colorSpace?.fullRange === true;
  switch (colorSpace?.matrix) {
    case 'bt709':
      return { kr: 0.2126, kb: 0.0722, fullRange };
    case 'bt2020-ncl':
      return { kr: 0.2627, kb: 0.0593, fullRange };
    default:
      return { kr: 0.299, kb: 0.114, fullRange };
  }
}
