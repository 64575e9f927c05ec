// The fake microphone's beep (after Chromium's BeepingSource) and finding beeps in a signal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import fc from 'fast-check';

import { BEEP, BeepGenerator, findBeeps, periodicBeepStarts } from '../../../../src/sources/fake/beep.js';

/** Frames [startFrame, startFrame + length) of a generator, one mono plane. */
function render(generator: BeepGenerator, startFrame: number, length: number): Float32Array {
  const plane = new Float32Array(length);
  generator.fill([plane], startFrame);
  return plane;
}

/** Indices of the frames that are not silent. */
function soundingFrames(samples: Float32Array): number[] {
  return Array.from(samples.keys()).filter((index) => samples[index] !== 0);
}

describe('BEEP', () => {
  test('is 400 Hz, 20 ms, every 500 ms, at full scale', () => {
    assert.deepEqual(BEEP, { frequencyHz: 400, durationMs: 20, periodMs: 500, amplitude: 1 });
  });
});

describe('BeepGenerator', () => {
  test('gives silence when no beep is scheduled', () => {
    const generator = new BeepGenerator(48_000);
    assert.ok(render(generator, 0, 48_000).every((sample) => sample === 0));
  });

  test('plays a square wave of period 120 frames at 48 kHz, high first, for 20 ms, silence around it', () => {
    const generator = new BeepGenerator(48_000);
    generator.scheduleBeep(1_000);
    const samples = render(generator, 0, 4_800);
    const sounding = soundingFrames(samples);
    assert.equal(sounding[0], 1_000);
    assert.equal(sounding.at(-1), 1_000 + 960 - 60 - 1, 'the last high half of the 20 ms (960 frames)');
    for (let frame = 0; frame < samples.length; frame++) {
      const k = frame - 1_000;
      const expected = k >= 0 && k < 960 && k % 120 < 60 ? BEEP.amplitude : 0;
      assert.equal(samples[frame], expected, `frame ${frame}`);
    }
  });

  test('keeps the wave continuous across fill() calls, also for a beep started in an earlier call', () => {
    const whole = new BeepGenerator(48_000);
    whole.scheduleBeep(300);
    const expected = render(whole, 0, 1_920);
    const chunked = new BeepGenerator(48_000);
    chunked.scheduleBeep(300);
    const first = render(chunked, 0, 480);
    const second = render(chunked, 480, 480);
    const rest = [render(chunked, 960, 333), render(chunked, 1_293, 627)];
    const joined = [first, second, ...rest].flatMap((piece) => Array.from(piece));
    assert.deepEqual(Float32Array.from(joined), expected);
    assert.ok(second.some((sample) => sample !== 0), 'the beep spans the second call');
  });

  test('matches the per-frame definition at any rate, beep start and chunking', () => {
    // The definition: frame k of a beep (0 <= k < beep length) is high while floor(k * 800 / rate) is even.
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(8_000, 11_025, 16_000, 22_050, 44_100, 48_000, 96_000), fc.double({ min: 801, max: 200_000, noNaN: true })),
        fc.integer({ min: 0, max: 3_000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 12 }),
        (rate, beepStart, chunkLengths) => {
          const generator = new BeepGenerator(rate);
          generator.scheduleBeep(beepStart);
          const beepFrames = Math.max(1, Math.round((rate * BEEP.durationMs) / 1000));
          let startFrame = 0;
          for (const length of chunkLengths) {
            const samples = render(generator, startFrame, length);
            for (let index = 0; index < length; index++) {
              const k = startFrame + index - beepStart;
              const high = k >= 0 && k < beepFrames && Math.floor((k * 800) / rate) % 2 === 0;
              assert.equal(samples[index], high ? BEEP.amplitude : 0, `rate ${rate}, frame ${startFrame + index}`);
            }
            startFrame += length;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('writes the same signal to every plane', () => {
    const generator = new BeepGenerator(48_000);
    generator.scheduleBeep(100);
    const left = new Float32Array(480).fill(9);
    const right = new Float32Array(480).fill(9);
    generator.fill([left, right], 0);
    assert.deepEqual(right, left);
    assert.equal(left[100], BEEP.amplitude);
    assert.equal(left[0], 0);
  });

  test('keeps exactly 400 Hz at 44.1 kHz: 8 periods in the 882 frames of a beep', () => {
    const generator = new BeepGenerator(44_100);
    generator.scheduleBeep(0);
    const samples = render(generator, 0, 2_000);
    let risingEdges = 1;
    for (let frame = 1; frame < samples.length; frame++) {
      if (samples[frame] !== 0 && samples[frame - 1] === 0) {
        risingEdges++;
      }
    }
    assert.equal(risingEdges, 8);
    assert.ok(soundingFrames(samples).every((frame) => frame < 882));
  });

  test('plays a beep scheduled twice once, and forgets beeps that ended before the range filled', () => {
    const generator = new BeepGenerator(48_000);
    generator.scheduleBeep(0);
    generator.scheduleBeep(0);
    generator.scheduleBeep(5_000);
    assert.equal(soundingFrames(render(generator, 0, 960)).length, 480);
    assert.equal(soundingFrames(render(generator, 4_800, 1_200)).length, 480);
    assert.equal(soundingFrames(render(generator, 0, 960)).length, 0, 'the first beep is gone');
  });

  test('rejects a bad sample rate, frame or plane set', () => {
    assert.throws(() => new BeepGenerator(0), RangeError);
    assert.throws(() => new BeepGenerator(Number.NaN), RangeError);
    const generator = new BeepGenerator(48_000);
    assert.throws(() => generator.scheduleBeep(Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => generator.fill([new Float32Array(4)], 0.5), RangeError);
    assert.throws(() => generator.fill([new Float32Array(4), new Float32Array(5)], 0), RangeError);
    generator.fill([], 0);
  });
});

describe('periodicBeepStarts()', () => {
  test('beeps every 500 ms from frame 0, the range being half-open', () => {
    assert.deepEqual(periodicBeepStarts(48_000, 0, 96_000), [0, 24_000, 48_000, 72_000]);
    assert.deepEqual(periodicBeepStarts(48_000, 24_000, 24_480), [24_000]);
    assert.deepEqual(periodicBeepStarts(48_000, 23_520, 24_000), []);
    assert.deepEqual(periodicBeepStarts(48_000, 100, 23_999), []);
    assert.deepEqual(periodicBeepStarts(44_100, 0, 44_101), [0, 22_050, 44_100]);
  });

  test('rounds each start at a fractional period without drifting', () => {
    assert.deepEqual(periodicBeepStarts(11_025, 0, 22_051), [0, 5_513, 11_025, 16_538, 22_050]);
    const far = periodicBeepStarts(11_025, 11_025 * 3_600, 11_025 * 3_600 + 1);
    assert.deepEqual(far, [11_025 * 3_600]);
  });

  test('has none before frame 0 and none in an empty range', () => {
    assert.deepEqual(periodicBeepStarts(48_000, -48_000, 1), [0]);
    assert.deepEqual(periodicBeepStarts(48_000, 10, 10), []);
    assert.deepEqual(periodicBeepStarts(48_000, 10, 5), []);
  });

  test('rejects a bad sample rate or bound', () => {
    assert.throws(() => periodicBeepStarts(-1, 0, 10), RangeError);
    assert.throws(() => periodicBeepStarts(48_000, 0, Number.NaN), RangeError);
  });
});

describe('findBeeps()', () => {
  test('finds scheduled beeps within 1 ms', () => {
    const sampleRate = 48_000;
    const starts = [480, 24_017, 48_000, 71_999, 95_500];
    const generator = new BeepGenerator(sampleRate);
    for (const start of starts) {
      generator.scheduleBeep(start);
    }
    const found = findBeeps(render(generator, 0, 96_000), sampleRate);
    assert.equal(found.length, starts.length);
    found.forEach((frame, index) => {
      assert.ok(Math.abs(frame - (starts[index] as number)) <= sampleRate / 1000, `${frame} vs ${starts[index]}`);
    });
  });

  test('finds the beeps of the audio-only microphone in a noisy, quieter, inverted signal', () => {
    const sampleRate = 44_100;
    const generator = new BeepGenerator(sampleRate);
    const starts = periodicBeepStarts(sampleRate, 0, sampleRate * 2);
    for (const start of starts) {
      generator.scheduleBeep(start);
    }
    const samples = render(generator, 0, sampleRate * 2);
    let state = 1;
    const noisy = samples.map((sample) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return -0.25 * sample + ((state >>> 8) / 2 ** 24 - 0.5) * 0.02;
    });
    const found = findBeeps(noisy, sampleRate);
    assert.equal(found.length, starts.length);
    found.forEach((frame, index) => {
      assert.ok(Math.abs(frame - (starts[index] as number)) <= sampleRate / 1000);
    });
  });

  test('finds nothing in silence or near-silence', () => {
    assert.deepEqual(findBeeps(new Float32Array(48_000), 48_000), []);
    assert.deepEqual(findBeeps(new Float32Array(48_000).fill(0.001), 48_000), []);
  });
});
