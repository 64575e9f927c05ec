// The package through require(), on a VirtualClock, and browser code through the globals of setupFiles.
const { createMediaDevices, MediaStreamTrackProcessor, VideoFrame } = require('mediacapture');
const { VirtualClock, openFrameCounts } = require('mediacapture/testing');

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
  const bytes = new Uint8Array(frame.allocationSize());
  await frame.copyTo(bytes);
  expect(new Set(bytes.subarray(0, 640 * 480)).size).toBeGreaterThan(3);
  frame.close();
  track.stop();
  await reader.cancel();
  expect(openFrameCounts()).toEqual({ videoFrames: 0, audioData: 0 });
});

test('browser code calls navigator.mediaDevices (setupFiles and MEDIACAPTURE_FAKE_DEVICES)', async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  expect(stream.getVideoTracks()[0].label).toBe('fake_device_0');
  expect(stream).toBeInstanceOf(MediaStream);
  const devices = await navigator.mediaDevices.enumerateDevices();
  expect(devices.map((device) => device.kind)).toEqual(expect.arrayContaining(['audioinput', 'videoinput']));
  for (const track of stream.getTracks()) track.stop();
});
