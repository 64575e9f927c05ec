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

  it('cannot open a camera whose live tracks pin a mode the request rules out: the next camera, else NotReadableError', async () => {
    const pinning = { width: { exact: 1280 }, height: { exact: 720 }, resizeMode: { exact: 'none' } };
    const other = { width: { exact: 640 }, height: { exact: 480 }, resizeMode: { exact: 'none' } };
    const md = fake();
    const first = await md.getUserMedia({ video: pinning });
    await assert.rejects(md.getUserMedia({ video: other }), {
      name: 'NotReadableError',
      message: /the camera could not be opened: it is in use by other tracks in a mode these constraints rule out/,
    });
    // The live track keeps its mode.
    assert.deepEqual([first.getVideoTracks()[0]?.getSettings().width, first.getVideoTracks()[0]?.readyState], [1280, 'live']);
    stopAll(first);
    // With the camera free again, the same request opens it in the other mode.
    const again = await md.getUserMedia({ video: other });
    assert.equal(again.getVideoTracks()[0]?.getSettings().width, 640);
    stopAll(again);

    // With a second camera, the request goes to the one that can serve it.
    const two = fake({ devices: 'device-count=2' });
    const pinned = await two.getUserMedia({ video: pinning });
    const moved = await two.getUserMedia({ video: other });
    const [held, served] = [pinned.getVideoTracks()[0], moved.getVideoTracks()[0]];
    assert.notEqual(served?.getSettings().deviceId, held?.getSettings().deviceId);
    assert.deepEqual([held?.getSettings().width, served?.getSettings().width], [1280, 640]);
    stopAll(pinned);
    stopAll(moved);
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
