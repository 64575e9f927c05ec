// Audio chunks from the fake microphone through MediaStreamTrackProcessor: format, pace, the 400 Hz beep
// every 500 ms, its lock to the fake camera's frames, channel mixing and resampling.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import type { AudioData, VideoFrame } from '../../src/index.js';
import { BEEP, findBeeps } from '../../src/sources/fake/beep.js';
import {
  captureTrack,
  channelOf,
  closeAll,
  concatChannel,
  fakeCapture,
  stopAndCheckLeaks,
  stopEverything,
  Tap,
} from './media-helpers.js';

afterEach(stopEverything);

const CHUNK_US = 10_000;

/** The times (µs, on the source clock) at which beeps start in consecutive chunks. */
function beepTimesUs(chunks: readonly AudioData[]): number[] {
  const first = chunks[0];
  assert.ok(first !== undefined, 'no audio');
  return findBeeps(concatChannel(chunks), first.sampleRate).map((frame) => first.timestamp + (frame * 1e6) / first.sampleRate);
}

describe('audio chunks of the fake microphone', () => {
  test('chunks are f32-planar, 48000 Hz, mono, 480 frames, 10000 µs long and spaced 10000 µs from the capture start', async () => {
    const { clock, md } = fakeCapture();
    clock.advanceMs(250);
    const track = await captureTrack(md, { audio: true });
    const tap = new Tap(track);
    clock.advanceMs(1000);
    const chunks = await tap.audios(100);
    try {
      for (const [index, chunk] of chunks.entries()) {
        assert.equal(chunk.format, 'f32-planar');
        assert.equal(chunk.sampleRate, 48000);
        assert.equal(chunk.numberOfChannels, 1);
        assert.equal(chunk.numberOfFrames, 480);
        assert.equal(chunk.duration, CHUNK_US);
        assert.equal(chunk.timestamp, 250_000 + index * CHUNK_US, `chunk ${index}`);
      }
    } finally {
      closeAll(chunks);
    }
    // The chunk covering 1240–1250 ms is complete at 1250 ms and no later one is.
    const rest = await tap.drainAudio();
    assert.equal(rest.length, 0);
    await stopAndCheckLeaks(track);
  });

  test('a chunk arrives when its last sample has been captured, 10 ms after its timestamp', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const tap = new Tap(track);
    clock.advanceMs(9);
    assert.equal((await tap.drainAudio()).length, 0);
    clock.advanceMs(1);
    const [chunk] = await tap.audios(1);
    assert.ok(chunk !== undefined);
    assert.equal(chunk.timestamp, 0);
    chunk.close();
    await stopAndCheckLeaks(track);
  });

  test('without a camera the microphone beeps every 500 ms: a 20 ms, 400 Hz square wave in silence', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const tap = new Tap(track);
    clock.advanceMs(2000);
    const chunks = await tap.audios(200);
    try {
      const samples = concatChannel(chunks);
      assert.deepEqual(findBeeps(samples, 48000), [0, 24000, 48000, 72000]);
      // Each beep: 960 samples alternating 60 at full scale and 60 at zero (400 Hz), then silence.
      for (const start of [0, 24000, 48000, 72000]) {
        for (let k = 0; k < 960; k++) {
          const expected = Math.floor(k / 60) % 2 === 0 ? BEEP.amplitude : 0;
          assert.equal(samples[start + k], expected, `sample ${k} of the beep at ${start}`);
        }
        assert.ok(samples.subarray(start + 960, start + 24000).every((sample) => sample === 0), `silence after ${start}`);
      }
    } finally {
      closeAll(chunks);
    }
    await stopAndCheckLeaks(track);
  });

  test('with a camera running, each beep starts within 1 ms of the frame whose elapsed time crosses a 500 ms boundary', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const videoTap = new Tap(video);
    clock.advanceMs(137);
    const audio = await captureTrack(md, { audio: true });
    const audioTap = new Tap(audio);
    clock.advanceMs(2100);
    const frames = await videoTap.drainVideo();
    const chunks = await audioTap.drainAudio();
    try {
      const firstFrame = frames[0] as VideoFrame;
      assert.equal(firstFrame.timestamp, 0);
      // The frames at or after each 500 ms of the camera's elapsed time, the previous frame before it.
      const crossings = frames
        .filter((frame, index) => {
          const previous = frames[index - 1];
          const elapsedUs = frame.timestamp - firstFrame.timestamp;
          return previous !== undefined && Math.floor(elapsedUs / 500_000) > Math.floor((previous.timestamp - firstFrame.timestamp) / 500_000);
        })
        .map((frame) => frame.timestamp);
      assert.deepEqual(crossings, [500_000, 1_000_000, 1_500_000, 2_000_000]);
      const beeps = beepTimesUs(chunks);
      assert.equal(beeps.length, crossings.length, `beeps at ${beeps.join(', ')} µs`);
      beeps.forEach((beepUs, index) => {
        assert.ok(Math.abs(beepUs - (crossings[index] as number)) <= 1000, `beep ${beepUs} µs against frame ${crossings[index]} µs`);
      });
    } finally {
      closeAll(frames);
      closeAll(chunks);
    }
    await stopAndCheckLeaks(video, audio);
  });

  test('a camera started at a clock time other than zero triggers a beep at its start and every 500 ms, and no other', async () => {
    const { clock, md } = fakeCapture();
    clock.advanceMs(1250);
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: true });
    const audioTap = new Tap(audio);
    clock.advanceMs(1100);
    const chunks = await audioTap.drainAudio();
    try {
      const beeps = beepTimesUs(chunks);
      const expected = [1_250_000, 1_750_000, 2_250_000];
      assert.equal(beeps.length, expected.length, `beeps at ${beeps.join(', ')} µs`);
      beeps.forEach((beepUs, index) => {
        assert.ok(Math.abs(beepUs - (expected[index] as number)) <= 1000, `beep ${beepUs} µs, expected ${expected[index]} µs`);
      });
    } finally {
      closeAll(chunks);
    }
    await stopAndCheckLeaks(video, audio);
  });

  test('a microphone beeping on its own locks to a camera that starts later, from the camera start on', async () => {
    const { clock, md } = fakeCapture();
    const audio = await captureTrack(md, { audio: true });
    const audioTap = new Tap(audio);
    clock.advanceMs(1250);
    const video = await captureTrack(md, { video: true });
    const videoTap = new Tap(video);
    clock.advanceMs(1100);
    const frames = await videoTap.drainVideo();
    const chunks = await audioTap.drainAudio();
    try {
      assert.equal(frames[0]?.timestamp, 1_250_000);
      const beeps = beepTimesUs(chunks);
      const expected = [0, 500_000, 1_000_000, 1_250_000, 1_750_000, 2_250_000];
      assert.equal(beeps.length, expected.length, `beeps at ${beeps.join(', ')} µs`);
      beeps.forEach((beepUs, index) => {
        assert.ok(Math.abs(beepUs - (expected[index] as number)) <= 1000, `beep ${beepUs} µs, expected ${expected[index]} µs`);
      });
    } finally {
      closeAll(frames);
      closeAll(chunks);
    }
    await stopAndCheckLeaks(video, audio);
  });
});

describe('audio adapted to the track settings', () => {
  test('a chunk kept open (or a clone of it) keeps its samples while later chunks come and go', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const tap = new Tap(track);
    // 500 ms in: the first chunks hold a beep, so overwriting them with later (silent) audio would show.
    clock.advanceMs(30);
    const [kept, cloned] = await tap.audios(2);
    assert.ok(kept !== undefined && cloned !== undefined);
    const clone = cloned.clone();
    cloned.close();
    const keptSamples = channelOf(kept);
    const cloneSamples = channelOf(clone);
    assert.ok(keptSamples.some((sample) => sample !== 0), 'the first chunk holds the beep');
    for (let round = 0; round < 20; round++) {
      clock.advanceMs(10);
      closeAll(await tap.drainAudio());
    }
    try {
      assert.deepEqual(channelOf(kept), keptSamples);
      assert.deepEqual(channelOf(clone), cloneSamples);
    } finally {
      kept.close();
      clone.close();
    }
    await stopAndCheckLeaks(track);
  });

  test('applyConstraints({channelCount: 2}) gives stereo chunks whose two channels are equal', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    await track.applyConstraints({ channelCount: 2 });
    assert.equal(track.getSettings().channelCount, 2);
    const tap = new Tap(track);
    clock.advanceMs(600);
    const chunks = await tap.audios(60);
    try {
      for (const chunk of chunks) {
        assert.equal(chunk.numberOfChannels, 2);
        assert.equal(chunk.numberOfFrames, 480);
        assert.equal(chunk.format, 'f32-planar');
        assert.deepEqual(channelOf(chunk, 1), channelOf(chunk, 0));
      }
      // The beep is in both channels.
      assert.deepEqual(findBeeps(concatChannel(chunks, 1), 48000), [0, 24000]);
    } finally {
      closeAll(chunks);
    }
    await stopAndCheckLeaks(track);
  });

  test('getUserMedia({audio: {channelCount: {exact: 2}}}) gives stereo from the first chunk', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: { channelCount: { exact: 2 } } });
    const tap = new Tap(track);
    clock.advanceMs(100);
    const chunks = await tap.audios(10);
    try {
      assert.ok(chunks.every((chunk) => chunk.numberOfChannels === 2));
      assert.deepEqual(channelOf(chunks[0] as AudioData, 1), channelOf(chunks[0] as AudioData, 0));
    } finally {
      closeAll(chunks);
    }
    await stopAndCheckLeaks(track);
  });

  test('sampleRate 44100 gives chunks of about 441 frames, 44100 frames a second within 1%, beeps 22050 frames apart', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: { sampleRate: 44100 } });
    assert.equal(track.getSettings().sampleRate, 44100);
    const tap = new Tap(track);
    clock.advanceMs(1000);
    const chunks = await tap.drainAudio();
    try {
      assert.equal(chunks.length, 100);
      for (const [index, chunk] of chunks.entries()) {
        assert.equal(chunk.sampleRate, 44100);
        assert.equal(chunk.timestamp, index * CHUNK_US);
        assert.ok(Math.abs(chunk.numberOfFrames - 441) <= 10, `chunk ${index} has ${chunk.numberOfFrames} frames`);
      }
      const total = chunks.reduce((sum, chunk) => sum + chunk.numberOfFrames, 0);
      assert.ok(Math.abs(total - 44100) <= 441, `${total} frames in 1 s`);
      const beeps = findBeeps(concatChannel(chunks), 44100);
      assert.equal(beeps.length, 2, `beeps at ${beeps.join(', ')}`);
      assert.ok(Math.abs((beeps[1] as number) - (beeps[0] as number) - 22050) <= 2, `beeps at ${beeps.join(', ')}`);
    } finally {
      closeAll(chunks);
    }
    await stopAndCheckLeaks(track);
  });

  test('applyConstraints({sampleRate: 44100}) switches a running track from 480- to 441-frame chunks', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const tap = new Tap(track);
    clock.advanceMs(100);
    await track.applyConstraints({ sampleRate: 44100 });
    clock.advanceMs(500);
    const chunks = await tap.drainAudio();
    try {
      assert.equal(chunks.length, 60);
      assert.ok(chunks.slice(0, 10).every((chunk) => chunk.sampleRate === 48000 && chunk.numberOfFrames === 480));
      const later = chunks.slice(10);
      assert.ok(later.every((chunk) => chunk.sampleRate === 44100));
      const total = later.reduce((sum, chunk) => sum + chunk.numberOfFrames, 0);
      assert.ok(Math.abs(total - 22050) <= 441, `${total} frames in 500 ms`);
    } finally {
      closeAll(chunks);
    }
    await stopAndCheckLeaks(track);
  });
});
