// The fake camera's picture (after Chromium's PacmanFramePainter) and reading its text back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { i420Layout } from '../../../../src/media/i420.js';
import {
  drawFakeCameraFrame,
  FAKE_CAMERA_COLOURS,
  readFakeCameraFrame,
} from '../../../../src/sources/fake/camera-pattern.js';

function drawn(width: number, height: number, elapsedUs: number, frameNumber: number): Uint8Array {
  const frame = new Uint8Array(i420Layout(width, height).byteLength);
  drawFakeCameraFrame(frame, width, height, elapsedUs, frameNumber);
  return frame;
}

/** The Y plane scaled down by `factor` on both axes, each pixel the mean of the block it replaces. */
function boxDownscale(luma: Uint8Array, width: number, height: number, factor: number): Uint8Array {
  const outWidth = Math.floor(width / factor);
  const outHeight = Math.floor(height / factor);
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++) {
          sum += luma[(y * factor + dy) * width + x * factor + dx] as number;
        }
      }
      out[y * outWidth + x] = Math.round(sum / (factor * factor));
    }
  }
  return out;
}

/** `luma` with deterministic noise of at most ±amplitude added, clamped to 0–255. */
function withNoise(luma: Uint8Array, amplitude: number): Uint8Array {
  let state = 12345;
  return luma.map((value) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const noise = (state >>> 16) % (2 * amplitude + 1) - amplitude;
    return Math.min(255, Math.max(0, value + noise));
  });
}

/** The pixel of the wedge's disc at `degrees` clockwise from 3 o'clock, halfway out. */
function wedgePoint(width: number, height: number, degrees: number): number {
  const radius = Math.floor(Math.min(width, height) / 4);
  const angle = (degrees * Math.PI) / 180;
  const x = Math.floor(width / 2) + Math.round((radius / 2) * Math.cos(angle));
  const y = Math.floor(height / 2) + Math.round((radius / 2) * Math.sin(angle));
  return y * width + x;
}

/** Limited-range BT.601 to full-range RGB, rounded and clamped. */
function toRgb(y: number, u: number, v: number): [number, number, number] {
  const luma = (255 / 219) * (y - 16);
  const clamp = (value: number): number => Math.min(255, Math.max(0, Math.round(value)));
  return [
    clamp(luma + 1.596027 * (v - 128)),
    clamp(luma - 0.391762 * (u - 128) - 0.812968 * (v - 128)),
    clamp(luma + 2.017232 * (u - 128)),
  ];
}

const SIZES = [
  [96, 96],
  [320, 240],
  [640, 480],
  [1280, 720],
  [1920, 1080],
] as const;

const TIMES = [
  { elapsedUs: 0, frameNumber: 0 },
  { elapsedUs: 1_234_567, frameNumber: 24 },
  { elapsedUs: 3_723_004_999, frameNumber: 74_460 },
  { elapsedUs: 59_999_999, frameNumber: 9_999_999 },
] as const;

describe('drawFakeCameraFrame()', () => {
  test('gives the same bytes for the same inputs, whatever the buffer held before', () => {
    const layout = i420Layout(640, 480);
    const clean = new Uint8Array(layout.byteLength);
    const dirty = new Uint8Array(layout.byteLength).fill(0xa5);
    drawFakeCameraFrame(clean, 640, 480, 2_345_678, 46);
    drawFakeCameraFrame(dirty, 640, 480, 2_345_678, 46);
    assert.deepEqual(dirty, clean);
    assert.deepEqual(drawn(640, 480, 2_345_678, 46), clean);
  });

  test('paints the field in the background colour, with uniform chroma planes', () => {
    for (const [width, height] of SIZES) {
      const frame = drawn(width, height, 1_234_567, 24);
      const layout = i420Layout(width, height);
      const { background } = FAKE_CAMERA_COLOURS;
      // Bottom row, an eighth in: clear of the corner squares, the wedge and the text.
      assert.equal(frame[(height - 1) * width + Math.floor(width / 8)], background.y, `${width}x${height}`);
      assert.ok(frame.subarray(layout.uOffset, layout.vOffset).every((u) => u === background.u));
      assert.ok(frame.subarray(layout.vOffset, layout.byteLength).every((v) => v === background.v));
    }
  });

  test('states its colours as limited-range values whose RGB is what BT.601 gives', () => {
    const { background, pacman, text, cornerGradient } = FAKE_CAMERA_COLOURS;
    for (const colour of [background, pacman, text, cornerGradient.from, cornerGradient.to]) {
      assert.ok(colour.y >= 16 && colour.y <= 235 && colour.u >= 16 && colour.u <= 240 && colour.v >= 16);
      assert.deepEqual([colour.r, colour.g, colour.b], toRgb(colour.y, colour.u, colour.v));
    }
    assert.deepEqual([background.r, background.g, background.b], [0, 135, 0]);
  });

  test('sweeps the wedge clockwise from 3 o’clock at 600° a second, starting over after 361°', () => {
    const [width, height] = [640, 480];
    const lit = (elapsedUs: number, degrees: number): boolean =>
      drawn(width, height, elapsedUs, 0)[wedgePoint(width, height, degrees)] === FAKE_CAMERA_COLOURS.pacman.y;
    assert.equal(lit(0, 45), false, 'nothing at the start');
    assert.equal(lit(100_000, 45), true, '60° after 0.1 s');
    assert.equal(lit(100_000, 90), false);
    assert.equal(lit(250_000, 90), true, '150° after 0.25 s');
    assert.equal(lit(250_000, 225), false);
    assert.equal(lit(500_000, 225), true, '300° after 0.5 s');
    assert.equal(lit(500_000, 315), false);
    assert.equal(lit(600_000, 315), true, 'the full disc after 0.6 s');
    assert.equal(lit(610_000, 45), false, 'starting over: 5° after 0.61 s');
  });

  test('changes the wedge’s region from one frame time to the next', () => {
    const [width, height] = [320, 240];
    const region = (elapsedUs: number): Uint8Array => {
      const frame = drawn(width, height, elapsedUs, 0);
      const region = new Uint8Array(120 * 120);
      for (let row = 0; row < 120; row++) {
        region.set(frame.subarray((60 + row) * width + 100, (60 + row) * width + 220), row * 120);
      }
      return region;
    };
    assert.notDeepEqual(region(50_000), region(100_000));
    assert.notDeepEqual(region(100_000), region(150_000));
    assert.ok(region(300_000).some((luma) => luma === FAKE_CAMERA_COLOURS.pacman.y));
  });

  test('draws corner squares of width / 16 with Chromium’s diagonal ramp, moving with time', () => {
    const [width, height] = [640, 480];
    const side = width / 16;
    const ramp = (elapsedUs: number, x: number, y: number): number => {
      const start = (65536 * (elapsedUs / 1e6) * 0.2) % 65536;
      const value = Math.floor(start + ((x + y) * 65535) / (width + height)) & 0xffff;
      return 16 + Math.round(((value >> 8) * 219) / 255);
    };
    for (const elapsedUs of [0, 2_500_000, 4_321_000]) {
      const frame = drawn(width, height, elapsedUs, 0);
      for (const [x, y] of [
        [side - 1, side - 1],
        [width - side, 3],
        [5, height - 1],
        [width - 1, height - 1],
      ] as const) {
        assert.equal(frame[y * width + x], ramp(elapsedUs, x, y), `(${x}, ${y}) at ${elapsedUs} µs`);
      }
      assert.equal(frame[side], FAKE_CAMERA_COLOURS.background.y, 'just right of the top-left square');
      assert.equal(frame[side * width], FAKE_CAMERA_COLOURS.background.y, 'just below the top-left square');
    }
    assert.notEqual(drawn(width, height, 0, 0)[0], drawn(width, height, 2_500_000, 0)[0]);
  });

  test('writes nothing past the frame’s bytes in a larger buffer', () => {
    const layout = i420Layout(96, 96);
    const buffer = new Uint8Array(layout.byteLength + 16).fill(7);
    drawFakeCameraFrame(buffer, 96, 96, 0, 0);
    assert.ok(buffer.subarray(layout.byteLength).every((byte) => byte === 7));
  });

  test('rejects a buffer too small, a bad size, a negative or non-finite time and a bad counter', () => {
    const buffer = new Uint8Array(i420Layout(96, 96).byteLength);
    assert.throws(() => drawFakeCameraFrame(buffer.subarray(1), 96, 96, 0, 0), RangeError);
    assert.throws(() => drawFakeCameraFrame(buffer, 0, 96, 0, 0), RangeError);
    assert.throws(() => drawFakeCameraFrame(buffer, 96, 96, -1, 0), RangeError);
    assert.throws(() => drawFakeCameraFrame(buffer, 96, 96, Number.NaN, 0), RangeError);
    assert.throws(() => drawFakeCameraFrame(buffer, 96, 96, 0, 1.5), RangeError);
    assert.throws(() => drawFakeCameraFrame(buffer, 96, 96, 0, -1), RangeError);
  });
});

describe('readFakeCameraFrame()', () => {
  test('reads back the frame counter and elapsed milliseconds at every size from 96x96 to 1920x1080', () => {
    for (const [width, height] of SIZES) {
      for (const { elapsedUs, frameNumber } of TIMES) {
        assert.deepEqual(
          readFakeCameraFrame(drawn(width, height, elapsedUs, frameNumber), width, height),
          { frameNumber, elapsedMs: Math.floor(elapsedUs / 1000) },
          `${width}x${height} at ${elapsedUs} µs, frame ${frameNumber}`,
        );
      }
    }
  });

  test('reads a frame scaled down 2x with a box filter, also with ±3 of noise added', () => {
    for (const [width, height] of SIZES.filter(([width]) => width >= 320)) {
      for (const { elapsedUs, frameNumber } of TIMES) {
        const small = boxDownscale(drawn(width, height, elapsedUs, frameNumber), width, height, 2);
        const expected = { frameNumber, elapsedMs: Math.floor(elapsedUs / 1000) };
        const label = `${width}x${height} / 2 at ${elapsedUs} µs`;
        assert.deepEqual(readFakeCameraFrame(small, width / 2, height / 2), expected, label);
        assert.deepEqual(readFakeCameraFrame(withNoise(small, 3), width / 2, height / 2), expected, `${label}, noisy`);
      }
    }
  });

  test('reads a 1280x720 or larger frame scaled down 4x with noise', () => {
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      const small = withNoise(boxDownscale(drawn(width, height, 754_321_987, 15_086), width, height, 4), 3);
      assert.deepEqual(readFakeCameraFrame(small, width / 4, height / 4), { frameNumber: 15_086, elapsedMs: 754_321 });
    }
  });

  test('reads a centre crop that keeps the shorter side, as crop-and-scale to 4:3 makes', () => {
    const frame = drawn(1280, 720, 5_123_456, 77);
    const crop = new Uint8Array(960 * 720);
    for (let y = 0; y < 720; y++) {
      crop.set(frame.subarray(y * 1280 + 160, y * 1280 + 1120), y * 960);
    }
    assert.deepEqual(readFakeCameraFrame(crop, 960, 720), { frameNumber: 77, elapsedMs: 5123 });
  });

  test('gives undefined rather than a wrong value when the text has become too small to read', () => {
    const small = boxDownscale(drawn(96, 96, 1_234_567, 24), 96, 96, 2);
    assert.equal(readFakeCameraFrame(small, 48, 48), undefined);
  });

  test('gives undefined for a frame without the text', () => {
    assert.equal(readFakeCameraFrame(new Uint8Array(640 * 480).fill(16), 640, 480), undefined);
    assert.equal(readFakeCameraFrame(withNoise(new Uint8Array(640 * 480).fill(128), 100), 640, 480), undefined);
    assert.equal(readFakeCameraFrame(new Uint8Array(10), 640, 480), undefined, 'too few bytes');
    assert.equal(readFakeCameraFrame(new Uint8Array(10), 0, 10), undefined, 'no size');
  });
});
