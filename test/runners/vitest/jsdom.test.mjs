// @vitest-environment jsdom
// Browser code in Vitest's jsdom environment: jsdom has no media API, so setupFiles' mediacapture/global installs
// the package's, and its events reach listeners and on* handlers while jsdom provides the DOM.
import { MediaStream as PackageMediaStream, mediaDevices as packageMediaDevices } from 'mediacapture';
import { controlDevices } from 'mediacapture/testing';

test('the globals are the package\'s, and devicechange, mute and ended reach browser code', async () => {
  expect(typeof document.createElement).toBe('function');
  expect(globalThis.MediaStream).toBe(PackageMediaStream);
  expect(navigator.mediaDevices).toBe(packageMediaDevices);
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const [video] = stream.getVideoTracks();
  const [audio] = stream.getAudioTracks();
  const muted = new Promise((resolve) => audio.addEventListener('mute', resolve));
  controlDevices().setMuted(audio.getSettings().deviceId, true);
  expect((await muted).type).toBe('mute');
  const ended = new Promise((resolve) => {
    video.onended = resolve;
  });
  const changed = new Promise((resolve) => navigator.mediaDevices.addEventListener('devicechange', resolve));
  const device = controlDevices().addDevice({ kind: 'videoinput', label: 'Second Camera' });
  await changed;
  controlDevices().removeDevice(video.getSettings().deviceId);
  expect((await ended).type).toBe('ended');
  expect(video.readyState).toBe('ended');
  controlDevices().removeDevice(device);
  for (const track of stream.getTracks()) track.stop();
});
