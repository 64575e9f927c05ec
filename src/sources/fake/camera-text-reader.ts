/**
 * Reading the fake camera's text overlay back (camera-text.ts places and draws it).
 *
 * Reading samples the centre half of every glyph pixel (area-weighted, so fractional sizes work), normalises
 * the samples with the dark and bright levels found in line 1, and picks the nearest glyph by squared error
 * against each glyph both sharp and as a box downscale to the frame's size would blur it. A cell counts only when
 * it matches well and clearly better than any other glyph, and text under 1.1 pixels per glyph pixel is not read
 * at all: past that point wrong readings become likelier than none, and a wrong reading is worse than none.
 *
 * @module
 */

import { CELL_ADVANCE, LINE_CELLS, textLayout, type TextLayout } from './camera-text.js';
import { GLYPH_CHARACTERS, GLYPH_COLUMNS, GLYPH_ROWS, glyphBitmap } from './glyphs.js';

/** No line is read past this many cells. */
const MAX_CELLS = 20;
/** Share of a glyph pixel's side, around its centre, that the reader averages. */
const SAMPLE_FRACTION = 0.5;
/** Percentiles of line 1's samples taken as its unlit and lit levels. */
const DARK_PERCENTILE = 0.1;
const BRIGHT_PERCENTILE = 0.97;
/** Least difference between the dark and bright levels of line 1 for it to count as text (of 219). */
const MIN_CONTRAST = 48;
/** Least glyph pixel, in pixels, that the reader trusts: smaller text reads wrong more often than not at all. */
const MIN_UNIT = 1.1;
/** Least amount by which the second nearest glyph must match worse than the nearest (as MAX_GLYPH_ERROR). */
const MIN_GLYPH_MARGIN = 0.015;
/** Largest mean squared error per glyph pixel (normalised to 0–1) for a cell to count as a glyph. */
const MAX_GLYPH_ERROR = 0.12;

/**
 * Reads the time (as milliseconds) and the frame counter from the Y plane at the start of `source`, or undefined
 * when either line does not read as the pattern's text.
 */
export function readFakeCameraText(
  source: Uint8Array,
  width: number,
  height: number,
  drawnWidth = width,
  drawnHeight = height,
): { frameNumber: number; elapsedMs: number } | undefined {
  // The frame may be the centre crop of a drawnWidth x drawnHeight drawing (a track's crop-and-scale).
  const drawn = textLayout(drawnWidth, drawnHeight);
  const dy = (drawnHeight - height) / 2;
  const layout: TextLayout = {
    unit: drawn.unit,
    left: drawn.left - (drawnWidth - width) / 2,
    lineTops: [drawn.lineTops[0] - dy, drawn.lineTops[1] - dy],
  };
  if (layout.unit < MIN_UNIT) {
    return undefined;
  }
  const timeCells = sampleLine(source, width, height, layout, layout.lineTops[0]);
  const counterCells = sampleLine(source, width, height, layout, layout.lineTops[1]);
  const levels = lineLevels(timeCells.slice(0, LINE_CELLS));
  if (levels === undefined) {
    return undefined;
  }
  const timeText = readLine(timeCells, levels, false);
  const counterText = readLine(counterCells, levels, true);
  if (timeText === undefined || counterText === undefined) {
    return undefined;
  }
  const time = /^(\d+):([0-5]\d):([0-5]\d):(\d{3})$/.exec(timeText);
  if (time === null || !/^\d+$/.test(counterText)) {
    return undefined;
  }
  const [hours, minutes, seconds, milliseconds] = time.slice(1).map(Number) as [number, number, number, number];
  return {
    frameNumber: Number(counterText),
    elapsedMs: ((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds,
  };
}

/** What the reader saw of one cell. */
interface SampledCell {
  /** The mean luma around the centre of each glyph pixel, row by row. */
  readonly samples: Float64Array;
  /**
   * How much of each sample, along each axis, a box-filtered (downscaled) glyph pixel of each column or row
   * would make up: `x[sample * GLYPH_COLUMNS + column]`, `y[sample * GLYPH_ROWS + row]`.
   */
  readonly spreadX: Float64Array;
  readonly spreadY: Float64Array;
}

/** The samples of every cell of a line that lies wholly inside the frame. */
function sampleLine(
  source: Uint8Array,
  width: number,
  height: number,
  layout: TextLayout,
  top: number,
): SampledCell[] {
  const { unit, left } = layout;
  const cells: SampledCell[] = [];
  if (top < 0 || top + GLYPH_ROWS * unit > height) {
    return cells;
  }
  const half = (unit * SAMPLE_FRACTION) / 2;
  const spreadY = axisSpread(top, unit, half, GLYPH_ROWS);
  for (let cell = 0; cell < MAX_CELLS; cell++) {
    const cellLeft = left + cell * CELL_ADVANCE * unit;
    if (cellLeft < 0 || cellLeft + GLYPH_COLUMNS * unit > width) {
      break;
    }
    const samples = new Float64Array(GLYPH_COLUMNS * GLYPH_ROWS);
    for (let row = 0; row < GLYPH_ROWS; row++) {
      const centreY = top + (row + 0.5) * unit;
      for (let column = 0; column < GLYPH_COLUMNS; column++) {
        const centreX = cellLeft + (column + 0.5) * unit;
        samples[row * GLYPH_COLUMNS + column] = areaMean(
          source,
          width,
          centreX - half,
          centreX + half,
          centreY - half,
          centreY + half,
        );
      }
    }
    cells.push({ samples, spreadX: axisSpread(cellLeft, unit, half, GLYPH_COLUMNS), spreadY });
  }
  return cells;
}

/** The mean luma over a rectangle in pixel coordinates, weighting pixels by how much of them it covers. */
function areaMean(source: Uint8Array, width: number, x0: number, x1: number, y0: number, y1: number): number {
  let sum = 0;
  let weights = 0;
  for (let y = Math.floor(y0); y < y1; y++) {
    const weightY = Math.min(y + 1, y1) - Math.max(y, y0);
    for (let x = Math.floor(x0); x < x1; x++) {
      const weight = weightY * (Math.min(x + 1, x1) - Math.max(x, x0));
      sum += weight * (source[y * width + x] as number);
      weights += weight;
    }
  }
  return sum / weights;
}

/** Overlap of the intervals [a0, a1) and [b0, b1). */
function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/**
 * Along one axis: for each sample window (centre of glyph pixel `sample` ± `half`), the share that glyph pixel
 * `index` contributes when whole pixels average what they cover, as a box downscale does.
 */
function axisSpread(origin: number, unit: number, half: number, count: number): Float64Array {
  const spread = new Float64Array(count * count);
  for (let sample = 0; sample < count; sample++) {
    const centre = origin + (sample + 0.5) * unit;
    let total = 0;
    for (let pixel = Math.floor(centre - half); pixel < centre + half; pixel++) {
      const weight = overlap(pixel, pixel + 1, centre - half, centre + half);
      total += weight;
      for (let index = Math.max(0, sample - 2); index <= Math.min(count - 1, sample + 2); index++) {
        const start = origin + index * unit;
        spread[sample * count + index] =
          (spread[sample * count + index] as number) + weight * overlap(pixel, pixel + 1, start, start + unit);
      }
    }
    for (let index = 0; index < count; index++) {
      spread[sample * count + index] = (spread[sample * count + index] as number) / total;
    }
  }
  return spread;
}

interface Levels {
  readonly dark: number;
  readonly bright: number;
}

/** The unlit and lit levels of line 1 (low and high percentiles of its samples), or undefined without contrast. */
function lineLevels(cells: readonly SampledCell[]): Levels | undefined {
  const samples = cells.flatMap((cell) => Array.from(cell.samples)).sort((a, b) => a - b);
  if (samples.length === 0) {
    return undefined;
  }
  const dark = samples[Math.floor(samples.length * DARK_PERCENTILE)] as number;
  const bright = samples[Math.floor(samples.length * BRIGHT_PERCENTILE)] as number;
  return bright - dark >= MIN_CONTRAST ? { dark, bright } : undefined;
}

/**
 * The nearest glyph to a cell's samples, its mean squared error and how much worse the next nearest glyph is,
 * against two pictures of each glyph: sharp
 * (as drawn) and as a box downscale would blur it.
 */
function matchGlyph(cell: SampledCell, levels: Levels): { character: string; error: number; margin: number } {
  const range = levels.bright - levels.dark;
  const levelsSeen = Array.from(cell.samples, (sample) => Math.min(1, Math.max(0, (sample - levels.dark) / range)));
  let best = { character: ' ', error: Number.POSITIVE_INFINITY };
  let runnerUpError = Number.POSITIVE_INFINITY;
  for (const character of GLYPH_CHARACTERS) {
    const bits = glyphBitmap(character) as Uint8Array;
    let sharpError = 0;
    let blurredError = 0;
    for (let row = 0; row < GLYPH_ROWS; row++) {
      for (let column = 0; column < GLYPH_COLUMNS; column++) {
        const index = row * GLYPH_COLUMNS + column;
        const seen = levelsSeen[index] as number;
        sharpError += (seen - (bits[index] as number)) ** 2;
        blurredError += (seen - blurredLevel(bits, cell, row, column)) ** 2;
      }
    }
    const error = Math.min(sharpError, blurredError);
    if (error < best.error) {
      runnerUpError = best.error;
      best = { character, error };
    } else if (error < runnerUpError) {
      runnerUpError = error;
    }
  }
  const cells = GLYPH_COLUMNS * GLYPH_ROWS;
  return { character: best.character, error: best.error / cells, margin: (runnerUpError - best.error) / cells };
}

/** The level a box downscale would leave at the sample of glyph pixel (row, column). */
function blurredLevel(bits: Uint8Array, cell: SampledCell, row: number, column: number): number {
  let level = 0;
  for (let r = Math.max(0, row - 2); r <= Math.min(GLYPH_ROWS - 1, row + 2); r++) {
    const shareY = cell.spreadY[row * GLYPH_ROWS + r] as number;
    if (shareY === 0) {
      continue;
    }
    for (let c = Math.max(0, column - 2); c <= Math.min(GLYPH_COLUMNS - 1, column + 2); c++) {
      level += (bits[r * GLYPH_COLUMNS + c] as number) * shareY * (cell.spreadX[column * GLYPH_COLUMNS + c] as number);
    }
  }
  return level;
}

/**
 * The characters of a line up to its first blank cell, or undefined when a cell within the layout's width matches
 * no glyph or a cell after the blank within that width is not blank. Past the layout's width (where a long line
 * may meet a corner square or the frame's edge) a cell that matches no glyph ends the line; `needsEnd` then makes
 * the line undefined unless it ended with a blank.
 */
function readLine(cells: readonly SampledCell[], levels: Levels, needsEnd: boolean): string | undefined {
  let text = '';
  let ended = false;
  for (let cell = 0; cell < cells.length; cell++) {
    const { character, error, margin } = matchGlyph(cells[cell] as SampledCell, levels);
    const clean = error <= MAX_GLYPH_ERROR && margin >= MIN_GLYPH_MARGIN;
    if (ended) {
      if (cell >= LINE_CELLS) {
        break;
      }
      if (!clean || character !== ' ') {
        return undefined;
      }
    } else if (!clean) {
      if (cell < LINE_CELLS) {
        return undefined;
      }
      break;
    } else if (character === ' ') {
      ended = true;
    } else {
      text += character;
    }
  }
  return ended || !needsEnd ? text : undefined;
}
