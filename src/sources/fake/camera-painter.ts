/**
 * Incremental drawing of the fake camera's picture into reused frame buffers. A buffer that already holds a frame
 * of the same size differs from the next frame only in the wedge's sweeping edge, a few characters of the text and
 * the corner squares, so only those are redrawn: a few kilobytes instead of the whole frame. The bytes are exactly
 * those {@link drawFakeCameraFrame} writes for the same time and counter.
 *
 * Why it is exact: a full draw paints the background, then the wedge, the text over it and the squares over both.
 * Here the wedge's rows change only where its old and new spans differ; a text cell whose character changed is
 * cleared to the background and drawn again (a cell past a line's new end is only cleared); both only when every
 * text cell lies clear of the wedge's disc and the two lines apart (else the whole frame is drawn); and the squares
 * are drawn last and cover every pixel of theirs, as in a full draw. The chroma planes are uniform and stay as the
 * buffer's first full draw left them. A buffer drawn with another pan, tilt or zoom gets a full draw: the wedge
 * moved.
 *
 * @module
 */

import { i420Layout } from '../../media/i420.js';
import { checkDrawArguments, drawCornerSquares, drawFakeCameraFrame, FAKE_CAMERA_COLOURS } from './camera-pattern.js';
import {
  DEFAULT_FAKE_CAMERA_VIEW,
  sameView,
  wedgeDisc,
  wedgeSpans,
  type FakeCameraView,
  type WedgeDisc,
} from './camera-wedge.js';
import {
  fakeCameraTextCellRect,
  formatElapsedTime,
  paintFakeCameraTextCell,
  textLayout,
  type TextLayout,
} from './camera-text.js';

/** What a buffer holds: the view it was drawn in, the wedge's span on each row of the disc, and the two text lines. */
interface PaintedFrame {
  view: FakeCameraView;
  spans: Int32Array;
  lines: [string, string];
}

/**
 * Draws fake camera frames of one size into buffers that are reused (a pool), each draw touching only what
 * differs from the frame the buffer held. A buffer must not be written by anything else between draws (frame data
 * is immutable, so the buffers of closed frames qualify); a buffer this painter has not drawn gets a full draw.
 */
export class FakeCameraPainter {
  readonly #width: number;
  readonly #height: number;
  /** The view the disc and the cells' clearance are for. */
  #view: FakeCameraView = DEFAULT_FAKE_CAMERA_VIEW;
  #disc: WedgeDisc;
  readonly #text: TextLayout;
  /** Per line, whether each cell lies clear of the wedge's disc (computed on first use). */
  #cellClear: [boolean[], boolean[]] = [[], []];
  /** Whether the rows of line 1 end before those of line 2 begin. */
  readonly #linesApart: boolean;
  readonly #painted = new WeakMap<Uint8Array, PaintedFrame>();
  /** The new spans are computed here, then swapped with the buffer's old ones. */
  #spare: Int32Array;

  /**
   * A painter of width x height frames.
   *
   * @throws RangeError for an invalid size
   */
  constructor(width: number, height: number) {
    i420Layout(width, height);
    this.#width = width;
    this.#height = height;
    this.#disc = wedgeDisc(width, height);
    this.#text = textLayout(width, height);
    this.#spare = new Int32Array(2 * (this.#disc.y1 - this.#disc.y0));
    this.#linesApart =
      fakeCameraTextCellRect(width, height, this.#text, 0, 0).y1 <= fakeCameraTextCellRect(width, height, this.#text, 1, 0).y0;
  }

  /**
   * Draws the frame at `elapsedUs` with counter `frameNumber`, seen with `view`, into `target`, as
   * drawFakeCameraFrame does.
   *
   * @throws RangeError for a `target` too small, or invalid time or counter
   */
  draw(target: Uint8Array, elapsedUs: number, frameNumber: number, view: FakeCameraView = DEFAULT_FAKE_CAMERA_VIEW): void {
    const width = this.#width;
    const height = this.#height;
    checkDrawArguments(target, width, height, elapsedUs, frameNumber);
    if (!sameView(view, this.#view)) {
      this.#setView(view);
    }
    const lines: [string, string] = [formatElapsedTime(Math.floor(elapsedUs / 1000)), String(frameNumber)];
    const elapsedSeconds = elapsedUs / 1_000_000;
    const painted = this.#painted.get(target);
    if (
      painted === undefined ||
      !sameView(painted.view, this.#view) ||
      !this.#textClearOfDisc(painted.lines) ||
      !this.#textClearOfDisc(lines)
    ) {
      drawFakeCameraFrame(target, width, height, elapsedUs, frameNumber, this.#view);
      const spans = new Int32Array(this.#spare.length);
      wedgeSpans(width, height, elapsedSeconds, spans, this.#view);
      this.#painted.set(target, { view: this.#view, spans, lines });
      return;
    }
    // The wedge: each row's old and new spans differ at their ends only.
    const spans = this.#spare;
    wedgeSpans(width, height, elapsedSeconds, spans, this.#view);
    const { background, text } = FAKE_CAMERA_COLOURS;
    const old = painted.spans;
    redrawWedgeRows(target, width, this.#disc.y0, old, spans);
    this.#spare = old;
    painted.spans = spans;
    // The text: the cells whose character changed.
    for (let line = 0; line < 2; line++) {
      const before = painted.lines[line] as string;
      const after = lines[line] as string;
      // Both padded with blanks to the longer's length (a blank cell is all background), so a line that grows
      // or shrinks takes the same path as one that does not: no code first runs when the counter gains a digit.
      const cells = Math.max(before.length, after.length);
      const shown = before.padEnd(cells);
      const next = after.padEnd(cells);
      for (let cell = 0; cell < cells; cell++) {
        if (shown[cell] !== next[cell]) {
          paintFakeCameraTextCell(target, width, height, this.#text, line, cell, next[cell] as string, text.y, background.y);
        }
      }
    }
    painted.lines = lines;
    // The squares change every frame and cover whatever is under them.
    drawCornerSquares(target, width, height, elapsedSeconds);
  }

  /** Moves the wedge's disc to `view`'s: buffers drawn in another view get a full draw next. */
  #setView(view: FakeCameraView): void {
    this.#view = { pan: view.pan, tilt: view.tilt, zoom: view.zoom };
    this.#disc = wedgeDisc(this.#width, this.#height, this.#view);
    this.#spare = new Int32Array(2 * (this.#disc.y1 - this.#disc.y0));
    this.#cellClear = [[], []];
  }

  /**
   * Whether the wedge can change without touching text, and a text cell without touching the wedge or the other
   * line: every cell of `lines` lies clear of the wedge's disc, and line 1 ends above line 2.
   */
  #textClearOfDisc(lines: readonly string[]): boolean {
    if (!this.#linesApart) {
      return false;
    }
    for (let line = 0; line < 2; line++) {
      for (let cell = 0; cell < (lines[line] as string).length; cell++) {
        if (!this.#clearOfDisc(line, cell)) {
          return false;
        }
      }
    }
    return true;
  }

  #clearOfDisc(line: number, cell: number): boolean {
    const known = this.#cellClear[line] as boolean[];
    let clear = known[cell];
    if (clear === undefined) {
      const rect = fakeCameraTextCellRect(this.#width, this.#height, this.#text, line, cell);
      const disc = this.#disc;
      // Every comparison is made (no short-circuit), so each carries type feedback from the first frames' cells:
      // a cell that first appears later (the counter's next digit) then runs compiled code instead of making
      // the optimizing compiler throw draw() away.
      const apart = [
        rect.x0 >= rect.x1,
        rect.y0 >= rect.y1,
        rect.x1 <= disc.x0,
        rect.x0 >= disc.x1,
        rect.y1 <= disc.y0,
        rect.y0 >= disc.y1,
      ];
      clear = apart.includes(true);
      known[cell] = clear;
    }
    return clear;
  }
}

/**
 * Turns the wedge's rows from the `old` spans to the new `spans` (rows from `y0`): on each row, what left the wedge
 * becomes background and what joined it becomes wedge. Each is at most two runs, one before the other span and one
 * after it. wedgeSpans writes an empty row as 0, -1, so the same four fills serve every case (a run that comes out
 * empty fills nothing): the loop has no branch that first runs when the sweep passes 180° or starts over.
 *
 * A function of its own rather than a loop in draw(): the loop makes its function hot in the first frames, and V8's
 * optimizing compile of draw() with everything it calls inlined took several times as long as this one's.
 */
function redrawWedgeRows(target: Uint8Array, width: number, y0: number, old: Int32Array, spans: Int32Array): void {
  const background = FAKE_CAMERA_COLOURS.background.y;
  const pacman = FAKE_CAMERA_COLOURS.pacman.y;
  for (let index = 0; index < spans.length; index += 2) {
    const rowStart = (y0 + index / 2) * width;
    const first = spans[index] as number;
    const last = spans[index + 1] as number;
    const oldFirst = old[index] as number;
    const oldLast = old[index + 1] as number;
    target.fill(background, rowStart + oldFirst, rowStart + Math.min(oldLast, first - 1) + 1);
    target.fill(background, rowStart + Math.max(oldFirst, last + 1), rowStart + oldLast + 1);
    target.fill(pacman, rowStart + first, rowStart + Math.min(last, oldFirst - 1) + 1);
    target.fill(pacman, rowStart + Math.max(first, oldLast + 1), rowStart + last + 1);
  }
}
