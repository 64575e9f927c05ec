// Frames of getDisplayMedia() on the fake screen, on a VirtualClock: 1920x1080 I420 frames of the fake
// pattern at the fake devices' rate, deterministic timestamps and frame numbers, aspect-preserving
// downscales and decimation by constraints, and no frame left open.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import type { MediaStreamTrack } from '../../src/index.js';
import { closeAll, fakeCapture, patternOf, remember, stopAndCheckLeaks, stopEverything, Tap } from './media-helpers.js';

afterEach(stopEverything);

async function screenTrack(fps: number, video: boolean | Record<string, unknown> = true): Promise<{ track: MediaStreamTrack; advanceMs(ms: number): void }> {
  const { clock, md } = fakeCapture(fps);
  const stream = await md.getDisplayMedia({ video });
  const [track] = stream.getVideoTracks();
  assert.ok(track);
  return { track: remember(track), advanceMs: (ms) => clock.advanceMs(ms) };
}

describe('frames of the fake screen', () => {
  test('are 1920x1080 I420 frames of the pattern, one every 1/fps s from 0, numbered from 0', async () => {
    const { track, advanceMs } = await screenTrack(20);
    const tap = new Tap(track, 20);
    advanceMs(200);
    const frames = await tap.videos(5);
    try {
      assert.deepEqual(frames.map((f) => f.timestamp), [0, 50000, 100000, 150000, 200000]);
      for (const [index, frame] of frames.entries()) {
        assert.equal(frame.format, 'I420');
        assert.deepEqual([frame.codedWidth, frame.codedHeight], [1920, 1080]);
        assert.deepEqual(await patternOf(frame), { frameNumber: index, elapsedMs: index * 50 });
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('are downscaled whole, never cropped, and decimated, by constraints', async () => {
    const { track, advanceMs } = await screenTrack(30, { width: 480, frameRate: 10 });
    assert.deepEqual([track.getSettings().width, track.getSettings().height], [480, 270]);
    const tap = new Tap(track, 20);
    advanceMs(1000);
    const frames = await tap.drainVideo();
    try {
      assert.ok(frames.length >= 10 && frames.length <= 11, `${frames.length} frames in 1 s at 10 fps`);
      for (const frame of frames) {
        assert.deepEqual([frame.displayWidth, frame.displayHeight], [480, 270]);
      }
      // The whole screen is in the frame: the counter drawn for the full size still reads.
      assert.ok((await patternOf(frames[0] as never)) !== undefined);
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('are the same on two runs of the same virtual time', async () => {
    const run = async (): Promise<number[]> => {
      const { track, advanceMs } = await screenTrack(20, { height: 360 });
      const tap = new Tap(track, 20);
      advanceMs(150);
      const frames = await tap.videos(4);
      const sums: number[] = [];
      for (const frame of frames) {
        const bytes = new Uint8Array(frame.allocationSize());
        await frame.copyTo(bytes);
        sums.push(bytes.reduce((sum, b) => (sum * 31 + b) % 1_000_000_007, 0));
      }
      closeAll(frames);
      await stopAndCheckLeaks(track);
      return sums;
    };
    assert.deepEqual(await run(), await run());
  });
});
