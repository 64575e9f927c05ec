import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { encodeWav, parseWav, readWavFile, type WavInfo } from '../../../../src/sources/file/wav.js';
import { removeTemporaryDirectories, temporaryDirectory } from './fixture-directory.js';

after(removeTemporaryDirectories);

type Format = Parameters<typeof encodeWav>[2];

/** Encodes `planes`, writes them to a temporary file and reads them back. */
async function roundTrip(planes: Float32Array[], sampleRate: number, format: Format): Promise<{ info: WavInfo; planes: Float32Array[] }> {
  const file = path.join(temporaryDirectory(), 'sound.wav');
  writeFileSync(file, encodeWav(planes, sampleRate, format));
  return readWavFile(file);
}

/** Deterministic pseudo-random numbers in [0, 1). */
function randoms(count: number, seed = 7): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

/** The values k / 2^(bits-1) for the extremes, zero and random k: exactly what `bits`-bit PCM can hold. */
function representable(bits: number, count: number): Float32Array {
  const scale = 2 ** (bits - 1);
  const ks = [-scale, scale - 1, 0, 1, -1, ...randoms(count).map((r) => Math.floor(r * 2 * scale) - scale)];
  return Float32Array.from(ks, (k) => k / scale);
}

describe('encodeWav and readWavFile', () => {
  test('round-trip 8-bit PCM within 1/128, exactly at multiples of 1/128', async () => {
    const values = Float32Array.from(randoms(1000), (r) => r * 2 - 1);
    const { info, planes } = await roundTrip([values], 8000, { sampleFormat: 'pcm', bitsPerSample: 8 });
    assert.deepEqual(info, { sampleRate: 8000, channels: 1, bitsPerSample: 8, sampleFormat: 'pcm', blockAlign: 1, frameCount: 1000, dataOffset: 44 });
    values.forEach((value, index) => assert.ok(Math.abs((planes[0]?.[index] ?? NaN) - value) <= 1 / 128, `sample ${index}`));
    const exact = representable(8, 200);
    assert.deepEqual((await roundTrip([exact], 8000, { sampleFormat: 'pcm', bitsPerSample: 8 })).planes, [exact]);
  });

  test('round-trip 16-bit PCM exactly at representable values', async () => {
    const left = representable(16, 500);
    const right = representable(16, 500).reverse();
    const { info, planes } = await roundTrip([left, right], 44100, { sampleFormat: 'pcm', bitsPerSample: 16 });
    assert.deepEqual(info, { sampleRate: 44100, channels: 2, bitsPerSample: 16, sampleFormat: 'pcm', blockAlign: 4, frameCount: 505, dataOffset: 44 });
    assert.deepEqual(planes, [left, right]);
  });

  test('round-trip 24-bit PCM exactly', async () => {
    const values = representable(24, 1000);
    const { info, planes } = await roundTrip([values], 48000, { sampleFormat: 'pcm', bitsPerSample: 24 });
    assert.equal(info.blockAlign, 3);
    assert.deepEqual(planes, [values]);
  });

  test('round-trip 32-bit PCM exactly at values a float32 holds', async () => {
    // Multiples of 2^-23 (24 significant bits, which a float32 holds) and the extremes.
    const values = Float32Array.from([-1, 2 ** -31, -(2 ** -31), ...randoms(500).map((r) => (Math.floor(r * 2 ** 24) - 2 ** 23) / 2 ** 23)]);
    const { info, planes } = await roundTrip([values], 96000, { sampleFormat: 'pcm', bitsPerSample: 32 });
    assert.equal(info.bitsPerSample, 32);
    assert.deepEqual(planes, [values]);
  });

  test('round-trip 32-bit float exactly, with a fmt extension and a fact chunk before the data', async () => {
    const values = Float32Array.from(randoms(1000), (r) => r * 2 - 1);
    values[0] = 1;
    values[1] = -1;
    const { info, planes } = await roundTrip([values, values.slice().reverse()], 48000, { sampleFormat: 'float', bitsPerSample: 32 });
    assert.deepEqual(info, { sampleRate: 48000, channels: 2, bitsPerSample: 32, sampleFormat: 'float', blockAlign: 8, frameCount: 1000, dataOffset: 58 });
    assert.deepEqual(planes, [values, values.slice().reverse()]);
  });

  test('round-trip 64-bit float to the nearest float32', async () => {
    const values = Float32Array.from(randoms(300), (r) => r * 2 - 1);
    const { info, planes } = await roundTrip([values], 22050, { sampleFormat: 'float', bitsPerSample: 64 });
    assert.equal(info.bitsPerSample, 64);
    assert.deepEqual(planes, [values]);
  });

  test('round-trip six channels of 24-bit PCM in their order', async () => {
    const planes = Array.from({ length: 6 }, (_, channel) => Float32Array.from({ length: 100 }, (_, n) => ((channel * 1000 + n) % 4096) / 2 ** 23));
    const read = await roundTrip(planes, 48000, { sampleFormat: 'pcm', bitsPerSample: 24 });
    assert.equal(read.info.channels, 6);
    assert.equal(read.info.blockAlign, 18);
    assert.deepEqual(read.planes, planes);
  });

  test('pads an odd-sized data chunk to an even length and still reads every frame', async () => {
    const values = representable(8, 10).subarray(0, 11);
    const encoded = encodeWav([values], 8000, { sampleFormat: 'pcm', bitsPerSample: 8 });
    assert.equal(encoded.length % 2, 0);
    assert.equal(new DataView(encoded.buffer).getUint32(40, true), 11);
    assert.equal(new DataView(encoded.buffer).getUint32(4, true), encoded.length - 8);
    assert.equal(parseWav(encoded, 'odd.wav').frameCount, 11);
    assert.deepEqual((await roundTrip([values], 8000, { sampleFormat: 'pcm', bitsPerSample: 8 })).planes, [values]);
  });

  test('clamps PCM input to [-1, 1] and writes NaN as silence', async () => {
    const { planes } = await roundTrip([Float32Array.from([1.5, -2, Number.NaN, 1])], 8000, { sampleFormat: 'pcm', bitsPerSample: 16 });
    assert.deepEqual(planes, [Float32Array.from([32767 / 32768, -1, 0, 32767 / 32768])]);
  });

  test('reads float samples outside [-1, 1] clamped, and NaN as 0', async () => {
    const { planes } = await roundTrip([Float32Array.from([1.5, -3, Number.NaN, 0.25])], 8000, { sampleFormat: 'float', bitsPerSample: 32 });
    assert.deepEqual(planes, [Float32Array.from([1, -1, 0, 0.25])]);
  });

  test('throws RangeError for bad planes, rates and formats', () => {
    const plane = new Float32Array(4);
    assert.throws(() => encodeWav([], 8000, { sampleFormat: 'pcm', bitsPerSample: 16 }), RangeError);
    assert.throws(() => encodeWav([plane, new Float32Array(3)], 8000, { sampleFormat: 'pcm', bitsPerSample: 16 }), RangeError);
    assert.throws(() => encodeWav([plane], 0, { sampleFormat: 'pcm', bitsPerSample: 16 }), RangeError);
    assert.throws(() => encodeWav([plane], 44100.5, { sampleFormat: 'pcm', bitsPerSample: 16 }), RangeError);
    assert.throws(() => encodeWav([plane], 8000, { sampleFormat: 'pcm', bitsPerSample: 64 }), RangeError);
    assert.throws(() => encodeWav([plane], 8000, { sampleFormat: 'float', bitsPerSample: 16 }), RangeError);
  });
});
