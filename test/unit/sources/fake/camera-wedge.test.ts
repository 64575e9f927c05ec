// Pan, tilt and zoom of the fake camera: the wedge's geometry under Chromium's matrix, and the incremental painter
// keeping the bytes of a full draw when the view changes between frames.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { i420Layout } from '../../../../src/media/i420.js';
import { FakeCameraPainter } from '../../../../src/sources/fake/camera-painter.js';
import { drawFakeCameraFrame } from '../../../../src/sources/fake/camera-pattern.js';
import { DEFAULT_FAKE_CAMERA_VIEW, wedgeDisc, wedgeSpans, type FakeCameraView } from '../../../../src/sources/fake/camera-wedge.js';

function fullDraw(width: number, height: number, elapsedUs: number, frameNumber: number, view: FakeCameraView): Uint8Array {
  const frame = new Uint8Array(i420Layout(width, height).byteLength);
  drawFakeCameraFrame(frame, width, height, elapsedUs, frameNumber, view);
  return frame;
}

describe('the wedge under pan, tilt and zoom', () => {
  test('the unmoved view keeps the disc of radius min(width, height) / 4 at the centre', () => {
    assert.deepEqual(wedgeDisc(640, 480), { y0: 120, y1: 360, x0: 200, x1: 440 });
    assert.deepEqual(wedgeDisc(640, 480, DEFAULT_FAKE_CAMERA_VIEW), wedgeDisc(640, 480));
  });

  test('zoom scales from the top-left corner; pan and tilt shift by (value - 100) / 300 of the frame, clipped to it', () => {
    // Zoom 2: centre (640, 480), radius 240; only its upper-left quarter is in the frame.
    assert.deepEqual(wedgeDisc(640, 480, { pan: 100, tilt: 100, zoom: 200 }), { y0: 240, y1: 480, x0: 400, x1: 640 });
    // Pan 250, tilt 175: centre (320 + 320, 240 + 120).
    assert.deepEqual(wedgeDisc(640, 480, { pan: 250, tilt: 175, zoom: 100 }), { y0: 240, y1: 480, x0: 520, x1: 640 });
    // Pan and tilt 400 move it a whole frame away.
    const gone = wedgeDisc(640, 480, { pan: 400, tilt: 400, zoom: 100 });
    assert.equal(gone.y1 - gone.y0, 0);
  });

  test('wedgeSpans writes every row: 0 and -1 where the wedge is not, a span inside the frame where it is', () => {
    // The incremental painter computes the runs to repaint from these without a branch for empty rows.
    const views = [DEFAULT_FAKE_CAMERA_VIEW, { pan: 250, tilt: 175, zoom: 100 }, { pan: 100, tilt: 100, zoom: 200 }];
    for (const view of views) {
      const disc = wedgeDisc(320, 240, view);
      const spans = new Int32Array(2 * (disc.y1 - disc.y0));
      // No wedge (t = 0), under 180°, past 180°, the full disc (360° ≤ sweep < 361°).
      for (const seconds of [0, 0.2, 0.45, 0.6005]) {
        spans.fill(7);
        wedgeSpans(320, 240, seconds, spans, view);
        let rowsWithWedge = 0;
        for (let row = 0; row < spans.length / 2; row++) {
          const [first, last] = [spans[2 * row] as number, spans[2 * row + 1] as number];
          if (first > last) {
            assert.deepEqual([first, last], [0, -1], `row ${row} at ${seconds} s`);
          } else {
            assert.ok(first >= 0 && last <= 319, `row ${row} at ${seconds} s: ${first}..${last}`);
            rowsWithWedge++;
          }
        }
        if (view === DEFAULT_FAKE_CAMERA_VIEW) {
          assert.equal(rowsWithWedge > 0, seconds > 0, `${seconds} s`);
        }
      }
    }
  });

  test('a moved view draws other bytes than the unmoved one, except where only text and squares are', () => {
    const still = fullDraw(320, 240, 250_000, 5, DEFAULT_FAKE_CAMERA_VIEW);
    const zoomed = fullDraw(320, 240, 250_000, 5, { pan: 100, tilt: 100, zoom: 150 });
    assert.notDeepEqual(zoomed, still);
  });
});

describe('FakeCameraPainter with pan, tilt and zoom', () => {
  test('gives the bytes of a full draw when the view changes between frames, with pooled buffers', () => {
    const views: FakeCameraView[] = [
      DEFAULT_FAKE_CAMERA_VIEW,
      { pan: 100, tilt: 100, zoom: 200 },
      { pan: 100, tilt: 100, zoom: 200 },
      { pan: 133, tilt: 250, zoom: 111 },
      { pan: 400, tilt: 400, zoom: 400 },
      DEFAULT_FAKE_CAMERA_VIEW,
      { pan: 101, tilt: 100, zoom: 100 },
    ];
    for (const [width, height] of [
      [640, 480],
      [320, 180],
      [96, 96],
    ] as const) {
      const painter = new FakeCameraPainter(width, height);
      const pool = Array.from({ length: 3 }, () => new Uint8Array(i420Layout(width, height).byteLength));
      let slot = 0;
      for (const view of views) {
        // Several frames per view, so that each buffer of the pool is drawn in the old view and then in the new one.
        for (let repeat = 0; repeat < 4; repeat++, slot++) {
          const elapsedUs = (slot * 1e6) / 30;
          const buffer = pool[slot % pool.length] as Uint8Array;
          painter.draw(buffer, elapsedUs, slot, view);
          const expected = fullDraw(width, height, elapsedUs, slot, view);
          const at = buffer.findIndex((byte, index) => byte !== expected[index]);
          assert.equal(at, -1, `${width}x${height} frame ${slot} in ${JSON.stringify(view)}: byte ${at} differs`);
        }
      }
    }
  });
});
