/**
 * What a V4L2 camera can capture, read from the tools that ask the driver: `v4l2-ctl --list-formats-ext`
 * (pixel formats, frame sizes and frame intervals) or, without v4l-utils, ffmpeg's
 * `-f v4l2 -list_formats all` (pixel formats and sizes only). Pure parsers, and the choice of the native
 * modes a camera offers with the pixel format each is captured in.
 *
 * @module
 */

import type { NativeVideoMode } from '../../capture-model.js';

/** One frame size of a pixel format and the frame rates the driver lists for it. */
export interface V4l2FrameSize {
  readonly width: number;
  readonly height: number;
  /** Frames per second; empty when the tool lists no intervals (ffmpeg's listing, stepwise sizes). */
  readonly frameRates: readonly number[];
}

/** One pixel format of a capture node. */
export interface V4l2Format {
  /** The V4L2 fourcc ('YUYV', 'MJPG'), or ffmpeg's name ('yuyv422') when only ffmpeg listed it. */
  readonly pixelFormat: string;
  /** ffmpeg's `-input_format` for it; undefined when ffmpeg cannot capture it. */
  readonly inputFormat: string | undefined;
  readonly compressed: boolean;
  readonly sizes: readonly V4l2FrameSize[];
}

/** A native mode of a V4L2 camera and the pixel format it is captured in. */
export interface V4l2Mode extends NativeVideoMode {
  /** ffmpeg's `-input_format` (yuyv422, mjpeg, …). */
  readonly inputFormat: string;
}

/**
 * The frame rate assumed for a size the tool lists without frame intervals (ffmpeg's listing, and
 * v4l2-ctl's stepwise or continuous sizes): 30 fps, what UVC cameras offer at their common sizes and the
 * spec's default. A camera that cannot reach it delivers fewer frames (the driver picks its nearest rate).
 */
export const ASSUMED_V4L2_FRAME_RATE = 30;

/** ffmpeg's input format for the fourccs its v4l2 input takes (libavdevice/v4l2-common.c). */
const FFMPEG_INPUT_FORMATS: Readonly<Record<string, string>> = {
  YUYV: 'yuyv422',
  UYVY: 'uyvy422',
  YU12: 'yuv420p',
  '422P': 'yuv422p',
  NV12: 'nv12',
  RGB3: 'rgb24',
  BGR3: 'bgr24',
  GREY: 'gray',
  MJPG: 'mjpeg',
  JPEG: 'mjpeg',
  H264: 'h264',
};

/** Sizes offered within a stepwise or continuous range (besides its largest), when the step allows them. */
const COMMON_SIZES: readonly (readonly [number, number])[] = [
  [320, 240],
  [640, 360],
  [640, 480],
  [1280, 720],
  [1920, 1080],
  [3840, 2160],
];

/**
 * Parses `v4l2-ctl --list-formats-ext -d /dev/videoN`, in both layouts v4l-utils has printed: since
 * 1.16 `[0]: 'YUYV' (YUYV 4:2:2)`, before it `Index : 0` / `Pixel Format: 'YUYV'` / `Name : …`. Discrete
 * sizes keep their discrete intervals; stepwise and continuous ranges become their largest size plus the
 * common sizes inside them, with the highest rate of a ranged interval. Formats of other buffer types
 * (output, overlay) are skipped.
 */
export function parseV4l2CtlFormats(text: string): V4l2Format[] {
  const formats: { pixelFormat: string; compressed: boolean; sizes: { width: number; height: number; frameRates: number[] }[] }[] = [];
  let captureType = true;
  let current: (typeof formats)[number] | undefined;
  let sizes: { width: number; height: number; frameRates: number[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const type = /^Type\s*:\s*(.+)$/.exec(line);
    if (type !== null) {
      captureType = /^Video Capture/i.test(type[1] as string);
      continue;
    }
    const format = /^(?:\[\d+\]:|Pixel Format\s*:)\s*'([^']*)'\s*(?:\((.*)\))?/.exec(line);
    if (format !== null) {
      current = { pixelFormat: (format[1] as string).trim(), compressed: /compressed/i.test(format[2] ?? ''), sizes: [] };
      sizes = current.sizes;
      if (captureType) {
        formats.push(current);
      }
      continue;
    }
    if (current === undefined) {
      continue;
    }
    const discrete = /^Size:\s*Discrete\s+(\d+)x(\d+)/.exec(line);
    if (discrete !== null) {
      sizes = [{ width: Number(discrete[1]), height: Number(discrete[2]), frameRates: [] }];
      current.sizes.push(...sizes);
      continue;
    }
    const ranged = /^Size:\s*(Stepwise|Continuous)\s+(\d+)x(\d+)\s*-\s*(\d+)x(\d+)(?:\s+with step\s+(\d+)\/(\d+))?/.exec(line);
    if (ranged !== null) {
      const [minWidth, minHeight, maxWidth, maxHeight] = ranged.slice(2, 6).map(Number) as [number, number, number, number];
      const step = { width: Number(ranged[6] ?? 1) || 1, height: Number(ranged[7] ?? 1) || 1 };
      sizes = rangedSizes({ width: minWidth, height: minHeight }, { width: maxWidth, height: maxHeight }, step);
      current.sizes.push(...sizes);
      continue;
    }
    const interval = /^Interval:\s*(Discrete|Stepwise|Continuous)\b.*\(([\d.]+)(?:-([\d.]+))?\s*fps\)/.exec(line);
    if (interval !== null) {
      const rate = roundRate(Number(interval[3] ?? interval[2]));
      if (rate > 0) {
        for (const size of sizes) {
          size.frameRates.push(rate);
        }
      }
    }
  }
  return formats.map(({ pixelFormat, compressed, sizes: formatSizes }) => ({
    pixelFormat,
    inputFormat: FFMPEG_INPUT_FORMATS[pixelFormat],
    compressed: compressed || pixelFormat === 'MJPG' || pixelFormat === 'JPEG' || pixelFormat === 'H264',
    sizes: formatSizes,
  }));
}

/**
 * Parses the log of `ffmpeg -hide_banner -f v4l2 -list_formats all -i /dev/videoN` (on stderr), lines
 * such as `[video4linux2,v4l2 @ 0x…] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 320x240`
 * or `Compressed:       mjpeg :          Motion-JPEG : 1280x720`; ranged sizes read `{16-1920, 16}x{16-1080, 16}`.
 * Sizes come without frame rates. A format ffmpeg calls "Unsupported" has no input format.
 */
export function parseFfmpegV4l2Formats(text: string): V4l2Format[] {
  const formats: V4l2Format[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\[[^\]]*\]\s*/, '');
    const parts = line.split(/\s*:(?:\s+|$)/);
    const kind = parts[0]?.trim();
    if (parts.length < 4 || (kind !== 'Raw' && kind !== 'Compressed')) {
      continue;
    }
    const name = (parts[1] as string).trim();
    const sizeText = parts.slice(3).join(' ');
    const sizes: V4l2FrameSize[] = [];
    for (const match of sizeText.matchAll(/(?:^|\s)(\d+)x(\d+)(?=\s|$)/g)) {
      sizes.push({ width: Number(match[1]), height: Number(match[2]), frameRates: [] });
    }
    for (const match of sizeText.matchAll(/\{(\d+)-(\d+), (\d+)\}x\{(\d+)-(\d+), (\d+)\}/g)) {
      const [minWidth, maxWidth, stepWidth, minHeight, maxHeight, stepHeight] = match.slice(1, 7).map(Number) as number[];
      const min = { width: minWidth as number, height: minHeight as number };
      const max = { width: maxWidth as number, height: maxHeight as number };
      sizes.push(...rangedSizes(min, max, { width: stepWidth || 1, height: stepHeight || 1 }));
    }
    formats.push({
      pixelFormat: name,
      inputFormat: name === 'Unsupported' ? undefined : name,
      compressed: kind === 'Compressed',
      sizes,
    });
  }
  return formats;
}

/**
 * The native modes of a camera from its formats: every size at every listed rate (or at
 * {@link ASSUMED_V4L2_FRAME_RATE} when none is listed) of every format ffmpeg can capture. When several
 * formats give the same mode, the uncompressed one is used (no decoding, no JPEG artefacts; YUYV before
 * MJPEG), then MJPEG, then other compressed formats, then the one listed first. Sorted by size, then rate.
 */
export function v4l2Modes(formats: readonly V4l2Format[]): V4l2Mode[] {
  const chosen = new Map<string, { mode: V4l2Mode; rank: number }>();
  for (const format of formats) {
    const inputFormat = format.inputFormat;
    if (inputFormat === undefined) {
      continue;
    }
    const rank = !format.compressed ? 0 : inputFormat === 'mjpeg' ? 1 : 2;
    for (const size of format.sizes) {
      const rates = size.frameRates.length > 0 ? size.frameRates : [ASSUMED_V4L2_FRAME_RATE];
      for (const frameRate of rates) {
        const key = `${size.width}x${size.height}@${frameRate}`;
        const previous = chosen.get(key);
        if (previous === undefined || rank < previous.rank) {
          chosen.set(key, { mode: { width: size.width, height: size.height, frameRate, inputFormat }, rank });
        }
      }
    }
  }
  return [...chosen.values()]
    .map(({ mode }) => mode)
    .sort((a, b) => a.width * a.height - b.width * b.height || a.width - b.width || a.frameRate - b.frameRate);
}

interface Size {
  readonly width: number;
  readonly height: number;
}

/** A stepwise or continuous range of sizes as its largest size and the common sizes on its grid. */
function rangedSizes(min: Size, max: Size, step: Size): { width: number; height: number; frameRates: number[] }[] {
  const onGrid = ([width, height]: readonly [number, number]): boolean =>
    width >= min.width && width <= max.width && height >= min.height && height <= max.height &&
    (width !== max.width || height !== max.height) &&
    (width - min.width) % step.width === 0 && (height - min.height) % step.height === 0;
  const picked = [...COMMON_SIZES.filter(onGrid), [max.width, max.height] as const];
  return picked.map(([width, height]) => ({ width, height, frameRates: [] }));
}

/** Frame rates with three decimals, as v4l2-ctl prints them (30.000, 29.970, 7.500). */
function roundRate(rate: number): number {
  return Number.isFinite(rate) ? Math.round(rate * 1000) / 1000 : 0;
}
