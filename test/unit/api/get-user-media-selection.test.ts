// getUserMedia()'s selection taken over by the source's fan-out, and capabilities taken when the track is made:
// both must be what selecting (or reading the source) at that time gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { controlDevices } from '../../../src/testing.js';
import { fake, stopAll } from '../../helpers/devices.js';

describe('getUserMedia() on a camera already in use', () => {
  it('keeps the control values another track set, for constraints that do not name them, across a mode switch', async () => {
    const md = fake({ devices: 'fps=30' });
    const first = await md.getUserMedia({ video: { width: 320, height: 240 } });
    const [track] = first.getVideoTracks();
    assert.ok(track !== undefined);
    await track.applyConstraints({ width: 320, height: 240, exposureTime: 70, focusMode: 'continuous' });
    // Another native mode serves this request better, so the source switches to it.
    const second = await md.getUserMedia({ video: { width: 1920, height: 1080 } });
    const [later] = second.getVideoTracks();
    assert.ok(later !== undefined);
    assert.deepEqual([later.getSettings().width, later.getSettings().resizeMode], [1920, 'none']);
    for (const t of [track, later]) {
      const { exposureTime, focusMode } = t.getSettings();
      assert.deepEqual({ exposureTime, focusMode }, { exposureTime: 70, focusMode: 'continuous' });
    }
    stopAll(first);
    stopAll(second);
  });

  it('ranks a camera whose zoom starts off its grid as before, and gives it the settings of its whole space', async () => {
    const md = fake();
    const control = controlDevices(md);
    for (const device of control.devices()) {
      if (device.kind === 'videoinput') {
        control.removeDevice(device);
      }
    }
    control.addDevice({ kind: 'videoinput', label: 'odd zoom', controls: { zoom: { min: 1, max: 5, step: 1, initial: 2.5 } } });
    const stream = await md.getUserMedia({ video: { width: 640 } });
    const [track] = stream.getVideoTracks();
    assert.ok(track !== undefined);
    assert.equal(track.label, 'odd zoom');
    const settings = track.getSettings();
    assert.deepEqual([settings.width, settings.height, 'zoom' in settings], [640, 480, false]);
    stopAll(stream);
  });
});

describe('MediaStreamTrack capabilities', () => {
  it('are those of the source when the track was made, whenever they are first read', async () => {
    const md = fake({ devices: 'fps=30' });
    const stream = await md.getUserMedia({ audio: true, video: true });
    const [video] = stream.getVideoTracks();
    const [audio] = stream.getAudioTracks();
    assert.ok(video !== undefined && audio !== undefined);
    const clone = video.clone();
    assert.deepEqual(video.getCapabilities().width, { min: 1, max: 3840 });
    assert.deepEqual(clone.getCapabilities(), video.getCapabilities());
    assert.deepEqual(audio.getCapabilities().sampleRate !== undefined, true);
    const first = video.getCapabilities();
    first.width = { min: 0, max: 0 };
    assert.deepEqual(video.getCapabilities().width, { min: 1, max: 3840 }, 'a copy each time');
    clone.stop();
    stopAll(stream);
  });
});
