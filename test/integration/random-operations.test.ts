// Seeded sequences of random operations on the fake devices (getUserMedia, stop, clone, enabled, applyConstraints,
// processors read slowly or cancelled, devices muted, ended or failed and recovered, generators fed and closed, the
// virtual clock advanced) must end with nothing left behind: no error but the expected rejections, no frame open
// and no clock task pending once every track is stopped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createMediaDevices, MediaStreamTrackProcessor, VideoFrame, VideoTrackGenerator, type MediaStreamTrack } from '../../src/index.js';
import { controlDevices, openFrameCounts, VirtualClock } from '../../src/testing.js';

/** A seeded generator of integers in [0, n) (xorshift32, taking the high bits): the same seed, the same operations. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

const SIZES = [
  [320, 240],
  [640, 480],
  [1280, 720],
  [160, 120],
] as const;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Outcome {
  readonly problems: string[];
  readonly framesRead: number;
  readonly tracksOpened: number;
  /** Clock tasks left once every track is stopped (a source or pipeline still scheduled). */
  readonly pendingTasks: number;
}

async function run(seed: number, steps: number): Promise<Outcome> {
  const rand = generator(seed);
  const problems: string[] = [];
  const expected = (allowed: readonly string[], what: string) => (error: Error) => {
    if (!allowed.includes(error.name)) {
      problems.push(`${what}: ${error.name}: ${error.message}`);
    }
  };
  const clock = new VirtualClock();
  const md = createMediaDevices({ devices: 'device-count=2', permission: 'granted', clock });
  const live: MediaStreamTrack[] = [];
  const readers: ReadableStreamDefaultReader[] = [];
  const reads: Promise<void>[] = [];
  let framesRead = 0;
  let tracksOpened = 0;
  const control = controlDevices(md);
  const devices = control.devices().filter((device) => device.kind !== 'audiooutput');
  const generators: WritableStreamDefaultWriter<VideoFrame>[] = [];
  for (let step = 0; step < steps; step++) {
    const action = rand(12);
    const track = live[rand(Math.max(1, live.length))];
    if (action === 0 || track === undefined) {
      const [width, height] = SIZES[rand(SIZES.length)] as readonly [number, number];
      const resizeMode = rand(2) === 0 ? 'none' : 'crop-and-scale';
      const opened = md
        .getUserMedia({ audio: rand(2) === 0, video: { width, height, frameRate: 5 + rand(25), resizeMode } })
        .then((stream) => {
          tracksOpened += stream.getTracks().length;
          live.push(...stream.getTracks());
        }, expected(['OverconstrainedError', 'NotReadableError'], 'getUserMedia'));
      if (rand(2) === 0) {
        await opened;
      }
    } else if (action === 1) {
      track.stop();
    } else if (action === 2) {
      live.push(track.clone());
    } else if (action === 3) {
      track.enabled = !track.enabled;
    } else if (action === 4) {
      const [width, height] = SIZES[rand(SIZES.length)] as readonly [number, number];
      const constraints = track.kind === 'video' ? { width, height } : { channelCount: 1 + rand(2) };
      track.applyConstraints(constraints).catch(expected(['OverconstrainedError'], 'applyConstraints'));
    } else if (action === 5) {
      const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 1 + rand(3) }).readable.getReader();
      readers.push(reader);
      const slow = rand(2) === 0;
      reads.push(
        (async () => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) {
              return;
            }
            framesRead++;
            if (slow) {
              await nextTurn();
            }
            (value as { close(): void }).close();
          }
        })().catch(expected([], 'read')),
      );
    } else if (action === 6 && readers.length > 0) {
      void readers.splice(rand(readers.length), 1)[0]?.cancel();
    } else if (action === 8) {
      const device = devices[rand(devices.length)];
      if (device !== undefined) {
        [() => control.setMuted(device, rand(2) === 0), () => control.endDevice(device), () => control.failDevice(device), () => control.recoverDevice(device)][rand(4)]?.();
      }
    } else if (action === 9) {
      const generator = new VideoTrackGenerator();
      generators.push(generator.writable.getWriter());
      live.push(generator.track);
    } else if (action === 10 && generators.length > 0) {
      const writer = generators[rand(generators.length)] as WritableStreamDefaultWriter<VideoFrame>;
      if (rand(4) === 0) {
        generators.splice(generators.indexOf(writer), 1);
        writer.close().catch(expected(['TypeError'], 'close a generator'));
      } else {
        const [width, height] = SIZES[rand(SIZES.length)] as readonly [number, number];
        const frame = new VideoFrame(new Uint8Array((width * height * 3) / 2), { format: 'I420', codedWidth: width, codedHeight: height, timestamp: clock.nowUs() });
        // A generator whose tracks all ended errors its writable (InvalidStateError). A write that fails leaves
        // the frame to its writer, as in a browser (the stream drops it unclosed): close it then.
        writer.write(frame).catch((error: Error) => {
          frame.close();
          expected(['InvalidStateError', 'TypeError'], 'write to a generator')(error);
        });
      }
    } else {
      clock.advanceMs(rand(100));
    }
    await nextTurn();
  }
  for (const track of live) {
    track.stop();
  }
  for (const writer of generators) {
    writer.close().catch(expected(['TypeError', 'InvalidStateError'], 'close a generator'));
  }
  clock.advanceMs(1000);
  await Promise.all(reads);
  return { problems, framesRead, tracksOpened, pendingTasks: clock.pendingCount };
}

describe('random operations on the fake devices leave nothing behind', () => {
  for (const seed of [1, 777, 4242, 12_345]) {
    test(`seed ${seed}`, async () => {
      const { problems, framesRead, tracksOpened, pendingTasks } = await run(seed, 1000);
      assert.deepEqual(problems, []);
      // The sequence did real work.
      assert.ok(tracksOpened >= 30, `${tracksOpened} tracks opened`);
      assert.ok(framesRead >= 10, `${framesRead} frames read`);
      // Every track is stopped: every reader ended, every frame closed, and nothing still scheduled.
      assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
      assert.equal(pendingTasks, 0);
    });
  }
});
