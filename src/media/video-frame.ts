/**
 * WebCodecs' VideoFrame for Node.js (which has none): a frame of raw pixels with its timing, geometry and colour
 * space, copyable into caller buffers in its own format or converted to RGB.
 *
 * Frames made by this package come from {@link videoFrameInternals}.create, over a {@link VideoFrameData} that is
 * never copied; clones share it. A frame that is never closed shows up in {@link videoFrameInternals}.openFrameCount.
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-interface
 * @module
 */
import { assertBrand, closedError, mediaDOMException, mediaTypeError } from './errors.js';
import { toBufferSource, type AllowSharedBufferSource } from './idl-values.js';
import { convertRectToRGB } from './rgb-conversion.js';
import { SMPTE170M_COLOR_SPACE, VideoColorSpace, yuvCoefficients, type VideoColorSpaceInit } from './video-color-space.js';
import {
  computeLayoutAndAllocationSize,
  copyPlanes,
  parseVisibleRect,
  toCopyToOptions,
  type VideoFrameCopyToOptions,
} from './video-frame-copy.js';
import { checkVideoFrameData, memoryOf, toEightBit, type VideoFrameData } from './video-frame-data.js';
import type { VideoFrameBufferInit, VideoFrameInit, VideoFrameMetadata } from './video-frame-init.js';
import { checkDisplaySize } from './video-frame-init.js';
import { fromBuffer, fromOtherFrame, pickColorSpace, type FrameState } from './video-frame-state.js';
import { isRGBFormat, type DOMRectInit, type PixelRect, type PlaneLayout, type VideoPixelFormat } from './video-pixel-format.js';
import { cloneStructured } from './structured-clone.js';

export type { VideoFrameData } from './video-frame-data.js';
export type { VideoFrameBufferInit, VideoFrameInit, VideoFrameMetadata } from './video-frame-init.js';
export type { VideoFrameCopyToOptions, PredefinedColorSpace } from './video-frame-copy.js';
export { VideoColorSpace, type VideoColorSpaceInit } from './video-color-space.js';
export { VIDEO_PIXEL_FORMATS, type VideoPixelFormat, type PlaneLayout, type DOMRectInit } from './video-pixel-format.js';

/** Options of {@link videoFrameInternals}.create. Times are microseconds. */
export interface VideoFrameDataInit {
  timestamp: number;
  duration?: number | null;
  visibleRect?: DOMRectInit;
  displayWidth?: number;
  displayHeight?: number;
  colorSpace?: VideoColorSpaceInit;
}

/** A read-only rectangle shaped like DOMRectReadOnly (Node has no DOMRectReadOnly). */
export interface VideoFrameRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

function makeRect({ x, y, width, height }: PixelRect): VideoFrameRect {
  return Object.freeze({ x, y, width, height, top: y, right: x + width, bottom: y + height, left: x });
}

/** Passed as the constructor's first argument by internal code, with a FrameState as the second. */
const CREATE: unique symbol = Symbol('VideoFrame.create');

let openFrames = 0;
let frameState: (frame: VideoFrame) => FrameState | null;

/**
 * Buffers whose owner wants them back once no open frame uses them (a source's buffer pool): the number of
 * open frames over each buffer, and what to call when it drops to zero.
 */
const releasable = new WeakMap<Uint8Array, { frames: number; release: () => void }>();

/**
 * A frame of video: pixels (shared by clones, released by close()) plus timestamp, geometry and colour space.
 *
 * @see https://w3c.github.io/webcodecs/#videoframe-interface
 */
export class VideoFrame {
  /** [[resource reference]] and the slots describing it; null once closed ([[Detached]]). */
  #state: FrameState | null = null;
  #timestamp = 0;
  #duration: number | null = null;
  // Always set by #initialize (every constructor path), so no frame makes a VideoColorSpace it throws away.
  #colorSpace!: VideoColorSpace;

  /** Creates a frame over a copy of `data` (or over `data` itself when its buffer is in `init.transfer`). */
  constructor(data: AllowSharedBufferSource, init: VideoFrameBufferInit);
  /** Creates a frame sharing the pixels of `image`, with `init` overriding timing and geometry. */
  constructor(image: VideoFrame, init?: VideoFrameInit);
  constructor(source: unknown, init?: unknown) {
    if (source === CREATE) {
      this.#initialize(init as FrameState);
      return;
    }
    if (typeof source === 'object' && source !== null && #state in source) {
      this.#initialize(fromOtherFrame(frameState(source), init));
      return;
    }
    this.#initialize(fromBuffer(source, init));
  }

  #initialize(state: FrameState): void {
    this.#state = state;
    this.#timestamp = state.timestamp;
    this.#duration = state.duration;
    this.#colorSpace = state.colorSpace;
    openFrames++;
    const tracker = releasable.get(memoryOf(state.data));
    if (tracker !== undefined) {
      tracker.frames++;
    }
  }

  static {
    frameState = (frame) => frame.#state;
  }

  /** The pixel format, or null once closed. */
  get format(): VideoPixelFormat | null {
    assertBrand(#state in this, 'VideoFrame.format');
    return this.#state?.format ?? null;
  }

  /** Width in pixels of the stored image, padding included (0 once closed). */
  get codedWidth(): number {
    assertBrand(#state in this, 'VideoFrame.codedWidth');
    return this.#state?.data.codedWidth ?? 0;
  }

  /** Height in pixels of the stored image, padding included (0 once closed). */
  get codedHeight(): number {
    assertBrand(#state in this, 'VideoFrame.codedHeight');
    return this.#state?.data.codedHeight ?? 0;
  }

  /** The coded size at (0, 0), or null once closed. */
  get codedRect(): VideoFrameRect | null {
    assertBrand(#state in this, 'VideoFrame.codedRect');
    const state = this.#state;
    return state === null ? null : makeRect({ x: 0, y: 0, width: state.data.codedWidth, height: state.data.codedHeight });
  }

  /** The pixels meant to be shown, or null once closed. */
  get visibleRect(): VideoFrameRect | null {
    assertBrand(#state in this, 'VideoFrame.visibleRect');
    return this.#state === null ? null : makeRect(this.#state.visible);
  }

  /** Clockwise rotation to apply when rendering: 0, 90, 180 or 270. */
  get rotation(): number {
    assertBrand(#state in this, 'VideoFrame.rotation');
    return this.#state?.rotation ?? 0;
  }

  /** Whether to flip horizontally (after rotating) when rendering. */
  get flip(): boolean {
    assertBrand(#state in this, 'VideoFrame.flip');
    return this.#state?.flip ?? false;
  }

  /** Width when displayed, after rotation and aspect-ratio adjustment (0 once closed). */
  get displayWidth(): number {
    assertBrand(#state in this, 'VideoFrame.displayWidth');
    return this.#state?.displayWidth ?? 0;
  }

  /** Height when displayed, after rotation and aspect-ratio adjustment (0 once closed). */
  get displayHeight(): number {
    assertBrand(#state in this, 'VideoFrame.displayHeight');
    return this.#state?.displayHeight ?? 0;
  }

  /** Presentation duration in microseconds, or null when unknown. */
  get duration(): number | null {
    assertBrand(#state in this, 'VideoFrame.duration');
    return this.#duration;
  }

  /** Presentation timestamp in microseconds. */
  get timestamp(): number {
    assertBrand(#state in this, 'VideoFrame.timestamp');
    return this.#timestamp;
  }

  /** The colour space of the samples. */
  get colorSpace(): VideoColorSpace {
    assertBrand(#state in this, 'VideoFrame.colorSpace');
    return this.#colorSpace;
  }

  /** A copy of the frame's metadata. @throws InvalidStateError once closed */
  metadata(): VideoFrameMetadata {
    assertBrand(#state in this, 'VideoFrame.metadata');
    if (this.#state === null) {
      throw closedError('VideoFrame.metadata');
    }
    return cloneStructured(this.#state.metadata);
  }

  /**
   * The bytes copyTo() needs for `options`.
   *
   * @throws InvalidStateError once closed; TypeError or NotSupportedError for bad options
   * @see https://w3c.github.io/webcodecs/#dom-videoframe-allocationsize
   */
  allocationSize(options: VideoFrameCopyToOptions = {}): number {
    assertBrand(#state in this, 'VideoFrame.allocationSize');
    const converted = toCopyToOptions(options, 'VideoFrame.allocationSize');
    if (this.#state === null) {
      throw closedError('VideoFrame.allocationSize');
    }
    return parseCopyToOptions(this.#state, converted, 'VideoFrame.allocationSize').combined.allocationSize;
  }

  /**
   * Copies the pixels of `options.rect` (default: the visible rect) into `destination`, in the frame's format or
   * converted to `options.format` (RGBA, RGBX, BGRA or BGRX). The copy is made before this returns, so the frame
   * may be closed at once; the promise resolves with where each plane went.
   *
   * @see https://w3c.github.io/webcodecs/#dom-videoframe-copyto
   */
  async copyTo(destination: AllowSharedBufferSource, options: VideoFrameCopyToOptions = {}): Promise<PlaneLayout[]> {
    assertBrand(#state in this, 'VideoFrame.copyTo');
    const context = 'VideoFrame.copyTo';
    const bytes = toBufferSource(destination, context, 'destination');
    const converted = toCopyToOptions(options, context);
    // 1.
    const state = this.#state;
    if (state === null) {
      throw closedError(context);
    }
    // 3.–4.
    const { combined, rect, format } = parseCopyToOptions(state, converted, context);
    // 5.
    if (bytes.byteLength < combined.allocationSize) {
      throw mediaTypeError(context, `destination holds ${bytes.byteLength} bytes, ${combined.allocationSize} are needed`);
    }
    // 6. Conversion to RGB.
    if (format !== state.format && isRGBFormat(format)) {
      const plane = combined.computedLayouts[0] as (typeof combined.computedLayouts)[number];
      const target = { bytes, format, offset: plane.destinationOffset, stride: plane.destinationStride };
      convertRectToRGB(toEightBit(state.data), rect, yuvCoefficients(state.colorSpace), target);
      return [{ offset: target.offset, stride: target.stride }];
    }
    // 7.–10.
    return copyPlanes(state.data, combined, bytes);
  }

  /**
   * A new frame sharing this frame's pixels. @throws InvalidStateError once closed
   *
   * @see https://w3c.github.io/webcodecs/#dom-videoframe-clone
   */
  clone(): VideoFrame {
    assertBrand(#state in this, 'VideoFrame.clone');
    if (this.#state === null) {
      throw closedError('VideoFrame.clone');
    }
    return createFrame(this.#state);
  }

  /**
   * Releases the pixels; every later call but close() throws. Closing twice does nothing.
   *
   * @see https://w3c.github.io/webcodecs/#close-videoframe
   */
  close(): void {
    assertBrand(#state in this, 'VideoFrame.close');
    if (this.#state !== null) {
      const bytes = memoryOf(this.#state.data);
      this.#state = null;
      openFrames--;
      const tracker = releasable.get(bytes);
      if (tracker !== undefined) {
        tracker.frames--;
        if (tracker.frames === 0) {
          releasable.delete(bytes);
          tracker.release();
        }
      }
    }
  }
}

Object.defineProperty(VideoFrame.prototype, Symbol.toStringTag, { value: 'VideoFrame', configurable: true });

/** Parse VideoFrameCopyToOptions, keeping the parsed rect and target format too. */
function parseCopyToOptions(state: FrameState, options: ReturnType<typeof toCopyToOptions>, context: string) {
  const { codedWidth, codedHeight } = state.data;
  const rect = parseVisibleRect(state.visible, options.rect, codedWidth, codedHeight, state.format, context);
  let format = state.format;
  if (options.format !== undefined) {
    if (!isRGBFormat(options.format)) {
      throw mediaDOMException('NotSupportedError', context, `copying to ${options.format} is not supported`);
    }
    if (options.colorSpace === 'display-p3') {
      // Deviation: no colour management, so only sRGB targets.
      throw mediaDOMException('NotSupportedError', context, 'conversion to display-p3 is not supported');
    }
    format = options.format;
  }
  return { combined: computeLayoutAndAllocationSize(rect, format, options.layout, context), rect, format };
}

/** A frame with the given slots, for clone() and the internal API. */
function createFrame(state: FrameState): VideoFrame {
  return new VideoFrame(CREATE as never, state as never);
}

/** The internal API the pipeline and sources use; not part of the package's public surface. */
export const videoFrameInternals = {
  /**
   * A frame over `data` without copying. With `release`, the creator gets its memory back (to reuse) once
   * this frame and every frame sharing its pixels are closed; it must not touch the bytes before then.
   */
  create(data: VideoFrameData, init: VideoFrameDataInit, release?: () => void): VideoFrame {
    const context = 'videoFrameInternals.create';
    checkVideoFrameData(data, context);
    if (release !== undefined) {
      if (releasable.has(memoryOf(data))) {
        throw mediaTypeError(context, 'the buffer is still in use by open frames');
      }
    }
    if (!Number.isFinite(init.timestamp)) {
      throw mediaTypeError(context, 'timestamp must be a finite number of microseconds');
    }
    const { codedWidth, codedHeight, format } = data;
    const codedRect = { x: 0, y: 0, width: codedWidth, height: codedHeight };
    const rect = init.visibleRect === undefined ? undefined : { x: 0, y: 0, width: 0, height: 0, ...init.visibleRect };
    const visible = parseVisibleRect(codedRect, rect, codedWidth, codedHeight, format, context);
    checkDisplaySize(init, context);
    const state: FrameState = {
      data,
      format,
      visible,
      rotation: 0,
      flip: false,
      displayWidth: init.displayWidth ?? visible.width,
      displayHeight: init.displayHeight ?? visible.height,
      duration: init.duration ?? null,
      timestamp: init.timestamp,
      colorSpace: pickColorSpace(init.colorSpace, format, SMPTE170M_COLOR_SPACE),
      metadata: {},
    };
    // Registered once the frame is sure to exist, so a rejected init never leaves the buffer marked in use.
    if (release !== undefined) {
      releasable.set(memoryOf(data), { frames: 0, release });
    }
    return createFrame(state);
  },

  /** The data behind a frame; throws InvalidStateError (DOMException) when closed. */
  data(frame: VideoFrame): VideoFrameData {
    const state = frameState(frame);
    if (state === null) {
      throw closedError('videoFrameInternals.data');
    }
    return state.data;
  },

  /** Whether `frame` is open, I420, and its visible rectangle is width x height (no allocation: per-frame use). */
  isI420OfSize(frame: VideoFrame, width: number, height: number): boolean {
    const state = frameState(frame);
    return state !== null && state.format === 'I420' && state.visible.width === width && state.visible.height === height;
  },

  /** visibleRect of an open frame as a plain {x,y,width,height}. */
  visibleRect(frame: VideoFrame): { x: number; y: number; width: number; height: number } {
    const state = frameState(frame);
    if (state === null) {
      throw closedError('videoFrameInternals.visibleRect');
    }
    const { x, y, width, height } = state.visible;
    return { x, y, width, height };
  },

  /** Frames created (by any means, including clone) and not yet closed, for leak checks in tests. */
  openFrameCount(): number {
    return openFrames;
  },
};
