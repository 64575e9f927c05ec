// The control plane of `mediacapture/testing`: devices, failures, mute and permissions of a
// MediaDevices object, reachable only through controlDevices().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  MediaDevices,
  mediaDevices as defaultMediaDevices,
  type MediaStreamTrack,
} from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';
import { fake, nextTask, rejectsNamed, stopAll } from '../../helpers/devices.js';

/** A live video track and the events it fires. */
async function videoTrack(md: MediaDevices, constraints: object = {}): Promise<{ track: MediaStreamTrack; events: string[] }> {
  const track = (await md.getUserMedia({ video: constraints })).getVideoTracks()[0] as MediaStreamTrack;
  const events: string[] = [];
  for (const type of ['ended', 'mute', 'unmute']) {
    track.addEventListener(type, () => events.push(type));
  }
  return { track, events };
}


describe('controlDevices().devices()', () => {
  it('lists every device of the fake set with its kind, label, system id and default flag', () => {
    const devices = controlDevices(fake({ devices: 'device-count=2' })).devices();
    assert.deepEqual(
      devices.map((d) => [d.kind, d.label, d.isDefault]),
      [
        ['audioinput', 'Fake Default Audio Input', true],
        ['audioinput', 'Fake Audio Input 1', false],
        ['audioinput', 'Fake Audio Input 2', false],
        ['videoinput', 'fake_device_0', true],
        ['videoinput', 'fake_device_1', false],
        ['audiooutput', 'Fake Default Audio Output', true],
        ['audiooutput', 'Fake Audio Output 1', false],
        ['audiooutput', 'Fake Audio Output 2', false],
      ],
    );
    assert.equal(devices.find((d) => d.kind === 'videoinput')?.id, 'fake_device_0');
  });

  it('reports the deviceId that enumerateDevices() exposes after a capture', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ audio: true, video: true }));
    const exposed = await md.enumerateDevices();
    for (const device of controlDevices(md).devices()) {
      const info = exposed.find((d) => d.kind === device.kind && d.label === device.label);
      assert.equal(info?.deviceId, device.deviceId, device.label);
    }
  });

  it('controls the default mediaDevices when given no argument', () => {
    assert.deepEqual(controlDevices().devices(), controlDevices(defaultMediaDevices).devices());
  });

  it('adds nothing to the standard objects', () => {
    const md = fake();
    controlDevices(md);
    assert.deepEqual(Object.getOwnPropertyNames(md), []);
    const members = Reflect.ownKeys(MediaDevices.prototype).filter((k) => typeof k === 'string').sort();
    assert.deepEqual(members, [
      'constructor',
      'enumerateDevices',
      'getDisplayMedia',
      'getSupportedConstraints',
      'getUserMedia',
      'ondevicechange',
      'selectAudioOutput',
    ]);
  });
});

describe('controlDevices().addDevice()', () => {
  it('returns the added device, which getUserMedia() can then open', async () => {
    const md = fake();
    const added = controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera', id: 'usb-1' });
    assert.equal(added.kind, 'videoinput');
    assert.equal(added.label, 'USB camera');
    assert.equal(added.id, 'usb-1');
    assert.equal(added.isDefault, false);
    assert.match(added.deviceId, /^[0-9a-f]{64}$/);
    const { track } = await videoTrack(md, { deviceId: { exact: added.deviceId } });
    assert.equal(track.label, 'USB camera');
    track.stop();
  });

  it('gives a camera the modes it is given', async () => {
    const md = fake();
    const added = controlDevices(md).addDevice({
      kind: 'videoinput',
      label: 'Small camera',
      modes: [{ width: 160, height: 120, frameRate: 15 }],
    });
    const { track } = await videoTrack(md, { deviceId: { exact: added.deviceId } });
    const settings = track.getSettings();
    assert.deepEqual([settings.width, settings.height, settings.frameRate], [160, 120, 15]);
    track.stop();
  });

  it('gives a camera the frame rate it is given', async () => {
    const md = fake();
    const added = controlDevices(md).addDevice({ kind: 'videoinput', label: 'Fast camera', fps: 60 });
    const { track } = await videoTrack(md, { deviceId: { exact: added.deviceId }, frameRate: { exact: 60 } });
    assert.equal(track.getSettings().frameRate, 60);
    track.stop();
  });

  it('gives a microphone the audio model it is given', async () => {
    const md = fake();
    const added = controlDevices(md).addDevice({
      kind: 'audioinput',
      label: 'Studio microphone',
      audio: { sampleRate: { min: 96000, max: 96000 }, defaultSampleRate: 96000, channelCount: { min: 2, max: 2 }, defaultChannelCount: 2 },
    });
    const stream = await md.getUserMedia({ audio: { deviceId: { exact: added.deviceId } } });
    const settings = stream.getAudioTracks()[0]?.getSettings();
    assert.equal(settings?.sampleRate, 96000);
    assert.equal(settings?.channelCount, 2);
    stopAll(stream);
  });

  it('makes a device added as default the one getUserMedia() picks', async () => {
    const md = fake();
    const control = controlDevices(md);
    control.addDevice({ kind: 'videoinput', label: 'USB camera', isDefault: true });
    assert.deepEqual(
      control.devices().filter((d) => d.kind === 'videoinput').map((d) => [d.label, d.isDefault]),
      [
        ['fake_device_0', false],
        ['USB camera', true],
      ],
    );
    const { track } = await videoTrack(md);
    assert.equal(track.label, 'USB camera');
    track.stop();
  });

  it('throws for a device whose kind and id are taken, and for a camera with no modes', () => {
    const control = controlDevices(fake());
    assert.throws(() => control.addDevice({ kind: 'videoinput', label: 'Copy', id: 'fake_device_0' }));
    assert.throws(() => control.addDevice({ kind: 'videoinput', label: 'Empty', modes: [] }));
    assert.equal(control.devices().filter((d) => d.kind === 'videoinput').length, 1);
  });
});

describe('controlDevices().removeDevice()', () => {
  it('finds the device by label, system id, exposed deviceId or the reported object', () => {
    const md = fake({ devices: 'device-count=4' });
    const control = controlDevices(md);
    const cameras = control.devices().filter((d) => d.kind === 'videoinput');
    control.removeDevice('fake_device_0');
    control.removeDevice((cameras[1] as { id: string }).id);
    control.removeDevice((cameras[2] as { deviceId: string }).deviceId);
    control.removeDevice(cameras[3] as never);
    assert.equal(control.devices().filter((d) => d.kind === 'videoinput').length, 0);
  });

  it('throws for a device it cannot find', () => {
    assert.throws(() => controlDevices(fake()).removeDevice('no such device'), /no such device/);
  });

  it('ends the device’s tracks with an ended event', async () => {
    const md = fake();
    const { track, events } = await videoTrack(md);
    controlDevices(md).removeDevice('fake_device_0');
    await nextTask();
    assert.equal(track.readyState, 'ended');
    assert.deepEqual(events, ['ended']);
  });

  it('makes another device of the kind the default when the default goes', async () => {
    const md = fake({ devices: 'device-count=2' });
    const control = controlDevices(md);
    control.removeDevice('fake_device_0');
    assert.equal(control.devices().find((d) => d.kind === 'videoinput')?.isDefault, true);
    const { track } = await videoTrack(md);
    assert.equal(track.label, 'fake_device_1');
    track.stop();
  });
});

describe('controlDevices().endDevice(), failDevice() and recoverDevice()', () => {
  it('ends the device’s tracks with an ended event and leaves the device usable', async () => {
    const md = fake();
    const { track, events } = await videoTrack(md);
    controlDevices(md).endDevice('fake_device_0');
    await nextTask();
    assert.equal(track.readyState, 'ended');
    assert.deepEqual(events, ['ended']);
    const again = await videoTrack(md);
    assert.equal(again.track.readyState, 'live');
    again.track.stop();
  });

  it('fails the device: tracks end, and later opens fail until it recovers', async () => {
    const md = fake();
    const control = controlDevices(md);
    const { track, events } = await videoTrack(md);
    control.failDevice('fake_device_0');
    await nextTask();
    assert.equal(track.readyState, 'ended');
    assert.deepEqual(events, ['ended']);
    await rejectsNamed(md.getUserMedia({ video: true }), 'NotReadableError');
    control.recoverDevice('fake_device_0');
    const again = await videoTrack(md);
    assert.equal(again.track.readyState, 'live');
    again.track.stop();
  });

  it('makes opens fail with AbortError for an "aborted" failure', async () => {
    const md = fake();
    controlDevices(md).failDevice('Fake Default Audio Input', 'aborted');
    controlDevices(md).failDevice('Fake Audio Input 1', 'aborted');
    controlDevices(md).failDevice('Fake Audio Input 2', 'aborted');
    await rejectsNamed(md.getUserMedia({ audio: true }), 'AbortError');
  });

  it('does not touch tracks of other devices', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ audio: true, video: true });
    controlDevices(md).failDevice('fake_device_0');
    await nextTask();
    assert.deepEqual(
      stream.getTracks().map((t) => t.readyState),
      ['live', 'ended'],
    );
    stopAll(stream);
  });
});

describe('controlDevices().setMuted()', () => {
  it('mutes and unmutes every track of the device, with mute and unmute events', async () => {
    const md = fake();
    const first = await videoTrack(md);
    const second = await videoTrack(md);
    const control = controlDevices(md);
    control.setMuted('fake_device_0', true);
    await nextTask();
    assert.equal(first.track.muted, true);
    assert.equal(second.track.muted, true);
    assert.deepEqual(first.events, ['mute']);
    control.setMuted('fake_device_0', false);
    await nextTask();
    assert.equal(first.track.muted, false);
    assert.deepEqual(second.events, ['mute', 'unmute']);
    first.track.stop();
    second.track.stop();
  });

  it('starts a track opened on a muted device muted', async () => {
    const md = fake();
    const first = await videoTrack(md);
    controlDevices(md).setMuted('fake_device_0', true);
    await nextTask();
    const second = await videoTrack(md);
    assert.equal(second.track.muted, true);
    first.track.stop();
    second.track.stop();
  });

  it('fires nothing when the state does not change', async () => {
    const md = fake();
    const { track, events } = await videoTrack(md);
    controlDevices(md).setMuted('fake_device_0', false);
    await nextTask();
    assert.deepEqual(events, []);
    track.stop();
  });

  it('does nothing for a device without a live source', async () => {
    const md = fake();
    assert.doesNotThrow(() => controlDevices(md).setMuted('fake_device_0', true));
    const { track } = await videoTrack(md);
    assert.equal(track.muted, false);
    track.stop();
  });
});
