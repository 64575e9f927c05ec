// Disabled and muted tracks: black video frames (one a second, per the pipeline's policy) and silent audio
// chunks (at the normal pace) instead of the source's media, no stats counted meanwhile, mute/unmute
// events, and a source that runs only while some track needs its media.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import type { AudioData, MediaStreamTrack, MediaStreamTrackVideoStats, VideoFrame } from '../../src/index.js';
import { controlDevices } from '../../src/testing.js';
import { findBeeps } from '../../src/sources/fake/beep.js';
import {
  captureTrack,
  channelOf,
  closeAll,
  concatChannel,
  fakeCapture,
  frameNumberOf,
  isBlack,
  nextTask,
  patternOf,
  remember,
  stopAndCheckLeaks,
  stopEverything,
  Tap,
} from './media-helpers.js';

afterEach(stopEverything);

const PERIOD_US = 1e6 / 30;

/** The video stats of a track, read in a fresh task. */
async function videoStats(track: MediaStreamTrack): Promise<{ deliveredFrames: number; discardedFrames: number; totalFrames: number }> {
  await nextTask();
  return (track.stats as MediaStreamTrackVideoStats).toJSON();
}

/** Checks frames are black, of width x height, stamped `firstUs`, `firstUs` + 1 s, …. */
async function assertBlackEverySecond(frames: readonly VideoFrame[], width: number, height: number, firstUs: number): Promise<void> {
  for (const [index, frame] of frames.entries()) {
    assert.equal(frame.format, 'I420');
    assert.deepEqual([frame.codedWidth, frame.codedHeight, frame.displayWidth, frame.displayHeight], [width, height, width, height]);
    assert.ok(await isBlack(frame), `frame ${index} (${frame.timestamp} µs) is black`);
    assert.ok(Math.abs(frame.timestamp - (firstUs + index * 1e6)) <= 1, `frame ${index} at ${frame.timestamp} µs`);
  }
}

/** Checks that chunks are silent 480-frame chunks, 10 ms apart from `firstUs`. */
function assertSilentChunks(chunks: readonly AudioData[], firstUs: number, channels = 1): void {
  for (const [index, chunk] of chunks.entries()) {
    assert.equal(chunk.sampleRate, 48000);
    assert.equal(chunk.numberOfChannels, channels);
    assert.equal(chunk.numberOfFrames, 480);
    assert.equal(chunk.timestamp, firstUs + index * 10_000, `chunk ${index}`);
    for (let channel = 0; channel < channels; channel++) {
      assert.ok(channelOf(chunk, channel).every((sample) => sample === 0), `chunk ${index} is silent`);
    }
  }
}

describe('a disabled video track', () => {
  test('gets black frames (Y=16, U=V=128) at its own size, one when disabled and then one a second', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: { width: 320, height: 240 } });
    const tap = new Tap(track);
    clock.advanceMs(100);
    const before = await tap.drainVideo();
    try {
      assert.equal(before.length, 4);
      for (const frame of before) {
        assert.equal(await isBlack(frame), false);
      }
    } finally {
      closeAll(before);
    }
    track.enabled = false;
    clock.advanceMs(3050);
    const black = await tap.drainVideo();
    try {
      assert.equal(black.length, 4, `black frames at ${black.map((frame) => frame.timestamp).join(', ')} µs`);
      await assertBlackEverySecond(black, 320, 240, 100_000);
    } finally {
      closeAll(black);
    }
    await stopAndCheckLeaks(track);
  });

  test('resumes the pattern when enabled again, at the frame rate', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track);
    clock.advanceMs(100);
    closeAll(await tap.drain());
    track.enabled = false;
    clock.advanceMs(2000);
    closeAll(await tap.drain());
    track.enabled = true;
    clock.advanceMs(300);
    const frames = await tap.drainVideo();
    try {
      assert.ok(frames.length >= 9 && frames.length <= 10, `${frames.length} frames in 300 ms`);
      for (const [index, frame] of frames.entries()) {
        assert.equal(await isBlack(frame), false, `frame ${index} is not black`);
        assert.ok((await patternOf(frame)) !== undefined, `frame ${index} shows the pattern's text`);
        assert.ok(frame.timestamp >= 2_100_000, `frame ${index} at ${frame.timestamp} µs`);
        if (index > 0) {
          const step = frame.timestamp - (frames[index - 1] as VideoFrame).timestamp;
          assert.ok(Math.abs(step - PERIOD_US) <= 1, `step ${step} µs`);
        }
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('stats do not count while the track is disabled, and count again once it is enabled', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    clock.advanceMs(100);
    const before = await videoStats(track);
    assert.deepEqual(before, { deliveredFrames: 4, discardedFrames: 0, totalFrames: 4 });
    track.enabled = false;
    clock.advanceMs(2000);
    assert.deepEqual(await videoStats(track), before);
    track.enabled = true;
    clock.advanceMs(100);
    const after = await videoStats(track);
    assert.ok(after.totalFrames > before.totalFrames, `totalFrames ${after.totalFrames}`);
    assert.equal(after.deliveredFrames, after.totalFrames);
    await stopAndCheckLeaks(track);
  });

  test('gets black frames at one a second from the running source while an enabled clone gets every frame', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clone = remember(track.clone());
    const tap = new Tap(track);
    const cloneTap = new Tap(clone);
    track.enabled = false;
    clock.advanceMs(2500);
    const black = await tap.drainVideo();
    const frames = await cloneTap.drainVideo();
    try {
      assert.equal(frames.length, 76);
      assert.equal(await frameNumberOf(frames[75] as VideoFrame), 75);
      assert.equal(black.length, 3, `black frames at ${black.map((frame) => frame.timestamp).join(', ')} µs`);
      await assertBlackEverySecond(black, 640, 480, 0);
      assert.deepEqual((await videoStats(track)).totalFrames, 0);
      assert.deepEqual((await videoStats(clone)).totalFrames, 76);
    } finally {
      closeAll(black);
      closeAll(frames);
    }
    await stopAndCheckLeaks(track, clone);
  });

  test('black frames of a disabled track take the size applyConstraints gives it', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track);
    track.enabled = false;
    clock.advanceMs(100);
    const first = await tap.drainVideo();
    await track.applyConstraints({ width: 320, height: 240 });
    clock.advanceMs(1000);
    const second = await tap.drainVideo();
    try {
      assert.equal(first.length, 1);
      await assertBlackEverySecond(first, 640, 480, 0);
      assert.equal(second.length, 1);
      await assertBlackEverySecond(second, 320, 240, 1_000_000);
    } finally {
      closeAll(first);
      closeAll(second);
    }
    await stopAndCheckLeaks(track);
  });

  test('a disabled track stays black when its muted source unmutes, and a muted one when it is enabled', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track);
    clock.advanceMs(100);
    closeAll(await tap.drain());
    controlDevices(md).setMuted('fake_device_0', true);
    track.enabled = false;
    clock.advanceMs(1000);
    controlDevices(md).setMuted('fake_device_0', false);
    clock.advanceMs(1000);
    track.enabled = true;
    controlDevices(md).setMuted('fake_device_0', true);
    clock.advanceMs(1000);
    const frames = await tap.drainVideo();
    try {
      assert.ok(frames.length >= 3, `${frames.length} frames`);
      for (const frame of frames) {
        assert.ok(await isBlack(frame), `frame at ${frame.timestamp} µs is black`);
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('a clone of a disabled track is disabled and gets black frames', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    track.enabled = false;
    const clone = remember(track.clone());
    assert.equal(clone.enabled, false);
    const cloneTap = new Tap(clone);
    clock.advanceMs(1500);
    const black = await cloneTap.drainVideo();
    try {
      assert.equal(black.length, 2);
      await assertBlackEverySecond(black, 640, 480, 0);
    } finally {
      closeAll(black);
    }
    await stopAndCheckLeaks(track, clone);
  });
});

describe('a disabled audio track', () => {
  test('gets silent 480-frame chunks at the normal 10 ms pace, continuing the timeline', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const tap = new Tap(track);
    clock.advanceMs(100);
    const before = await tap.drainAudio();
    const lastUs = (before[before.length - 1] as AudioData).timestamp;
    closeAll(before);
    assert.equal(lastUs, 90_000);
    track.enabled = false;
    clock.advanceMs(1005);
    const silent = await tap.drainAudio();
    try {
      assert.ok(silent.length >= 100 && silent.length <= 101, `${silent.length} chunks in 1 s`);
      assertSilentChunks(silent, lastUs + 10_000);
    } finally {
      closeAll(silent);
    }
    track.enabled = true;
    clock.advanceMs(1000);
    const resumed = await tap.drainAudio();
    try {
      assert.ok(resumed.length >= 99 && resumed.length <= 101, `${resumed.length} chunks in 1 s`);
      assert.equal(findBeeps(concatChannel(resumed), 48000).length, 2, 'the beep is back');
    } finally {
      closeAll(resumed);
    }
    await stopAndCheckLeaks(track);
  });

  test('gets silent chunks at the normal pace from the running source while an enabled clone gets the beeps', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const clone = remember(track.clone());
    const tap = new Tap(track);
    const cloneTap = new Tap(clone);
    track.enabled = false;
    clock.advanceMs(1000);
    const silent = await tap.drainAudio();
    const chunks = await cloneTap.drainAudio();
    try {
      assert.equal(chunks.length, 100);
      assert.deepEqual(findBeeps(concatChannel(chunks), 48000), [0, 24000]);
      assert.equal(silent.length, 100, `${silent.length} silent chunks`);
      assertSilentChunks(silent, 0);
    } finally {
      closeAll(silent);
      closeAll(chunks);
    }
    await stopAndCheckLeaks(track, clone);
  });

  test('a disabled stereo track gets silent stereo chunks', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: { channelCount: 2 } });
    const tap = new Tap(track);
    track.enabled = false;
    clock.advanceMs(100);
    const silent = await tap.drainAudio();
    try {
      assert.ok(silent.length >= 10, `${silent.length} chunks`);
      assertSilentChunks(silent, (silent[0] as AudioData).timestamp, 2);
    } finally {
      closeAll(silent);
    }
    await stopAndCheckLeaks(track);
  });
});

describe('a muted source', () => {
  test('fires mute, gives black frames at one a second and no stats, then unmute resumes the running source', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const events: string[] = [];
    track.addEventListener('mute', () => events.push(`mute ${track.muted}`));
    track.addEventListener('unmute', () => events.push(`unmute ${track.muted}`));
    const tap = new Tap(track);
    clock.advanceMs(100);
    closeAll(await tap.drain());
    const before = await videoStats(track);
    controlDevices(md).setMuted('fake_device_0', true);
    assert.equal(track.muted, false, 'the attribute changes in a task');
    await nextTask();
    assert.deepEqual(events, ['mute true']);
    clock.advanceMs(2050);
    const black = await tap.drainVideo();
    try {
      assert.equal(black.length, 3, `black frames at ${black.map((frame) => frame.timestamp).join(', ')} µs`);
      // Stamped with the source's frames: the first after muting, then one a second.
      await assertBlackEverySecond(black, 640, 480, Math.round(4 * PERIOD_US));
    } finally {
      closeAll(black);
    }
    assert.deepEqual(await videoStats(track), before);
    controlDevices(md).setMuted('fake_device_0', false);
    await nextTask();
    assert.deepEqual(events, ['mute true', 'unmute false']);
    clock.advanceMs(100);
    const frames = await tap.drainVideo();
    try {
      assert.ok(frames.length >= 3, `${frames.length} frames`);
      for (const frame of frames) {
        assert.equal(await isBlack(frame), false);
        // The source kept running while muted: its counter went on.
        assert.equal(await frameNumberOf(frame), Math.round(frame.timestamp / PERIOD_US));
      }
    } finally {
      closeAll(frames);
    }
    assert.ok((await videoStats(track)).totalFrames > before.totalFrames);
    await stopAndCheckLeaks(track);
  });

  test('a muted microphone gives silence at the normal pace and fires mute and unmute', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const events: string[] = [];
    track.onmute = () => events.push('mute');
    track.onunmute = () => events.push('unmute');
    const tap = new Tap(track);
    clock.advanceMs(100);
    closeAll(await tap.drain());
    controlDevices(md).setMuted('Fake Default Audio Input', true);
    clock.advanceMs(1000);
    await nextTask();
    assert.deepEqual(events, ['mute']);
    assert.equal(track.muted, true);
    const silent = await tap.drainAudio();
    try {
      assert.equal(silent.length, 100);
      assertSilentChunks(silent, 100_000);
    } finally {
      closeAll(silent);
    }
    controlDevices(md).setMuted('Fake Default Audio Input', false);
    await nextTask();
    assert.deepEqual(events, ['mute', 'unmute']);
    assert.equal(track.muted, false);
    await stopAndCheckLeaks(track);
  });
});

describe('the source runs only while a track needs its media', () => {
  test('with every track disabled or stopped the camera produces nothing, and it starts again on enable', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clone = remember(track.clone());
    const tap = new Tap(track);
    clock.advanceMs(500);
    closeAll(await tap.drain());
    clone.stop();
    track.enabled = false;
    const before = await videoStats(track);
    clock.advanceMs(5000);
    assert.deepEqual(await videoStats(track), before);
    closeAll(await tap.drain());
    track.enabled = true;
    clock.advanceMs(100);
    const frames = await tap.drainVideo();
    try {
      assert.ok(frames.length >= 3, `${frames.length} frames`);
      const first = frames[0] as VideoFrame;
      // A fresh start at the time of enabling: counter and elapsed time start over.
      assert.equal(first.timestamp, 5_500_000);
      assert.deepEqual(await patternOf(first), { frameNumber: 0, elapsedMs: 0 });
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('a disabled track that no sink reads schedules nothing, so it keeps no process alive', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: { width: 320, height: 240 } });
    const audio = await captureTrack(md, { audio: true });
    clock.advanceMs(100);
    video.enabled = false;
    audio.enabled = false;
    clock.advanceMs(100);
    assert.equal(clock.pendingCount, 0, 'a timer still runs for disabled tracks without sinks');
    // A reader brings the filler back: black frames and silence flow to it at their pace.
    const videoTap = new Tap(video);
    const audioTap = new Tap(audio);
    assert.ok(clock.pendingCount > 0);
    clock.advanceMs(1050);
    const black = await videoTap.drainVideo();
    const silence = await audioTap.drainAudio();
    try {
      await assertBlackEverySecond(black, 320, 240, 200_000);
      assert.equal(black.length, 2);
      assertSilentChunks(silence, 200_000);
      assert.equal(silence.length, 106);
    } finally {
      closeAll(black);
      closeAll(silence);
    }
    // Once the readers go, so does the timer.
    await videoTap.reader.cancel();
    await audioTap.reader.cancel();
    assert.equal(clock.pendingCount, 0);
    await stopAndCheckLeaks(video, audio);
  });

  test('while the only camera track is disabled the microphone beeps on its own clock', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    clock.advanceMs(100);
    const audio = await captureTrack(md, { audio: true });
    const audioTap = new Tap(audio);
    video.enabled = false;
    clock.advanceMs(1000);
    const chunks = await audioTap.drainAudio();
    try {
      // The camera stopped, so beeps follow the microphone's own start (100 ms), not the camera's.
      assert.deepEqual(findBeeps(concatChannel(chunks), 48000), [0, 24000]);
      assert.equal((chunks[0] as AudioData).timestamp, 100_000);
    } finally {
      closeAll(chunks);
    }
    await stopAndCheckLeaks(video, audio);
  });
});
