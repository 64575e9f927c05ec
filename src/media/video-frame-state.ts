/**
 * The slots of an open VideoFrame and how each constructor fills them: from a buffer (VideoFrameBufferInit) or
 * from another frame (VideoFrameInit).
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-constructors
 * @module
 */
import { mediaDOMException, mediaTypeError } from './errors.js';
import { bufferOf, checkTransferList, detachAll, toBufferSource } from './idl-values.js';
import {
  REC709_COLOR_SPACE,
  SRGB_COLOR_SPACE,
  VideoColorSpace,
  videoColorSpaceOf,
  type ResolvedColorSpace,
  type VideoColorSpaceInit,
} from './video-color-space.js';
import { computeLayoutAndAllocationSize, parseVisibleRect } from './video-frame-copy.js';
import { packVideoFrameData, type VideoFrameData } from './video-frame-data.js';
import {
  addRotations,
  checkDisplaySize,
  parseRotation,
  toVideoFrameBufferInit,
  toVideoFrameInit,
  type VideoFrameMetadata,
} from './video-frame-init.js';
import { equivalentOpaqueFormat, isRGBFormat, planeSpecs, type PixelRect, type VideoPixelFormat } from './video-pixel-format.js';

/** Every slot of an open frame. */
export interface FrameState {
  readonly data: VideoFrameData;
  readonly format: VideoPixelFormat;
  readonly visible: PixelRect;
  readonly rotation: number;
  readonly flip: boolean;
  readonly displayWidth: number;
  readonly displayHeight: number;
  readonly duration: number | null;
  readonly timestamp: number;
  readonly colorSpace: VideoColorSpace;
  readonly metadata: VideoFrameMetadata;
}

/** Pick Color Space: the given colour space, else sRGB for RGB formats and `fallback` for YUV ones. */
export function pickColorSpace(
  given: VideoColorSpaceInit | undefined,
  format: VideoPixelFormat,
  fallback: ResolvedColorSpace,
): VideoColorSpace {
  return given === undefined ? videoColorSpaceOf(isRGBFormat(format) ? SRGB_COLOR_SPACE : fallback) : new VideoColorSpace(given);
}

/** The display size a frame gets when `init` names none: the visible size, swapped for 90° and 270°. */
function defaultDisplaySize(visible: PixelRect, rotation: number): { displayWidth: number; displayHeight: number } {
  const sideways = rotation === 90 || rotation === 270;
  return sideways
    ? { displayWidth: visible.height, displayHeight: visible.width }
    : { displayWidth: visible.width, displayHeight: visible.height };
}

/** @see https://w3c.github.io/webcodecs/#dom-videoframe-videoframe-data-init */
export function fromBuffer(source: unknown, rawInit: unknown): FrameState {
  const context = 'VideoFrame.constructor';
  const bytes = toBufferSource(source, context, 'data');
  const init = toVideoFrameBufferInit(rawInit, context);
  const { format, codedWidth, codedHeight } = init;
  // 1. valid VideoFrameBufferInit; 2.–6. Parse Visible Rect.
  if (codedWidth === 0 || codedHeight === 0) {
    throw mediaTypeError(context, 'codedWidth and codedHeight must not be 0');
  }
  checkDisplaySize(init, context);
  const codedRect = { x: 0, y: 0, width: codedWidth, height: codedHeight };
  const visible = parseVisibleRect(codedRect, init.visibleRect, codedWidth, codedHeight, format, context);
  // 9.–11. Deviation: the layout describes the whole coded image (as Chromium does), not only the visible rect.
  const combined = computeLayoutAndAllocationSize(codedRect, format, init.layout, context);
  if (bytes.byteLength < combined.allocationSize) {
    throw mediaTypeError(context, `data holds ${bytes.byteLength} bytes, ${combined.allocationSize} are needed`);
  }
  // 12.–13.
  checkTransferList(init.transfer, context);
  const layout = combined.computedLayouts.map((plane) => ({ offset: plane.destinationOffset, stride: plane.destinationStride }));
  const given: VideoFrameData = { format, codedWidth, codedHeight, bytes, layout };
  let data: VideoFrameData;
  const buffer = bufferOf(source);
  if (buffer instanceof ArrayBuffer && init.transfer.includes(buffer)) {
    // 14. Use the transferred memory itself (the view reads 0 bytes once its buffer is detached).
    const { byteOffset, byteLength } = bytes;
    const moved = detachAll(init.transfer).get(buffer) as ArrayBuffer;
    data = { ...given, bytes: new Uint8Array(moved, byteOffset, byteLength) };
  } else {
    // 15.–16.
    data = packVideoFrameData(given);
    detachAll(init.transfer);
  }
  const rotation = parseRotation(init.rotation);
  const display =
    init.displayWidth !== undefined && init.displayHeight !== undefined
      ? { displayWidth: init.displayWidth, displayHeight: init.displayHeight }
      : defaultDisplaySize(visible, rotation);
  return {
    data,
    format,
    visible,
    rotation,
    flip: init.flip,
    ...display,
    duration: init.duration ?? null,
    timestamp: init.timestamp,
    colorSpace: pickColorSpace(init.colorSpace ?? undefined, format, REC709_COLOR_SPACE),
    metadata: init.metadata,
  };
}

/**
 * Initialize Frame From Other Frame, given the other frame's slots (`base`, or null when it is closed).
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-initialize-frame-from-other-frame
 */
export function fromOtherFrame(base: FrameState | null, rawInit: unknown): FrameState {
  const context = 'VideoFrame.constructor';
  const init = toVideoFrameInit(rawInit, context);
  if (base === null) {
    throw mediaDOMException('InvalidStateError', context, 'the source frame is closed');
  }
  // 1.–4.
  const format = init.alpha === 'discard' ? equivalentOpaqueFormat(base.format) : base.format;
  const { codedWidth, codedHeight } = base.data;
  const visible = parseVisibleRect(base.visible, init.visibleRect, codedWidth, codedHeight, format, context);
  checkDisplaySize(init, context);
  // 5.–6. The same pixels; an opaque format ignores the alpha plane.
  const data =
    format === base.data.format
      ? base.data
      : {
          format,
          codedWidth,
          codedHeight,
          bytes: base.data.bytes,
          layout: base.data.layout.slice(0, planeSpecs(format).length),
        };
  // Initialize Visible Rect, Orientation, and Display Size.
  const rotation = parseRotation(init.rotation);
  let display = { displayWidth: init.displayWidth ?? 0, displayHeight: init.displayHeight ?? 0 };
  if (init.displayWidth === undefined) {
    const upright = base.rotation === 0 || base.rotation === 180;
    const widthScale = (upright ? base.displayWidth : base.displayHeight) / base.visible.width;
    const heightScale = (upright ? base.displayHeight : base.displayWidth) / base.visible.height;
    const scaled = { x: 0, y: 0, width: Math.round(visible.width * widthScale), height: Math.round(visible.height * heightScale) };
    display = defaultDisplaySize(scaled, rotation);
  }
  return {
    data,
    format,
    visible,
    rotation: addRotations(base.rotation, base.flip, rotation),
    flip: base.flip !== init.flip,
    ...display,
    duration: init.duration ?? base.duration,
    timestamp: init.timestamp ?? base.timestamp,
    colorSpace: base.colorSpace,
    metadata: init.metadata,
  };
}
