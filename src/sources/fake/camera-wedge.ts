/**
 * The fake camera's sweeping wedge ("pac-man") and the camera's pan, tilt and zoom, which move and scale it as
 * Chromium's PacmanFramePainter does: its canvas matrix is `setScale(zoom / 100, zoom / 100, width / 2,
 * height / 2)` followed by `setTranslateX/Y`, and those replace the translation the pivot put there, so a
 * point (x, y) of the picture lands at `(s * x + tx, s * y + ty)` with `s = zoom / 100`,
 * `tx = (pan - 100) * width / 300` and `ty = (tilt - 100) * height / 300`: zoom scales the picture from its
 * top-left corner, pan shifts it right and tilt down, by a whole frame at 400. The corner squares are drawn
 * outside that matrix and never move.
 *
 * Deviation from Chromium: its text is drawn under the same matrix; ours stays put, so that the time and frame
 * counter stay readable ({@link readFakeCameraFrame}) at any pan, tilt and zoom.
 *
 * @module
 */

/** Chromium's fake camera's pan, tilt and zoom range (kMinPan … kZoomStep) and initial value (kInitialPan …). */
export const FAKE_CAMERA_PTZ = Object.freeze({ min: 100, max: 400, step: 1, initial: 100 });

/** The camera's pan, tilt and zoom, in the units of {@link FAKE_CAMERA_PTZ}. */
export interface FakeCameraView {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
}

/** The view of a camera that has not been moved. */
export const DEFAULT_FAKE_CAMERA_VIEW: FakeCameraView = Object.freeze({
  pan: FAKE_CAMERA_PTZ.initial,
  tilt: FAKE_CAMERA_PTZ.initial,
  zoom: FAKE_CAMERA_PTZ.initial,
});

/** Whether two views are the same. */
export function sameView(a: FakeCameraView, b: FakeCameraView): boolean {
  return a.pan === b.pan && a.tilt === b.tilt && a.zoom === b.zoom;
}

/** The wedge's circle on the frame: centre and radius after the view's matrix. */
interface WedgeCircle {
  readonly centreX: number;
  readonly centreY: number;
  readonly radius: number;
}

/** Chromium's circle (radius min(width, height) / 4 at the centre, both floored) under the view's matrix. */
function wedgeCircle(width: number, height: number, view: FakeCameraView): WedgeCircle {
  const range = FAKE_CAMERA_PTZ.max - FAKE_CAMERA_PTZ.min;
  const scale = view.zoom / 100;
  const translateX = (view.pan - FAKE_CAMERA_PTZ.min) * (width / range);
  const translateY = (view.tilt - FAKE_CAMERA_PTZ.min) * (height / range);
  return {
    centreX: scale * Math.floor(width / 2) + translateX,
    centreY: scale * Math.floor(height / 2) + translateY,
    radius: scale * Math.floor(Math.min(width, height) / 4),
  };
}

/** The rows of a frame that the wedge's disc covers, [y0, y1), and the columns of its bounding box, [x0, x1). */
export interface WedgeDisc {
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
}

/** The pixels whose centres lie in the wedge's disc: rows [y0, y1) and columns [x0, x1), clipped to the frame. */
export function wedgeDisc(width: number, height: number, view: FakeCameraView = DEFAULT_FAKE_CAMERA_VIEW): WedgeDisc {
  const { centreX, centreY, radius } = wedgeCircle(width, height, view);
  // A pixel's centre y + 0.5 is within the radius when y >= c - r - 0.5 and y <= c + r - 0.5.
  const y0 = clamp(Math.ceil(centreY - radius - 0.5), 0, height);
  const x0 = clamp(Math.ceil(centreX - radius - 0.5), 0, width);
  return {
    y0,
    y1: clamp(Math.floor(centreY + radius - 0.5) + 1, y0, height),
    x0,
    x1: clamp(Math.floor(centreX + radius - 0.5) + 1, x0, width),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Scratch spans for full draws, grown as needed. */
let scratchSpans = new Int32Array(0);

/** The sweeping wedge (see {@link wedgeSpans}) in luma `luma`, drawn over whatever the disc's rows hold. */
export function drawPacman(
  target: Uint8Array,
  width: number,
  height: number,
  elapsedSeconds: number,
  view: FakeCameraView,
  luma: number,
): void {
  const disc = wedgeDisc(width, height, view);
  const rows = disc.y1 - disc.y0;
  if (scratchSpans.length < 2 * rows) {
    scratchSpans = new Int32Array(2 * rows);
  }
  wedgeSpans(width, height, elapsedSeconds, scratchSpans, view);
  for (let row = 0; row < rows; row++) {
    const first = scratchSpans[2 * row] as number;
    const last = scratchSpans[2 * row + 1] as number;
    if (first <= last) {
      const rowStart = (disc.y0 + row) * width;
      target.fill(luma, rowStart + first, rowStart + last + 1);
    }
  }
}

/** Chromium's sweep speed, in degrees per second. */
const PACMAN_DEGREES_PER_SECOND = 600;
/** The sweep starts over at this many degrees (Chromium's fmod by 361, so a full disc shows briefly). */
const PACMAN_SWEEP_MODULUS = 361;

/**
 * The sweeping wedge: the disc of {@link wedgeCircle}, from angle 0 (3 o'clock) clockwise to `600 * t mod 361`
 * degrees, pixels in when their centres are (as Skia's aliased drawArc with useCenter). Writes, for each row of
 * {@link wedgeDisc} from its y0, the wedge's first and last column (clipped to the frame) into `spans[2 * row]`
 * and `spans[2 * row + 1]`; 0 and -1 for a row without any.
 */
export function wedgeSpans(
  width: number,
  height: number,
  elapsedSeconds: number,
  spans: Int32Array,
  view: FakeCameraView = DEFAULT_FAKE_CAMERA_VIEW,
): void {
  const disc = wedgeDisc(width, height, view);
  const rows = disc.y1 - disc.y0;
  const sweepDegrees = (PACMAN_DEGREES_PER_SECOND * elapsedSeconds) % PACMAN_SWEEP_MODULUS;
  const { centreX, centreY, radius } = wedgeCircle(width, height, view);
  if (sweepDegrees <= 0 || radius <= 0) {
    // No wedge: every row's span is empty.
    for (let row = 0; row < rows; row++) {
      spans[2 * row] = 0;
      spans[2 * row + 1] = -1;
    }
    return;
  }
  const full = sweepDegrees >= 360;
  const sweep = (sweepDegrees * Math.PI) / 180;
  const lowerHalf = sweep <= Math.PI;
  const sin = Math.sin(sweep);
  const cos = Math.cos(sweep);
  const discColumns = discSpans(width, height, view);
  sweepRows(spans, rows, discColumns, disc.y0, width, centreX, centreY, full, lowerHalf, sin, cos);
}

/**
 * {@link wedgeSpans}'s rows, from the disc's columns and the sweep's end ray (angle `sin`, `cos`). A function of
 * its own: the loop makes it hot in the first frames, and V8 then optimizes only it, not wedgeSpans with the disc
 * and circle code inlined as well.
 */
function sweepRows(
  spans: Int32Array,
  rows: number,
  discColumns: Int32Array,
  y0: number,
  width: number,
  centreX: number,
  centreY: number,
  full: boolean,
  lowerHalf: boolean,
  sin: number,
  cos: number,
): void {
  for (let row = 0; row < rows; row++) {
    spans[2 * row] = 0;
    spans[2 * row + 1] = -1;
    let first = discColumns[2 * row] as number;
    let last = discColumns[2 * row + 1] as number;
    if (first > last) {
      continue;
    }
    const dy = y0 + row + 0.5 - centreY;
    // Angles grow clockwise on screen because y grows downwards. A pixel is in the wedge when its centre turns
    // toward the sweep's end, `(x + 0.5 - centreX) * sin - dy * cos >= 0`: below the centre only, for a sweep up to
    // 180°; below the centre or turning toward the end, past 180°; anywhere, for the full disc. Along a row that
    // test is monotonic, so the wedge is a suffix of the disc's span (below) or a prefix (above), whose edge is
    // found from the column where the end ray crosses the row, settled by the test itself. Rows on the other side
    // of the centre are outside the wedge (up to 180°) or wholly in it (past 180°).
    if (!full && lowerHalf !== (dy <= 0)) {
      // Clamped next to the span before rounding: near 180° the crossing lies far outside the frame, and a
      // guess beyond 32-bit integers would cost a recompilation (wedgeEdge clamps to the span anyway).
      const crossing = centreX - 0.5 + (dy * cos) / sin;
      const edge = Math.floor(Math.min(Math.max(crossing, first - 1), last + 1));
      const column = wedgeEdge(first, last, edge, lowerHalf ? 1 : -1, centreX, dy, sin, cos);
      if (lowerHalf) {
        first = column;
      } else {
        last = column;
      }
    } else if (!full && lowerHalf) {
      continue;
    }
    first = Math.max(first, 0);
    last = Math.min(last, width - 1);
    if (first <= last) {
      spans[2 * row] = first;
      spans[2 * row + 1] = last;
    }
  }
}

/**
 * Where the wedge's part of a row's disc span [first, last] begins (`direction` 1: the wedge is the span's suffix
 * from there; `first` past `last` when it is empty) or ends (`direction` -1: its prefix up to there), found from
 * `guess` (where the sweep's end ray crosses the row) and settled by the exact in-wedge test. The columns are
 * searched as `direction * c`, so that in both cases the wedge is a suffix and one loop serves both halves of the
 * sweep: the optimizing compiler sees this code warm up in the first frames instead of meeting, once the sweep
 * passes 180°, a branch it has no feedback for (which would cost a recompilation of it and of its callers).
 */
function wedgeEdge(
  first: number,
  last: number,
  guess: number,
  direction: 1 | -1,
  centreX: number,
  dy: number,
  sin: number,
  cos: number,
): number {
  const from = Math.min(direction * first, direction * last);
  const to = Math.max(direction * first, direction * last);
  // A pixel is in when its centre turns toward the sweep's end; `direction * x` is the real column, exactly.
  let x = Math.min(Math.max(direction * guess, from), to + 1);
  while (x > from && (direction * (x - 1) + 0.5 - centreX) * sin - dy * cos >= 0) {
    x--;
  }
  while (x <= to && (direction * x + 0.5 - centreX) * sin - dy * cos < 0) {
    x++;
  }
  // Back to a real column (+ 0 turns the -0 of a negated column 0 into 0).
  return direction * x + 0;
}

/** The disc's columns of the last size and view asked for (the same for every frame of them). */
let discSpansCache: { width: number; height: number; view: FakeCameraView; spans: Int32Array } | undefined;

/**
 * For each row of {@link wedgeDisc} from its y0, the first and last column whose pixel centre lies in the disc
 * (first > last: none), unclipped.
 */
function discSpans(width: number, height: number, view: FakeCameraView): Int32Array {
  const cached = discSpansCache;
  if (cached !== undefined && cached.width === width && cached.height === height && sameView(cached.view, view)) {
    return cached.spans;
  }
  const disc = wedgeDisc(width, height, view);
  const { centreX, centreY, radius } = wedgeCircle(width, height, view);
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
      // Settle rounding by the test itself (exact for the unmoved view, whose offsets are half-integers).
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
  discSpansCache = { width, height, view: { pan: view.pan, tilt: view.tilt, zoom: view.zoom }, spans };
  return spans;
}
