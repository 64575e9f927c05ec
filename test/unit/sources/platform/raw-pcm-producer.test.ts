import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AudioData } from '../../../../src/media/audio-data.js';
import { MonotonicClock } from '../../../../src/media/clock.js';
import type { ProducerContext, SourceEndReason, SourceFrame } from '../../../../src/sources/capture-source.js';
import { CaptureError } from '../../../../src/sources/platform/capture-error.js';
import { captureChildPids, MAX_LEAD_MS, rawPcmProducer, type CaptureCommand, type RawPcmFormat } from '../../../../src/sources/platform/raw-pcm-producer.js';
import { processExists, waitFor } from '../../../helpers/processes.js';

const RATE = 48000;
const CHANNELS = 2;

/**
 * A capture program: node writing `frames` interleaved f32le sample frames (channel 0 the frame index,
 * channel 1 its negative), then `then`: "wait" (stays alive) or an exit code with `said` on stderr.
 */
function program(frames: number, then: 'wait' | number, said = 'device vanished'): CaptureCommand {
  const script = `
    const samples = new Float32Array(${frames} * ${CHANNELS});
    for (let i = 0; i < ${frames}; i++) { samples[2 * i] = i; samples[2 * i + 1] = -i; }
    const bytes = Buffer.from(samples.buffer);
    // Written in uneven pieces, as a pipe may deliver them.
    process.stdout.write(bytes.subarray(0, 1001));
    setTimeout(() => process.stdout.write(bytes.subarray(1001), () => {
      ${then === 'wait' ? 'setInterval(() => {}, 1000);' : `process.stderr.write(${JSON.stringify(`${said}\n`)}); process.exit(${then});`}
    }), 20);`;
  return { command: process.execPath, args: ['-e', script] };
}

/** The producer factory of a test capture of `command` at `format`. */
function testCapture(format: RawPcmFormat, command: CaptureCommand, program = 'test-capture'): ReturnType<typeof rawPcmProducer> {
  return rawPcmProducer({ device: 'Test Mic', program, format, command });
}

function harness(): { context: ProducerContext; frames: AudioData[]; failures: { reason: SourceEndReason; error?: Error }[]; failed: Promise<void> } {
  const frames: AudioData[] = [];
  const failures: { reason: SourceEndReason; error?: Error }[] = [];
  let resolveFailed: () => void = () => {};
  const failed = new Promise<void>((resolve) => {
    resolveFailed = resolve;
  });
  const context: ProducerContext = {
    clock: new MonotonicClock(),
    emit: (frame: SourceFrame) => frames.push(frame as AudioData),
    fail: (reason, error) => {
      failures.push(error === undefined ? { reason } : { reason, error });
      resolveFailed();
    },
  };
  return { context, frames, failures, failed };
}

describe('raw PCM capture producer', () => {
  test('cuts the program output into 10 ms f32-planar chunks stamped 10 ms apart', async () => {
    const { context, frames, failures } = harness();
    const producer = testCapture({ sampleRate: RATE, channels: CHANNELS }, program(3 * 480 + 100, 'wait'))(context);
    producer.start(undefined);
    await waitFor(() => frames.length === 3, 'three chunks');
    // The partial fourth chunk is never emitted.
    await new Promise((resolve) => setTimeout(resolve, 100));
    producer.stop();
    assert.equal(frames.length, 3);
    assert.deepEqual(failures, []);
    frames.forEach((frame, index) => {
      assert.equal(frame.format, 'f32-planar');
      assert.equal(frame.sampleRate, RATE);
      assert.equal(frame.numberOfChannels, CHANNELS);
      assert.equal(frame.numberOfFrames, 480);
      const left = new Float32Array(480);
      const right = new Float32Array(480);
      frame.copyTo(left, { planeIndex: 0 });
      frame.copyTo(right, { planeIndex: 1 });
      assert.equal(left[0], index * 480);
      assert.equal(left[479], index * 480 + 479);
      assert.equal(right[17], -(index * 480 + 17));
      if (index > 0) {
        assert.equal(frame.timestamp - (frames[index - 1] as AudioData).timestamp, 10_000);
      }
      assert.ok(frame.timestamp + 10_000 <= context.clock.nowUs() + MAX_LEAD_MS * 1000);
      frame.close();
    });
  });

  test('a program that exits ends the source with the reason from its stderr', async () => {
    const { context, frames, failures, failed } = harness();
    const producer = testCapture({ sampleRate: RATE, channels: CHANNELS }, program(480, 3))(context);
    producer.start(undefined);
    await failed;
    assert.equal(frames.length, 1);
    frames.forEach((frame) => frame.close());
    assert.equal(failures.length, 1);
    assert.equal(failures[0]?.reason, 'device-failed');
    const error = failures[0]?.error;
    assert.ok(error instanceof CaptureError);
    assert.equal(error.reason, 'failed');
    assert.equal(error.device, 'Test Mic');
    assert.match(error.message, /^Test Mic: test-capture exited with code 3: device vanished$/);
  });

  for (const said of ['arecord: main:850: audio open error: Device or resource busy', 'Stream error: Access denied']) {
    test(`a program saying "${said}" ends the source with a busy CaptureError`, async () => {
      const { context, failures, failed } = harness();
      const producer = testCapture({ sampleRate: RATE, channels: CHANNELS }, program(0, 1, said))(context);
      producer.start(undefined);
      await failed;
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.reason, 'device-failed');
      const error = failures[0]?.error;
      assert.ok(error instanceof CaptureError);
      assert.equal(error.reason, 'busy');
      assert.equal(error.detail, `test-capture exited with code 1: ${said}`);
      assert.deepEqual(captureChildPids(), []);
    });
  }

  test('a program saying its device is gone ends the source as removed', async () => {
    const { context, failures, failed } = harness();
    testCapture({ sampleRate: RATE, channels: CHANNELS }, program(0, 1, 'Stream error: No such entity'))(context).start(undefined);
    await failed;
    assert.equal(failures[0]?.reason, 'device-removed');
    assert.equal((failures[0]?.error as CaptureError).reason, 'removed');
  });

  test('a program that is not installed ends the source', async () => {
    const { context, failures, failed } = harness();
    const producer = testCapture({ sampleRate: RATE, channels: 1 }, { command: 'mediacapture-no-such-program', args: [] }, 'nothing')(context);
    producer.start(undefined);
    await failed;
    assert.equal(failures[0]?.reason, 'device-failed');
    const error = failures[0]?.error;
    assert.ok(error instanceof CaptureError);
    // Not "removed", although setpriv says "No such file or directory" about the program.
    assert.equal(error.reason, 'failed');
    assert.match(error.message, /cannot run nothing/);
  });

  test('stop kills the program and nothing is emitted or failed afterwards', async () => {
    const { context, frames, failures } = harness();
    const before = new Set(captureChildPids());
    const producer = testCapture({ sampleRate: RATE, channels: CHANNELS }, program(10 * 480, 'wait'))(context);
    producer.start(undefined);
    const pid = captureChildPids().find((p) => !before.has(p));
    assert.ok(pid !== undefined);
    await waitFor(() => frames.length > 0, 'a chunk');
    producer.stop();
    const emitted = frames.length;
    await waitFor(() => !processExists(pid), 'the program to exit');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(frames.length, emitted);
    assert.deepEqual(failures, []);
    assert.equal(captureChildPids().includes(pid), false);
    frames.forEach((frame) => frame.close());
  });
});
