// Run by display-capture-x11.test.ts as a separate Node process (only with MEDIACAPTURE_TEST_CHILD set;
// as a test file it does nothing): captures the screen in DISPLAY, prints its ffmpeg child's pid, and
// keeps reading frames until it is killed.
import { createMediaDevices, MediaStreamTrackProcessor, type VideoFrame } from '../../src/index.js';
import { x11grabChildren } from './xvfb.js';

if (process.env['MEDIACAPTURE_TEST_CHILD'] === 'display-capture') {
  const md = createMediaDevices({ devices: 'system', permission: 'granted' });
  const stream = await md.getDisplayMedia();
  const [track] = stream.getVideoTracks();
  if (track === undefined) {
    throw new Error('no video track');
  }
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  let printed = false;
  for (;;) {
    const { value } = (await reader.read()) as { value: VideoFrame };
    value.close();
    if (!printed) {
      printed = true;
      process.stdout.write(`ffmpeg ${x11grabChildren().join(' ')}\n`);
    }
  }
}
