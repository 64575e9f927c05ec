// Tracks that share a source: clones and later getUserMedia() calls get the same frames, each adapted
// to its own settings, and constraints on one track leave the others (and the running source) alone.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { OverconstrainedError, type VideoFrame } from '../../src/index.js';
import {
  captureTrack,
  closeAll,
  fakeCapture,
  frameNumberOf,
  i420Bytes,
  nextTask,
  remember,
  stopAndCheckLeaks,
  stopEverything,
  Tap,
} from './media-helpers.js';

afterEach(stopEverything);

/** The pattern's frame counters of `frames`. */
async function frameNumbers(frames: readonly VideoFrame[]): Promise<number[]> {
  const numbers: number[] = [];
  for (const frame of frames) {
    numbers.push(await frameNumberOf(frame));
  }
  return numbers;
}

/** [from, from + 1, …, to]. */
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

describe('clones share the source and its frames', () => {
  test('a clone with the same settings reads the same frames, pixel for pixel, with the same timestamps', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clone = remember(track.clone());
    assert.deepEqual(clone.getSettings(), track.getSettings());
    const tap = new Tap(track);
    const cloneTap = new Tap(clone);
    clock.advanceMs(200);
    const frames = await tap.videos(7);
    const cloneFrames = await cloneTap.videos(7);
    try {
      for (let index = 0; index < frames.length; index++) {
        const frame = frames[index] as VideoFrame;
        const cloneFrame = cloneFrames[index] as VideoFrame;
        assert.equal(cloneFrame.timestamp, frame.timestamp);
        assert.equal(cloneFrame.displayWidth, frame.displayWidth);
        assert.deepEqual(await i420Bytes(cloneFrame), await i420Bytes(frame));
      }
    } finally {
      closeAll(frames);
      closeAll(cloneFrames);
    }
    await stopAndCheckLeaks(track, clone);
  });

  test('4 clones read concurrently each get every frame, in order', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clones = [1, 2, 3, 4].map(() => remember(track.clone()));
    const taps = clones.map((clone) => new Tap(clone));
    clock.advanceMs(990);
    const perClone = await Promise.all(taps.map((tap) => tap.videos(30)));
    try {
      for (const frames of perClone) {
        assert.deepEqual(
          frames.map((frame) => frame.timestamp),
          range(0, 29).map((index) => Math.round((index * 1e6) / 30)),
        );
        assert.deepEqual(await frameNumbers(frames), range(0, 29));
      }
      for (const tap of taps) {
        assert.equal((await tap.drain()).length, 0);
      }
    } finally {
      perClone.forEach((frames) => closeAll(frames));
    }
    await stopAndCheckLeaks(track, ...clones);
  });

  test('a clone constrained to 320x240 gets 320x240 frames while the original keeps 640x480 frames and settings', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clone = remember(track.clone());
    const before = track.getSettings();
    await clone.applyConstraints({ width: 320, height: 240 });
    await nextTask();
    assert.deepEqual(track.getSettings(), before);
    assert.equal(clone.getSettings().width, 320);
    assert.equal(clone.getSettings().height, 240);
    const tap = new Tap(track);
    const cloneTap = new Tap(clone);
    clock.advanceMs(100);
    const frames = await tap.videos(4);
    const cloneFrames = await cloneTap.videos(4);
    try {
      assert.ok(frames.every((frame) => frame.codedWidth === 640 && frame.codedHeight === 480));
      assert.ok(cloneFrames.every((frame) => frame.codedWidth === 320 && frame.codedHeight === 240));
      assert.deepEqual(await frameNumbers(cloneFrames), await frameNumbers(frames));
    } finally {
      closeAll(frames);
      closeAll(cloneFrames);
    }
    await stopAndCheckLeaks(track, clone);
  });

  test('a clone that needs another native mode switches the source; every track still gets frames of its own settings', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clone = remember(track.clone());
    await clone.applyConstraints({ width: { exact: 1280 }, height: { exact: 720 } });
    await nextTask();
    const settings = track.getSettings();
    assert.equal(clone.getSettings().width, 1280);
    const tap = new Tap(track);
    const cloneTap = new Tap(clone);
    clock.advanceMs(100);
    const frames = await tap.videos(4);
    const cloneFrames = await cloneTap.videos(4);
    try {
      for (const frame of frames) {
        assert.deepEqual([frame.codedWidth, frame.codedHeight], [settings.width, settings.height]);
      }
      for (const frame of cloneFrames) {
        assert.deepEqual([frame.codedWidth, frame.codedHeight], [1280, 720]);
      }
      assert.deepEqual(await frameNumbers(frames), await frameNumbers(cloneFrames));
    } finally {
      closeAll(frames);
      closeAll(cloneFrames);
    }
    await stopAndCheckLeaks(track, clone);
  });

  test('a clone asking for a mode that another track pins is rejected with OverconstrainedError and frames go on unchanged', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, {
      video: { width: { exact: 640 }, height: { exact: 480 }, resizeMode: { exact: 'none' } },
    });
    const clone = remember(track.clone());
    await assert.rejects(clone.applyConstraints({ width: { exact: 1280 } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.equal(error.constraint, 'width');
      return true;
    });
    assert.equal(clone.getSettings().width, 640);
    const tap = new Tap(track);
    const cloneTap = new Tap(clone);
    clock.advanceMs(100);
    const frames = [...(await tap.videos(4)), ...(await cloneTap.videos(4))];
    try {
      assert.ok(frames.every((frame) => frame.codedWidth === 640 && frame.codedHeight === 480));
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track, clone);
  });
});

describe('constraints change a track without restarting its source', () => {
  test('applyConstraints to 320x240 on a running track: the frame counter continues without a gap', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track);
    clock.advanceMs(100);
    const first = await tap.drainVideo();
    await track.applyConstraints({ width: 320, height: 240 });
    clock.advanceMs(100);
    const second = await tap.drainVideo();
    try {
      assert.deepEqual(await frameNumbers(first), [0, 1, 2, 3]);
      assert.deepEqual(await frameNumbers(second), [4, 5, 6]);
      assert.ok(second.every((frame) => frame.codedWidth === 320));
      // Timestamps go on with the same cadence.
      assert.deepEqual(
        second.map((frame) => frame.timestamp),
        [4, 5, 6].map((index) => Math.round((index * 1e6) / 30)),
      );
    } finally {
      closeAll(first);
      closeAll(second);
    }
    await stopAndCheckLeaks(track);
  });

  test("applyConstraints on a clone leaves the original's frame counter running without a gap", async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clone = remember(track.clone());
    const tap = new Tap(track);
    clock.advanceMs(100);
    await clone.applyConstraints({ width: 640, height: 360, frameRate: 10 });
    clock.advanceMs(100);
    await clone.applyConstraints({ width: 160, height: 120 });
    clock.advanceMs(100);
    const frames = await tap.drainVideo();
    try {
      assert.deepEqual(await frameNumbers(frames), range(0, 9));
      assert.ok(frames.every((frame) => frame.codedWidth === 640 && frame.codedHeight === 480));
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track, clone);
  });

  test('a second getUserMedia on the same camera shares its source: both tracks see the same frame counter sequence', async () => {
    const { clock, md } = fakeCapture();
    const first = await captureTrack(md, { video: true });
    const tap = new Tap(first);
    clock.advanceMs(510);
    closeAll(await tap.drain());
    const second = await captureTrack(md, { video: { deviceId: { exact: first.getSettings().deviceId as string } } });
    const secondTap = new Tap(second);
    clock.advanceMs(200);
    const frames = await tap.drainVideo();
    const secondFrames = await secondTap.drainVideo();
    try {
      assert.equal(secondFrames.length, frames.length);
      // The source did not start over for the second call: its counter goes on from frame 16.
      assert.deepEqual(await frameNumbers(secondFrames), range(16, 21));
      assert.deepEqual(await frameNumbers(frames), range(16, 21));
      assert.deepEqual(
        secondFrames.map((frame) => frame.timestamp),
        frames.map((frame) => frame.timestamp),
      );
    } finally {
      closeAll(frames);
      closeAll(secondFrames);
    }
    // Stopping one track leaves the other's frames flowing.
    first.stop();
    clock.advanceMs(100);
    const after = await secondTap.drainVideo();
    try {
      assert.deepEqual(await frameNumbers(after), range(22, 24));
    } finally {
      closeAll(after);
    }
    await stopAndCheckLeaks(second);
  });
});
