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
 * - Pan, tilt and zoom move and scale the wedge as Chromium's matrix does, but not the text (see camera-wedge.ts).
 *
 * @module
 */

import { i420Layout, type I420Layout } from '../../media/i420.js';
import { readFakeCameraText } from './camera-text-reader.js';
import { drawFakeCameraText, formatElapsedTime } from './camera-text.js';
import { DEFAULT_FAKE_CAMERA_VIEW, drawPacman, type FakeCameraView } from './camera-wedge.js';

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
 * @param view the camera's pan, tilt and zoom, which move and scale the wedge
 * @throws RangeError for an invalid size, a `target` too small, or invalid time or counter
 */
export function drawFakeCameraFrame(
  target: Uint8Array,
  width: number,
  height: number,
  elapsedUs: number,
  frameNumber: number,
  view: FakeCameraView = DEFAULT_FAKE_CAMERA_VIEW,
): void {
  const layout = checkDrawArguments(target, width, height, elapsedUs, frameNumber);
  const { background } = FAKE_CAMERA_COLOURS;
  target.fill(background.y, layout.yOffset, layout.uOffset);
  target.fill(background.u, layout.uOffset, layout.vOffset);
  target.fill(background.v, layout.vOffset, layout.byteLength);

  const elapsedSeconds = elapsedUs / 1_000_000;
  // Chromium's order: the wedge, the text over it, then the squares over both.
  drawPacman(target, width, height, elapsedSeconds, view, FAKE_CAMERA_COLOURS.pacman.y);
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
  // A pixel's value depends on x + y only: each diagonal a square crosses is computed once (the same
  // expression, so the same value), and the squares' rows are copied from the table.
  const diagonals = width + height - 1;
  if (diagonalLumas.length < diagonals) {
    diagonalLumas = new Uint8Array(diagonals);
  }
  drawCornerSquare(target, width, height, 0, 0, side, start, step);
  drawCornerSquare(target, width, height, width - side, 0, side, start, step);
  drawCornerSquare(target, width, height, 0, height - side, side, start, step);
  drawCornerSquare(target, width, height, width - side, height - side, side, start, step);
}

/** One corner square of {@link drawCornerSquares}, whose top left pixel is at (`left`, `top`). */
function drawCornerSquare(
  target: Uint8Array,
  width: number,
  height: number,
  left: number,
  top: number,
  side: number,
  start: number,
  step: number,
): void {
  const lumas = diagonalLumas;
  const y0 = Math.max(0, top);
  const y1 = Math.min(height, top + side);
  if (y0 >= y1) {
    return;
  }
  // The diagonals of this square: x + y from left + y0 to left + side - 1 + y1 - 1.
  for (let k = left + y0; k < left + side - 1 + y1; k++) {
    const value = Math.floor(start + k * step) & 0xffff;
    lumas[k] = RAMP_TO_LUMA[value >> 8] as number;
  }
  target.set(lumas.subarray(left + y0, left + y0 + side), y0 * width + left);
  // Each row is the one above shifted left by a pixel, plus the next diagonal at its end.
  for (let y = y0 + 1; y < y1; y++) {
    const row = y * width + left;
    target.copyWithin(row, row - width + 1, row - width + side);
    target[row + side - 1] = lumas[left + side - 1 + y] as number;
  }
}
