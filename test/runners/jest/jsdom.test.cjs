/** @jest-environment jsdom */
// Browser code in Jest's jsdom environment, where a test file's globals are jsdom's: no ReadableStream, no
// structuredClone, no setImmediate, jsdom's own Event, EventTarget and Blob. The package takes what it needs
// from Node's modules, so getUserMedia, a processor's frames, events and MediaRecorder's Blob all work here.
const { MediaStream: PackageMediaStream } = require('mediacapture');
const { controlDevices } = require('mediacapture/testing');

test('getUserMedia, a processor, mute and ended, and a MediaRecorder Blob under jsdom', async () => {
  expect(typeof document.createElement).toBe('function');
  expect(typeof structuredClone).toBe('undefined');
  expect(globalThis.MediaStream).toBe(PackageMediaStream);
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
  const [video] = stream.getVideoTracks();
  const [audio] = stream.getAudioTracks();
  expect(video.getConstraints()).toEqual({ width: 320, height: 240 });
  const reader = new MediaStreamTrackProcessor({ track: video }).readable.getReader();
  const { value: frame } = await reader.read();
  expect([frame.codedWidth, frame.codedHeight]).toEqual([320, 240]);
  frame.close();
  await reader.cancel();

  const recorder = new MediaRecorder(new MediaStream([audio]), { mimeType: 'audio/webm;codecs=opus' });
  const blobs = [];
  recorder.ondataavailable = (event) => blobs.push(event.data);
  const stopped = new Promise((resolve) => {
    recorder.onstop = resolve;
  });
  recorder.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  recorder.stop();
  await stopped;
  expect(blobs).toHaveLength(1);
  expect(blobs[0]).toBeInstanceOf(Blob);
  expect(blobs[0].size).toBeGreaterThan(100);

  const muted = new Promise((resolve) => audio.addEventListener('mute', resolve));
  controlDevices().setMuted(audio.getSettings().deviceId, true);
  expect((await muted).type).toBe('mute');
  const ended = new Promise((resolve) => {
    video.onended = resolve;
  });
  controlDevices().endDevice(video.getSettings().deviceId);
  expect((await ended).type).toBe('ended');
  for (const track of stream.getTracks()) track.stop();
});
