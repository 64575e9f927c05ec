// Shared helpers of the integration tests: capture on a virtual clock, read frames through
// MediaStreamTrackProcessor, look at their pixels and samples, and check that nothing leaked.
import assert from 'node:assert/strict';

import {
  AudioData,
  createMediaDevices,
  MediaStreamTrackProcessor,
  VideoFrame,
  type MediaDevices,
  type MediaStreamConstraints,
  type MediaStreamTrack,
} from '../../src/index.js';
import { openFrameCounts, VirtualClock } from '../../src/testing.js';
import { readFakeCameraFrame } from '../../src/sources/fake/camera-pattern.js';
import { nextTask } from '../helpers/devices.js';

/** Resolves in a later task (after every task queued so far, e.g. a processor's maybeReadFrame). */
export { nextTask };

/** Resolves after `count` later tasks. */
export async function tasks(count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    await nextTask();
  }
}

/** A fake device set at 30 fps on a virtual clock. */
export interface Capture {
  readonly clock: VirtualClock;
  readonly md: MediaDevices;
}

/** A MediaDevices object with the fake devices at `fps` on a fresh virtual clock. */
export function fakeCapture(fps = 30): Capture {
  const clock = new VirtualClock();
  const md = createMediaDevices({ devices: `fps=${fps}`, clock });
  return { clock, md };
}

/** The first track of a getUserMedia() call. */
export async function captureTrack(md: MediaDevices, constraints: MediaStreamConstraints): Promise<MediaStreamTrack> {
  const stream = await md.getUserMedia(constraints);
  const [track] = stream.getTracks();
  assert.ok(track !== undefined, 'getUserMedia gave no track');
  for (const other of stream.getTracks()) {
    remember(other);
  }
  return track;
}

/** What a processor's reader gives. */
export type FrameReader = ReadableStreamDefaultReader<VideoFrame | AudioData>;

/** What one read resolves with. */
export type FrameReadResult = Awaited<ReturnType<FrameReader['read']>>;

/** The outcome of a read given a few tasks to answer. */
export type TryReadResult =
  | { readonly state: 'pending' }
  | { readonly state: 'done' }
  | { readonly state: 'value'; readonly value: VideoFrame | AudioData };

/**
 * A MediaStreamTrackProcessor's reader that never loses a frame: a read not answered within a few tasks
 * is kept and is the next read's answer, so frames that arrive later still reach the test (and get closed).
 */
export class Tap {
  readonly processor: MediaStreamTrackProcessor;
  readonly reader: FrameReader;
  #pending: Promise<FrameReadResult> | undefined;

  /** A processor of `track` with `maxBufferSize` (default: large enough to keep every frame of a test). */
  constructor(track: MediaStreamTrack, maxBufferSize = 1000) {
    this.processor = new MediaStreamTrackProcessor({ track, maxBufferSize });
    this.reader = this.processor.readable.getReader();
  }

  /** Reads, giving the read `waitTasks` tasks to be answered; an unanswered read is kept for later. */
  async tryRead(waitTasks = 5): Promise<TryReadResult> {
    const promise = this.#pending ?? this.reader.read();
    this.#pending = undefined;
    let settled: FrameReadResult | undefined;
    void promise.then((result) => {
      settled = result;
    });
    await tasks(waitTasks);
    if (settled === undefined) {
      this.#pending = promise;
      return { state: 'pending' };
    }
    if (!settled.done) {
      handedOut.add(settled.value);
    }
    return settled.done ? { state: 'done' } : { state: 'value', value: settled.value };
  }

  /** Every frame queued now, in order (reads until one is not answered or the stream is done). */
  async drain(): Promise<(VideoFrame | AudioData)[]> {
    const frames: (VideoFrame | AudioData)[] = [];
    for (;;) {
      const read = await this.tryRead();
      if (read.state !== 'value') {
        return frames;
      }
      frames.push(read.value);
    }
  }

  /** Every video frame queued now; fails on audio. */
  async drainVideo(): Promise<VideoFrame[]> {
    const frames = await this.drain();
    assert.ok(frames.every((frame) => frame instanceof VideoFrame), 'expected only VideoFrames');
    return frames as VideoFrame[];
  }

  /** Every audio chunk queued now; fails on video. */
  async drainAudio(): Promise<AudioData[]> {
    const chunks = await this.drain();
    assert.ok(chunks.every((chunk) => chunk instanceof AudioData), 'expected only AudioData');
    return chunks as AudioData[];
  }

  /** Whether the stream is closed: a read answers done (a frame read instead is closed). */
  async isDone(): Promise<boolean> {
    const read = await this.tryRead();
    if (read.state === 'value') {
      read.value.close();
    }
    return read.state === 'done';
  }

  /** Reads one frame that must be queued already; fails otherwise. */
  async #readQueued(what: string): Promise<VideoFrame | AudioData> {
    const read = await this.tryRead(10);
    assert.ok(read.state !== 'pending', `no ${what} is waiting to be read`);
    assert.ok(read.state !== 'done', `the stream closed where a ${what} was expected`);
    return read.value;
  }

  /** Reads one video frame (already queued). */
  async video(): Promise<VideoFrame> {
    const value = await this.#readQueued('video frame');
    if (!(value instanceof VideoFrame)) {
      value.close();
      assert.fail('expected a VideoFrame');
    }
    return value;
  }

  /** Reads one audio chunk (already queued). */
  async audio(): Promise<AudioData> {
    const value = await this.#readQueued('audio chunk');
    if (!(value instanceof AudioData)) {
      value.close();
      assert.fail('expected an AudioData');
    }
    return value;
  }

  /** Reads `count` video frames (already queued). */
  async videos(count: number): Promise<VideoFrame[]> {
    const frames: VideoFrame[] = [];
    try {
      for (let index = 0; index < count; index++) {
        frames.push(await this.video());
      }
    } catch (error) {
      closeAll(frames);
      assert.fail(`expected ${count} video frames, read ${frames.length}: ${String(error)}`);
    }
    return frames;
  }

  /** Reads `count` audio chunks (already queued). */
  async audios(count: number): Promise<AudioData[]> {
    const chunks: AudioData[] = [];
    try {
      for (let index = 0; index < count; index++) {
        chunks.push(await this.audio());
      }
    } catch (error) {
      closeAll(chunks);
      assert.fail(`expected ${count} audio chunks, read ${chunks.length}: ${String(error)}`);
    }
    return chunks;
  }
}

/** Closes every frame. */
export function closeAll(frames: Iterable<VideoFrame | AudioData>): void {
  for (const frame of frames) {
    frame.close();
  }
}

/** The I420 bytes of a frame's visible rect, packed (Y, then U, then V). */
export async function i420Bytes(frame: VideoFrame): Promise<Uint8Array> {
  const bytes = new Uint8Array(frame.allocationSize());
  await frame.copyTo(bytes);
  return bytes;
}

/** The frame counter and elapsed time the fake camera printed on a frame, or undefined. */
export async function patternOf(frame: VideoFrame): Promise<{ frameNumber: number; elapsedMs: number } | undefined> {
  return readFakeCameraFrame(await i420Bytes(frame), frame.displayWidth, frame.displayHeight);
}

/** The frame counter the fake camera printed on a frame; fails when it cannot be read. */
export async function frameNumberOf(frame: VideoFrame): Promise<number> {
  const read = await patternOf(frame);
  assert.ok(read !== undefined, `the pattern's text does not read on a ${frame.displayWidth}x${frame.displayHeight} frame`);
  return read.frameNumber;
}

/** Whether every Y sample is 16 and every U and V sample 128 (limited-range black). */
export async function isBlack(frame: VideoFrame): Promise<boolean> {
  const bytes = await i420Bytes(frame);
  const lumaSize = frame.displayWidth * frame.displayHeight;
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] !== (index < lumaSize ? 16 : 128)) {
      return false;
    }
  }
  return true;
}

/** The samples of one channel of a chunk (f32-planar). */
export function channelOf(chunk: AudioData, channel = 0): Float32Array {
  const samples = new Float32Array(chunk.numberOfFrames);
  chunk.copyTo(samples, { planeIndex: channel, format: 'f32-planar' });
  return samples;
}

/** The samples of one channel of consecutive chunks, joined. */
export function concatChannel(chunks: readonly AudioData[], channel = 0): Float32Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.numberOfFrames, 0);
  const joined = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(channelOf(chunk, channel), offset);
    offset += chunk.numberOfFrames;
  }
  return joined;
}

/** Fails unless every VideoFrame and AudioData ever opened has been closed (checked after a task). */
export async function assertNoOpenFrames(): Promise<void> {
  await nextTask();
  assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
}

/** Tracks made by the helpers, stopped by {@link stopEverything} whatever a test did. */
const liveTracks = new Set<MediaStreamTrack>();
/** Frames taps handed out, closed by {@link stopEverything} so that a failed test's leak is not the next test's. */
const handedOut = new Set<VideoFrame | AudioData>();

/** Remembers a track (e.g. a clone) so that {@link stopEverything} stops it; returns it. */
export function remember<T extends MediaStreamTrack>(track: T): T {
  liveTracks.add(track);
  return track;
}

/**
 * Stops every track the helpers made or were told of and closes every frame a tap handed out (for afterEach:
 * a failed test leaves nothing behind; a passing one has checked its own leaks already).
 */
export function stopEverything(): void {
  for (const track of liveTracks) {
    track.stop();
  }
  liveTracks.clear();
  closeAll(handedOut);
  handedOut.clear();
}

/** Stops every track, then checks that no frame is left open. */
export async function stopAndCheckLeaks(...tracks: MediaStreamTrack[]): Promise<void> {
  for (const track of tracks) {
    track.stop();
  }
  await assertNoOpenFrames();
}
