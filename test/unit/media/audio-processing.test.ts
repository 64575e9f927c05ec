import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { StreamResampler, mixChannels } from '../../../src/media/audio-processing.js';

function sine(frequency: number, rate: number, length: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
}

/** Upward zero crossings between `from` and the end. */
function risingZeroCrossings(samples: Float32Array, from: number): number {
  let count = 0;
  for (let i = from + 1; i < samples.length; i++) {
    if ((samples[i - 1] as number) < 0 && (samples[i] as number) >= 0) {
      count++;
    }
  }
  return count;
}

function peak(samples: Float32Array, from: number): number {
  let max = 0;
  for (let i = from; i < samples.length; i++) {
    max = Math.max(max, Math.abs(samples[i] as number));
  }
  return max;
}

function concat(chunks: readonly Float32Array[]): Float32Array {
  const result = new Float32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

describe('mixChannels', () => {
  test('stereo down-mixes to mono as (L + R) / 2', () => {
    const [mono, ...rest] = mixChannels([Float32Array.from([1, 0.5, -1]), Float32Array.from([0, 0.5, 1])], 1);
    assert.equal(rest.length, 0);
    assert.deepEqual([...(mono ?? [])], [0.5, 0.5, 0]);
  });

  test('mono up-mixes by copying to every channel, as new arrays', () => {
    const input = Float32Array.from([0.25, -0.25]);
    const outputs = mixChannels([input], 3);
    assert.equal(outputs.length, 3);
    for (const output of outputs) {
      assert.deepEqual([...output], [0.25, -0.25]);
      assert.notEqual(output, input);
    }
  });

  test('other up-mixes map channel i to i % inputCount, other down-mixes average i modulo the output count', () => {
    const a = Float32Array.from([1]);
    const b = Float32Array.from([2]);
    const c = Float32Array.from([3]);
    const d = Float32Array.from([5]);
    assert.deepEqual(
      mixChannels([a, b], 4).map((plane) => plane[0]),
      [1, 2, 1, 2],
    );
    assert.deepEqual(
      mixChannels([a, b, c, d], 2).map((plane) => plane[0]),
      [2, 3.5],
    );
    assert.deepEqual(
      mixChannels([a, b, c, d], 1).map((plane) => plane[0]),
      [2.75],
    );
  });

  test('the same channel count gives copies', () => {
    const input = [Float32Array.from([0.1]), Float32Array.from([0.2])];
    const outputs = mixChannels(input, 2);
    assert.deepEqual(outputs, input);
    assert.notEqual(outputs[0], input[0]);
  });
});

describe('StreamResampler', () => {
  test('equal rates return copies of the input', () => {
    const resampler = new StreamResampler(48_000, 48_000, 1);
    const input = sine(440, 48_000, 480);
    const [output] = resampler.process([input]);
    assert.deepEqual(output, input);
    assert.notEqual(output, input);
  });

  test('chunked processing gives the same output as one call on the whole input', () => {
    const left = sine(1_000, 48_000, 4_800);
    const right = sine(3_000, 48_000, 4_800, 0.3);
    const whole = new StreamResampler(48_000, 44_100, 2).process([left, right]);
    const chunked = new StreamResampler(48_000, 44_100, 2);
    const pieces: Float32Array[][] = [[], []];
    let offset = 0;
    for (const size of [1, 479, 480, 7, 1_000, 33, 2_800]) {
      const outputs = chunked.process([left.subarray(offset, offset + size), right.subarray(offset, offset + size)]);
      outputs.forEach((output, channel) => pieces[channel]?.push(output));
      offset += size;
    }
    assert.equal(offset, 4_800);
    assert.deepEqual(concat(pieces[0] ?? []), whole[0]);
    assert.deepEqual(concat(pieces[1] ?? []), whole[1]);
  });

  test('48 kHz to 44.1 kHz keeps a sine’s frequency and amplitude, and the length follows the ratio', () => {
    const resampler = new StreamResampler(48_000, 44_100, 1);
    const outputs: Float32Array[] = [];
    let inputLength = 0;
    for (let chunk = 0; chunk < 100; chunk++) {
      const input = Float32Array.from({ length: 480 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1_000 * (chunk * 480 + i)) / 48_000));
      inputLength += input.length;
      const [output] = resampler.process([input]);
      assert.ok(output);
      assert.ok(Math.abs(output.length - 441) <= 1, `chunk ${chunk}: ${output.length} samples`);
      outputs.push(output);
    }
    const output = concat(outputs);
    assert.ok(Math.abs(output.length - (inputLength * 44_100) / 48_000) <= 1, `${output.length} samples`);
    // Skip the filter's start-up (under 1 ms), then count: 1 kHz over the rest of the second.
    const settle = 441;
    const seconds = (output.length - settle) / 44_100;
    const crossings = risingZeroCrossings(output, settle);
    assert.ok(Math.abs(crossings - 1_000 * seconds) <= 2, `${crossings} crossings in ${seconds} s`);
    assert.ok(Math.abs(peak(output, settle) - 0.5) <= 0.025, `peak ${peak(output, settle)}`);
  });

  test('a tone above the output Nyquist frequency is filtered out instead of aliasing', () => {
    const resampler = new StreamResampler(48_000, 16_000, 1);
    const [output] = resampler.process([sine(12_000, 48_000, 9_600)]);
    assert.ok(output);
    assert.ok(peak(output, 200) < 0.01, `peak ${peak(output, 200)}`);
  });

  test('up-sampling 16 kHz to 48 kHz keeps a sine’s frequency and amplitude', () => {
    const resampler = new StreamResampler(16_000, 48_000, 1);
    const [output] = resampler.process([sine(500, 16_000, 16_000)]);
    assert.ok(output);
    assert.equal(output.length, 48_000);
    const settle = 480;
    const crossings = risingZeroCrossings(output, settle);
    assert.ok(Math.abs(crossings - (500 * (48_000 - settle)) / 48_000) <= 2, `${crossings} crossings`);
    assert.ok(Math.abs(peak(output, settle) - 0.5) <= 0.025);
  });

  test('wrong plane counts, mismatched lengths and bad rates are RangeErrors', () => {
    assert.throws(() => new StreamResampler(0, 48_000, 1), RangeError);
    assert.throws(() => new StreamResampler(44_100.5, 48_000, 1), RangeError);
    const resampler = new StreamResampler(48_000, 44_100, 2);
    assert.throws(() => resampler.process([new Float32Array(4)]), RangeError);
    assert.throws(() => resampler.process([new Float32Array(4), new Float32Array(5)]), RangeError);
    assert.equal(resampler.inputRate, 48_000);
    assert.equal(resampler.outputRate, 44_100);
  });
});
