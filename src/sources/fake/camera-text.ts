/**
 * The fake camera's text overlay: where it goes and how it is drawn (camera-text-reader.ts reads it back).
 *
 * Layout, all proportional to the frame so that a uniformly scaled frame keeps it in the same relative place:
 * a glyph pixel is `unit = 0.8 * min(width, height) / 65` pixels square (65 glyph columns hold `H:MM:SS:mmm`),
 * line 1 holds the elapsed time and sits just above the pac-man's disc (radius a quarter of the shorter side,
 * centred), line 2 holds the frame counter just below it. Both lines start at the same column, chosen so that
 * line 1 is centred horizontally. So placed, the text stays clear of the wedge and the corner squares and
 * survives the centre crops tracks make between 4:3 and 16:9 (which keep the middle 75% of the height or of
 * the width).
 *
 * @module
 */

import { GLYPH_COLUMNS, GLYPH_ROWS, glyphBitmap } from './glyphs.js';

/** Glyph columns from one character cell to the next: the glyph and one blank column. */
export const CELL_ADVANCE = GLYPH_COLUMNS + 1;
/** Cells of `H:MM:SS:mmm`: the line the layout is sized for. */
export const LINE_CELLS = 11;
/** Glyph columns of that line, without the gap after its last cell. */
const LINE_COLUMNS = LINE_CELLS * CELL_ADVANCE - 1;
/** Share of the frame's shorter side that line 1 spans. */
const TEXT_WIDTH_FRACTION = 0.8;
/** Share of the frame's shorter side that is the pac-man disc's radius (camera-pattern.ts draws it so). */
const DISC_RADIUS_FRACTION = 0.25;
/** Where the text goes: see the module comment. */
export interface TextLayout {
  /** Pixels per glyph pixel. */
  readonly unit: number;
  /** Left edge of the first cell of both lines. */
  readonly left: number;
  /** Top edges of line 1 (time) and line 2 (frame counter). */
  readonly lineTops: readonly [number, number];
}

/** Where the text of a width x height frame goes (the same for every frame of that size). */
export function textLayout(width: number, height: number): TextLayout {
  const shorter = Math.min(width, height);
  const unit = (TEXT_WIDTH_FRACTION * shorter) / LINE_COLUMNS;
  const radius = DISC_RADIUS_FRACTION * shorter;
  const line1Top = height / 2 - radius - (GLYPH_ROWS + 1) * unit;
  const line2Top = height / 2 + radius + unit;
  return { unit, left: width / 2 - (LINE_COLUMNS / 2) * unit, lineTops: [line1Top, line2Top] };
}

/** `H:MM:SS:mmm` for a number of milliseconds, as Chromium prints the elapsed time (hours not wrapped). */
export function formatElapsedTime(elapsedMs: number): string {
  // Whole divisions only (the remainder taken off first): in the first second and minute a division such as
  // seconds / 60 would be 0, a whole number the optimizing compiler then assumes it always is.
  const milliseconds = elapsedMs % 1000;
  const totalSeconds = (elapsedMs - milliseconds) / 1000;
  const seconds = totalSeconds % 60;
  const totalMinutes = (totalSeconds - seconds) / 60;
  const minutes = totalMinutes % 60;
  const hours = (totalMinutes - minutes) / 60;
  const pad = (value: number, digits: number): string => String(value).padStart(digits, '0');
  return `${hours}:${pad(minutes, 2)}:${pad(seconds, 2)}:${pad(milliseconds, 3)}`;
}

/**
 * Draws the two text lines in luma `luma` into the Y plane at the start of `target` (width x height bytes),
 * clipped to the frame. Characters the font lacks are left blank.
 */
export function drawFakeCameraText(
  target: Uint8Array,
  width: number,
  height: number,
  timeText: string,
  counterText: string,
  luma: number,
): void {
  const layout = textLayout(width, height);
  const lines = [timeText, counterText] as const;
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line] as string;
    for (let cell = 0; cell < text.length; cell++) {
      drawFakeCameraTextCell(target, width, height, layout, line, cell, text[cell] as string, luma);
    }
  }
}

/** A rectangle of pixels, [x0, x1) x [y0, y1). */
export interface PixelRect {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Where cell `cell` of line `line` starts, in pixels, and the size of a glyph pixel. */
function cellOrigin(layout: TextLayout, line: number, cell: number): { unit: number; top: number; cellLeft: number } {
  const { unit, left } = layout;
  return { unit, top: layout.lineTops[line] as number, cellLeft: left + cell * CELL_ADVANCE * unit };
}

/**
 * The pixels that cell `cell` of line `line` (0: time, 1: frame counter) may paint, clipped to the frame:
 * every glyph pixel of that cell lies inside it, and the cells of a line never overlap (rounding is monotonic
 * and a blank column separates them).
 */
export function fakeCameraTextCellRect(
  width: number,
  height: number,
  layout: TextLayout,
  line: number,
  cell: number,
): PixelRect {
  const { unit, top, cellLeft } = cellOrigin(layout, line, cell);
  // The expressions of drawFakeCameraTextCell's outer glyph pixel edges, so the bounds are exact.
  return {
    x0: Math.max(0, Math.round(cellLeft)),
    x1: Math.min(width, Math.round(cellLeft + GLYPH_COLUMNS * unit)),
    y0: Math.max(0, Math.round(top)),
    y1: Math.min(height, Math.round(top + GLYPH_ROWS * unit)),
  };
}

/** Draws `character` in cell `cell` of line `line` (0: time, 1: frame counter); a character the font lacks is blank. */
export function drawFakeCameraTextCell(
  target: Uint8Array,
  width: number,
  height: number,
  layout: TextLayout,
  line: number,
  cell: number,
  character: string,
  luma: number,
): void {
  const bits = glyphBitmap(character);
  if (bits === undefined) {
    return;
  }
  const { unit, top, cellLeft } = cellOrigin(layout, line, cell);
  for (let row = 0; row < GLYPH_ROWS; row++) {
    const y0 = Math.max(0, Math.round(top + row * unit));
    const y1 = Math.min(height, Math.round(top + (row + 1) * unit));
    for (let column = 0; column < GLYPH_COLUMNS; column++) {
      if (bits[row * GLYPH_COLUMNS + column] !== 1) {
        continue;
      }
      const x0 = Math.max(0, Math.round(cellLeft + column * unit));
      const x1 = Math.min(width, Math.round(cellLeft + (column + 1) * unit));
      if (x0 >= x1) {
        continue;
      }
      for (let y = y0; y < y1; y++) {
        target.fill(luma, y * width + x0, y * width + x1);
      }
    }
  }
}

/** One pixel row of a text cell, composed by {@link paintFakeCameraTextCell} (grown as needed). */
let cellRow = new Uint8Array(0);

/**
 * Paints cell `cell` of line `line` opaquely: every pixel of {@link fakeCameraTextCellRect} becomes `luma` where
 * `character`'s glyph is lit and `background` elsewhere (all `background` for a character the font lacks), which
 * is what clearing the cell and drawing the character gives.
 */
export function paintFakeCameraTextCell(
  target: Uint8Array,
  width: number,
  height: number,
  layout: TextLayout,
  line: number,
  cell: number,
  character: string,
  luma: number,
  background: number,
): void {
  const bits = glyphBitmap(character);
  const { unit, top, cellLeft } = cellOrigin(layout, line, cell);
  // A glyph row's pixel rows are all alike: the row is composed once (its columns' runs are contiguous, their
  // edges being the same expressions), then copied into each, rather than written pixel by pixel.
  const left = Math.max(0, Math.round(cellLeft));
  const right = Math.min(width, Math.round(cellLeft + GLYPH_COLUMNS * unit));
  if (left >= right) {
    return;
  }
  if (cellRow.length < right - left) {
    cellRow = new Uint8Array(right - left);
  }
  const composed = cellRow.subarray(0, right - left);
  for (let row = 0; row < GLYPH_ROWS; row++) {
    const y0 = Math.max(0, Math.round(top + row * unit));
    const y1 = Math.min(height, Math.round(top + (row + 1) * unit));
    if (y0 >= y1) {
      continue;
    }
    for (let column = 0; column < GLYPH_COLUMNS; column++) {
      const value = bits !== undefined && bits[row * GLYPH_COLUMNS + column] === 1 ? luma : background;
      const x0 = Math.max(0, Math.round(cellLeft + column * unit));
      const x1 = Math.min(width, Math.round(cellLeft + (column + 1) * unit));
      if (x0 < x1) {
        composed.fill(value, x0 - left, x1 - left);
      }
    }
    for (let y = y0; y < y1; y++) {
      target.set(composed, y * width + left);
    }
  }
}
