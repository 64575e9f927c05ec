/**
 * WebCodecs' pixel formats: the list (which is also the type), what each plane holds, packed layouts, and the
 * geometry checks VideoFrame needs.
 *
 * @see https://w3c.github.io/webcodecs/#pixel-format
 * @module
 */

/**
 * Every `VideoPixelFormat` of WebCodecs, in the spec's order.
 *
 * @see https://w3c.github.io/webcodecs/#enumdef-videopixelformat
 */
export const VIDEO_PIXEL_FORMATS = [
  'I420',
  'I420P10',
  'I420P12',
  'I420A',
  'I420AP10',
  'I420AP12',
  'I422',
  'I422P10',
  'I422P12',
  'I422A',
  'I422AP10',
  'I422AP12',
  'I444',
  'I444P10',
  'I444P12',
  'I444A',
  'I444AP10',
  'I444AP12',
  'NV12',
  'RGBA',
  'RGBX',
  'BGRA',
  'BGRX',
] as const;

/** One of {@link VIDEO_PIXEL_FORMATS}. */
export type VideoPixelFormat = (typeof VIDEO_PIXEL_FORMATS)[number];

/** The interleaved RGB formats, the only targets of `copyTo({ format })`. */
export const RGB_PIXEL_FORMATS = ['RGBA', 'RGBX', 'BGRA', 'BGRX'] as const;

/** One of {@link RGB_PIXEL_FORMATS}. */
export type RGBPixelFormat = (typeof RGB_PIXEL_FORMATS)[number];

/**
 * Where a plane starts in a buffer and how many bytes one of its rows takes, padding included.
 *
 * @see https://w3c.github.io/webcodecs/#dictdef-planelayout
 */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/**
 * A rectangle as WebIDL's DOMRectInit (geometry-1): every member defaults to 0.
 *
 * @see https://drafts.fxtf.org/geometry/#dictdef-domrectinit
 */
export interface DOMRectInit {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/** An integer pixel rectangle. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What one plane of a format holds. */
export interface PlaneSpec {
  /** Bytes per sample (an interleaved UV pair counts as one sample of 2 bytes; an RGBA pixel as one of 4). */
  readonly sampleBytes: number;
  /** Horizontal and vertical sub-sampling factors. */
  readonly subX: 1 | 2;
  readonly subY: 1 | 2;
}

/** The shape of a format family. */
interface FormatSpec {
  readonly planes: readonly PlaneSpec[];
  /** Bits per component: 8, 10 or 12 (10 and 12 are stored in 16-bit little-endian samples). */
  readonly bitDepth: 8 | 10 | 12;
  readonly hasAlpha: boolean;
}

function yuvSpec(subX: 1 | 2, subY: 1 | 2, alpha: boolean, bitDepth: 8 | 10 | 12): FormatSpec {
  const sampleBytes = bitDepth === 8 ? 1 : 2;
  const luma: PlaneSpec = { sampleBytes, subX: 1, subY: 1 };
  const chroma: PlaneSpec = { sampleBytes, subX, subY };
  return { planes: alpha ? [luma, chroma, chroma, luma] : [luma, chroma, chroma], bitDepth, hasAlpha: alpha };
}

const RGB_SPEC = (alpha: boolean): FormatSpec => ({
  planes: [{ sampleBytes: 4, subX: 1, subY: 1 }],
  bitDepth: 8,
  hasAlpha: alpha,
});

const FORMAT_SPECS: Readonly<Record<VideoPixelFormat, FormatSpec>> = {
  I420: yuvSpec(2, 2, false, 8),
  I420P10: yuvSpec(2, 2, false, 10),
  I420P12: yuvSpec(2, 2, false, 12),
  I420A: yuvSpec(2, 2, true, 8),
  I420AP10: yuvSpec(2, 2, true, 10),
  I420AP12: yuvSpec(2, 2, true, 12),
  I422: yuvSpec(2, 1, false, 8),
  I422P10: yuvSpec(2, 1, false, 10),
  I422P12: yuvSpec(2, 1, false, 12),
  I422A: yuvSpec(2, 1, true, 8),
  I422AP10: yuvSpec(2, 1, true, 10),
  I422AP12: yuvSpec(2, 1, true, 12),
  I444: yuvSpec(1, 1, false, 8),
  I444P10: yuvSpec(1, 1, false, 10),
  I444P12: yuvSpec(1, 1, false, 12),
  I444A: yuvSpec(1, 1, true, 8),
  I444AP10: yuvSpec(1, 1, true, 10),
  I444AP12: yuvSpec(1, 1, true, 12),
  NV12: {
    planes: [
      { sampleBytes: 1, subX: 1, subY: 1 },
      { sampleBytes: 2, subX: 2, subY: 2 },
    ],
    bitDepth: 8,
    hasAlpha: false,
  },
  RGBA: RGB_SPEC(true),
  RGBX: RGB_SPEC(false),
  BGRA: RGB_SPEC(true),
  BGRX: RGB_SPEC(false),
};

/** The planes of `format`, in order. */
export function planeSpecs(format: VideoPixelFormat): readonly PlaneSpec[] {
  return FORMAT_SPECS[format].planes;
}

/** Bits per component of `format` (8, 10 or 12). */
export function bitDepthOf(format: VideoPixelFormat): 8 | 10 | 12 {
  return FORMAT_SPECS[format].bitDepth;
}

/** Whether `format` carries alpha (the A plane of I4xxA, the A byte of RGBA/BGRA). */
export function hasAlpha(format: VideoPixelFormat): boolean {
  return FORMAT_SPECS[format].hasAlpha;
}

/** Whether `format` is one of the interleaved RGB formats. */
export function isRGBFormat(format: VideoPixelFormat): format is RGBPixelFormat {
  return (RGB_PIXEL_FORMATS as readonly string[]).includes(format);
}

/**
 * The format without its alpha component (I420A → I420, RGBA → RGBX, …); formats without alpha map to themselves.
 *
 * @see https://w3c.github.io/webcodecs/#equivalent-opaque-format
 */
export function equivalentOpaqueFormat(format: VideoPixelFormat): VideoPixelFormat {
  switch (format) {
    case 'RGBA':
      return 'RGBX';
    case 'BGRA':
      return 'BGRX';
    default:
      return hasAlpha(format) ? (format.replace('A', '') as VideoPixelFormat) : format;
  }
}

/** The 8-bit format with the same planes as `format` (I420P10 → I420, I444AP12 → I444A, …). */
export function eightBitFormat(format: VideoPixelFormat): VideoPixelFormat {
  return format.replace(/P1[02]$/, '') as VideoPixelFormat;
}

/** Samples per row and rows of one plane of a `width` x `height` image (sub-sampled planes round up). */
export function planeSize(plane: PlaneSpec, width: number, height: number): { columns: number; rows: number } {
  return { columns: Math.ceil(width / plane.subX), rows: Math.ceil(height / plane.subY) };
}

/** The tightly packed layout of a `width` x `height` image in `format`, and its total size in bytes. */
export function packedLayout(
  format: VideoPixelFormat,
  width: number,
  height: number,
): { layout: PlaneLayout[]; byteLength: number } {
  const layout: PlaneLayout[] = [];
  let offset = 0;
  for (const plane of planeSpecs(format)) {
    const { columns, rows } = planeSize(plane, width, height);
    const stride = columns * plane.sampleBytes;
    layout.push({ offset, stride });
    offset += stride * rows;
  }
  return { layout, byteLength: offset };
}

/**
 * Whether `rect`'s offset is a multiple of every plane's sub-sampling factors.
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-verify-rect-offset-alignment
 */
export function verifyRectOffsetAlignment(format: VideoPixelFormat, rect: { x: number; y: number }): boolean {
  return planeSpecs(format).every((plane) => rect.x % plane.subX === 0 && rect.y % plane.subY === 0);
}
