// The devicechange event, from https://w3c.github.io/mediacapture-main/#dfn-device-change-notification-steps
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  DeviceChangeEvent,
  MediaDeviceInfo,
  createMediaDevices,
  type MediaDevices,
} from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';
import { nextTask, fake, stopAll, withoutDevices } from '../../helpers/devices.js';

/** Records every devicechange event fired at `md`. */
function record(md: MediaDevices): DeviceChangeEvent[] {
  const events: DeviceChangeEvent[] = [];
  md.addEventListener('devicechange', (event) => events.push(event as DeviceChangeEvent));
  return events;
}

function labels(devices: readonly MediaDeviceInfo[], kind?: string): string[] {
  return devices.filter((d) => kind === undefined || d.kind === kind).map((d) => d.label);
}

describe('devicechange before any capture', () => {
  it('does not fire when a second camera is plugged in, since the exposed list does not change', async () => {
    const md = fake();
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    assert.equal(events.length, 0);
  });

  it('does not fire when an audio output is plugged in, since outputs are not exposed', async () => {
    const md = fake();
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'audiooutput', label: 'USB speaker' });
    await nextTask();
    assert.equal(events.length, 0);
  });

  it('fires when the only camera is unplugged, and again when one is plugged in', async () => {
    const md = fake();
    const events = record(md);
    const control = controlDevices(md);
    control.removeDevice('fake_device_0');
    await nextTask();
    assert.equal(events.length, 1);
    assert.deepEqual(
      events[0]?.devices.map((d) => d.kind),
      ['audioinput'],
    );
    control.addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    assert.equal(events.length, 2);
    assert.deepEqual(
      events[1]?.devices.map((d) => d.toJSON()),
      [
        { deviceId: '', kind: 'audioinput', label: '', groupId: '' },
        { deviceId: '', kind: 'videoinput', label: '', groupId: '' },
      ],
    );
  });

  it('fires when the first camera of a MediaDevices object with no devices appears', async () => {
    const md = await withoutDevices({ permission: 'granted' });
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    assert.equal(events.length, 1);
    assert.deepEqual(
      events[0]?.devices.map((d) => d.toJSON()),
      [{ deviceId: '', kind: 'videoinput', label: '', groupId: '' }],
    );
  });
});

describe('devicechange and exposure', () => {
  it('does not fire when a capture exposes more devices, since no device changed', async () => {
    const md = fake();
    const events = record(md);
    stopAll(await md.getUserMedia({ audio: true, video: true }));
    await nextTask();
    assert.equal(events.length, 0);
  });

  it('does not fire when a permission is revoked', async () => {
    const md = fake();
    const events = record(md);
    const stream = await md.getUserMedia({ video: true });
    controlDevices(md).setPermission('camera', 'denied');
    await nextTask();
    assert.equal(stream.getVideoTracks()[0]?.readyState, 'ended');
    assert.equal(events.length, 0);
  });
});

describe('devicechange after a capture', () => {
  it('fires a DeviceChangeEvent listing the devices when a camera is plugged in', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true, audio: true }));
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    assert.equal(events.length, 1);
    const event = events[0] as DeviceChangeEvent;
    assert.ok(event instanceof DeviceChangeEvent);
    assert.equal(event.type, 'devicechange');
    assert.equal(event.bubbles, false);
    assert.equal(event.cancelable, false);
    assert.deepEqual(labels(event.devices, 'videoinput'), ['fake_device_0', 'USB camera']);
    assert.deepEqual(
      event.devices.map((d) => d.toJSON()),
      (await md.enumerateDevices()).map((d) => d.toJSON()),
    );
  });

  it('lists the plugged-in device in userInsertedDevices, as one of the objects in devices', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    const event = events[0] as DeviceChangeEvent;
    assert.deepEqual(labels(event.userInsertedDevices), ['USB camera']);
    assert.ok(event.devices.includes(event.userInsertedDevices[0] as MediaDeviceInfo));
  });

  it('fires with an empty userInsertedDevices when a device is unplugged', async () => {
    const md = fake({ devices: 'device-count=2' });
    stopAll(await md.getUserMedia({ video: true }));
    const events = record(md);
    controlDevices(md).removeDevice('fake_device_1');
    await nextTask();
    assert.equal(events.length, 1);
    assert.deepEqual(labels(events[0]?.devices ?? [], 'videoinput'), ['fake_device_0']);
    assert.deepEqual(events[0]?.userInsertedDevices, []);
  });

  it('ends the tracks of an unplugged device with an ended event', async () => {
    const md = fake();
    const track = (await md.getUserMedia({ video: true })).getVideoTracks()[0];
    let ended = 0;
    track?.addEventListener('ended', () => ended++);
    controlDevices(md).removeDevice('fake_device_0');
    await nextTask();
    assert.equal(track?.readyState, 'ended');
    assert.equal(ended, 1);
  });

  it('fires when an audio output is plugged in once microphone information is exposed', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ audio: true }));
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'audiooutput', label: 'USB speaker' });
    await nextTask();
    assert.equal(events.length, 1);
    assert.ok(labels(events[0]?.devices ?? [], 'audiooutput').includes('USB speaker'));
  });

  it('does not fire for a microphone when only camera information can be exposed', async () => {
    const md = fake({ permission: { camera: 'granted', microphone: 'prompt' } });
    stopAll(await md.getUserMedia({ video: true }));
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'audioinput', label: 'USB microphone' });
    await nextTask();
    assert.equal(events.length, 0);
  });

  it('fires when the system default changes, with the new default listed first', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera', isDefault: true });
    await nextTask();
    assert.deepEqual(labels(events[0]?.devices ?? [], 'videoinput'), ['USB camera', 'fake_device_0']);
  });

  it('lists in userInsertedDevices only the device plugged in now, not one already enumerated', async () => {
    const md = fake();
    const control = controlDevices(md);
    control.addDevice({ kind: 'videoinput', label: 'Earlier camera' });
    stopAll(await md.getUserMedia({ video: true }));
    assert.ok((await md.enumerateDevices()).some((d) => d.label === 'Earlier camera'));
    const events = record(md);
    control.addDevice({ kind: 'videoinput', label: 'Later camera' });
    await nextTask();
    assert.deepEqual(labels(events[0]?.userInsertedDevices ?? []), ['Later camera']);
  });

  it('fires in a later task, not while the device is being plugged in', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    assert.equal(events.length, 0);
    await nextTask();
    assert.equal(events.length, 1);
  });

  it('fires only at the MediaDevices object whose devices changed', async () => {
    const a = fake();
    const b = fake();
    stopAll(await a.getUserMedia({ video: true }));
    stopAll(await b.getUserMedia({ video: true }));
    const eventsOfB = record(b);
    controlDevices(a).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    assert.equal(eventsOfB.length, 0);
  });

  it('gives a frozen devices array', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const events = record(md);
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    const event = events[0] as DeviceChangeEvent;
    assert.ok(Object.isFrozen(event.devices));
    assert.ok(Object.isFrozen(event.userInsertedDevices));
    assert.equal(event.devices, event.devices);
  });
});

describe('ondevicechange', () => {
  it('is null until set, and returns the handler it was set to', () => {
    const md = fake();
    assert.equal(md.ondevicechange, null);
    const handler = (): void => {};
    md.ondevicechange = handler;
    assert.equal(md.ondevicechange, handler);
  });

  it('is called with the event, with this set to the MediaDevices object', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const calls: { self: unknown; event: Event }[] = [];
    md.ondevicechange = function (event) {
      calls.push({ self: this, event });
    };
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.self, md);
    assert.ok(calls[0]?.event instanceof DeviceChangeEvent);
  });

  it('is no longer called once set to null', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    let calls = 0;
    md.ondevicechange = () => {
      calls++;
    };
    md.ondevicechange = null;
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    await nextTask();
    assert.equal(calls, 0);
  });
});
