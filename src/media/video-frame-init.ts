/**
 * WebIDL conversion of VideoFrame's init dictionaries (VideoFrameBufferInit, VideoFrameInit, VideoFrameMetadata)
 * and the rotation arithmetic both constructors share.
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-interface
 * @module
 */
import { mediaTypeError } from './errors.js';
import {
  member,
  toDictionary,
  toDouble,
  toEnforcedLongLong,
  toEnforcedUnsignedLong,
  toEnforcedUnsignedLongLong,
  toEnumValue,
  toTransferList,
} from './idl-values.js';
import { toVideoColorSpaceInit, type ResolvedColorSpace, type VideoColorSpaceInit } from './video-color-space.js';
import { toDOMRectInit, toPlaneLayouts } from './video-frame-copy.js';
import { VIDEO_PIXEL_FORMATS, type DOMRectInit, type PlaneLayout, type VideoPixelFormat } from './video-pixel-format.js';

/**
 * Members of the VideoFrame Metadata Registry.
 *
 * @see https://w3c.github.io/webcodecs/video_frame_metadata_registry.html
 */
export interface VideoFrameMetadata {
  segments?: unknown;
  captureTime?: number;
  receiveTime?: number;
  rtpTimestamp?: number;
  backgroundBlur?: unknown;
  backgroundSegmentationMask?: unknown;
}

const METADATA_MEMBERS = [
  'backgroundBlur',
  'backgroundSegmentationMask',
  'captureTime',
  'receiveTime',
  'rtpTimestamp',
  'segments',
] as const;

/** @see https://w3c.github.io/webcodecs/#enumdef-alphaoption */
export const ALPHA_OPTIONS = ['keep', 'discard'] as const;
/** One of {@link ALPHA_OPTIONS}. */
export type AlphaOption = (typeof ALPHA_OPTIONS)[number];

/** @see https://w3c.github.io/webcodecs/#dictdef-videoframebufferinit */
export interface VideoFrameBufferInit {
  format: VideoPixelFormat;
  codedWidth: number;
  codedHeight: number;
  /** Microseconds. */
  timestamp: number;
  /** Microseconds. */
  duration?: number;
  layout?: PlaneLayout[];
  visibleRect?: DOMRectInit;
  rotation?: number;
  flip?: boolean;
  displayWidth?: number;
  displayHeight?: number;
  colorSpace?: VideoColorSpaceInit;
  transfer?: ArrayBuffer[];
  metadata?: VideoFrameMetadata;
}

/** @see https://w3c.github.io/webcodecs/#dictdef-videoframeinit */
export interface VideoFrameInit {
  /** Microseconds. */
  duration?: number;
  /** Microseconds. */
  timestamp?: number;
  alpha?: AlphaOption;
  visibleRect?: DOMRectInit;
  rotation?: number;
  flip?: boolean;
  displayWidth?: number;
  displayHeight?: number;
  metadata?: VideoFrameMetadata;
}

/** The members both init dictionaries have, converted. */
interface ConvertedFrameInitBase {
  readonly duration: number | undefined;
  readonly timestamp: number | undefined;
  readonly visibleRect: Required<DOMRectInit> | undefined;
  readonly rotation: number;
  readonly flip: boolean;
  readonly displayWidth: number | undefined;
  readonly displayHeight: number | undefined;
  readonly metadata: VideoFrameMetadata;
}

/** VideoFrameBufferInit after conversion. */
export interface ConvertedBufferInit extends ConvertedFrameInitBase {
  readonly format: VideoPixelFormat;
  readonly codedWidth: number;
  readonly codedHeight: number;
  readonly timestamp: number;
  readonly layout: PlaneLayout[] | undefined;
  readonly colorSpace: ResolvedColorSpace | undefined;
  readonly transfer: ArrayBuffer[];
}

/** VideoFrameInit after conversion. */
export interface ConvertedFrameInit extends ConvertedFrameInitBase {
  readonly alpha: AlphaOption;
}

/** Converts a VideoFrameMetadata dictionary and copies it (StructuredSerialize + Deserialize). */
export function toVideoFrameMetadata(value: unknown, context: string): VideoFrameMetadata {
  const dictionary = toDictionary(value, context, 'metadata');
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_MEMBERS) {
    const raw = member(dictionary, key);
    if (raw !== undefined) {
      metadata[key] = raw;
    }
  }
  return structuredClone(metadata) as VideoFrameMetadata;
}

function optional<T>(value: unknown, convert: (raw: unknown) => T): T | undefined {
  return value === undefined ? undefined : convert(value);
}

/** The members of both dictionaries, read in lexicographic order by the callers. */
function convertBase(dictionary: Readonly<Record<string, unknown>>, context: string): ConvertedFrameInitBase {
  return {
    displayHeight: optional(member(dictionary, 'displayHeight'), (v) => toEnforcedUnsignedLong(v, context, 'displayHeight')),
    displayWidth: optional(member(dictionary, 'displayWidth'), (v) => toEnforcedUnsignedLong(v, context, 'displayWidth')),
    duration: optional(member(dictionary, 'duration'), (v) => toEnforcedUnsignedLongLong(v, context, 'duration')),
    flip: Boolean(member(dictionary, 'flip')),
    metadata: toVideoFrameMetadata(member(dictionary, 'metadata'), context),
    rotation: optional(member(dictionary, 'rotation'), (v) => toDouble(v, context, 'rotation')) ?? 0,
    timestamp: optional(member(dictionary, 'timestamp'), (v) => toEnforcedLongLong(v, context, 'timestamp')),
    visibleRect: optional(member(dictionary, 'visibleRect'), (v) => toDOMRectInit(v, context, 'visibleRect')),
  };
}

function required(dictionary: Readonly<Record<string, unknown>>, key: string, context: string): unknown {
  const value = member(dictionary, key);
  if (value === undefined) {
    throw mediaTypeError(context, `init.${key} is required`);
  }
  return value;
}

/** Converts a VideoFrameBufferInit (required members missing are TypeErrors). */
export function toVideoFrameBufferInit(value: unknown, context: string): ConvertedBufferInit {
  if (value === undefined || value === null) {
    throw mediaTypeError(context, 'init is required');
  }
  const dictionary = toDictionary(value, context, 'init');
  const codedHeight = toEnforcedUnsignedLong(required(dictionary, 'codedHeight', context), context, 'codedHeight');
  const codedWidth = toEnforcedUnsignedLong(required(dictionary, 'codedWidth', context), context, 'codedWidth');
  const colorSpaceValue = member(dictionary, 'colorSpace');
  const colorSpace = colorSpaceValue === undefined ? undefined : toVideoColorSpaceInit(colorSpaceValue, context);
  const base = convertBase(dictionary, context);
  const format = toEnumValue(VIDEO_PIXEL_FORMATS, required(dictionary, 'format', context), context, 'format');
  const layout = optional(member(dictionary, 'layout'), (v) => toPlaneLayouts(v, context, 'layout'));
  const timestamp = toEnforcedLongLong(required(dictionary, 'timestamp', context), context, 'timestamp');
  const transfer = toTransferList(member(dictionary, 'transfer'), context, 'transfer');
  return { ...base, codedHeight, codedWidth, colorSpace, format, layout, timestamp, transfer };
}

/** Converts a VideoFrameInit. */
export function toVideoFrameInit(value: unknown, context: string): ConvertedFrameInit {
  const dictionary = toDictionary(value, context, 'init');
  const alpha = optional(member(dictionary, 'alpha'), (v) => toEnumValue(ALPHA_OPTIONS, v, context, 'alpha')) ?? 'keep';
  return { ...convertBase(dictionary, context), alpha };
}

/**
 * Parse Rotation: the nearest multiple of 90 (ties towards +∞), within [0, 360).
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-parse-rotation
 */
export function parseRotation(rotation: number): number {
  const aligned = Math.floor(rotation / 90 + 0.5) * 90;
  return aligned - Math.floor(aligned / 360) * 360;
}

/**
 * Add Rotations: a base rotation and flip followed by a further rotation.
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-add-rotations
 */
export function addRotations(baseRotation: number, baseFlip: boolean, rotation: number): number {
  const combined = baseFlip ? baseRotation - rotation : baseRotation + rotation;
  return combined - Math.floor(combined / 360) * 360;
}

/**
 * The display-size checks both constructors make: both or neither of displayWidth/displayHeight, and not 0.
 *
 * @throws TypeError
 */
export function checkDisplaySize(
  init: { readonly displayWidth?: number | undefined; readonly displayHeight?: number | undefined },
  context: string,
): void {
  if ((init.displayWidth === undefined) !== (init.displayHeight === undefined)) {
    throw mediaTypeError(context, 'displayWidth and displayHeight must be given together');
  }
  if (init.displayWidth === 0 || init.displayHeight === 0) {
    throw mediaTypeError(context, 'displayWidth and displayHeight must not be 0');
  }
}
