import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { i420Layout } from '../../../src/media/i420.js';
import { VideoColorSpace, VideoFrame, videoFrameInternals, type VideoFrameData } from '../../../src/media/video-frame.js';

/** A packed I420 buffer whose every sample differs from its neighbours: Y = index, U = 100 + index, V = 200 + index. */
function i420Pattern(width: number, height: number): Uint8Array {
  const layout = i420Layout(width, height);
  const bytes = new Uint8Array(layout.byteLength);
  for (let i = 0; i < layout.uOffset; i++) {
    bytes[i] = i & 255;
  }
  for (let i = layout.uOffset; i < layout.vOffset; i++) {
    bytes[i] = (100 + i - layout.uOffset) & 255;
  }
  for (let i = layout.vOffset; i < layout.byteLength; i++) {
    bytes[i] = (200 + i - layout.vOffset) & 255;
  }
  return bytes;
}

function packedI420Data(width: number, height: number, bytes = i420Pattern(width, height)): VideoFrameData {
  const layout = i420Layout(width, height);
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

afterEach(() => {
  assert.equal(videoFrameInternals.openFrameCount(), 0, 'a test left a frame open');
});

describe('VideoFrame constructed from a buffer', () => {
  test('an I420 frame without layout is tightly packed and has the given attributes', () => {
    const frame = new VideoFrame(i420Pattern(4, 2), { format: 'I420', codedWidth: 4, codedHeight: 2, timestamp: 1_000, duration: 33_333 });
    assert.equal(frame.format, 'I420');
    assert.equal(frame.codedWidth, 4);
    assert.equal(frame.codedHeight, 2);
    assert.deepEqual({ ...frame.codedRect }, { x: 0, y: 0, width: 4, height: 2, top: 0, right: 4, bottom: 2, left: 0 });
    assert.deepEqual({ ...frame.visibleRect }, { x: 0, y: 0, width: 4, height: 2, top: 0, right: 4, bottom: 2, left: 0 });
    assert.equal(frame.displayWidth, 4);
    assert.equal(frame.displayHeight, 2);
    assert.equal(frame.timestamp, 1_000);
    assert.equal(frame.duration, 33_333);
    assert.equal(frame.rotation, 0);
    assert.equal(frame.flip, false);
    assert.equal(frame.allocationSize(), 12);
    frame.close();
  });

  test('duration is null when not given', () => {
    const frame = new VideoFrame(i420Pattern(2, 2), { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0 });
    assert.equal(frame.duration, null);
    frame.close();
  });

  test('the data is copied, so later changes to the buffer do not show', async () => {
    const bytes = i420Pattern(2, 2);
    const frame = new VideoFrame(bytes, { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0 });
    bytes.fill(0);
    const copy = new Uint8Array(6);
    await frame.copyTo(copy);
    assert.deepEqual([...copy], [0, 1, 2, 3, 100, 200]);
    frame.close();
  });

  test('an explicit layout with padded strides and reordered planes is read correctly', async () => {
    // 4x2 I420 with Y stride 6, V before U.
    const buffer = new Uint8Array(40).fill(99);
    const y = [1, 2, 3, 4, 5, 6, 7, 8];
    y.slice(0, 4).forEach((value, i) => (buffer[20 + i] = value));
    y.slice(4).forEach((value, i) => (buffer[26 + i] = value));
    buffer.set([30, 31], 0); // V
    buffer.set([40, 41], 10); // U
    const frame = new VideoFrame(buffer, {
      format: 'I420',
      codedWidth: 4,
      codedHeight: 2,
      timestamp: 0,
      layout: [
        { offset: 20, stride: 6 },
        { offset: 10, stride: 2 },
        { offset: 0, stride: 2 },
      ],
    });
    const copy = new Uint8Array(frame.allocationSize());
    const planes = await frame.copyTo(copy);
    assert.deepEqual([...copy], [1, 2, 3, 4, 5, 6, 7, 8, 40, 41, 30, 31]);
    assert.deepEqual(planes, [
      { offset: 0, stride: 4 },
      { offset: 8, stride: 2 },
      { offset: 10, stride: 2 },
    ]);
    frame.close();
  });

  test('NV12 and RGBA frames have the planes their formats define', () => {
    const nv12 = new VideoFrame(new Uint8Array(6 * 4 + 6 * 2), { format: 'NV12', codedWidth: 6, codedHeight: 4, timestamp: 0 });
    assert.equal(nv12.allocationSize(), 36);
    nv12.close();
    const rgba = new VideoFrame(new Uint8Array(3 * 2 * 4), { format: 'RGBA', codedWidth: 3, codedHeight: 2, timestamp: 0 });
    assert.equal(rgba.allocationSize(), 24);
    assert.deepEqual(rgba.colorSpace.toJSON(), { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true });
    rgba.close();
  });

  test('a YUV frame without a colour space gets REC709, as WebCodecs says; a given one is kept', () => {
    const frame = new VideoFrame(i420Pattern(2, 2), { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0 });
    assert.deepEqual(frame.colorSpace.toJSON(), { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false });
    frame.close();
    const given = new VideoFrame(i420Pattern(2, 2), {
      format: 'I420',
      codedWidth: 2,
      codedHeight: 2,
      timestamp: 0,
      colorSpace: { matrix: 'smpte170m', fullRange: true },
    });
    assert.deepEqual(given.colorSpace.toJSON(), { primaries: null, transfer: null, matrix: 'smpte170m', fullRange: true });
    assert.ok(given.colorSpace instanceof VideoColorSpace);
    given.close();
  });

  test('visibleRect, display size and rotation follow the init', () => {
    const frame = new VideoFrame(i420Pattern(8, 4), {
      format: 'I420',
      codedWidth: 8,
      codedHeight: 4,
      timestamp: 5,
      visibleRect: { x: 2, y: 2, width: 6, height: 2 },
      rotation: 91,
    });
    assert.deepEqual(videoFrameInternals.visibleRect(frame), { x: 2, y: 2, width: 6, height: 2 });
    assert.equal(frame.rotation, 90);
    assert.equal(frame.displayWidth, 2);
    assert.equal(frame.displayHeight, 6);
    frame.close();
  });

  test('a display size given in the init is kept as given, rotation or not', () => {
    const frame = new VideoFrame(i420Pattern(8, 4), {
      format: 'I420',
      codedWidth: 8,
      codedHeight: 4,
      timestamp: 0,
      displayWidth: 16,
      displayHeight: 9,
      rotation: 90,
    });
    assert.deepEqual([frame.displayWidth, frame.displayHeight], [16, 9]);
    const clone = frame.clone();
    assert.deepEqual([clone.displayWidth, clone.displayHeight], [16, 9]);
    clone.close();
    frame.close();
  });

  test('invalid inits are TypeErrors', () => {
    const data = i420Pattern(4, 4);
    const base = { format: 'I420', codedWidth: 4, codedHeight: 4, timestamp: 0 } as const;
    const cases: Record<string, unknown>[] = [
      { ...base, codedWidth: 0 },
      { ...base, format: 'YUV9' },
      { ...base, timestamp: undefined },
      { ...base, codedWidth: -1 },
      { ...base, codedWidth: Number.NaN },
      { ...base, visibleRect: { x: 1, y: 0, width: 2, height: 2 } },
      { ...base, visibleRect: { x: 0, y: 0, width: 5, height: 2 } },
      { ...base, visibleRect: { x: 0, y: 0, width: 0, height: 2 } },
      { ...base, visibleRect: { x: -2, y: 0, width: 2, height: 2 } },
      { ...base, displayWidth: 4 },
      { ...base, displayWidth: 0, displayHeight: 4 },
      { ...base, layout: [{ offset: 0, stride: 4 }] },
      { ...base, layout: [{ offset: 0, stride: 3 }, { offset: 16, stride: 2 }, { offset: 20, stride: 2 }] },
      { ...base, layout: [{ offset: 0, stride: 4 }, { offset: 10, stride: 2 }, { offset: 20, stride: 2 }] },
      { ...base, codedWidth: 8 },
    ];
    for (const init of cases) {
      assert.throws(() => new VideoFrame(data, init as never), TypeError, JSON.stringify(init));
    }
    assert.throws(() => new VideoFrame({} as never, base), TypeError);
    for (const init of [undefined, null]) {
      assert.throws(() => new VideoFrame(data, init as never), { name: 'TypeError', message: /init is required/ }, String(init));
    }
    const halfLayout = [{ offset: 0 }, { offset: 16, stride: 2 }, { offset: 20, stride: 2 }];
    assert.throws(() => new VideoFrame(data, { ...base, layout: halfLayout } as never), { name: 'TypeError', message: /layout\[0\] needs both offset and stride/ });
    assert.equal(videoFrameInternals.openFrameCount(), 0);
  });

  test('a transferred buffer is detached and a repeated transfer is a DataCloneError', async () => {
    const bytes = i420Pattern(2, 2);
    const frame = new VideoFrame(bytes, {
      format: 'I420',
      codedWidth: 2,
      codedHeight: 2,
      timestamp: 0,
      transfer: [bytes.buffer as ArrayBuffer],
    });
    assert.equal(bytes.byteLength, 0);
    const copy = new Uint8Array(6);
    await frame.copyTo(copy);
    assert.deepEqual([...copy], [0, 1, 2, 3, 100, 200]);
    frame.close();
    const other = i420Pattern(2, 2);
    const buffer = other.buffer as ArrayBuffer;
    assert.throws(
      () => new VideoFrame(other, { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0, transfer: [buffer, buffer] }),
      (error: unknown) => error instanceof DOMException && error.name === 'DataCloneError',
    );
  });
});

describe('VideoFrame.copyTo in the frame format', () => {
  test('a round trip of a whole I420 frame is bit-exact', async () => {
    const bytes = i420Pattern(6, 4);
    const frame = new VideoFrame(bytes, { format: 'I420', codedWidth: 6, codedHeight: 4, timestamp: 0 });
    const copy = new Uint8Array(frame.allocationSize());
    await frame.copyTo(copy);
    assert.deepEqual(copy, bytes);
    frame.close();
  });

  test('a round trip of NV12 and BGRA frames is bit-exact', async () => {
    for (const [format, size] of [
      ['NV12', 4 * 4 + 4 * 2],
      ['BGRA', 4 * 4 * 4],
      ['I444', 4 * 4 * 3],
      ['I420A', 4 * 4 * 2 + 2 * 2 * 2],
    ] as const) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7) & 255);
      const frame = new VideoFrame(bytes, { format, codedWidth: 4, codedHeight: 4, timestamp: 0 });
      const copy = new Uint8Array(frame.allocationSize());
      await frame.copyTo(copy);
      assert.deepEqual(copy, bytes, format);
      frame.close();
    }
  });

  test('a rect crops every plane by its sub-sampling', async () => {
    const frame = videoFrameInternals.create(packedI420Data(8, 4), { timestamp: 0 });
    const rect = { x: 2, y: 2, width: 4, height: 2 };
    assert.equal(frame.allocationSize({ rect }), 8 + 2 + 2);
    const copy = new Uint8Array(12);
    const planes = await frame.copyTo(copy, { rect });
    // Y rows 2..3, columns 2..5; U and V row 1, columns 1..2.
    assert.deepEqual([...copy], [18, 19, 20, 21, 26, 27, 28, 29, 100 + 5, 100 + 6, 200 + 5, 200 + 6]);
    assert.deepEqual(planes, [
      { offset: 0, stride: 4 },
      { offset: 8, stride: 2 },
      { offset: 10, stride: 2 },
    ]);
    frame.close();
  });

  test('the visible rect is the default rect and a destination layout is honoured', async () => {
    const frame = videoFrameInternals.create(packedI420Data(8, 4), { timestamp: 0, visibleRect: { x: 2, y: 2, width: 4, height: 2 } });
    const layout = [
      { offset: 20, stride: 5 },
      { offset: 0, stride: 3 },
      { offset: 10, stride: 2 },
    ];
    assert.equal(frame.allocationSize({ layout }), 30);
    const copy = new Uint8Array(30);
    assert.deepEqual(await frame.copyTo(copy, { layout }), layout);
    assert.deepEqual([...copy.subarray(20, 24)], [18, 19, 20, 21]);
    assert.deepEqual([...copy.subarray(25, 29)], [26, 27, 28, 29]);
    assert.deepEqual([...copy.subarray(0, 2)], [105, 106]);
    assert.deepEqual([...copy.subarray(10, 12)], [205, 206]);
    frame.close();
  });

  test('a misaligned or out-of-bounds rect is a TypeError, a small destination a TypeError, an unknown target a NotSupportedError', async () => {
    const frame = videoFrameInternals.create(packedI420Data(8, 4), { timestamp: 0 });
    assert.throws(() => frame.allocationSize({ rect: { x: 1, y: 0, width: 2, height: 2 } }), TypeError);
    assert.throws(() => frame.allocationSize({ rect: { x: 0, y: 0, width: 10, height: 2 } }), TypeError);
    assert.throws(() => frame.allocationSize({ layout: [{ offset: 0, stride: 8 }] }), TypeError);
    // A plane that would end past 2^32 - 1 bytes cannot be described by an unsigned long offset.
    const beyond = [{ offset: 2 ** 32 - 16, stride: 8 }, { offset: 0, stride: 4 }, { offset: 8, stride: 4 }];
    assert.throws(() => frame.allocationSize({ layout: beyond }), { name: 'TypeError', message: /plane 0 ends beyond 4294967295 bytes/ });
    await assert.rejects(frame.copyTo(new Uint8Array(47)), TypeError);
    await assert.rejects(frame.copyTo(new Uint8Array(48), { format: 'NV12' }), (error: unknown) => {
      return error instanceof DOMException && error.name === 'NotSupportedError';
    });
    frame.close();
  });
});

describe('VideoFrame clone, close and construction from a frame', () => {
  test('a clone shares the data and stays usable after the original closes', async () => {
    const data = packedI420Data(4, 2);
    const frame = videoFrameInternals.create(data, { timestamp: 7, duration: 10 });
    const clone = frame.clone();
    assert.equal(videoFrameInternals.openFrameCount(), 2);
    assert.equal(videoFrameInternals.data(clone), data);
    frame.close();
    assert.equal(clone.timestamp, 7);
    assert.equal(clone.duration, 10);
    const copy = new Uint8Array(clone.allocationSize());
    await clone.copyTo(copy);
    assert.deepEqual(copy, data.bytes);
    clone.close();
  });

  test('a closed frame reports no format or sizes and its methods throw InvalidStateError', async () => {
    const frame = videoFrameInternals.create(packedI420Data(4, 2), { timestamp: 3 });
    frame.close();
    frame.close();
    assert.equal(frame.format, null);
    assert.equal(frame.codedWidth, 0);
    assert.equal(frame.codedHeight, 0);
    assert.equal(frame.displayWidth, 0);
    assert.equal(frame.displayHeight, 0);
    assert.equal(frame.codedRect, null);
    assert.equal(frame.visibleRect, null);
    assert.equal(frame.timestamp, 3);
    const invalidState = (error: unknown): boolean => error instanceof DOMException && error.name === 'InvalidStateError';
    assert.throws(() => frame.allocationSize(), invalidState);
    assert.throws(() => frame.clone(), invalidState);
    assert.throws(() => frame.metadata(), invalidState);
    assert.throws(() => videoFrameInternals.data(frame), invalidState);
    assert.throws(() => new VideoFrame(frame), invalidState);
    await assert.rejects(frame.copyTo(new Uint8Array(100)), invalidState);
  });

  test('a frame made from a frame shares its pixels and takes the init overrides', () => {
    const data = packedI420Data(8, 4);
    const source = videoFrameInternals.create(data, { timestamp: 100, duration: 20 });
    const frame = new VideoFrame(source, { timestamp: 200, visibleRect: { x: 2, y: 0, width: 4, height: 4 }, metadata: { rtpTimestamp: 9 } });
    assert.equal(videoFrameInternals.data(frame), data);
    assert.equal(frame.timestamp, 200);
    assert.equal(frame.duration, 20);
    assert.deepEqual(videoFrameInternals.visibleRect(frame), { x: 2, y: 0, width: 4, height: 4 });
    assert.equal(frame.displayWidth, 4);
    assert.deepEqual(frame.metadata(), { rtpTimestamp: 9 });
    source.close();
    frame.close();
  });

  test('alpha "discard" gives the opaque format over the same bytes', () => {
    const bytes = new Uint8Array(4 * 2 * 2 + 2 * 2);
    const source = new VideoFrame(bytes, { format: 'I420A', codedWidth: 4, codedHeight: 2, timestamp: 0 });
    const opaque = new VideoFrame(source, { alpha: 'discard' });
    assert.equal(opaque.format, 'I420');
    assert.equal(videoFrameInternals.data(opaque).layout.length, 3);
    assert.equal(opaque.allocationSize(), 12);
    source.close();
    opaque.close();
  });

  test('getters on a non-frame are TypeErrors', () => {
    const getter = Object.getOwnPropertyDescriptor(VideoFrame.prototype, 'format')?.get;
    assert.throws(() => getter?.call({}), TypeError);
    assert.equal(Object.prototype.toString.call(VideoFrame.prototype), '[object VideoFrame]');
  });
});

describe('videoFrameInternals.create', () => {
  test('defaults to the smpte170m limited-range colour space for YUV, as Chromium does', () => {
    const frame = videoFrameInternals.create(packedI420Data(4, 2), { timestamp: 0 });
    assert.deepEqual(frame.colorSpace.toJSON(), { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false });
    assert.equal(frame.duration, null);
    frame.close();
  });

  test('rejects data whose layout does not fit its bytes', () => {
    const data = { ...packedI420Data(4, 2), bytes: new Uint8Array(5) };
    assert.throws(() => videoFrameInternals.create(data, { timestamp: 0 }), RangeError);
    assert.equal(videoFrameInternals.openFrameCount(), 0);
  });
});

describe('videoFrameInternals.create with a release callback', () => {
  const i420 = (bytes: Uint8Array) => ({
    format: 'I420' as const,
    codedWidth: 4,
    codedHeight: 2,
    bytes,
    layout: [
      { offset: 0, stride: 4 },
      { offset: 8, stride: 2 },
      { offset: 10, stride: 2 },
    ],
  });

  test('gives the buffer back once the frame and every clone sharing it are closed', () => {
    const bytes = new Uint8Array(12);
    let released = 0;
    const frame = videoFrameInternals.create(i420(bytes), { timestamp: 0 }, () => released++);
    const clone = frame.clone();
    const wrapped = new VideoFrame(frame, { timestamp: 5 });
    frame.close();
    clone.close();
    assert.equal(released, 0);
    wrapped.close();
    assert.equal(released, 1);
    wrapped.close();
    assert.equal(released, 1);
  });

  test('refuses a buffer that open frames still use, and accepts it again once it came back', () => {
    const bytes = new Uint8Array(12);
    const frame = videoFrameInternals.create(i420(bytes), { timestamp: 0 }, () => undefined);
    assert.throws(() => videoFrameInternals.create(i420(bytes), { timestamp: 1 }, () => undefined), TypeError);
    frame.close();
    const again = videoFrameInternals.create(i420(bytes), { timestamp: 2 }, () => undefined);
    again.close();
  });

  test('a rejected init leaves the buffer free for the next frame', () => {
    const bytes = new Uint8Array(12);
    assert.throws(() => videoFrameInternals.create(i420(bytes), { timestamp: Number.NaN }, () => undefined), TypeError);
    let released = 0;
    const frame = videoFrameInternals.create(i420(bytes), { timestamp: 0 }, () => released++);
    frame.close();
    assert.equal(released, 1);
  });
});
