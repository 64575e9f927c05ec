// The end of a recording: an encoder that fails while it flushes after stop() (a real ffmpeg, stopped with
// SIGSTOP before stop() so that it cannot finish before it is killed) is reported by MediaRecorder and by the
// file recorder, and a Writable destination keeps no listener of the recording once it has ended.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';

import { MediaRecorder, recordToFile, recordToWritable, type BlobEvent, type FileRecording } from '../../src/index.js';
import { recorderStatus } from '../../src/testing.js';
import { ffmpegChildren, waitFor } from './file-devices-harness.js';
import { advanceRecording, captureOnVirtualClock, noFfprobe, recordingDirectory, streamsStoppedAfterEach } from './recording-harness.js';

const directory = recordingDirectory('mediacapture-recorder-finalize-');
const streams = streamsStoppedAfterEach();

/** The one ffmpeg child of this process, once the earlier tests' have exited. */
async function onlyFfmpegChild(): Promise<number> {
  await waitFor(() => ffmpegChildren().length === 1, 'one ffmpeg child');
  return ffmpegChildren()[0] as number;
}

describe('an encoder that fails while it flushes after stop()', { skip: (process.platform !== 'linux' && 'reads /proc') || noFfprobe }, () => {
  test('MediaRecorder: stop() then ffmpeg killed while flushing gives an UnknownError error event, the data, then stop', async () => {
    const { stream, clock } = await captureOnVirtualClock(streams, { audio: true, video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream);
    const events: string[] = [];
    let error: DOMException | undefined;
    const blobs: Blob[] = [];
    for (const type of ['start', 'error', 'dataavailable', 'stop']) {
      recorder.addEventListener(type, (event) => {
        events.push(type);
        if (type === 'error') {
          error = (event as Event & { error: DOMException }).error;
        } else if (type === 'dataavailable') {
          blobs.push((event as BlobEvent).data);
        }
      });
    }
    const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve));
    recorder.start();
    await advanceRecording(clock, 1000, () => recorderStatus(recorder)?.encoderBacklogMs ?? 0);
    const child = await onlyFfmpegChild();
    // A stopped ffmpeg cannot flush and exit before it is killed, however loaded the machine.
    process.kill(child, 'SIGSTOP');
    recorder.stop();
    assert.equal(recorder.state, 'inactive');
    process.kill(child, 'SIGKILL');
    await stopped;
    assert.deepEqual(events, ['start', 'error', 'dataavailable', 'stop']);
    assert.equal(error?.name, 'UnknownError');
    assert.match(error?.message ?? '', /killed by SIGKILL/);
    assert.ok(new Blob(blobs).size > 0);
    assert.deepEqual(ffmpegChildren(), []);
  });

  for (const destination of ['file', 'Writable'] as const) {
    test(`recordToFile and recordToWritable (${destination}): ffmpeg killed while flushing rejects stop() and \`finished\` with an UnknownError`, async () => {
      const { stream, clock } = await captureOnVirtualClock(streams, { audio: true, video: { width: 160, height: 120 } });
      const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
      const recording: FileRecording =
        destination === 'file' ? recordToFile(stream, join(directory, 'killed-flushing.webm')) : recordToWritable(stream, sink, { mimeType: 'video/webm' });
      await advanceRecording(clock, 1000, () => recording.status().encoderBacklogMs);
      const child = await onlyFfmpegChild();
      process.kill(child, 'SIGSTOP');
      const stopping = recording.stop();
      assert.equal(recording.state, 'inactive');
      process.kill(child, 'SIGKILL');
      const isKilled = (error: DOMException): boolean => error.name === 'UnknownError' && /killed by SIGKILL/.test(error.message);
      await assert.rejects(stopping, isKilled);
      await assert.rejects(recording.finished, isKilled);
      assert.deepEqual(ffmpegChildren(), []);
    });
  }
});

/** Every listener count of `emitter`, by event name. */
function listenerCounts(writable: Writable): Record<string, number> {
  return Object.fromEntries(writable.eventNames().map((name) => [String(name), writable.listenerCount(name)]));
}

describe('a Writable destination once the recording has ended', { skip: noFfprobe }, () => {
  test('a Writable that held the encoder back (backpressure) keeps none of the recording\'s listeners', async () => {
    const { stream, clock } = await captureOnVirtualClock(streams, { audio: true, video: { width: 160, height: 120 } });
    const slow = new Writable({ highWaterMark: 1024, write: (_chunk, _encoding, callback) => setImmediate(callback) });
    const before = listenerCounts(slow);
    const recording = recordToWritable(stream, slow, { mimeType: 'video/webm' });
    await advanceRecording(clock, 1000, () => recording.status().encoderBacklogMs);
    await recording.stop();
    assert.deepEqual(listenerCounts(slow), before);
  });

  test('a Writable that failed keeps none of the recording\'s listeners', async () => {
    const { stream, clock } = await captureOnVirtualClock(streams, { audio: true });
    const failing = new Writable({ highWaterMark: 1, write: (_chunk, _encoding, callback) => callback(new Error('disk full')) });
    // The test's own listener: the Writable's error is emitted whether or not the recording listens.
    failing.on('error', () => {});
    const before = listenerCounts(failing);
    const recording = recordToWritable(stream, failing, { mimeType: 'audio/webm' });
    clock.advanceMs(500);
    await assert.rejects(recording.finished, { name: 'UnknownError' });
    assert.deepEqual(listenerCounts(failing), before);
  });
});
