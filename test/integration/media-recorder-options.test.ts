// MediaRecorderOptions are converted once for MediaRecorder and for recordToFile / recordToWritable: the same
// members in the same (lexicographic) order, so the same bad options give the same error, only the context
// in the message differs.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';

import { MediaRecorder, recordToFile, recordToWritable, type MediaStream } from '../../src/index.js';
import { fakeCapture } from './media-helpers.js';
import { noFfprobe, recordingDirectory, streamsStoppedAfterEach } from './recording-harness.js';

const directory = recordingDirectory('mediacapture-recorder-options-');
const streams = streamsStoppedAfterEach();

async function audioStream(): Promise<MediaStream> {
  const stream = await fakeCapture(30).md.getUserMedia({ audio: true });
  streams.push(stream);
  return stream;
}

/** The error `run` throws, as its name and its message without the leading context. */
function errorOf(run: () => unknown): { name: string; reason: string; context: string } {
  try {
    run();
  } catch (error) {
    const { name, message } = error as Error;
    const colon = message.indexOf(': ');
    return { name, context: message.slice(0, colon), reason: message.slice(colon + 2) };
  }
  assert.fail('nothing was thrown');
}

const BAD_OPTIONS: readonly [string, unknown][] = [
  ['options that are not a dictionary', 5],
  ['an audioBitrateMode that is not a BitrateMode', { audioBitrateMode: 'loud' }],
  ['a videoKeyFrameIntervalDuration that is not finite', { videoKeyFrameIntervalDuration: Number.NaN }],
  ['an audioBitsPerSecond that is a Symbol', { audioBitsPerSecond: Symbol('bits') }],
  // Members are converted in lexicographic order: audioBitrateMode fails before mimeType.
  ['two bad members (the first in lexicographic order is reported)', { mimeType: Symbol('type'), audioBitrateMode: 'loud' }],
  ['two bad numbers (bitsPerSecond before videoBitsPerSecond)', { videoBitsPerSecond: Symbol('video'), bitsPerSecond: Symbol('all') }],
];

describe('MediaRecorderOptions converted once for MediaRecorder and the file recorder', { skip: noFfprobe }, () => {
  for (const [what, options] of BAD_OPTIONS) {
    test(`${what}: the same TypeError from new MediaRecorder(), recordToFile() and recordToWritable()`, async () => {
      const stream = await audioStream();
      const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
      const recorder = errorOf(() => new MediaRecorder(stream, options as object));
      const file = errorOf(() => recordToFile(stream, join(directory, 'never.webm'), options as object));
      const writable = errorOf(() => recordToWritable(stream, sink, options as object));
      assert.equal(recorder.name, 'TypeError');
      assert.deepEqual([recorder.context, file.context, writable.context], ['MediaRecorder', 'recordToFile', 'recordToWritable']);
      assert.deepEqual([file.name, file.reason], [recorder.name, recorder.reason]);
      assert.deepEqual([writable.name, writable.reason], [recorder.name, recorder.reason]);
    });
  }

  test('both key frame intervals: the same NotSupportedError from MediaRecorder.start() and recordToFile()', async () => {
    const stream = await audioStream();
    const options = { videoKeyFrameIntervalCount: 30, videoKeyFrameIntervalDuration: 1000 };
    const recorder = errorOf(() => new MediaRecorder(stream, options).start());
    const file = errorOf(() => recordToFile(stream, join(directory, 'never.webm'), options));
    assert.deepEqual(recorder, { name: 'NotSupportedError', context: 'MediaRecorder.start', reason: 'videoKeyFrameIntervalDuration and videoKeyFrameIntervalCount were both given' });
    assert.deepEqual([file.name, file.context, file.reason], [recorder.name, 'recordToFile', recorder.reason]);
  });
});
