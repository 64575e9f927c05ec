// A video track whose size changes while it is recorded: the recording keeps the size it started with, and
// frames of another size are cropped to its aspect ratio and scaled (down or up) to it, so every new frame of
// the fake camera (whose pattern moves every frame) is in the recording, never the last frame repeated.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { recordToFile, type MediaStreamTrack } from '../../src/index.js';
import { waitFor } from './file-devices-harness.js';
import { advanceRecording, captureOnVirtualClock, decodeVideo, noFfprobe, probe, recordingDirectory, streamsStoppedAfterEach } from './recording-harness.js';

const directory = recordingDirectory('mediacapture-recorder-resize-');
const streams = streamsStoppedAfterEach();

/** The mean absolute difference of the luma of two I420 frames of width x height. */
function lumaDifference(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  let sum = 0;
  for (let index = 0; index < width * height; index++) {
    sum += Math.abs((a[index] as number) - (b[index] as number));
  }
  return sum / (width * height);
}

/** For each frame after the first, whether it differs visibly from the frame before it. */
function changedFrames(frames: readonly Uint8Array[], width: number, height: number): boolean[] {
  // A repeated input frame decodes to nearly the same picture (the encoder only refines it); a new frame of
  // the fake camera moves its pac-man and counters, which changes the mean by far more than this.
  return frames.slice(1).map((frame, index) => lumaDifference(frames[index] as Uint8Array, frame, width, height) > 0.5);
}

/** Records 1 s at 320x240, constrains the track to `size`, records 1 s more; the decoded frames. */
async function recordAcrossResize(size: { width: number; height: number }): Promise<{ before: Uint8Array[]; after: Uint8Array[] }> {
  const { stream, clock } = await captureOnVirtualClock(streams, { video: { width: 320, height: 240 } });
  const track = stream.getVideoTracks()[0] as MediaStreamTrack;
  const path = join(directory, `resized-${size.width}x${size.height}.webm`);
  const recording = recordToFile(stream, path, { videoBitsPerSecond: 8_000_000 });
  await advanceRecording(clock, 1000, () => recording.status().encoderBacklogMs);
  await track.applyConstraints(size);
  await waitFor(() => track.getSettings().width === size.width, `the track at ${size.width}x${size.height}`);
  await advanceRecording(clock, 1000, () => recording.status().encoderBacklogMs);
  await recording.stop();
  const probed = probe(path);
  assert.deepEqual([probed.streams[0]?.width, probed.streams[0]?.height], [320, 240]);
  const frames = decodeVideo(path, 320, 240);
  assert.ok(Math.abs(frames.length - 61) <= 1, `${frames.length} frames`);
  // Leave out the frames around the change (the one in flight when the settings changed).
  return { before: frames.slice(5, 28), after: frames.slice(34) };
}

describe('recording a video track whose size changes', { skip: noFfprobe }, () => {
  for (const size of [
    { width: 160, height: 120 },
    { width: 240, height: 240 },
  ]) {
    test(`constrained to ${size.width}x${size.height} mid-recording, every later frame is new and scaled to the recording's 320x240`, async () => {
      const { before, after } = await recordAcrossResize(size);
      assert.deepEqual(changedFrames(before, 320, 240).filter((changed) => !changed), [], 'frames before the change repeat');
      assert.deepEqual(changedFrames(after, 320, 240).filter((changed) => !changed), [], 'frames after the change repeat');
    });
  }
});
