import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaDevices, DeviceChangeEvent, MediaDeviceInfo, type MediaDevices } from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';
import { drainTasks, stopAll } from '../../helpers/devices.js';

/** A MediaDevices object that has captured audio and video, so device information is exposed (tracks stopped). */
async function exposedMediaDevices(): Promise<MediaDevices> {
  const md = createMediaDevices({ devices: 'fake' });
  stopAll(await md.getUserMedia({ audio: true, video: true }));
  return md;
}

type AnyConstructor = new (...args: unknown[]) => DeviceChangeEvent;
const Ctor = DeviceChangeEvent as unknown as AnyConstructor;

let infos: MediaDeviceInfo[];

before(async () => {
  infos = await (await exposedMediaDevices()).enumerateDevices();
  assert.ok(infos.length >= 2);
});

describe('DeviceChangeEvent interface shape', () => {
  it('extends Event and is tagged "DeviceChangeEvent" by Object.prototype.toString', () => {
    const event = new DeviceChangeEvent('devicechange');
    assert.ok(event instanceof Event);
    assert.equal(Object.prototype.toString.call(event), '[object DeviceChangeEvent]');
    assert.equal(DeviceChangeEvent.name, 'DeviceChangeEvent');
  });

  it('has enumerable, read-only devices and userInsertedDevices attributes on the prototype', () => {
    for (const member of ['devices', 'userInsertedDevices']) {
      const descriptor = Object.getOwnPropertyDescriptor(DeviceChangeEvent.prototype, member);
      assert.equal(descriptor?.enumerable, true, member);
      assert.equal(typeof descriptor?.get, 'function', member);
      assert.equal(descriptor?.set, undefined, member);
    }
  });

  it('has a constructor length of 1: the init dictionary is optional', () => {
    assert.equal(DeviceChangeEvent.length, 1);
  });

  it('throws a TypeError from its getters on something that is not a DeviceChangeEvent', () => {
    for (const member of ['devices', 'userInsertedDevices']) {
      const getter = Object.getOwnPropertyDescriptor(DeviceChangeEvent.prototype, member)?.get;
      assert.throws(() => getter?.call(new Event('devicechange')), TypeError, member);
      assert.throws(() => getter?.call({}), TypeError, member);
    }
  });
});

describe('DeviceChangeEvent constructor', () => {
  it('requires the type', () => {
    assert.throws(() => new Ctor(), TypeError);
  });

  it('defaults devices and userInsertedDevices to empty frozen arrays', () => {
    for (const event of [new DeviceChangeEvent('devicechange'), new DeviceChangeEvent('devicechange', {}), new Ctor('devicechange', undefined), new Ctor('devicechange', null)]) {
      assert.deepEqual(event.devices, []);
      assert.deepEqual(event.userInsertedDevices, []);
      assert.ok(Array.isArray(event.devices));
      assert.ok(Object.isFrozen(event.devices));
      assert.ok(Object.isFrozen(event.userInsertedDevices));
    }
  });

  it('gives devices as a frozen copy of the init sequence', () => {
    const list = [...infos];
    const event = new DeviceChangeEvent('devicechange', { devices: list });
    assert.deepEqual(event.devices, infos);
    assert.notEqual(event.devices, list);
    assert.ok(Object.isFrozen(event.devices));
    list.pop();
    assert.equal(event.devices.length, infos.length);
    assert.throws(() => {
      (event.devices as MediaDeviceInfo[]).push(infos[0] as MediaDeviceInfo);
    }, TypeError);
    assert.equal(event.devices[0], infos[0]);
  });

  it('returns the same array from each get ([SameObject])', () => {
    const event = new DeviceChangeEvent('devicechange', { devices: infos });
    assert.equal(event.devices, event.devices);
    assert.equal(event.userInsertedDevices, event.userInsertedDevices);
  });

  it('accepts any iterable of device infos', () => {
    const event = new DeviceChangeEvent('devicechange', { devices: new Set(infos) as unknown as MediaDeviceInfo[] });
    assert.deepEqual(event.devices, infos);
  });

  it('does not take userInsertedDevices from the init dictionary: only the user agent sets it', () => {
    const event = new Ctor('devicechange', { devices: infos, userInsertedDevices: infos });
    assert.deepEqual(event.userInsertedDevices, []);
  });

  it('throws a TypeError when devices is not a sequence of MediaDeviceInfo', () => {
    for (const devices of [42, 'abc', {}, [{}], [null], [infos[0], { deviceId: '' }], null]) {
      assert.throws(() => new Ctor('devicechange', { devices }), TypeError, JSON.stringify(devices));
    }
  });

  it('throws a TypeError when the init dictionary is not an object', () => {
    assert.throws(() => new Ctor('devicechange', 5), TypeError);
    assert.throws(() => new Ctor('devicechange', 'devices'), TypeError);
  });

  it('keeps the type and the EventInit members', () => {
    const plain = new DeviceChangeEvent('devicechange');
    assert.equal(plain.type, 'devicechange');
    assert.equal(plain.bubbles, false);
    assert.equal(plain.cancelable, false);
    const custom = new DeviceChangeEvent('other', { bubbles: true, cancelable: true });
    assert.equal(custom.type, 'other');
    assert.equal(custom.bubbles, true);
    assert.equal(custom.cancelable, true);
    assert.equal(custom.isTrusted, false);
  });
});

describe('DeviceChangeEvent fired by the user agent', () => {
  it('fires at MediaDevices in a later task when a device is added, listing it in devices and userInsertedDevices', async () => {
    const md = await exposedMediaDevices();
    const events: DeviceChangeEvent[] = [];
    md.addEventListener('devicechange', (event) => events.push(event as DeviceChangeEvent));
    const added = controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB Camera' });
    assert.equal(events.length, 0);
    await drainTasks();
    assert.equal(events.length, 1);
    const event = events[0] as DeviceChangeEvent;
    assert.ok(event instanceof DeviceChangeEvent);
    assert.equal(event.type, 'devicechange');
    assert.equal(event.bubbles, false);
    assert.equal(event.cancelable, false);
    assert.ok(Object.isFrozen(event.devices));
    assert.ok(Object.isFrozen(event.userInsertedDevices));
    const listed = event.devices.find((d) => d.label === 'USB Camera');
    assert.ok(listed !== undefined);
    assert.equal(listed.deviceId, added.deviceId);
    assert.equal(event.userInsertedDevices.length, 1);
    // The inserted devices are objects from devices.
    assert.equal(event.userInsertedDevices[0], listed);
    assert.deepEqual(
      event.devices.map((d) => d.toJSON()),
      (await md.enumerateDevices()).map((d) => d.toJSON()),
    );
  });

  it('lists no inserted devices when a device is removed', async () => {
    const md = await exposedMediaDevices();
    const control = controlDevices(md);
    const added = control.addDevice({ kind: 'audioinput', label: 'Headset' });
    await drainTasks();
    const events: DeviceChangeEvent[] = [];
    md.addEventListener('devicechange', (event) => events.push(event as DeviceChangeEvent));
    control.removeDevice(added);
    await drainTasks();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.userInsertedDevices, []);
    assert.ok(!events[0]?.devices.some((d) => d.label === 'Headset'));
  });

  it('calls ondevicechange with the MediaDevices object as this', async () => {
    const md = await exposedMediaDevices();
    assert.equal(md.ondevicechange, null);
    const calls: unknown[] = [];
    md.ondevicechange = function (this: EventTarget, event: Event) {
      calls.push(this, event instanceof DeviceChangeEvent);
    };
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'Another Camera' });
    await drainTasks();
    assert.deepEqual(calls, [md, true]);
  });
});
