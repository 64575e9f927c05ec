// jest.useFakeTimers() fakes the test file's timers, performance, queueMicrotask and nextTick; the camera and
// microphone keep their real-time pace, as a browser's would.
const { createMediaDevices, MediaStreamTrackProcessor } = require('mediacapture');

afterEach(() => jest.useRealTimers());

test('frames and audio chunks come in real time under jest.useFakeTimers()', async () => {
  jest.useFakeTimers();
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
