// Y4M files too large to hold in memory are streamed from disk, a few frames ahead of the clock. These
// tests play a small file through the streaming path (a memory limit of 0) with the producer alone, on a
// virtual clock, as a capture source would run it.
import assert from 'node:assert/strict';
import { truncateSync } from 'node:fs';
import { after, describe, test } from 'node:test';

import { MediaFileError, VirtualClock } from '../../src/testing.js';
import { videoFrameInternals, type VideoFrame } from '../../src/media/video-frame.js';
import type { ProducerContext, SourceEndReason, SourceFrame } from '../../src/sources/capture-source.js';
import { loadY4M, y4mProducer } from '../../src/sources/file/y4m-producer.js';
import { FixtureDirectory, makeClip, waitFor } from './file-devices-harness.js';

const directory = new FixtureDirectory();
after(() => directory.remove());

/** What a producer emitted (pixels copied, frames closed) and how it ended. */
interface Recording {
  readonly context: ProducerContext;
  readonly frames: { timestamp: number; bytes: Uint8Array }[];
  ended: { reason: SourceEndReason; error: Error | undefined } | undefined;
}

function record(clock: VirtualClock): Recording {
  const recording: Recording = {
    frames: [],
    ended: undefined,
    context: {
      clock,
      emit: (frame: SourceFrame) => {
        const bytes = videoFrameInternals.data(frame as VideoFrame).bytes.slice();
        recording.frames.push({ timestamp: frame.timestamp, bytes });
        frame.close();
      },
      fail: (reason, error) => {
        recording.ended = { reason, error };
      },
    },
  };
  return recording;
}

describe('a streamed Y4M file', () => {
  test('plays its frames bit-exact and in order, looping, one clock step at a time', async () => {
    const clip = makeClip(64, 48, [25, 1], 5);
    const file = directory.write('streamed.y4m', clip.bytes);
    const media = await loadY4M(file, clip.bytes.length, 0);
    assert.equal(media.memory, undefined);
    const clock = new VirtualClock();
    const recording = record(clock);
    const producer = y4mProducer(media)(recording.context);
    producer.start({ width: 64, height: 48, frameRate: 25 });
    for (let index = 0; index < 12; index++) {
      clock.advanceTo(index * 40_000);
      await waitFor(() => recording.frames.length === index + 1, `frame ${index}`);
      const frame = recording.frames[index];
      assert.equal(frame?.timestamp, index * 40_000);
      assert.deepEqual(frame?.bytes, clip.frames[index % clip.frames.length], `frame ${index}`);
    }
    producer.stop();
    assert.equal(recording.ended, undefined);
  });

  test('a file truncated while it plays ends the source with the reader\'s error', async () => {
    const clip = makeClip(64, 48, [25, 1], 6, 2);
    const file = directory.write('shrinking.y4m', clip.bytes);
    const media = await loadY4M(file, clip.bytes.length, 0);
    const clock = new VirtualClock();
    const recording = record(clock);
    const producer = y4mProducer(media)(recording.context);
    producer.start({ width: 64, height: 48, frameRate: 25 });
    clock.advanceTo(0);
    await waitFor(() => recording.frames.length === 1, 'the first frame');
    truncateSync(file, clip.bytes.length - 1000);
    for (let index = 1; index < 12 && recording.ended === undefined; index++) {
      clock.advanceTo(index * 40_000);
      await waitFor(() => recording.frames.length > index || recording.ended !== undefined, `frame ${index} or the end`);
    }
    assert.equal(recording.ended?.reason, 'device-failed');
    assert.match(String(recording.ended?.error?.message), /shrinking\.y4m: truncated frame 5/);
    // Every frame before the damaged one still played, bit-exact, the ones read ahead included.
    assert.equal(recording.frames.length, 5);
    recording.frames.forEach((frame, index) => assert.deepEqual(frame.bytes, clip.frames[index]));
    producer.stop();
  });

  test('a damaged FRAME marker ends the source after the frames before it; a damaged last one fails the load', async () => {
    const clip = makeClip(64, 48, [25, 1], 6, 4);
    /** The clip with the FRAME marker of frame `index` damaged ("FRAMX"). */
    const damaged = (name: string, index: number): string => {
      const bytes = clip.bytes.slice();
      const headerBytes = bytes.indexOf(0x0a) + 1;
      bytes[headerBytes + index * ('FRAME\n'.length + (clip.frames[0] as Uint8Array).length) + 4] = 'X'.charCodeAt(0);
      return directory.write(name, bytes);
    };
    // A streamed file is checked at its first and last frames when it is loaded, and at each frame as it is read.
    const middle = damaged('marker-3.y4m', 3);
    const media = await loadY4M(middle, clip.bytes.length, 0);
    const clock = new VirtualClock();
    const recording = record(clock);
    const producer = y4mProducer(media)(recording.context);
    producer.start({ width: 64, height: 48, frameRate: 25 });
    for (let index = 0; index < 12 && recording.ended === undefined; index++) {
      clock.advanceTo(index * 40_000);
      await waitFor(() => recording.frames.length > index || recording.ended !== undefined, `frame ${index} or the end`);
    }
    assert.equal(recording.ended?.reason, 'device-failed');
    assert.match(String(recording.ended?.error?.message), /marker-3\.y4m: frame 3: missing FRAME marker/);
    assert.equal(recording.frames.length, 3);
    recording.frames.forEach((frame, index) => assert.deepEqual(frame.bytes, clip.frames[index]));
    producer.stop();

    const last = damaged('marker-last.y4m', 5);
    await assert.rejects(loadY4M(last, clip.bytes.length, 0), (error: unknown) => {
      assert.ok(error instanceof MediaFileError);
      assert.match(error.message, /marker-last\.y4m: frame 5: missing FRAME marker/);
      return true;
    });
  });

  test('a file rewritten with another size or frame rate after it was read ends the source, saying so', async () => {
    for (const [name, width, height, rate] of [['resized.y4m', 32, 24, 25], ['retimed.y4m', 64, 48, 30]] as const) {
      const clip = makeClip(64, 48, [25, 1], 4);
      const file = directory.write(name, clip.bytes);
      const media = await loadY4M(file, clip.bytes.length, 0);
      directory.write(name, makeClip(width, height, [rate, 1], 4).bytes);
      const clock = new VirtualClock();
      const recording = record(clock);
      const producer = y4mProducer(media)(recording.context);
      producer.start({ width: 64, height: 48, frameRate: 25 });
      await waitFor(() => recording.ended !== undefined, `the end of ${name}`);
      assert.equal(recording.ended?.reason, 'device-failed');
      assert.match(String(recording.ended?.error?.message), new RegExp(`${name.replace('.', '\\.')}: the file changed while it was in use`));
      assert.deepEqual(recording.frames, []);
      producer.stop();
    }
  });
});
