// @vitest-environment happy-dom
// Vitest's happy-dom environment has stand-ins of its own for MediaStream and navigator.mediaDevices (with no
// media), and mediacapture/global replaces nothing that exists: installGlobals({ replace: true }) puts the
// package's in their place, as the README says.
import { MediaStream as PackageMediaStream, MediaStreamTrackProcessor, VideoFrame } from 'mediacapture';
import { installGlobals } from 'mediacapture/global';

test('installGlobals({ replace: true }) replaces happy-dom\'s stand-ins, and frames flow', async () => {
  expect(globalThis.MediaStream).not.toBe(PackageMediaStream);
  installGlobals({ replace: true });
  expect(globalThis.MediaStream).toBe(PackageMediaStream);
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
  expect(stream).toBeInstanceOf(MediaStream);
  const reader = new MediaStreamTrackProcessor({ track: stream.getVideoTracks()[0] }).readable.getReader();
  const { value: frame } = await reader.read();
  expect(frame).toBeInstanceOf(VideoFrame);
  expect([frame.codedWidth, frame.codedHeight]).toEqual([320, 240]);
  frame.close();
  for (const track of stream.getTracks()) track.stop();
  await reader.cancel();
});
