import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { AudioData, audioDataInternals, type AudioDataInit } from '../../../src/media/audio-data.js';

afterEach(() => {
  assert.equal(audioDataInternals.openAudioDataCount(), 0, 'a test left an AudioData open');
});

function planarF32(planes: number[][], timestamp = 0): AudioData {
  const frames = planes[0]?.length ?? 0;
  const samples = Float32Array.from(planes.flat());
  return new AudioData({
    format: 'f32-planar',
    sampleRate: 48_000,
    numberOfFrames: frames,
    numberOfChannels: planes.length,
    timestamp,
    data: samples,
  });
}

const isDOMException =
  (name: string) =>
  (error: unknown): boolean =>
    error instanceof DOMException && error.name === name;

describe('AudioData construction and attributes', () => {
  test('the constructor copies the samples and reports the init', () => {
    const samples = Int16Array.from([1, 2, 3, 4, 5, 6]);
    const audio = new AudioData({ format: 's16', sampleRate: 44_100, numberOfFrames: 3, numberOfChannels: 2, timestamp: -5, data: samples });
    samples.fill(0);
    assert.equal(audio.format, 's16');
    assert.equal(audio.sampleRate, 44_100);
    assert.equal(audio.numberOfFrames, 3);
    assert.equal(audio.numberOfChannels, 2);
    assert.equal(audio.timestamp, -5);
    assert.equal(audio.duration, 68);
    const copy = new Int16Array(6);
    audio.copyTo(copy, { planeIndex: 0 });
    assert.deepEqual([...copy], [1, 2, 3, 4, 5, 6]);
    audio.close();
  });

  test('duration is in whole microseconds: 480 frames at 48 kHz are 10 ms', () => {
    const audio = planarF32([new Array(480).fill(0)]);
    assert.equal(audio.duration, 10_000);
    audio.close();
  });

  test('an invalid init is a TypeError', () => {
    const base: AudioDataInit = { format: 'f32', sampleRate: 48_000, numberOfFrames: 2, numberOfChannels: 2, timestamp: 0, data: new Float32Array(4) };
    const cases: Record<string, unknown>[] = [
      { ...base, sampleRate: 0 },
      { ...base, sampleRate: Number.NaN },
      { ...base, numberOfFrames: 0 },
      { ...base, numberOfChannels: 0 },
      { ...base, numberOfChannels: -1 },
      { ...base, data: new Float32Array(3) },
      { ...base, format: 'f64' },
      { ...base, timestamp: undefined },
      { ...base, data: 'samples' },
    ];
    for (const init of cases) {
      assert.throws(() => new AudioData(init as never), TypeError, JSON.stringify(init));
    }
    for (const init of [undefined, null]) {
      assert.throws(() => new AudioData(init as never), { name: 'TypeError', message: /init is required/ }, String(init));
    }
  });

  test('the init is converted as WebIDL says: each bad member is a TypeError naming it; a detached transfer a DataCloneError', () => {
    const base = { format: 'f32', sampleRate: 8000, numberOfFrames: 1, numberOfChannels: 1, timestamp: 0, data: new Float32Array(1) } as const;
    const cases: [string, unknown, RegExp][] = [
      ['a number init', 5, /init is not an object/],
      ['a Symbol timestamp', { ...base, timestamp: Symbol('t') }, /timestamp cannot be converted to a number/],
      ['a sampleRate beyond float', { ...base, sampleRate: 1e39 }, /sampleRate is out of the range of a float/],
      ['a Symbol format', { ...base, format: Symbol('f') }, /format cannot be converted to a string/],
      ['a transfer that is not a sequence', { ...base, transfer: 5 }, /transfer is not a sequence/],
      ['a transfer of views', { ...base, transfer: [new Uint8Array(4)] }, /transfer\[0\] is not an ArrayBuffer/],
    ];
    for (const [name, init, message] of cases) {
      assert.throws(() => new AudioData(init as AudioDataInit), (error: unknown) => error instanceof TypeError && message.test(error.message), name);
    }
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    assert.throws(
      () => new AudioData({ ...base, transfer: [detached] }),
      (error: unknown) => error instanceof DOMException && error.name === 'DataCloneError' && /detached/.test(error.message),
    );
    // A function is an object, so it serves as a dictionary; data may be an ArrayBuffer itself.
    const samples = Float32Array.from([0.25, -0.5]);
    const init = Object.assign(() => {}, { ...base, numberOfFrames: 2, data: samples.buffer });
    const audio = new AudioData(init as unknown as AudioDataInit);
    const copy = new Float32Array(2);
    audio.copyTo(copy, { planeIndex: 0 });
    assert.deepEqual([...copy], [0.25, -0.5]);
    audio.close();
  });

  test('a transferred buffer is used and detached', () => {
    const samples = Float32Array.from([0.5, -0.5]);
    const buffer = samples.buffer as ArrayBuffer;
    const audio = new AudioData({ format: 'f32', sampleRate: 8_000, numberOfFrames: 2, numberOfChannels: 1, timestamp: 0, data: samples, transfer: [buffer] });
    assert.equal(buffer.byteLength, 0);
    const copy = new Float32Array(2);
    audio.copyTo(copy, { planeIndex: 0 });
    assert.deepEqual([...copy], [0.5, -0.5]);
    audio.close();
  });
});

describe('AudioData.copyTo', () => {
  test('planar data copies one plane per planeIndex, with a frame range', () => {
    const audio = planarF32([
      [0.1, 0.2, 0.3, 0.4],
      [-0.1, -0.2, -0.3, -0.4],
    ]);
    assert.equal(audio.allocationSize({ planeIndex: 1 }), 16);
    assert.equal(audio.allocationSize({ planeIndex: 1, frameOffset: 1, frameCount: 2 }), 8);
    const copy = new Float32Array(2);
    audio.copyTo(copy, { planeIndex: 1, frameOffset: 1, frameCount: 2 });
    assert.deepEqual([...copy], [Math.fround(-0.2), Math.fround(-0.3)]);
    audio.close();
  });

  test('f32-planar converts to interleaved f32 and to s16 with clipping', () => {
    const audio = planarF32([
      [0, 0.5, 2, -2],
      [1, -1, 0.25, -0.25],
    ]);
    assert.equal(audio.allocationSize({ planeIndex: 0, format: 'f32' }), 32);
    const interleaved = new Float32Array(8);
    audio.copyTo(interleaved, { planeIndex: 0, format: 'f32' });
    assert.deepEqual([...interleaved], [0, 1, 0.5, -1, 2, 0.25, -2, -0.25]);
    const s16 = new Int16Array(8);
    audio.copyTo(s16, { planeIndex: 0, format: 's16' });
    assert.deepEqual([...s16], [0, 32767, 16384, -32768, 32767, 8192, -32768, -8192]);
    const s16Plane = new Int16Array(4);
    audio.copyTo(s16Plane, { planeIndex: 1, format: 's16-planar' });
    assert.deepEqual([...s16Plane], [32767, -32768, 8192, -8192]);
    audio.close();
  });

  test('interleaved s16 converts to f32-planar, u8 and s32 exactly', () => {
    const audio = new AudioData({
      format: 's16',
      sampleRate: 48_000,
      numberOfFrames: 2,
      numberOfChannels: 2,
      timestamp: 0,
      data: Int16Array.from([-32768, 16384, 0, 32767]),
    });
    const right = new Float32Array(2);
    audio.copyTo(right, { planeIndex: 1, format: 'f32-planar' });
    assert.deepEqual([...right], [0.5, 32767 / 32768].map(Math.fround));
    const u8 = new Uint8Array(4);
    audio.copyTo(u8, { planeIndex: 0, format: 'u8' });
    assert.deepEqual([...u8], [0, 192, 128, 255]);
    const s32 = new Int32Array(4);
    audio.copyTo(s32, { planeIndex: 0, format: 's32' });
    assert.deepEqual([...s32], [-(2 ** 31), 2 ** 30, 0, 32767 * 65536]);
    audio.close();
  });

  test('u8 and s32-planar sources convert to f32 exactly', () => {
    const u8 = new AudioData({
      format: 'u8',
      sampleRate: 8000,
      numberOfFrames: 2,
      numberOfChannels: 2,
      timestamp: 0,
      data: Uint8Array.from([0, 64, 128, 255]),
    });
    const left = new Float32Array(2);
    u8.copyTo(left, { planeIndex: 0, format: 'f32-planar' });
    assert.deepEqual([...left], [-1, 0]);
    const right = new Float32Array(2);
    u8.copyTo(right, { planeIndex: 1, format: 'f32-planar' });
    assert.deepEqual([...right], [-0.5, 127 / 128].map(Math.fround));
    u8.close();
    const s32 = new AudioData({
      format: 's32-planar',
      sampleRate: 8000,
      numberOfFrames: 3,
      numberOfChannels: 1,
      timestamp: 0,
      data: Int32Array.from([-(2 ** 31), 2 ** 30, 2 ** 31 - 1]),
    });
    const samples = new Float32Array(3);
    s32.copyTo(samples, { planeIndex: 0, format: 'f32' });
    assert.deepEqual([...samples], [-1, 0.5, Math.fround((2 ** 31 - 1) / 2 ** 31)]);
    s32.close();
  });

  test('bad plane indexes and frame ranges are RangeErrors, a small destination a RangeError', () => {
    const audio = planarF32([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    assert.throws(() => audio.allocationSize({ planeIndex: 2 }), RangeError);
    assert.throws(() => audio.allocationSize({ planeIndex: 1, format: 'f32' }), RangeError);
    assert.throws(() => audio.allocationSize({ planeIndex: 0, frameOffset: 3 }), RangeError);
    assert.throws(() => audio.allocationSize({ planeIndex: 0, frameOffset: 1, frameCount: 3 }), RangeError);
    assert.throws(() => audio.copyTo(new Float32Array(2), { planeIndex: 0 }), RangeError);
    assert.throws(() => audio.allocationSize({} as never), TypeError);
    assert.throws(() => audio.allocationSize({ planeIndex: 0, format: 'f16' } as never), TypeError);
    audio.close();
  });
});

describe('AudioData clone and close', () => {
  test('a clone shares the samples and survives the original closing', () => {
    const audio = planarF32([[0.25, 0.5]], 42);
    const clone = audio.clone();
    assert.equal(audioDataInternals.openAudioDataCount(), 2);
    audio.close();
    assert.equal(clone.timestamp, 42);
    const copy = new Float32Array(2);
    clone.copyTo(copy, { planeIndex: 0 });
    assert.deepEqual([...copy], [0.25, 0.5]);
    clone.close();
  });

  test('a closed AudioData reports zeros and null and its methods throw InvalidStateError', () => {
    const audio = planarF32([[0.25, 0.5]], 42);
    audio.close();
    audio.close();
    assert.equal(audio.format, null);
    assert.equal(audio.sampleRate, 0);
    assert.equal(audio.numberOfFrames, 0);
    assert.equal(audio.numberOfChannels, 0);
    assert.equal(audio.duration, 0);
    assert.equal(audio.timestamp, 42);
    assert.throws(() => audio.allocationSize({ planeIndex: 0 }), isDOMException('InvalidStateError'));
    assert.throws(() => audio.copyTo(new Float32Array(2), { planeIndex: 0 }), isDOMException('InvalidStateError'));
    assert.throws(() => audio.clone(), isDOMException('InvalidStateError'));
    assert.throws(() => audioDataInternals.data(audio), isDOMException('InvalidStateError'));
  });
});

describe('audioDataInternals', () => {
  test('create wraps f32 planes without copying and data returns them', () => {
    const planes = [Float32Array.from([0.1, 0.2]), Float32Array.from([0.3, 0.4])];
    const audio = audioDataInternals.create({ sampleRate: 48_000, numberOfFrames: 2, planes }, 1_000);
    assert.equal(audio.format, 'f32-planar');
    assert.equal(audio.numberOfChannels, 2);
    assert.equal(audio.timestamp, 1_000);
    assert.equal(audioDataInternals.data(audio).planes[1], planes[1]);
    audio.close();
  });

  test('data converts audio of another format to f32 planes once', () => {
    const audio = new AudioData({
      format: 's16',
      sampleRate: 16_000,
      numberOfFrames: 2,
      numberOfChannels: 2,
      timestamp: 0,
      data: Int16Array.from([16384, -16384, 0, 8192]),
    });
    const data = audioDataInternals.data(audio);
    assert.equal(data.sampleRate, 16_000);
    assert.deepEqual(
      data.planes.map((plane) => [...plane]),
      [
        [0.5, 0],
        [-0.5, 0.25],
      ],
    );
    assert.equal(audioDataInternals.data(audio), data);
    audio.close();
  });

  test('create rejects empty or short planes, no frames, and a timestamp that is not finite', () => {
    assert.throws(() => audioDataInternals.create({ sampleRate: 48_000, numberOfFrames: 2, planes: [] }, 0), RangeError);
    assert.throws(() => audioDataInternals.create({ sampleRate: 48_000, numberOfFrames: 3, planes: [new Float32Array(2)] }, 0), RangeError);
    assert.throws(() => audioDataInternals.create({ sampleRate: 0, numberOfFrames: 2, planes: [new Float32Array(2)] }, 0), RangeError);
    for (const numberOfFrames of [0, 1.5]) {
      assert.throws(() => audioDataInternals.create({ sampleRate: 48_000, numberOfFrames, planes: [new Float32Array(2)] }, 0), {
        name: 'RangeError',
        message: /is not a positive integer/,
      });
    }
    for (const timestamp of [Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => audioDataInternals.create({ sampleRate: 48_000, numberOfFrames: 2, planes: [new Float32Array(2)] }, timestamp), {
        name: 'RangeError',
        message: /timestamp must be a finite number/,
      });
    }
  });
});
