/**
 * The fake camera's picture, after Chromium's PacmanFramePainter
 * (media/capture/video/fake_video_capture_device.cc): a green field, a pie wedge ("pac-man") that sweeps
 * clockwise from 3 o'clock at 600°/s and starts over every 361°, the elapsed time and frame counter, and four
 * corner squares of a diagonal luma ramp that travels from bottom to top in 5 s. Everything but the text is
 * drawn with Chromium's geometry (aliased, a pixel belongs to a shape when its centre does).
 *
 * Deviation from Chromium, on purpose:
 * - Colours. Chromium paints only luma (0 for the field, 255 for wedge and text) over chroma planes of 0, which
 *   is outside limited range. We keep its look with legal limited-range values: Y 16 / 235 and U = V = 16
 *   (RGB 0,135,0 and 76,255,29 against Chromium's 0,136,0 and 74,255,20 as BT.601 decoders show them; its RGB
 *   painter, used for photos, fills 0,127,0 and draws 0,255,0). The corner ramp is Chromium's 0–255 ramp mapped
 *   onto Y 16–235.
 * - Text. Chromium draws `H:MM:SS:mmm frame` in Skia's default font at 12 px scaled 3x, at a fixed spot (x 90,
 *   baseline 60), so it falls off small frames and is tiny on 4K ones. We draw our own 5x7 font, scaled with the frame,
 *   in two lines centred at the top (`H:MM:SS:mmm`, then the frame counter below it) so that it stays legible
 *   from 96x96 to 3840x2160, fits any centre crop that keeps the frame's shorter side, and can be read back
 *   ({@link readFakeCameraFrame}). The frame counter is the caller's, not Chromium's time × frame rate.
 * - Pan, tilt and zoom are not modelled; this draws Chromium's default state.
 *
 * @module
 */

import { i420Layout, type I420Layout } from '../../media/i420.js';
import { readFakeCameraText } from './camera-text-reader.js';
import { drawFakeCameraText, formatElapsedTime } from './camera-text.js';

/** A colour of the pattern, as the bytes written (limited-range BT.601 I420) and as 8-bit sRGB. */
export interface FakeCameraColour {
  readonly y: number;
  readonly u: number;
  readonly v: number;
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/**
 * The colours the pattern uses, as I420 limited-range Y/U/V and as RGB (BT.601 limited range to full-range
 * RGB, rounded and clamped), for tests of photos and recordings. Every part shares U and V, so the chroma planes
 * are uniform; the corner squares run through the lumas from `cornerGradient.from` to `cornerGradient.to`.
 */
export const FAKE_CAMERA_COLOURS: {
  readonly background: FakeCameraColour;
  readonly pacman: FakeCameraColour;
  readonly text: FakeCameraColour;
  readonly cornerGradient: { readonly from: FakeCameraColour; readonly to: FakeCameraColour };
} = Object.freeze({
  background: Object.freeze({ y: 16, u: 16, v: 16, r: 0, g: 135, b: 0 }),
  pacman: Object.freeze({ y: 235, u: 16, v: 16, r: 76, g: 255, b: 29 }),
  text: Object.freeze({ y: 235, u: 16, v: 16, r: 76, g: 255, b: 29 }),
  cornerGradient: Object.freeze({
    from: Object.freeze({ y: 16, u: 16, v: 16, r: 0, g: 135, b: 0 }),
    to: Object.freeze({ y: 235, u: 16, v: 16, r: 76, g: 255, b: 29 }),
  }),
});

/** Chromium's sweep speed, in degrees per second. */
const PACMAN_DEGREES_PER_SECOND = 600;
/** The sweep starts over at this many degrees (Chromium's fmod by 361, so a full disc shows briefly). */
const PACMAN_SWEEP_MODULUS = 361;
/** The corner ramp moves by a full cycle every 5 s. */
const GRADIENT_CYCLES_PER_SECOND = 1 / 5;

/** Chromium's 8-bit ramp value mapped onto limited-range luma. */
const RAMP_TO_LUMA = Uint8Array.from({ length: 256 }, (_, value) => {
  const { from, to } = FAKE_CAMERA_COLOURS.cornerGradient;
  return from.y + Math.round((value * (to.y - from.y)) / 255);
});

/**
 * Draws the fake camera's frame into a packed I420 buffer (layout from `i420Layout(width, height)`): a green
 * field, a pac-man arc whose mouth sweeps with time, the text `H:MM:SS:mmm` with the frame counter below it
 * (elapsed time since the source started), and corner squares, as Chromium's fake camera does (see the module
 * comment for the differences). Deterministic: the same inputs give the same bytes whatever `target` held.
 * Only the first `byteLength` bytes of `target` are written.
 *
 * @param elapsedUs time since the source started, in microseconds (≥ 0)
 * @param frameNumber the frame counter to print (a non-negative safe integer)
 * @throws RangeError for an invalid size, a `target` too small, or invalid time or counter
 */
export function drawFakeCameraFrame(
  target: Uint8Array,
  width: number,
  height: number,
  elapsedUs: number,
  frameNumber: number,
): void {
  const layout = checkDrawArguments(target, width, height, elapsedUs, frameNumber);
  const { background } = FAKE_CAMERA_COLOURS;
  target.fill(background.y, layout.yOffset, layout.uOffset);
  target.fill(background.u, layout.uOffset, layout.vOffset);
  target.fill(background.v, layout.vOffset, layout.byteLength);

  const elapsedSeconds = elapsedUs / 1_000_000;
  // Chromium's order: the wedge, the text over it, then the squares over both.
  drawPacman(target, width, height, elapsedSeconds);
  const timeText = formatElapsedTime(Math.floor(elapsedUs / 1000));
  drawFakeCameraText(target, width, height, timeText, String(frameNumber), FAKE_CAMERA_COLOURS.text.y);
  drawCornerSquares(target, width, height, elapsedSeconds);
}

/**
 * Checks drawFakeCameraFrame's arguments and returns the frame's layout.
 *
 * @throws RangeError for an invalid size, a `target` too small, or invalid time or counter
 */
export function checkDrawArguments(
  target: Uint8Array,
  width: number,
  height: number,
  elapsedUs: number,
  frameNumber: number,
): I420Layout {
  const layout = i420Layout(width, height);
  if (target.length < layout.byteLength) {
    throw new RangeError(
      `drawFakeCameraFrame: a ${width}x${height} frame needs ${layout.byteLength} bytes, got ${target.length}`,
    );
  }
  if (!Number.isFinite(elapsedUs) || elapsedUs < 0) {
    throw new RangeError(`drawFakeCameraFrame: elapsedUs must be a finite number ≥ 0, got ${elapsedUs}`);
  }
  if (!Number.isSafeInteger(frameNumber) || frameNumber < 0) {
    throw new RangeError(`drawFakeCameraFrame: frameNumber must be a safe integer ≥ 0, got ${frameNumber}`);
  }
  return layout;
}

/**
 * Reads the frame counter and the elapsed milliseconds back from a frame drawn by {@link drawFakeCameraFrame}
 * (matching glyphs at the text's known place and size), or undefined when the text is not found. Only the Y
 * plane is read, so `source` may be any 8-bit luma-first buffer (I420, NV12, or a bare Y plane). Works on frames
 * scaled uniformly (the text stays where it was relative to the frame), slightly blurred, noisy or lossily coded,
 * as long as a glyph pixel is still about 1.5 pixels wide or more, and on centre crops of a 4:3, 16:9 or square
 * drawing (what a track's crop-and-scale makes), scaled or not.
 */
export function readFakeCameraFrame(
  source: Uint8Array,
  width: number,
  height: number,
): { frameNumber: number; elapsedMs: number } | undefined {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return undefined;
  }
  if (source.length < width * height) {
    return undefined;
  }
  // The frame as drawn, or a centre crop of a 4:3, 16:9 or square drawing (what tracks crop between).
  const drawnSizes = new Map<string, [number, number]>([[`${width}x${height}`, [width, height]]]);
  for (const ratio of [4 / 3, 16 / 9, 1]) {
    for (const [w, h] of [
      [width, Math.round(width / ratio)],
      [Math.round(height * ratio), height],
    ] as const) {
      if (w >= width && h >= height) {
        drawnSizes.set(`${w}x${h}`, [w, h]);
      }
    }
  }
  for (const [drawnWidth, drawnHeight] of drawnSizes.values()) {
    const read = readFakeCameraText(source, width, height, drawnWidth, drawnHeight);
    if (read !== undefined) {
      return read;
    }
  }
  return undefined;
}

/** The rows of a frame that the wedge's disc covers, [y0, y1), and the columns of its bounding box, [x0, x1). */
export interface WedgeDisc {
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
}

/** The disc of the wedge: radius min(width, height) / 4 (floored) at the centre (floored). */
export function wedgeDisc(width: number, height: number): WedgeDisc {
  const radius = Math.floor(Math.min(width, height) / 4);
  const centreX = Math.floor(width / 2);
  const centreY = Math.floor(height / 2);
  return {
    y0: Math.max(0, centreY - radius),
    y1: Math.max(0, Math.min(height, centreY + radius)),
    x0: Math.max(0, centreX - radius),
    x1: Math.min(width, centreX + radius),
  };
}

/** Scratch spans for full draws, grown as needed. */
let scratchSpans = new Int32Array(0);

/** The sweeping wedge (see {@link wedgeSpans}), drawn over whatever the disc's rows hold. */
function drawPacman(target: Uint8Array, width: number, height: number, elapsedSeconds: number): void {
  const disc = wedgeDisc(width, height);
  const rows = disc.y1 - disc.y0;
  if (scratchSpans.length < 2 * rows) {
    scratchSpans = new Int32Array(2 * rows);
  }
  wedgeSpans(width, height, elapsedSeconds, scratchSpans);
  const { pacman } = FAKE_CAMERA_COLOURS;
  for (let row = 0; row < rows; row++) {
    const first = scratchSpans[2 * row] as number;
    const last = scratchSpans[2 * row + 1] as number;
    if (first <= last) {
      const rowStart = (disc.y0 + row) * width;
      target.fill(pacman.y, rowStart + first, rowStart + last + 1);
    }
  }
}

/**
 * The sweeping wedge: a disc of radius min(width, height) / 4 at the centre, from angle 0 (3 o'clock) clockwise
 * to `600 * t mod 361` degrees, pixels in when their centres are (as Skia's aliased drawArc with useCenter).
 * Writes, for each row of {@link wedgeDisc} from its y0, the wedge's first and last column (clipped to the frame)
 * into `spans[2 * row]` and `spans[2 * row + 1]`; first > last for a row without any.
 */
export function wedgeSpans(width: number, height: number, elapsedSeconds: number, spans: Int32Array): void {
  const disc = wedgeDisc(width, height);
  const rows = disc.y1 - disc.y0;
  for (let row = 0; row < rows; row++) {
    spans[2 * row] = 0;
    spans[2 * row + 1] = -1;
  }
  const sweepDegrees = (PACMAN_DEGREES_PER_SECOND * elapsedSeconds) % PACMAN_SWEEP_MODULUS;
  const radius = Math.floor(Math.min(width, height) / 4);
  if (sweepDegrees <= 0 || radius <= 0) {
    return;
  }
  const full = sweepDegrees >= 360;
  const sweep = (sweepDegrees * Math.PI) / 180;
  const sin = Math.sin(sweep);
  const cos = Math.cos(sweep);
  const centreX = Math.floor(width / 2);
  const centreY = Math.floor(height / 2);
  const discColumns = discSpans(width, height);
  for (let row = 0; row < rows; row++) {
    let first = discColumns[2 * row] as number;
    let last = discColumns[2 * row + 1] as number;
    if (first > last) {
      continue;
    }
    const dy = disc.y0 + row + 0.5 - centreY;
    // Angles grow clockwise on screen because y grows downwards. A pixel is in the wedge when its centre turns
    // toward the sweep's end, `(x + 0.5 - centreX) * sin - dy * cos >= 0`: below the centre only, for a sweep up to
    // 180°; below the centre or turning toward the end, past 180°; anywhere, for the full disc. Along a row that
    // test is monotonic, so the wedge is a suffix of the disc's span (below) or a prefix (above), whose edge is
    // found from the column where the end ray crosses the row, settled by the test itself.
    if (!full) {
      const edge = Math.floor(centreX - 0.5 + (dy * cos) / sin);
      if (sweep <= Math.PI) {
        if (dy <= 0) {
          continue;
        }
        let x = Math.min(Math.max(edge, first), last + 1);
        while (x > first && (x - 1 + 0.5 - centreX) * sin - dy * cos >= 0) {
          x--;
        }
        while (x <= last && !((x + 0.5 - centreX) * sin - dy * cos >= 0)) {
          x++;
        }
        first = x;
      } else if (dy <= 0) {
        let x = Math.min(Math.max(edge, first - 1), last);
        while (x < last && (x + 1 + 0.5 - centreX) * sin - dy * cos >= 0) {
          x++;
        }
        while (x >= first && !((x + 0.5 - centreX) * sin - dy * cos >= 0)) {
          x--;
        }
        last = x;
      }
    }
    first = Math.max(first, 0);
    last = Math.min(last, width - 1);
    if (first <= last) {
      spans[2 * row] = first;
      spans[2 * row + 1] = last;
    }
  }
}

/** The disc's columns of the last size asked for (the same for every frame of a size). */
let discSpansCache: { width: number; height: number; spans: Int32Array } | undefined;

/**
 * For each row of {@link wedgeDisc} from its y0, the first and last column whose pixel centre lies in the disc
 * (first > last: none), unclipped.
 */
function discSpans(width: number, height: number): Int32Array {
  if (discSpansCache !== undefined && discSpansCache.width === width && discSpansCache.height === height) {
    return discSpansCache.spans;
  }
  const disc = wedgeDisc(width, height);
  const radius = Math.floor(Math.min(width, height) / 4);
  const centreX = Math.floor(width / 2);
  const centreY = Math.floor(height / 2);
  const radiusSquared = radius * radius;
  const spans = new Int32Array(2 * (disc.y1 - disc.y0));
  for (let y = disc.y0; y < disc.y1; y++) {
    const dy = y + 0.5 - centreY;
    const remaining = radiusSquared - dy * dy;
    let first = 0;
    let last = -1;
    if (remaining >= 0) {
      const half = Math.sqrt(remaining);
      first = Math.ceil(centreX - 0.5 - half);
      last = Math.floor(centreX - 0.5 + half);
      // Settle rounding exactly: offsets are half-integers, so their squares are exact.
      while ((first + 0.5 - centreX) ** 2 > remaining) {
        first++;
      }
      while ((last + 0.5 - centreX) ** 2 > remaining) {
        last--;
      }
    }
    spans[2 * (y - disc.y0)] = first;
    spans[2 * (y - disc.y0) + 1] = last;
  }
  discSpansCache = { width, height, spans };
  return spans;
}

/** Luma by diagonal (x + y) for the corner squares, grown as needed. */
let diagonalLumas = new Uint8Array(0);

/**
 * Chromium's corner squares: side width / 16, each pixel the ramp value `start + (x + y) * 65535 / (width +
 * height)` (16 bits, wrapping), whose start moves a full cycle every 5 s. Drawn over whatever the squares hold.
 */
export function drawCornerSquares(target: Uint8Array, width: number, height: number, elapsedSeconds: number): void {
  const side = Math.floor(width / 16);
  if (side === 0) {
    return;
  }
  const start = (65536 * elapsedSeconds * GRADIENT_CYCLES_PER_SECOND) % 65536;
  const step = 65535 / (width + height);
  // A pixel's value depends on x + y only: each diagonal is computed once (the same expression, so the same
  // value), and the squares' rows are copied from the table.
  const diagonals = width + height - 1;
  if (diagonalLumas.length < diagonals) {
    diagonalLumas = new Uint8Array(diagonals);
  }
  const lumas = diagonalLumas;
  for (let k = 0; k < diagonals; k++) {
    const value = Math.floor(start + k * step) & 0xffff;
    lumas[k] = RAMP_TO_LUMA[value >> 8] as number;
  }
  const corners = [
    [0, 0],
    [width - side, 0],
    [0, height - side],
    [width - side, height - side],
  ] as const;
  for (const [left, top] of corners) {
    const y0 = Math.max(0, top);
    const y1 = Math.min(height, top + side);
    if (y0 >= y1) {
      continue;
    }
    for (let x = left; x < left + side; x++) {
      target[y0 * width + x] = lumas[x + y0] as number;
    }
    // Each row is the one above shifted left by a pixel, plus the next diagonal at its end.
    for (let y = y0 + 1; y < y1; y++) {
      const row = y * width + left;
      target.copyWithin(row, row - width + 1, row - width + side);
      target[row + side - 1] = lumas[left + side - 1 + y] as number;
    }
  }
}
