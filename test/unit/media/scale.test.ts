import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { i420Layout } from '../../../src/media/i420.js';
import { centreCropRect, scaleI420 } from '../../../src/media/scale.js';
import type { VideoFrameData } from '../../../src/media/video-frame.js';

/** A packed I420 image whose Y sample at (x, y) is luma(x, y) and whose chroma is constant. */
function i420(width: number, height: number, luma: (x: number, y: number) => number, u = 128, v = 128): VideoFrameData {
  const layout = i420Layout(width, height);
  const bytes = new Uint8Array(layout.byteLength);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      bytes[y * width + x] = luma(x, y);
    }
  }
  bytes.fill(u, layout.uOffset, layout.vOffset);
  bytes.fill(v, layout.vOffset);
  return {
    format: 'I420',
    codedWidth: width,
    codedHeight: height,
    bytes,
    layout: [
      { offset: layout.yOffset, stride: width },
      { offset: layout.uOffset, stride: layout.chromaWidth },
      { offset: layout.vOffset, stride: layout.chromaWidth },
    ],
  };
}

function lumaOf(data: VideoFrameData): number[] {
  const first = data.layout[0];
  assert.ok(first);
  const rows: number[] = [];
  for (let y = 0; y < data.codedHeight; y++) {
    rows.push(...data.bytes.subarray(first.offset + y * first.stride, first.offset + y * first.stride + data.codedWidth));
  }
  return rows;
}

describe('centreCropRect', () => {
  test('1280x720 to 640x480 crops 960x720 at x=160', () => {
    assert.deepEqual(centreCropRect(1280, 720, 640, 480), { x: 160, y: 0, width: 960, height: 720 });
  });

  test('a taller target crops rows, centred and even', () => {
    assert.deepEqual(centreCropRect(640, 480, 1280, 720), { x: 0, y: 60, width: 640, height: 360 });
    const rect = centreCropRect(1920, 1080, 500, 500);
    assert.deepEqual(rect, { x: 420, y: 0, width: 1080, height: 1080 });
  });

  test('the same aspect ratio keeps the whole image, and odd results stay within the source', () => {
    assert.deepEqual(centreCropRect(1280, 720, 320, 180), { x: 0, y: 0, width: 1280, height: 720 });
    const rect = centreCropRect(3, 1, 1, 1);
    assert.deepEqual(rect, { x: 0, y: 0, width: 1, height: 1 });
    for (const [sw, sh, dw, dh] of [
      [641, 479, 320, 240],
      [1920, 1080, 1, 1000],
      [101, 3, 7, 5],
    ] as const) {
      const crop = centreCropRect(sw, sh, dw, dh);
      assert.ok(crop.x >= 0 && crop.y >= 0 && crop.x + crop.width <= sw && crop.y + crop.height <= sh, JSON.stringify(crop));
      assert.equal(crop.x % 2, 0);
      assert.equal(crop.y % 2, 0);
    }
  });
});

describe('scaleI420', () => {
  test('the output is packed I420 of the requested size', () => {
    const result = scaleI420(i420(64, 48, () => 50), { x: 0, y: 0, width: 64, height: 48 }, 33, 17);
    const layout = i420Layout(33, 17);
    assert.equal(result.format, 'I420');
    assert.equal(result.codedWidth, 33);
    assert.equal(result.codedHeight, 17);
    assert.equal(result.bytes.byteLength, layout.byteLength);
    assert.deepEqual(result.layout, [
      { offset: 0, stride: 33 },
      { offset: layout.uOffset, stride: 17 },
      { offset: layout.vOffset, stride: 17 },
    ]);
  });

  test('a uniform colour stays exactly that colour at any size, down or up', () => {
    const source = i420(96, 54, () => 81, 90, 240);
    for (const [width, height, rect] of [
      [32, 18, { x: 0, y: 0, width: 96, height: 54 }],
      [40, 30, centreCropRect(96, 54, 40, 30)],
      [7, 5, { x: 3, y: 1, width: 90, height: 51 }],
      [60, 50, { x: 0, y: 0, width: 96, height: 54 }],
      [200, 120, { x: 10, y: 6, width: 50, height: 30 }],
    ] as const) {
      const result = scaleI420(source, rect, width, height);
      assert.ok(
        result.bytes.every((value, index) => value === (index < width * height ? 81 : index < i420Layout(width, height).vOffset ? 90 : 240)),
        `${width}x${height}`,
      );
    }
  });

  test('a 1-pixel checker halved averages each 2x2 block', () => {
    const checker = i420(8, 8, (x, y) => ((x + y) % 2 === 0 ? 0 : 255));
    const result = scaleI420(checker, { x: 0, y: 0, width: 8, height: 8 }, 4, 4);
    for (const value of lumaOf(result)) {
      assert.ok(Math.abs(value - 127.5) <= 1, `${value}`);
    }
  });

  test('2x2 blocks of a 2-pixel checker are kept when halving an aligned image', () => {
    const checker = i420(8, 8, (x, y) => ((Math.floor(x / 2) + Math.floor(y / 2)) % 2 === 0 ? 20 : 220));
    const result = scaleI420(checker, { x: 0, y: 0, width: 8, height: 8 }, 4, 4);
    assert.deepEqual(lumaOf(result), [20, 220, 20, 220, 220, 20, 220, 20, 20, 220, 20, 220, 220, 20, 220, 20]);
  });

  test('a crop without scaling copies the rect', () => {
    const source = i420(8, 6, (x, y) => y * 8 + x);
    const result = scaleI420(source, { x: 2, y: 2, width: 4, height: 2 }, 4, 2);
    assert.deepEqual(lumaOf(result), [18, 19, 20, 21, 26, 27, 28, 29]);
  });

  test('a horizontal ramp stays a monotonic ramp at the same position when shrunk by a non-integer factor', () => {
    const source = i420(200, 20, (x) => x);
    const result = scaleI420(source, { x: 0, y: 0, width: 200, height: 20 }, 90, 9);
    const row = lumaOf(result).slice(0, 90);
    for (let i = 1; i < row.length; i++) {
      assert.ok((row[i] as number) >= (row[i - 1] as number), `column ${i}`);
    }
    // Output column i covers input columns around (i + 0.5) * 200 / 90 - 0.5.
    for (const i of [10, 45, 80]) {
      assert.ok(Math.abs((row[i] as number) - ((i + 0.5) * 200) / 90 + 0.5) <= 1.5, `column ${i}: ${row[i]}`);
    }
  });

  test('upscaling interpolates between samples', () => {
    const source = i420(2, 2, (x) => (x === 0 ? 0 : 200));
    const result = scaleI420(source, { x: 0, y: 0, width: 2, height: 2 }, 8, 2);
    const row = lumaOf(result).slice(0, 8);
    assert.deepEqual(row.slice(0, 2), [0, 0]);
    assert.deepEqual(row.slice(6), [200, 200]);
    assert.ok((row[3] as number) > 0 && (row[3] as number) < 200);
  });

  test('other formats are converted to I420 first', () => {
    const bytes = new Uint8Array(4 * 4 * 4);
    for (let i = 0; i < bytes.length; i += 4) {
      bytes.set([255, 255, 255, 255], i);
    }
    const rgba: VideoFrameData = { format: 'RGBA', codedWidth: 4, codedHeight: 4, bytes, layout: [{ offset: 0, stride: 16 }] };
    const result = scaleI420(rgba, { x: 0, y: 0, width: 4, height: 4 }, 2, 2);
    assert.deepEqual([...result.bytes], [235, 235, 235, 235, 128, 128]);
  });

  test('a strided source is read through its layout', () => {
    const bytes = new Uint8Array(100).fill(0);
    bytes.fill(77, 0, 40); // Y rows of stride 10 (4 rows, only 4 columns used)
    bytes.fill(66, 50, 60);
    bytes.fill(55, 70, 80);
    const data: VideoFrameData = {
      format: 'I420',
      codedWidth: 4,
      codedHeight: 4,
      bytes,
      layout: [
        { offset: 0, stride: 10 },
        { offset: 50, stride: 5 },
        { offset: 70, stride: 5 },
      ],
    };
    const result = scaleI420(data, { x: 0, y: 0, width: 4, height: 4 }, 2, 2);
    assert.deepEqual([...result.bytes], [77, 77, 77, 77, 66, 55]);
  });

  test('a rect outside the image or a zero size is a RangeError', () => {
    const source = i420(8, 8, () => 0);
    assert.throws(() => scaleI420(source, { x: 4, y: 0, width: 8, height: 8 }, 4, 4), RangeError);
    assert.throws(() => scaleI420(source, { x: 0, y: 0, width: 8, height: 8 }, 0, 4), RangeError);
    assert.throws(() => scaleI420(source, { x: 0.5, y: 0, width: 4, height: 4 }, 2, 2), RangeError);
  });
});
