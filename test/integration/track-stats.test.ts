// MediaStreamTrack.stats (https://w3c.github.io/mediacapture-extensions/#mediastreamtrack-statistics) as
// real frames flow: video delivered/discarded/total frames, audio frames, durations and input latency.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { MediaStreamTrackAudioStats, MediaStreamTrackVideoStats, type MediaStreamTrack } from '../../src/index.js';
import { captureTrack, closeAll, fakeCapture, nextTask, stopAndCheckLeaks, stopEverything, Tap } from './media-helpers.js';

afterEach(stopEverything);

async function videoStats(track: MediaStreamTrack): Promise<{ deliveredFrames: number; discardedFrames: number; totalFrames: number }> {
  await nextTask();
  const stats = track.stats;
  assert.ok(stats instanceof MediaStreamTrackVideoStats);
  return stats.toJSON();
}

async function audioStats(track: MediaStreamTrack): Promise<MediaStreamTrackAudioStats> {
  await nextTask();
  const stats = track.stats;
  assert.ok(stats instanceof MediaStreamTrackAudioStats);
  return stats;
}

describe('video track stats', () => {
  test('after N frames at the native rate, deliveredFrames = totalFrames = N and discardedFrames = 0', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track);
    assert.deepEqual(await videoStats(track), { deliveredFrames: 0, discardedFrames: 0, totalFrames: 0 });
    clock.advanceMs(990);
    const frames = await tap.drainVideo();
    assert.equal(frames.length, 30);
    closeAll(frames);
    assert.deepEqual(await videoStats(track), { deliveredFrames: 30, discardedFrames: 0, totalFrames: 30 });
    await stopAndCheckLeaks(track);
  });

  test('frames count as delivered without any sink, as the spec counts frames that would have been delivered', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    clock.advanceMs(300);
    assert.deepEqual(await videoStats(track), { deliveredFrames: 10, discardedFrames: 0, totalFrames: 10 });
    await stopAndCheckLeaks(track);
  });

  test('at frameRate 15 from a 30 fps source, half the frames are discarded', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: { frameRate: { exact: 15 } } });
    clock.advanceMs(990);
    assert.deepEqual(await videoStats(track), { deliveredFrames: 15, discardedFrames: 15, totalFrames: 30 });
    await stopAndCheckLeaks(track);
  });

  test('each track of a source counts its own frames: a clone started later counts from its start', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    clock.advanceMs(300);
    const clone = track.clone();
    clock.advanceMs(300);
    assert.equal((await videoStats(track)).totalFrames, 19);
    assert.equal((await videoStats(clone)).totalFrames, 9);
    await stopAndCheckLeaks(track, clone);
  });

  test('the values stay the same within a task and update in the next one', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    clock.advanceMs(100);
    const first = (await videoStats(track)).totalFrames;
    clock.advanceMs(100);
    assert.equal((track.stats as MediaStreamTrackVideoStats).totalFrames, first);
    assert.equal((await videoStats(track)).totalFrames, first + 3);
    await stopAndCheckLeaks(track);
  });

  test('the counters stay as they were after the track ends', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    clock.advanceMs(100);
    const before = await videoStats(track);
    track.stop();
    clock.advanceMs(1000);
    assert.deepEqual(await videoStats(track), before);
    await stopAndCheckLeaks(track);
  });
});

describe('audio track stats', () => {
  test('deliveredFrames is 480 per chunk, deliveredFramesDuration 10 ms per chunk, and totalFrames the same', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const tap = new Tap(track);
    clock.advanceMs(1000);
    const chunks = await tap.drainAudio();
    assert.equal(chunks.length, 100);
    closeAll(chunks);
    const stats = await audioStats(track);
    assert.equal(stats.deliveredFrames, 480 * 100);
    assert.ok(Math.abs(stats.deliveredFramesDuration - 1000) < 1e-6, `${stats.deliveredFramesDuration} ms`);
    assert.equal(stats.totalFrames, stats.deliveredFrames);
    assert.ok(Math.abs(stats.totalFramesDuration - 1000) < 1e-6, `${stats.totalFramesDuration} ms`);
    await stopAndCheckLeaks(track);
  });

  test('the fake microphone has an input latency of 10 ms: latest, average, minimum and maximum', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    clock.advanceMs(500);
    const stats = await audioStats(track);
    assert.equal(stats.latency, 10);
    assert.equal(stats.averageLatency, 10);
    assert.equal(stats.minimumLatency, 10);
    assert.equal(stats.maximumLatency, 10);
    await stopAndCheckLeaks(track);
  });

  test('a 44100 Hz track counts 44100 frames a second within 1%, and 1000 ms', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: { sampleRate: 44100 } });
    clock.advanceMs(1000);
    const stats = await audioStats(track);
    assert.ok(Math.abs(stats.deliveredFrames - 44100) <= 441, `${stats.deliveredFrames} frames`);
    assert.ok(Math.abs(stats.deliveredFramesDuration - (stats.deliveredFrames * 1000) / 44100) < 1e-6);
    await stopAndCheckLeaks(track);
  });

  test('a disabled or muted audio track counts nothing', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    clock.advanceMs(100);
    const before = (await audioStats(track)).deliveredFrames;
    assert.equal(before, 4800);
    track.enabled = false;
    clock.advanceMs(500);
    assert.equal((await audioStats(track)).deliveredFrames, before);
    track.enabled = true;
    clock.advanceMs(100);
    assert.equal((await audioStats(track)).deliveredFrames, before + 4800);
    await stopAndCheckLeaks(track);
  });
});
