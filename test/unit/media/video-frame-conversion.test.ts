import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { i420Layout } from '../../../src/media/i420.js';
import { toI420 } from '../../../src/media/scale.js';
import { VideoFrame, videoFrameInternals, type VideoColorSpaceInit, type VideoFrameData } from '../../../src/media/video-frame.js';

type YUV = readonly [number, number, number];
type RGB = readonly [number, number, number];

/** A packed I420 frame of one colour. */
function uniformI420(width: number, height: number, [y, u, v]: YUV, colorSpace?: VideoColorSpaceInit): VideoFrame {
  const layout = i420Layout(width, height);
  const bytes = new Uint8Array(layout.byteLength);
  bytes.fill(y, 0, layout.uOffset);
  bytes.fill(u, layout.uOffset, layout.vOffset);
  bytes.fill(v, layout.vOffset);
  return new VideoFrame(bytes, { format: 'I420', codedWidth: width, codedHeight: height, timestamp: 0, colorSpace: colorSpace ?? BT601 });
}

const BT601: VideoColorSpaceInit = { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false };

function assertNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, message?: string): void {
  assert.equal(actual.length, expected.length, message);
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs((actual[i] as number) - (expected[i] as number));
    assert.ok(difference <= tolerance, `${message ?? ''} [${i}]: ${actual[i]} is not within ${tolerance} of ${expected[i]}`);
  }
}

async function firstPixel(frame: VideoFrame, format: 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX'): Promise<number[]> {
  const pixels = new Uint8Array(frame.allocationSize({ format }));
  await frame.copyTo(pixels, { format });
  return [...pixels.subarray(0, 4)];
}

function rgbaData(width: number, height: number, [r, g, b]: RGB, format: 'RGBA' | 'BGRA' = 'RGBA'): VideoFrameData {
  const bytes = new Uint8Array(width * height * 4);
  for (let i = 0; i < bytes.length; i += 4) {
    bytes.set(format === 'RGBA' ? [r, g, b, 255] : [b, g, r, 255], i);
  }
  return { format, codedWidth: width, codedHeight: height, bytes, layout: [{ offset: 0, stride: width * 4 }] };
}

afterEach(() => {
  assert.equal(videoFrameInternals.openFrameCount(), 0, 'a test left a frame open');
});

describe('VideoFrame.copyTo converting YUV to RGB', () => {
  const cases: [string, YUV, RGB][] = [
    ['limited-range black', [16, 128, 128], [0, 0, 0]],
    ['limited-range white', [235, 128, 128], [255, 255, 255]],
    ['BT.601 red', [82, 90, 240], [255, 0, 0]],
    ['BT.601 green', [145, 54, 34], [0, 255, 0]],
    ['BT.601 blue', [41, 240, 110], [0, 0, 255]],
    ['mid grey', [126, 128, 128], [128, 128, 128]],
  ];
  for (const [name, yuv, rgb] of cases) {
    test(`${name} converts to ${rgb.join(',')} within 2`, async () => {
      const frame = uniformI420(4, 4, yuv);
      assertNear(await firstPixel(frame, 'RGBA'), [...rgb, 255], 2, name);
      frame.close();
    });
  }

  test('BGRA and BGRX swap red and blue; the X byte is 255', async () => {
    const frame = uniformI420(2, 2, [82, 90, 240]);
    assertNear(await firstPixel(frame, 'BGRA'), [0, 0, 255, 255], 2);
    assertNear(await firstPixel(frame, 'BGRX'), [0, 0, 255, 255], 2);
    frame.close();
  });

  test('a full-range frame maps 0 and 255 to black and white', async () => {
    const black = uniformI420(2, 2, [0, 128, 128], { matrix: 'smpte170m', fullRange: true });
    const white = uniformI420(2, 2, [255, 128, 128], { matrix: 'smpte170m', fullRange: true });
    assert.deepEqual(await firstPixel(black, 'RGBA'), [0, 0, 0, 255]);
    assert.deepEqual(await firstPixel(white, 'RGBA'), [255, 255, 255, 255]);
    black.close();
    white.close();
  });

  test('a BT.709 frame uses the BT.709 matrix', async () => {
    const bt709Red = uniformI420(2, 2, [63, 102, 240], { matrix: 'bt709', fullRange: false });
    assertNear(await firstPixel(bt709Red, 'RGBA'), [255, 0, 0, 255], 2);
    bt709Red.close();
    const asBt601 = uniformI420(2, 2, [63, 102, 240]);
    const [red] = await firstPixel(asBt601, 'RGBA');
    assert.ok((red as number) < 240, 'the same samples read as BT.601 are a different colour');
    asBt601.close();
  });

  test('a BT.2020 frame uses the BT.2020 matrix', async () => {
    // Limited-range BT.2020 red: Y = 16 + 219 kr, Cb = 128 - 112 kr / (1 - kb), Cr = 240 (kr 0.2627, kb 0.0593).
    const bt2020Red = uniformI420(2, 2, [74, 97, 240], { matrix: 'bt2020-ncl', fullRange: false });
    assertNear(await firstPixel(bt2020Red, 'RGBA'), [255, 0, 0, 255], 2);
    bt2020Red.close();
    const asBt709 = uniformI420(2, 2, [74, 97, 240], { matrix: 'bt709', fullRange: false });
    const [, green] = await firstPixel(asBt709, 'RGBA');
    assert.ok((green as number) > 8, 'the same samples read as BT.709 are a different colour');
    asBt709.close();
  });

  test('each pixel takes the chroma of its 2x2 block, and a rect selects the pixels', async () => {
    // 4x2 image: left block red, right block blue.
    const bytes = new Uint8Array(8 + 2 + 2);
    bytes.set([82, 82, 41, 41, 82, 82, 41, 41], 0);
    bytes.set([90, 240], 8);
    bytes.set([240, 110], 10);
    const frame = new VideoFrame(bytes, { format: 'I420', codedWidth: 4, codedHeight: 2, timestamp: 0, colorSpace: BT601 });
    const pixels = new Uint8Array(2 * 2 * 4);
    const layout = await frame.copyTo(pixels, { format: 'RGBA', rect: { x: 2, y: 0, width: 2, height: 2 } });
    assert.deepEqual(layout, [{ offset: 0, stride: 8 }]);
    for (let i = 0; i < 4; i++) {
      assertNear(pixels.subarray(i * 4, i * 4 + 4), [0, 0, 255, 255], 2, `pixel ${i}`);
    }
    frame.close();
  });

  test('NV12 and I420A convert too, I420A keeping its alpha in RGBA only', async () => {
    const nv12 = new VideoFrame(Uint8Array.from([82, 82, 82, 82, 90, 240]), {
      format: 'NV12',
      codedWidth: 2,
      codedHeight: 2,
      timestamp: 0,
      colorSpace: BT601,
    });
    assertNear(await firstPixel(nv12, 'RGBA'), [255, 0, 0, 255], 2);
    nv12.close();
    const i420a = new VideoFrame(Uint8Array.from([235, 235, 235, 235, 128, 128, 7, 7, 7, 7]), {
      format: 'I420A',
      codedWidth: 2,
      codedHeight: 2,
      timestamp: 0,
      colorSpace: BT601,
    });
    assertNear(await firstPixel(i420a, 'RGBA'), [255, 255, 255, 7], 2);
    assertNear(await firstPixel(i420a, 'RGBX'), [255, 255, 255, 255], 2);
    i420a.close();
  });

  test('RGBA frames convert to BGRA by swapping channels, and RGBX alpha reads as 255', async () => {
    const rgba = videoFrameInternals.create(rgbaData(2, 1, [10, 20, 30]), { timestamp: 0 });
    assert.deepEqual(await firstPixel(rgba, 'BGRA'), [30, 20, 10, 255]);
    rgba.close();
    const rgbx = new VideoFrame(Uint8Array.from([1, 2, 3, 0]), { format: 'RGBX', codedWidth: 1, codedHeight: 1, timestamp: 0 });
    assert.deepEqual(await firstPixel(rgbx, 'RGBA'), [1, 2, 3, 255]);
    rgbx.close();
  });

  test('display-p3 targets are not supported', async () => {
    const frame = uniformI420(2, 2, [16, 128, 128]);
    await assert.rejects(frame.copyTo(new Uint8Array(16), { format: 'RGBA', colorSpace: 'display-p3' }), (error: unknown) => {
      return error instanceof DOMException && error.name === 'NotSupportedError';
    });
    frame.close();
  });
});

describe('toI420', () => {
  function planes(data: VideoFrameData): { y: number[]; u: number[]; v: number[] } {
    const layout = i420Layout(data.codedWidth, data.codedHeight);
    const bytes = data.bytes;
    return {
      y: [...bytes.subarray(layout.yOffset, layout.uOffset)],
      u: [...bytes.subarray(layout.uOffset, layout.vOffset)],
      v: [...bytes.subarray(layout.vOffset, layout.byteLength)],
    };
  }

  test('RGB red, white and black become BT.601 limited-range YUV within 2', () => {
    for (const [rgb, yuv] of [
      [[255, 0, 0], [82, 90, 240]],
      [[255, 255, 255], [235, 128, 128]],
      [[0, 0, 0], [16, 128, 128]],
    ] as const) {
      for (const format of ['RGBA', 'BGRA'] as const) {
        const result = planes(toI420(rgbaData(4, 2, rgb, format)));
        assertNear(result.y, new Array(8).fill(yuv[0]), 2, `${format} ${rgb.join(',')} Y`);
        assertNear(result.u, [yuv[1], yuv[1]], 2, 'U');
        assertNear(result.v, [yuv[2], yuv[2]], 2, 'V');
      }
    }
  });

  test('the colour space argument selects full range and BT.709', () => {
    const full = planes(toI420(rgbaData(2, 2, [255, 255, 255]), { fullRange: true }));
    assert.deepEqual(full.y, [255, 255, 255, 255]);
    const srgb = planes(toI420(rgbaData(2, 2, [255, 255, 255]), { matrix: 'rgb', fullRange: true }));
    assert.deepEqual(srgb.y, [235, 235, 235, 235], 'an RGB colour space means the BT.601 limited-range default');
    const bt709 = planes(toI420(rgbaData(2, 2, [255, 0, 0]), { matrix: 'bt709' }));
    assertNear(bt709.y, [63, 63, 63, 63], 1);
    assertNear(bt709.u, [102], 1);
  });

  test('chroma of an RGB image is the average of each 2x2 block, odd edges included', () => {
    const data = rgbaData(3, 3, [255, 255, 255]);
    data.bytes.set([0, 0, 0, 255], 0);
    const result = planes(toI420(data));
    assert.equal(result.y.length, 9);
    assert.equal(result.u.length, 4);
    assert.deepEqual(result.u, [128, 128, 128, 128]);
    assert.equal(result.y[0], 16);
  });

  test('packed I420 is returned as it is and NV12, I422, I444 and I420A are re-planed', () => {
    const i420: VideoFrameData = {
      format: 'I420',
      codedWidth: 2,
      codedHeight: 2,
      bytes: Uint8Array.from([1, 2, 3, 4, 5, 6]),
      layout: [
        { offset: 0, stride: 2 },
        { offset: 4, stride: 1 },
        { offset: 5, stride: 1 },
      ],
    };
    assert.equal(toI420(i420), i420);
    const nv12: VideoFrameData = { ...i420, format: 'NV12', layout: [{ offset: 0, stride: 2 }, { offset: 4, stride: 2 }] };
    assert.deepEqual([...toI420(nv12).bytes], [1, 2, 3, 4, 5, 6]);
    const i422: VideoFrameData = {
      format: 'I422',
      codedWidth: 2,
      codedHeight: 2,
      bytes: Uint8Array.from([1, 2, 3, 4, 10, 20, 100, 201]),
      layout: [
        { offset: 0, stride: 2 },
        { offset: 4, stride: 1 },
        { offset: 6, stride: 1 },
      ],
    };
    assert.deepEqual([...toI420(i422).bytes], [1, 2, 3, 4, 15, 151]);
    const i444: VideoFrameData = {
      format: 'I444',
      codedWidth: 2,
      codedHeight: 2,
      bytes: Uint8Array.from([1, 2, 3, 4, 10, 20, 30, 40, 0, 0, 255, 255]),
      layout: [
        { offset: 0, stride: 2 },
        { offset: 4, stride: 2 },
        { offset: 8, stride: 2 },
      ],
    };
    assert.deepEqual([...toI420(i444).bytes], [1, 2, 3, 4, 25, 128]);
    const i420a: VideoFrameData = {
      ...i420,
      format: 'I420A',
      bytes: Uint8Array.from([1, 2, 3, 4, 5, 6, 9, 9, 9, 9]),
      layout: [...i420.layout, { offset: 6, stride: 2 }],
    };
    const opaque = toI420(i420a);
    assert.equal(opaque.format, 'I420');
    assert.deepEqual([...opaque.bytes], [1, 2, 3, 4, 5, 6]);
  });

  test('10-bit samples are reduced to 8 bits', () => {
    const samples = Uint16Array.from([64 * 4, 128 * 4, 255 * 4, 1023, 512, 512]);
    const data: VideoFrameData = {
      format: 'I420P10',
      codedWidth: 2,
      codedHeight: 2,
      bytes: new Uint8Array(samples.buffer),
      layout: [
        { offset: 0, stride: 4 },
        { offset: 8, stride: 2 },
        { offset: 10, stride: 2 },
      ],
    };
    assert.deepEqual([...toI420(data).bytes], [64, 128, 255, 255, 128, 128]);
  });
});
