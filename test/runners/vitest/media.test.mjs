// The package through import, on a VirtualClock; browser code through the globals of setupFiles; and
// vi.useFakeTimers() faking everything it can, under which the camera and microphone keep their real-time pace.
import { createMediaDevices, MediaStreamTrackProcessor, VideoFrame } from 'mediacapture';
import { VirtualClock, openFrameCounts } from 'mediacapture/testing';

afterEach(() => vi.useRealTimers());

test('a frame of the fake camera through a processor, on a virtual clock', async () => {
  const clock = new VirtualClock();
  const mediaDevices = createMediaDevices({ devices: 'fps=30', clock });
  const stream = await mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  const [track] = stream.getVideoTracks();
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  const read = reader.read();
  clock.advanceMs(1000);
  const { value: frame } = await read;
  expect(frame).toBeInstanceOf(VideoFrame);
  expect([frame.codedWidth, frame.codedHeight, frame.timestamp]).toEqual([640, 480, 1000000]);
  frame.close();
  track.stop();
  await reader.cancel();
  expect(openFrameCounts()).toEqual({ videoFrames: 0, audioData: 0 });
});

test('browser code calls navigator.mediaDevices (setupFiles and test.env)', async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  expect(stream.getAudioTracks()[0].kind).toBe('audio');
  expect(globalThis.MediaStream).toBeDefined();
  for (const track of stream.getTracks()) track.stop();
});

test('frames and audio chunks come in real time under vi.useFakeTimers()', async () => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'Date', 'performance', 'queueMicrotask'],
  });
  let held = false;
  setTimeout(() => {
    held = true;
  }, 0);
  const mediaDevices = createMediaDevices({ devices: 'fps=30' });
  const stream = await mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
  const video = new MediaStreamTrackProcessor({ track: stream.getVideoTracks()[0] }).readable.getReader();
  const audio = new MediaStreamTrackProcessor({ track: stream.getAudioTracks()[0] }).readable.getReader();
  const times = [];
  for (let i = 0; i < 3; i++) {
    const { value } = await video.read();
    times.push(value.timestamp);
    value.close();
  }
  const { value: chunk } = await audio.read();
  expect(chunk.numberOfFrames).toBe(480);
  chunk.close();
  expect(times[2] - times[0]).toBeGreaterThanOrEqual(66666);
  for (const track of stream.getTracks()) track.stop();
  await video.cancel();
  await audio.cancel();
  expect(held).toBe(false);
});
