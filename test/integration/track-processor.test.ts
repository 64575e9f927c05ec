// MediaStreamTrackProcessor (https://w3c.github.io/mediacapture-transform/#track-processor) on live
// tracks: the bounded queue (handleNewFrame drops the oldest), closing when the track ends, cancel,
// argument conversion, and audio.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { AudioData, createMediaDevices, MediaStreamTrackProcessor, VideoFrame } from '../../src/index.js';
import { controlDevices, openFrameCounts, processorStatus } from '../../src/testing.js';
import {
  captureTrack,
  closeAll,
  fakeCapture,
  i420Bytes,
  nextTask,
  remember,
  stopAndCheckLeaks,
  stopEverything,
  Tap,
  tasks,
} from './media-helpers.js';

afterEach(stopEverything);

const PERIOD_US = 1e6 / 30;

describe('the processor queue is bounded by maxBufferSize', () => {
  test('after 2 s unread with maxBufferSize 3, the reads give the 3 newest frames and the older ones were closed', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 3);
    clock.advanceMs(1990);
    await nextTask();
    assert.deepEqual(openFrameCounts(), { videoFrames: 3, audioData: 0 });
    // 60 frames came (slots 0 to 59): the 3 newest wait, the 57 before them were dropped and counted.
    assert.deepEqual(processorStatus(tap.processor), { queuedFrames: 3, droppedFrames: 57, closed: false });
    const frames = await tap.drainVideo();
    try {
      assert.deepEqual(
        frames.map((frame) => frame.timestamp),
        [57, 58, 59].map((slot) => Math.round(slot * PERIOD_US)),
      );
    } finally {
      closeAll(frames);
    }
    assert.deepEqual(processorStatus(tap.processor), { queuedFrames: 0, droppedFrames: 57, closed: false });
    await stopAndCheckLeaks(track);
    assert.deepEqual(processorStatus(tap.processor), { queuedFrames: 0, droppedFrames: 57, closed: true });
  });

  test('open frames stay bounded while a processor is not read for a minute', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 3);
    let most = 0;
    for (let second = 0; second < 60; second++) {
      clock.advanceMs(1000);
      await nextTask();
      most = Math.max(most, openFrameCounts().videoFrames);
    }
    assert.ok(most <= 3, `${most} frames were open at once`);
    const frames = await tap.drainVideo();
    assert.equal(frames.length, 3);
    closeAll(frames);
    await stopAndCheckLeaks(track);
  });

  test('without maxBufferSize the queue holds 1 frame: a late read gets the newest frame only', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    clock.advanceMs(490);
    await nextTask();
    assert.equal(openFrameCounts().videoFrames, 1);
    const { value } = await reader.read();
    assert.ok(value instanceof VideoFrame);
    const timestamp = value.timestamp;
    value.close();
    assert.equal(timestamp, Math.round(14 * PERIOD_US));
    track.stop();
    assert.deepEqual(await reader.read(), { value: undefined, done: true });
    await stopAndCheckLeaks(track);
  });

  test('maxBufferSize 0 counts as 1', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 0);
    clock.advanceMs(300);
    const frames = await tap.drainVideo();
    assert.equal(frames.length, 1);
    closeAll(frames);
    await stopAndCheckLeaks(track);
  });

  test('a read made before the frame exists resolves with it once the clock reaches it', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const read = reader.read();
    await tasks(3);
    clock.advanceMs(0);
    const { value, done } = await read;
    assert.equal(done, false);
    assert.ok(value instanceof VideoFrame);
    assert.equal(value.timestamp, 0);
    value.close();
    await stopAndCheckLeaks(track);
  });

  test('two processors of one track each get every frame', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const taps = [new Tap(track), new Tap(track)];
    clock.advanceMs(300);
    const [a, b] = await Promise.all(taps.map((tap) => tap.videos(10)));
    assert.ok(a !== undefined && b !== undefined);
    try {
      assert.deepEqual(
        a.map((frame) => frame.timestamp),
        b.map((frame) => frame.timestamp),
      );
      assert.deepEqual(await i420Bytes(a[9] as VideoFrame), await i420Bytes(b[9] as VideoFrame));
    } finally {
      closeAll(a);
      closeAll(b);
    }
    await stopAndCheckLeaks(track);
  });

  test('readable is the same ReadableStream every time', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const processor = new MediaStreamTrackProcessor({ track });
    assert.equal(processor.readable, processor.readable);
    assert.ok(processor.readable instanceof ReadableStream);
    await stopAndCheckLeaks(track);
  });
});

describe('on the real clock', () => {
  test('readers that keep up with default (maxBufferSize 1) processors lose no audio chunk and no video frame', async () => {
    // The real clock lets frames share a wake (several audio chunks at once); each chunk's read must still be
    // answered, and the reader's next read made, before the next chunk comes.
    const stream = await createMediaDevices({ devices: 'fps=30' }).getUserMedia({ audio: true, video: { width: 160, height: 120 } });
    const [audioTrack] = stream.getAudioTracks();
    const [videoTrack] = stream.getVideoTracks();
    assert.ok(audioTrack !== undefined && videoTrack !== undefined);
    remember(audioTrack);
    remember(videoTrack);
    const audioReader = new MediaStreamTrackProcessor({ track: audioTrack }).readable.getReader();
    const videoReader = new MediaStreamTrackProcessor({ track: videoTrack }).readable.getReader();
    const readTimestamps = async (reader: typeof audioReader, count: number): Promise<number[]> => {
      const timestamps: number[] = [];
      while (timestamps.length < count) {
        const { value, done } = await reader.read();
        assert.equal(done, false);
        timestamps.push((value as AudioData | VideoFrame).timestamp);
        value?.close();
      }
      return timestamps;
    };
    const [audioTimestamps, videoTimestamps] = await Promise.all([readTimestamps(audioReader, 40), readTimestamps(videoReader, 12)]);
    for (let index = 1; index < audioTimestamps.length; index++) {
      assert.equal((audioTimestamps[index] as number) - (audioTimestamps[index - 1] as number), 10_000, `audio chunk ${index}`);
    }
    for (let index = 1; index < videoTimestamps.length; index++) {
      const step = (videoTimestamps[index] as number) - (videoTimestamps[index - 1] as number);
      assert.ok(Math.abs(step - PERIOD_US) <= 1, `video frame ${index} is ${step} µs after the one before`);
    }
    await stopAndCheckLeaks(audioTrack, videoTrack);
  });
});

describe('the readable closes when the track ends', () => {
  test('stop(): a read answers done and queued frames are closed', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 10);
    clock.advanceMs(200);
    await nextTask();
    assert.equal(openFrameCounts().videoFrames, 7);
    track.stop();
    assert.equal(openFrameCounts().videoFrames, 0);
    assert.equal(await tap.isDone(), true);
    await stopAndCheckLeaks(track);
  });

  test('a read pending when the track stops answers done', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const read = reader.read();
    await tasks(3);
    track.stop();
    assert.deepEqual(await read, { value: undefined, done: true });
    await reader.closed;
    await stopAndCheckLeaks(track);
  });

  test('device removal: the track ends with an ended event and the readable closes', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track, 10);
    let ended = 0;
    track.addEventListener('ended', () => ended++);
    clock.advanceMs(100);
    controlDevices(md).removeDevice('fake_device_0');
    assert.equal(openFrameCounts().videoFrames, 0);
    assert.equal(await tap.isDone(), true);
    assert.equal(ended, 1);
    assert.equal(track.readyState, 'ended');
    clock.advanceMs(1000);
    await stopAndCheckLeaks(track);
  });

  test('a device failure closes the readables of its audio and video tracks', async () => {
    const { clock, md } = fakeCapture();
    const video = await captureTrack(md, { video: true });
    const audio = await captureTrack(md, { audio: true });
    const videoTap = new Tap(video);
    const audioTap = new Tap(audio);
    clock.advanceMs(100);
    controlDevices(md).failDevice('fake_device_0');
    controlDevices(md).endDevice('Fake Default Audio Input');
    assert.equal(await videoTap.isDone(), true);
    assert.equal(await audioTap.isDone(), true);
    await stopAndCheckLeaks(video, audio);
  });

  test('a processor of an ended track is closed at once', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    track.stop();
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    clock.advanceMs(100);
    assert.deepEqual(await reader.read(), { value: undefined, done: true });
    await stopAndCheckLeaks(track);
  });

  test('a frame already read stays usable after the track stops, until the reader closes it', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const tap = new Tap(track);
    clock.advanceMs(0);
    const frame = await tap.video();
    track.stop();
    assert.equal(openFrameCounts().videoFrames, 1);
    assert.equal((await i420Bytes(frame)).length, 640 * 480 * 1.5);
    frame.close();
    await stopAndCheckLeaks(track);
  });
});

describe('cancel()', () => {
  test('releases the queued frames and the sink: no frame is cloned for it afterwards', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const clone = remember(track.clone());
    const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 10 }).readable.getReader();
    clock.advanceMs(200);
    await nextTask();
    assert.equal(openFrameCounts().videoFrames, 7);
    await reader.cancel();
    assert.equal(openFrameCounts().videoFrames, 0);
    for (let second = 0; second < 3; second++) {
      clock.advanceMs(1000);
      await nextTask();
      assert.equal(openFrameCounts().videoFrames, 0);
    }
    // The track itself goes on: a new processor gets frames.
    assert.equal(track.readyState, 'live');
    const tap = new Tap(track);
    clock.advanceMs(100);
    const frames = await tap.drainVideo();
    assert.ok(frames.length >= 3);
    closeAll(frames);
    await stopAndCheckLeaks(track, clone);
  });

  test('cancel() on the readable of an audio processor releases its chunks', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    // The processor becomes a sink of the track when its readable is first got.
    const readable = new MediaStreamTrackProcessor({ track, maxBufferSize: 50 }).readable;
    clock.advanceMs(300);
    await nextTask();
    assert.equal(openFrameCounts().audioData, 30);
    await readable.cancel();
    assert.equal(openFrameCounts().audioData, 0);
    clock.advanceMs(300);
    await nextTask();
    assert.equal(openFrameCounts().audioData, 0);
    await stopAndCheckLeaks(track);
  });
});

describe('processorStatus (mediacapture/testing)', () => {
  test('is undefined until the readable is first accessed, then counts what waits and what was dropped', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const processor = new MediaStreamTrackProcessor({ track, maxBufferSize: 50 });
    clock.advanceMs(100);
    await nextTask();
    assert.equal(processorStatus(processor), undefined);
    const readable = processor.readable;
    clock.advanceMs(300);
    await nextTask();
    assert.deepEqual(processorStatus(processor), { queuedFrames: 30, droppedFrames: 0, closed: false });
    clock.advanceMs(300);
    await nextTask();
    assert.deepEqual(processorStatus(processor), { queuedFrames: 50, droppedFrames: 10, closed: false });
    assert.equal(openFrameCounts().audioData, 50);
    await readable.cancel();
    assert.deepEqual(processorStatus(processor), { queuedFrames: 0, droppedFrames: 10, closed: true });
    await stopAndCheckLeaks(track);
  });

  test('a reader that keeps up drops nothing; one that falls behind by a frame drops one', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const processor = new MediaStreamTrackProcessor({ track });
    const reader = processor.readable.getReader();
    await tasks(3);
    // A read waits before each frame comes: every frame is read, none dropped.
    for (let slot = 0; slot < 30; slot++) {
      const read = reader.read();
      clock.advanceTo(Math.ceil(slot * PERIOD_US));
      const { value } = await read;
      assert.ok(value instanceof VideoFrame);
      assert.equal(value.timestamp, Math.round(slot * PERIOD_US));
      value.close();
    }
    assert.deepEqual(processorStatus(processor), { queuedFrames: 0, droppedFrames: 0, closed: false });
    // Two frames before the next read: the queue holds one, so the older is dropped.
    clock.advanceTo(Math.ceil(31 * PERIOD_US));
    await nextTask();
    assert.deepEqual(processorStatus(processor), { queuedFrames: 1, droppedFrames: 1, closed: false });
    const { value } = await reader.read();
    assert.equal(value?.timestamp, Math.round(31 * PERIOD_US));
    value?.close();
    await stopAndCheckLeaks(track);
  });

  test('throws a TypeError for anything but a MediaStreamTrackProcessor', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const status = processorStatus as (processor: unknown) => unknown;
    for (const value of [undefined, null, 42, 'processor', {}, track, new Tap(track).reader]) {
      assert.throws(() => status(value), { name: 'TypeError', message: /not a MediaStreamTrackProcessor/ }, String(value));
    }
    await stopAndCheckLeaks(track);
  });
});

describe('MediaStreamTrackProcessor argument conversion', () => {
  test('throws a TypeError without an argument, without track, or with a track that is not a MediaStreamTrack', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const Ctor = MediaStreamTrackProcessor as unknown as new (...args: unknown[]) => MediaStreamTrackProcessor;
    assert.throws(() => new Ctor(), TypeError);
    assert.throws(() => new Ctor({}), TypeError);
    assert.throws(() => new Ctor({ track: undefined }), TypeError);
    assert.throws(() => new Ctor({ track: null }), TypeError);
    assert.throws(() => new Ctor({ track: {} }), TypeError);
    assert.throws(() => new Ctor({ track: { kind: 'video', id: track.id } }), TypeError);
    assert.throws(() => new Ctor({ track: new Tap(track).processor }), TypeError);
    assert.throws(() => new Ctor(42), TypeError);
    await stopAndCheckLeaks(track);
  });

  test('maxBufferSize is an [EnforceRange] unsigned short: out of range or not finite throws a TypeError', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    for (const maxBufferSize of [-1, 65536, 1e10, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 'x']) {
      assert.throws(() => new MediaStreamTrackProcessor({ track, maxBufferSize: maxBufferSize as number }), TypeError, String(maxBufferSize));
    }
    for (const maxBufferSize of [0, 1, 1.9, 65535, '7', -0.5]) {
      assert.doesNotThrow(() => new MediaStreamTrackProcessor({ track, maxBufferSize: maxBufferSize as number }), String(maxBufferSize));
    }
    await stopAndCheckLeaks(track);
  });
});

describe('an audio MediaStreamTrackProcessor', () => {
  test('yields AudioData chunks of the track', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 10 }).readable.getReader();
    clock.advanceMs(50);
    for (let index = 0; index < 5; index++) {
      const { value } = await reader.read();
      assert.ok(value instanceof AudioData);
      assert.equal(value.timestamp, index * 10_000);
      value.close();
    }
    track.stop();
    assert.deepEqual(await reader.read(), { value: undefined, done: true });
    await stopAndCheckLeaks(track);
  });
});
