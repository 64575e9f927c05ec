// Incremental drawing of the fake camera's picture: the same bytes as a full draw, frame after frame.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { i420Layout } from '../../../../src/media/i420.js';
import { FakeCameraPainter } from '../../../../src/sources/fake/camera-painter.js';
import { drawFakeCameraFrame, FAKE_CAMERA_COLOURS } from '../../../../src/sources/fake/camera-pattern.js';

function fullDraw(width: number, height: number, elapsedUs: number, frameNumber: number): Uint8Array {
  const frame = new Uint8Array(i420Layout(width, height).byteLength);
  drawFakeCameraFrame(frame, width, height, elapsedUs, frameNumber);
  return frame;
}

/** The first byte where two frames differ, for a readable failure. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  return a.findIndex((byte, index) => byte !== b[index]);
}

/** Draws `frames` frames at `fps` through a pool of `poolSize` buffers and checks each against a full draw. */
function checkAgainstFullDraws(width: number, height: number, fps: number, frames: number, poolSize: number, firstSlot = 0): void {
  const painter = new FakeCameraPainter(width, height);
  const pool = Array.from({ length: poolSize }, () => new Uint8Array(i420Layout(width, height).byteLength));
  for (let slot = firstSlot; slot < firstSlot + frames; slot++) {
    const elapsedUs = (slot * 1e6) / fps;
    const buffer = pool[slot % poolSize] as Uint8Array;
    painter.draw(buffer, elapsedUs, slot);
    const expected = fullDraw(width, height, elapsedUs, slot);
    const at = firstDifference(buffer, expected);
    assert.equal(at, -1, `${width}x${height} frame ${slot}: byte ${at} is ${buffer[at]}, a full draw has ${expected[at]}`);
  }
}

describe('FakeCameraPainter', () => {
  test('gives the bytes of a full draw for every frame, at many sizes, with one buffer or a pool', () => {
    for (const [width, height] of [
      [96, 96],
      [160, 90],
      [320, 240],
      [641, 479],
      [1280, 720],
      [720, 1280],
      [1000, 100],
      [7, 5],
      [2, 2],
    ] as const) {
      checkAgainstFullDraws(width, height, 30, 45, 1);
      checkAgainstFullDraws(width, height, 30, 45, 3);
    }
  });

  test('gives the bytes of a full draw across the wedge’s restart, a carry of every time digit and a longer counter', () => {
    // 0.6 s: the full disc and the restart; 9.99 s → 10 s and 59:59 → 1:00:00 carry digits; 99 → 100 lengthens line 2.
    checkAgainstFullDraws(640, 480, 30, 40, 2, 0);
    checkAgainstFullDraws(640, 480, 10, 5, 2, 97);
    checkAgainstFullDraws(640, 480, 100, 4, 2, 359_998);
    checkAgainstFullDraws(320, 180, 25, 30, 4, 89_990);
  });

  test('gives the bytes of a full draw at irregular times, as late ticks that skip slots make', () => {
    const [width, height] = [480, 360];
    const painter = new FakeCameraPainter(width, height);
    const buffer = new Uint8Array(i420Layout(width, height).byteLength);
    let state = 7;
    let elapsedUs = 0;
    for (let frame = 0; frame < 60; frame++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      elapsedUs += (state >>> 8) % 400_000;
      painter.draw(buffer, elapsedUs, frame * 3);
      assert.equal(firstDifference(buffer, fullDraw(width, height, elapsedUs, frame * 3)), -1, `frame ${frame}`);
    }
  });

  test('draws a buffer it has not drawn before in full, whatever it held', () => {
    const painter = new FakeCameraPainter(320, 240);
    const buffer = new Uint8Array(i420Layout(320, 240).byteLength).fill(0xa5);
    painter.draw(buffer, 1_234_567, 37);
    assert.deepEqual(buffer, fullDraw(320, 240, 1_234_567, 37));
  });

  test('rejects a bad size, a buffer too small, a negative time and a bad counter', () => {
    assert.throws(() => new FakeCameraPainter(0, 96), RangeError);
    const painter = new FakeCameraPainter(96, 96);
    const buffer = new Uint8Array(i420Layout(96, 96).byteLength);
    assert.throws(() => painter.draw(buffer.subarray(1), 0, 0), RangeError);
    assert.throws(() => painter.draw(buffer, -1, 0), RangeError);
    assert.throws(() => painter.draw(buffer, 0, 1.5), RangeError);
  });
});

describe('corner squares', () => {
  test('hold Chromium’s per-pixel ramp value at every pixel, at several sizes and times', () => {
    for (const [width, height] of [
      [640, 480],
      [1280, 720],
      [1000, 40],
      [33, 700],
    ] as const) {
      const side = Math.floor(width / 16);
      for (const elapsedUs of [0, 1_000_000 / 3, 2_500_000, 4_321_000, 123_456_789]) {
        const frame = fullDraw(width, height, elapsedUs, 0);
        const start = (65536 * (elapsedUs / 1_000_000) * (1 / 5)) % 65536;
        const step = 65535 / (width + height);
        const { from, to } = FAKE_CAMERA_COLOURS.cornerGradient;
        for (const [left, top] of [
          [0, 0],
          [width - side, 0],
          [0, height - side],
          [width - side, height - side],
        ] as const) {
          for (let y = Math.max(0, top); y < Math.min(height, top + side); y++) {
            for (let x = left; x < left + side; x++) {
              const value = Math.floor(start + (x + y) * step) & 0xffff;
              const luma = from.y + Math.round(((value >> 8) * (to.y - from.y)) / 255);
              assert.equal(frame[y * width + x], luma, `${width}x${height} (${x}, ${y}) at ${elapsedUs} µs`);
            }
          }
        }
      }
    }
  });
});
