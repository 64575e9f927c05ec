// Video frames from the fake camera through MediaStreamTrackProcessor: sizes, format, colour space,
// timestamps on the virtual clock, the pattern's frame counter, and frame-rate decimation.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import type { MediaStreamTrack, MediaTrackConstraints, VideoFrame } from '../../src/index.js';
import {
  captureTrack,
  closeAll,
  fakeCapture,
  frameNumberOf,
  i420Bytes,
  nextTask,
  patternOf,
  remember,
  stopAndCheckLeaks,
  stopEverything,
  Tap,
} from './media-helpers.js';
import { i420Layout } from '../../src/media/i420.js';
import { drawFakeCameraFrame } from '../../src/sources/fake/camera-pattern.js';

afterEach(stopEverything);

const PERIOD_US = 1e6 / 30;

/** Checks that a frame has the track's settings size everywhere WebCodecs reports one. */
function assertFrameSize(frame: VideoFrame, width: number, height: number): void {
  assert.equal(frame.codedWidth, width, 'codedWidth');
  assert.equal(frame.codedHeight, height, 'codedHeight');
  assert.equal(frame.displayWidth, width, 'displayWidth');
  assert.equal(frame.displayHeight, height, 'displayHeight');
  const rect = frame.visibleRect;
  assert.ok(rect !== null);
  assert.deepEqual({ x: rect.x, y: rect.y, width: rect.width, height: rect.height }, { x: 0, y: 0, width, height });
}

/** Checks that a frame is limited-range BT.601 I420, as Chromium's fake camera delivers. */
function assertChromiumFormat(frame: VideoFrame): void {
  assert.equal(frame.format, 'I420');
  assert.deepEqual(frame.colorSpace.toJSON(), {
    primaries: 'smpte170m',
    transfer: 'smpte170m',
    matrix: 'smpte170m',
    fullRange: false,
  });
  assert.equal(frame.allocationSize(), frame.codedWidth * frame.codedHeight + 2 * Math.ceil(frame.codedWidth / 2) * Math.ceil(frame.codedHeight / 2));
}

/**
 * Captures video with `constraints`, optionally applies `apply`, then reads a few frames made after the
 * settings took effect and checks their size against the track's settings.
 */
async function checkSizes(
  constraints: MediaTrackConstraints | true,
  apply: MediaTrackConstraints | undefined,
  expected: { width: number; height: number },
): Promise<void> {
  const { clock, md } = fakeCapture();
  const track = await captureTrack(md, { video: constraints });
  if (apply !== undefined) {
    await track.applyConstraints(apply);
  }
  const settings = track.getSettings();
  assert.equal(settings.width, expected.width, 'settings.width');
  assert.equal(settings.height, expected.height, 'settings.height');
  const tap = new Tap(track, 10);
  clock.advanceMs(100);
  const frames = await tap.videos(4);
  try {
    for (const frame of frames) {
      assertFrameSize(frame, expected.width, expected.height);
      assertChromiumFormat(frame);
      assert.ok((await patternOf(frame)) !== undefined, `the pattern reads at ${expected.width}x${expected.height}`);
    }
  } finally {
    closeAll(frames);
  }
  await stopAndCheckLeaks(track);
}

describe('video frame sizes follow the track settings', () => {
  test('frames of a default video track are 640x480 I420 frames in smpte170m limited range', async () => {
    await checkSizes(true, undefined, { width: 640, height: 480 });
  });

  test('frames of a track opened with width 1280 and height 720 are 1280x720', async () => {
    await checkSizes({ width: 1280, height: 720 }, undefined, { width: 1280, height: 720 });
  });

  test('frames become 320x240 after applyConstraints({width: 320, height: 240})', async () => {
    await checkSizes(true, { width: 320, height: 240 }, { width: 320, height: 240 });
  });

  test('frames become 640x360 after applyConstraints to 16:9, a centre crop whose text still reads', async () => {
    await checkSizes(true, { width: 640, height: 360 }, { width: 640, height: 360 });
  });

  test('frames are 333x222 after applyConstraints with exact width 333 and exact height 222', async () => {
    await checkSizes(true, { width: { exact: 333 }, height: { exact: 222 } }, { width: 333, height: 222 });
  });

  test('frames already queued keep their size and later frames take the new size after applyConstraints', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 100);
    clock.advanceMs(100);
    await track.applyConstraints({ width: 320, height: 240 });
    clock.advanceMs(100);
    const frames = await tap.drainVideo();
    try {
      assert.equal(frames.length, 7);
      const sizes = frames.map((frame) => `${frame.displayWidth}x${frame.displayHeight}`);
      assert.deepEqual(sizes, ['640x480', '640x480', '640x480', '640x480', '320x240', '320x240', '320x240']);
      for (const frame of frames as VideoFrame[]) {
        assertFrameSize(frame, frame.displayWidth, frame.displayHeight);
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
    assert.equal(await tap.isDone(), true);
  });

  test('a 640x360 track gets the centre rows of the 640x480 picture, byte for byte (crop, no scaling)', async () => {
    const { clock, md } = fakeCapture();
    const wide = await captureTrack(md, { video: true });
    const full = remember(wide.clone());
    await wide.applyConstraints({ width: 640, height: 360 });
    const wideTap = new Tap(wide, 10);
    const fullTap = new Tap(full, 10);
    clock.advanceMs(0);
    const [wideFrame] = await wideTap.videos(1);
    const [fullFrame] = await fullTap.videos(1);
    assert.ok(wideFrame !== undefined && fullFrame !== undefined);
    try {
      assert.equal(wideFrame.timestamp, fullFrame.timestamp);
      // Same native mode and no scaling: the crop is rows 60..419 of the 640x480 picture, byte for byte.
      const wideLuma = (await i420Bytes(wideFrame)).subarray(0, 640 * 360);
      const fullLuma = (await i420Bytes(fullFrame)).subarray(640 * 60, 640 * 420);
      assert.deepEqual(wideLuma, fullLuma);
    } finally {
      closeAll([wideFrame, fullFrame]);
    }
    await stopAndCheckLeaks(wide, full);
  });
});

describe('video frame timestamps run on the source clock', () => {
  test('timestamps are monotonic and spaced by 1e6/30 µs (33333 or 33334) at 30 fps', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 100);
    clock.advanceMs(990);
    const frames = await tap.videos(30);
    try {
      const timestamps = frames.map((frame) => frame.timestamp);
      assert.equal(timestamps[0], 0);
      timestamps.forEach((timestamp, index) => assert.equal(timestamp, Math.round(index * PERIOD_US), `frame ${index}`));
      for (let index = 1; index < timestamps.length; index++) {
        const step = (timestamps[index] as number) - (timestamps[index - 1] as number);
        assert.ok(step === 33333 || step === 33334, `step ${index} is ${step}`);
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('advancing the clock to exactly 1 s at 30 fps delivers the frame stamped 1 s (31 frames from 0 to 1000000 µs)', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 100);
    clock.advanceMs(1000);
    const frames = await tap.drainVideo();
    try {
      assert.deepEqual(
        frames.map((frame) => frame.timestamp),
        Array.from({ length: 31 }, (_, index) => Math.round(index * PERIOD_US)),
      );
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
    assert.equal(await tap.isDone(), true);
  });

  test('the first frame is stamped with the clock time capture started, not zero', async () => {
    const { clock, md } = fakeCapture();
    clock.advanceMs(1234);
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 100);
    clock.advanceMs(100);
    const frames = await tap.videos(4);
    try {
      assert.deepEqual(
        frames.map((frame) => frame.timestamp),
        [0, 1, 2, 3].map((index) => Math.round(1_234_000 + index * PERIOD_US)),
      );
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('frames carry no duration, as Chromium camera frames do', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track);
    clock.advanceMs(0);
    const [frame] = await tap.videos(1);
    assert.ok(frame !== undefined);
    assert.equal(frame.duration, null);
    frame.close();
    await stopAndCheckLeaks(track);
  });

  test("the pattern's frame counter counts the frames and matches timestamp / period; its time matches the timestamp", async () => {
    const { clock, md } = fakeCapture();
    clock.advanceMs(500);
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 100);
    clock.advanceMs(1990);
    const frames = await tap.videos(60);
    try {
      const start = (frames[0] as VideoFrame).timestamp;
      for (const [index, frame] of frames.entries()) {
        const read = await patternOf(frame);
        assert.ok(read !== undefined, `frame ${index} reads`);
        assert.equal(read.frameNumber, index);
        assert.equal(read.frameNumber, Math.round((frame.timestamp - start) / PERIOD_US));
        assert.equal(read.elapsedMs, Math.floor((frame.timestamp - start) / 1000));
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('after applyConstraints({frameRate: 10}) frames are 100000 µs apart and discardedFrames grows', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 100);
    clock.advanceMs(100);
    closeAll(await tap.drain());
    await nextTask();
    const before = track.stats.toJSON() as { discardedFrames: number; deliveredFrames: number; totalFrames: number };
    assert.equal(before.discardedFrames, 0);
    await track.applyConstraints({ frameRate: 10 });
    assert.equal(track.getSettings().frameRate, 10);
    // Source frames 4 to 32 (29 of them) arrive; one in three is kept: 4, 7, …, 31.
    clock.advanceMs(990);
    const frames = await tap.drainVideo();
    try {
      assert.equal(frames.length, 10);
      const numbers: number[] = [];
      for (const frame of frames as VideoFrame[]) {
        numbers.push(await frameNumberOf(frame));
      }
      for (let index = 1; index < frames.length; index++) {
        const step = (frames[index] as VideoFrame).timestamp - (frames[index - 1] as VideoFrame).timestamp;
        assert.ok(Math.abs(step - 100_000) <= 1, `step ${index} is ${step} µs`);
        // One source frame in three is kept.
        assert.equal((numbers[index] as number) - (numbers[index - 1] as number), 3);
      }
      await nextTask();
      const after = track.stats.toJSON() as { discardedFrames: number; deliveredFrames: number; totalFrames: number };
      assert.equal(after.totalFrames - before.totalFrames, 29);
      assert.equal(after.deliveredFrames - before.deliveredFrames, 10);
      assert.equal(after.discardedFrames, 19);
      assert.equal(after.totalFrames, after.deliveredFrames + after.discardedFrames);
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
    assert.equal(await tap.isDone(), true);
  });

  test('a track opened at frameRate 15 gets every other frame of the 30 fps source', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: { frameRate: 15 } });
    assert.equal(track.getSettings().frameRate, 15);
    const tap = new Tap(track, 100);
    clock.advanceMs(990);
    const frames = await tap.drainVideo();
    try {
      assert.equal(frames.length, 15);
      for (let index = 1; index < frames.length; index++) {
        const step = (frames[index] as VideoFrame).timestamp - (frames[index - 1] as VideoFrame).timestamp;
        assert.ok(Math.abs(step - 66_667) <= 1, `step ${index} is ${step} µs`);
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
    assert.equal(await tap.isDone(), true);
  });
});

describe('video frames are real pictures', () => {
  test('consecutive frames differ (the pac-man sweeps and the text changes)', async () => {
    const { clock, md } = fakeCapture();
    const track: MediaStreamTrack = await captureTrack(md, { video: true });
    const tap = new Tap(track, 10);
    clock.advanceMs(100);
    const frames = await tap.videos(4);
    try {
      const pictures = await Promise.all(frames.map((frame) => i420Bytes(frame)));
      for (let index = 1; index < pictures.length; index++) {
        assert.notDeepEqual(pictures[index], pictures[index - 1]);
      }
    } finally {
      closeAll(frames);
    }
    await stopAndCheckLeaks(track);
  });

  test('copyTo to RGBA gives the green field of the fake camera', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: { width: 320, height: 240 } });
    const tap = new Tap(track);
    clock.advanceMs(0);
    const [frame] = await tap.videos(1);
    assert.ok(frame !== undefined);
    try {
      const rgba = new Uint8Array(frame.allocationSize({ format: 'RGBA' }));
      await frame.copyTo(rgba, { format: 'RGBA' });
      // A pixel of the field, left of centre and below the text: dark green.
      const offset = (180 * 320 + 40) * 4;
      const [r, g, b, a] = rgba.subarray(offset, offset + 4);
      assert.ok((r as number) < 20 && (g as number) > 100 && (b as number) < 20 && a === 255, `pixel is ${r},${g},${b},${a}`);
    } finally {
      frame.close();
    }
    await stopAndCheckLeaks(track);
  });

  test('a frame holds exactly its own picture whenever it is read: late, out of order, after frames closed unread', async () => {
    // The camera paints a frame's pixels when they are first read, into buffers it reuses once their frames close.
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: { width: 640, height: 480 } });
    const tap = new Tap(track, 100);
    const drawn = (slot: number): Uint8Array => {
      const bytes = new Uint8Array(i420Layout(640, 480).byteLength);
      drawFakeCameraFrame(bytes, 640, 480, (slot * 1e6) / 30, slot);
      return bytes;
    };
    let firstTimestamp: number | undefined;
    const slotOf = (frame: VideoFrame): number => {
      firstTimestamp ??= frame.timestamp;
      return Math.round((frame.timestamp - firstTimestamp) / PERIOD_US);
    };
    const checked: number[] = [];
    // One frame at a time, most closed unread (so buffers are reused between the frames that are painted).
    for (let step = 0; step < 60; step++) {
      clock.advanceUs(PERIOD_US);
      for (const frame of await tap.drainVideo()) {
        try {
          const slot = slotOf(frame);
          if (slot % 7 === 3) {
            assert.deepEqual(await i420Bytes(frame), drawn(slot), `frame ${slot}`);
            checked.push(slot);
          }
        } finally {
          frame.close();
        }
      }
    }
    assert.deepEqual(checked, [3, 10, 17, 24, 31, 38, 45, 52, 59]);
    // Frames held open and read newest first.
    clock.advanceMs(400);
    const held = await tap.drainVideo();
    try {
      assert.ok(held.length >= 10, `${held.length} frames held`);
      for (const frame of [...held].reverse()) {
        assert.deepEqual(await i420Bytes(frame), drawn(slotOf(frame)), `frame ${slotOf(frame)}, read out of order`);
      }
    } finally {
      closeAll(held);
    }
    await stopAndCheckLeaks(track);
  });
});
