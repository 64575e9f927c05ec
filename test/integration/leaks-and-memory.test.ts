// Frames and timers do not leak: every VideoFrame and AudioData is closed by whoever owns it, slow or absent
// readers never grow what is held, and stopped tracks leave nothing scheduled on the clock.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { controlDevices, openFrameCounts } from '../../src/testing.js';
import {
  assertNoOpenFrames,
  captureTrack,
  closeAll,
  fakeCapture,
  nextTask,
  remember,
  stopAndCheckLeaks,
  stopEverything,
  Tap,
} from './media-helpers.js';

afterEach(stopEverything);

describe('no frame is left open', () => {
  test('capturing without any sink for 10 s opens no frame that outlives its delivery', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: { width: 1280, height: 720 } });
    const audio = await captureTrack(md, { audio: true });
    const clone = remember(video.clone());
    await clone.applyConstraints({ width: 320, height: 240 });
    for (let second = 0; second < 10; second++) {
      clock.advanceMs(1000);
      assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 }, `after ${second + 1} s`);
    }
    await stopAndCheckLeaks(video, audio, clone);
  });

  test('a reader that keeps up with video, audio, clones and constraint changes leaves no frame open', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: { channelCount: 2, sampleRate: 44100 } });
    const clones = [video.clone(), video.clone(), audio.clone()].map((track) => remember(track));
    const taps = [video, audio, ...clones].map((track) => new Tap(track, 10));
    for (let step = 0; step < 20; step++) {
      clock.advanceMs(50);
      if (step === 5) {
        await (clones[0] as (typeof clones)[number]).applyConstraints({ width: 333, height: 222, frameRate: 12 });
      }
      if (step === 10) {
        (clones[1] as (typeof clones)[number]).enabled = false;
      }
      if (step === 15) {
        controlDevices(md).setMuted('Fake Default Audio Input', true);
      }
      for (const tap of taps) {
        closeAll(await tap.drain());
      }
    }
    await stopAndCheckLeaks(video, audio, ...clones);
  });

  test('open frames stay bounded by the processors’ maxBufferSize while nobody reads for 5 minutes', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: true });
    const clone = remember(video.clone());
    const taps = [new Tap(video, 4), new Tap(clone, 2), new Tap(audio, 8)];
    let most = { videoFrames: 0, audioData: 0 };
    for (let second = 0; second < 300; second++) {
      clock.advanceMs(1000);
      await nextTask();
      const counts = openFrameCounts();
      most = { videoFrames: Math.max(most.videoFrames, counts.videoFrames), audioData: Math.max(most.audioData, counts.audioData) };
    }
    assert.deepEqual(most, { videoFrames: 6, audioData: 8 });
    for (const tap of taps) {
      closeAll(await tap.drain());
    }
    await stopAndCheckLeaks(video, audio, clone);
  });

  test('stopping tracks with full queues closes every queued frame', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: true });
    const taps = [new Tap(video, 100), new Tap(audio, 100)];
    clock.advanceMs(1000);
    await nextTask();
    assert.deepEqual(openFrameCounts(), { videoFrames: 31, audioData: 100 });
    video.stop();
    audio.stop();
    assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
    for (const tap of taps) {
      assert.equal(await tap.isDone(), true);
    }
    await assertNoOpenFrames();
  });

  test('removing devices mid-stream closes every queued frame', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: true });
    const taps = [new Tap(video, 100), new Tap(audio, 100)];
    clock.advanceMs(500);
    controlDevices(md).removeDevice('fake_device_0');
    controlDevices(md).removeDevice('Fake Default Audio Input');
    assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
    clock.advanceMs(500);
    for (const tap of taps) {
      assert.equal(await tap.isDone(), true);
    }
    await assertNoOpenFrames();
  });

  test('cancelling processors while frames flow leaves no frame open', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const taps = Array.from({ length: 5 }, () => new Tap(video, 5));
    clock.advanceMs(200);
    for (const tap of taps) {
      await tap.reader.cancel();
    }
    await nextTask();
    assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
    clock.advanceMs(1000);
    await assertNoOpenFrames();
    await stopAndCheckLeaks(video);
  });
});

describe('stopped tracks leave nothing scheduled', () => {
  test('after every track stops, no task is left on the virtual clock', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: true });
    const clone = remember(video.clone());
    clone.enabled = false;
    const taps = [new Tap(video), new Tap(audio), new Tap(clone)];
    clock.advanceMs(200);
    for (const tap of taps) {
      closeAll(await tap.drain());
    }
    assert.ok(clock.pendingCount > 0);
    await stopAndCheckLeaks(video, audio, clone);
    assert.equal(clock.pendingCount, 0);
  });

  test('after the only tracks are disabled and then stopped, no filler timer is left on the clock', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: true });
    const taps = [new Tap(video), new Tap(audio)];
    video.enabled = false;
    audio.enabled = false;
    clock.advanceMs(1500);
    for (const tap of taps) {
      closeAll(await tap.drain());
    }
    await stopAndCheckLeaks(video, audio);
    assert.equal(clock.pendingCount, 0);
  });

  test('while every track is disabled and nothing reads, only a filler timer per track remains', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    video.enabled = false;
    clock.advanceMs(100);
    // The camera's frame timer is gone; at most the black-frame timer of the one track is left.
    assert.ok(clock.pendingCount <= 1, `${clock.pendingCount} tasks scheduled`);
    await stopAndCheckLeaks(video);
    assert.equal(clock.pendingCount, 0);
  });
});
