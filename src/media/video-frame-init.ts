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
import { cloneStructured } from './structured-clone.js';

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
  return cloneStructured(metadata) as VideoFrameMetadata;
}

function optional<T>(value: unknown, convert: (raw: unknown) => T): T | undefined {
  return value === undefined ? undefined : convert(value);
}

/** A converter for each member of a dictionary: it gets the member's value as read (undefined when absent). */
type MemberConverters<T> = { readonly [K in keyof T]: (value: unknown) => T[K] };

/**
 * Reads each member `converters` names from `dictionary` once, in lexicographic order of the names (WebIDL's
 * order for a dictionary that inherits from none), and converts it; the first conversion that throws ends it.
 */
function convertMembers<T>(dictionary: Readonly<Record<string, unknown>>, converters: MemberConverters<T>): T {
  const converted: Partial<Record<keyof T, unknown>> = {};
  for (const key of (Object.keys(converters) as (keyof T & string)[]).sort()) {
    converted[key] = converters[key](member(dictionary, key));
  }
  return converted as T;
}

/** The converters of the members both init dictionaries have. */
function baseConverters(context: string): MemberConverters<ConvertedFrameInitBase> {
  return {
    displayHeight: (v) => optional(v, (raw) => toEnforcedUnsignedLong(raw, context, 'displayHeight')),
    displayWidth: (v) => optional(v, (raw) => toEnforcedUnsignedLong(raw, context, 'displayWidth')),
    duration: (v) => optional(v, (raw) => toEnforcedUnsignedLongLong(raw, context, 'duration')),
    flip: (v) => Boolean(v),
    metadata: (v) => toVideoFrameMetadata(v, context),
    rotation: (v) => optional(v, (raw) => toDouble(raw, context, 'rotation')) ?? 0,
    timestamp: (v) => optional(v, (raw) => toEnforcedLongLong(raw, context, 'timestamp')),
    visibleRect: (v) => optional(v, (raw) => toDOMRectInit(raw, context, 'visibleRect')),
  };
}

/** `value` of the required member `key`; undefined is a TypeError. */
function required(value: unknown, key: string, context: string): unknown {
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
  return convertMembers<ConvertedBufferInit>(toDictionary(value, context, 'init'), {
    ...baseConverters(context),
    codedHeight: (v) => toEnforcedUnsignedLong(required(v, 'codedHeight', context), context, 'codedHeight'),
    codedWidth: (v) => toEnforcedUnsignedLong(required(v, 'codedWidth', context), context, 'codedWidth'),
    colorSpace: (v) => optional(v, (raw) => toVideoColorSpaceInit(raw, context)),
    format: (v) => toEnumValue(VIDEO_PIXEL_FORMATS, required(v, 'format', context), context, 'format'),
    layout: (v) => optional(v, (raw) => toPlaneLayouts(raw, context, 'layout')),
    timestamp: (v) => toEnforcedLongLong(required(v, 'timestamp', context), context, 'timestamp'),
    transfer: (v) => toTransferList(v, context, 'transfer'),
  });
}

/** Converts a VideoFrameInit. */
export function toVideoFrameInit(value: unknown, context: string): ConvertedFrameInit {
  return convertMembers<ConvertedFrameInit>(toDictionary(value, context, 'init'), {
    ...baseConverters(context),
    alpha: (v) => optional(v, (raw) => toEnumValue(ALPHA_OPTIONS, raw, context, 'alpha')) ?? 'keep',
  });
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
