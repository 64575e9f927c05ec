// A test's fake timers do not stop the package's real-time work, as they would not stop a browser's camera:
// with node:test's mock timers on (they replace the global setTimeout, setInterval, setImmediate and Date, and
// node:timers' own), frames and audio chunks keep coming at their pace on the real clock, the events the package
// queues fire, and a MediaRecorder's timeslices come (src/media/host-timers.ts).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';

import { createMediaDevices, MediaRecorder, MediaStreamTrackProcessor, type AudioData, type BlobEvent, type VideoFrame } from '../../src/index.js';
import { controlDevices, openFrameCounts } from '../../src/testing.js';

/**
 * Turns node:test's fake timers on for the rest of the test, and returns a check that they were still in place at
 * its end: a timeout of 0 ms set through them must not have run.
 */
function fakeTimers(t: TestContext): () => void {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'setImmediate', 'Date'] });
  let heldRan = false;
  setTimeout(() => {
    heldRan = true;
  }, 0);
  return () => assert.equal(heldRan, false, 'the fake timers held their own timeout throughout');
}

test('with fake timers on, frames and audio chunks come on the real clock at their pace', { timeout: 20_000 }, async (t) => {
  const stillFake = fakeTimers(t);
  const mediaDevices = createMediaDevices({ devices: 'fps=30' });
  const stream = await mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
  const [videoTrack] = stream.getVideoTracks();
  const [audioTrack] = stream.getAudioTracks();
  assert.ok(videoTrack !== undefined && audioTrack !== undefined);
  const video = new MediaStreamTrackProcessor({ track: videoTrack }).readable.getReader();
  const audio = new MediaStreamTrackProcessor({ track: audioTrack }).readable.getReader();

  const frameTimes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { value } = (await video.read()) as { value: VideoFrame };
    frameTimes.push(value.timestamp);
    assert.equal(value.codedWidth, 320);
    value.close();
  }
  // The camera's slots are 1/30 s apart; a slow read may let the processor drop one, never reorder.
  for (let i = 1; i < frameTimes.length; i++) {
    const slots = ((frameTimes[i] as number) - (frameTimes[i - 1] as number)) / (1e6 / 30);
    assert.ok(slots >= 0.99 && Math.abs(slots - Math.round(slots)) < 0.01, `frame timestamps ${frameTimes.join(', ')}`);
  }
  const chunkTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { value } = (await audio.read()) as { value: AudioData };
    chunkTimes.push(value.timestamp);
    assert.equal(value.numberOfFrames, 480);
    value.close();
  }
  assert.deepEqual(
    chunkTimes.map((time) => time - (chunkTimes[0] as number)),
    [0, 10_000, 20_000],
  );

  // An event the package queues as a task of its own.
  const muted = once(videoTrack, 'mute');
  controlDevices(mediaDevices).setMuted(videoTrack.getSettings().deviceId as string, true);
  await muted;
  assert.equal(videoTrack.muted, true);

  for (const track of stream.getTracks()) {
    track.stop();
  }
  await video.cancel();
  await audio.cancel();
  stillFake();
  assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
});

test("with fake timers on, a MediaRecorder's timeslices come", { timeout: 20_000 }, async (t) => {
  const stillFake = fakeTimers(t);
  const mediaDevices = createMediaDevices({ devices: 'fps=30' });
  const stream = await mediaDevices.getUserMedia({ audio: true });
  const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus' });
  const sizes: number[] = [];
  recorder.addEventListener('dataavailable', (event) => sizes.push((event as BlobEvent).data.size));
  recorder.start(100);
  // The first timeslice has the file's header; the next comes once the encoder has written more.
  while (sizes.length < 2) {
    await once(recorder, 'dataavailable');
  }
  const stopped = once(recorder, 'stop');
  recorder.stop();
  await stopped;
  for (const track of stream.getTracks()) {
    track.stop();
  }
  assert.ok(sizes.slice(0, 2).every((size) => size > 0), `timeslice sizes ${sizes.join(', ')}`);
  stillFake();
});
