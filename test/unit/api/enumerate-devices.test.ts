// MediaDevices.enumerateDevices() and device information exposure, from
// https://w3c.github.io/mediacapture-main/#dom-mediadevices-enumeratedevices
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  InputDeviceInfo,
  MediaDeviceInfo,
  createMediaDevices,
  type MediaDevices,
} from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';
import { fake, stopAll, withoutDevices } from '../../helpers/devices.js';

/** Captures audio and video once and stops, so every device is exposed. */
async function exposeAll(md: MediaDevices): Promise<MediaDeviceInfo[]> {
  stopAll(await md.getUserMedia({ audio: true, video: true }));
  return md.enumerateDevices();
}

function summary(devices: readonly MediaDeviceInfo[]): string[] {
  return devices.map((d) => `${d.kind}:${d.label}`);
}

function byLabel(devices: readonly MediaDeviceInfo[], kind: string, label: string): MediaDeviceInfo {
  const found = devices.find((d) => d.kind === kind && d.label === label);
  assert.ok(found !== undefined, `no ${kind} labelled "${label}"`);
  return found;
}

const HEX_64 = /^[0-9a-f]{64}$/;

const FULL_FAKE_LIST = [
  'audioinput:Fake Default Audio Input',
  'audioinput:Fake Audio Input 1',
  'audioinput:Fake Audio Input 2',
  'videoinput:fake_device_0',
  'videoinput:fake_device_1',
  'audiooutput:Default - Fake Default Audio Output',
  'audiooutput:Fake Default Audio Output',
  'audiooutput:Fake Audio Output 1',
  'audiooutput:Fake Audio Output 2',
];

describe('enumerateDevices() before any capture', () => {
  it('lists at most one device of each input kind, with empty deviceId, label and groupId', async () => {
    const md = fake({ devices: 'device-count=3' });
    const devices = await md.enumerateDevices();
    assert.deepEqual(
      devices.map((d) => d.toJSON()),
      [
        { deviceId: '', kind: 'audioinput', label: '', groupId: '' },
        { deviceId: '', kind: 'videoinput', label: '', groupId: '' },
      ],
    );
  });

  it('lists no audio output', async () => {
    const devices = await fake().enumerateDevices();
    assert.equal(
      devices.some((d) => d.kind === 'audiooutput'),
      false,
    );
  });

  it('describes input devices with InputDeviceInfo objects whose capabilities are empty', async () => {
    const devices = await fake().enumerateDevices();
    for (const device of devices) {
      assert.ok(device instanceof InputDeviceInfo);
      assert.ok(device instanceof MediaDeviceInfo);
      assert.deepEqual(device.getCapabilities(), {});
    }
  });

  it('lists nothing of a kind that has no device', async () => {
    const md = fake();
    controlDevices(md).removeDevice('fake_device_0');
    assert.deepEqual(summary(await md.enumerateDevices()), ['audioinput:']);
    assert.deepEqual(await (await withoutDevices()).enumerateDevices(), []);
  });

  it('does not expose anything when getUserMedia() fails', async () => {
    const md = fake({ permission: 'prompt', onPrompt: () => 'denied' });
    await assert.rejects(md.getUserMedia({ audio: true, video: true }));
    assert.deepEqual(summary(await md.enumerateDevices()), ['audioinput:', 'videoinput:']);
  });

  it('still lists one device of each kind when permission is denied', async () => {
    const md = fake({ permission: 'denied' });
    assert.equal((await md.enumerateDevices()).length, 2);
  });

  it('rejects with a TypeError when called on an object that is not a MediaDevices', async () => {
    const md = fake();
    await assert.rejects(md.enumerateDevices.call({} as MediaDevices), TypeError);
  });
});

describe('enumerateDevices() after a capture', () => {
  it('lists microphones, then cameras, then outputs, each with the system default first', async () => {
    const md = fake({ devices: 'device-count=2' });
    assert.deepEqual(summary(await exposeAll(md)), FULL_FAKE_LIST);
  });

  it('lists the system default audio output a second time, first, with deviceId "default"', async () => {
    const md = fake();
    const outputs = (await exposeAll(md)).filter((d) => d.kind === 'audiooutput');
    const [defaultEntry, defaultDevice] = outputs;
    assert.equal(defaultEntry?.deviceId, 'default');
    assert.match(defaultEntry?.label ?? '', /Fake Default Audio Output/);
    assert.equal(defaultDevice?.label, 'Fake Default Audio Output');
    assert.notEqual(defaultDevice?.deviceId, 'default');
    assert.equal(defaultEntry?.groupId, defaultDevice?.groupId);
    assert.equal(outputs.filter((d) => d.deviceId === 'default').length, 1);
  });

  it('describes inputs with InputDeviceInfo and outputs with plain MediaDeviceInfo', async () => {
    for (const device of await exposeAll(fake())) {
      assert.ok(device instanceof MediaDeviceInfo);
      assert.equal(device instanceof InputDeviceInfo, device.kind !== 'audiooutput', device.label);
    }
  });

  it('gives every device a 64-hex-digit deviceId, unique within its kind, that is not its system id', async () => {
    const md = fake({ devices: 'device-count=2' });
    const devices = (await exposeAll(md)).filter((d) => d.deviceId !== 'default');
    const rawIds = new Set(controlDevices(md).devices().map((d) => d.id));
    for (const device of devices) {
      assert.match(device.deviceId, HEX_64);
      assert.equal(rawIds.has(device.deviceId), false);
    }
    for (const kind of ['audioinput', 'videoinput', 'audiooutput']) {
      const ids = devices.filter((d) => d.kind === kind).map((d) => d.deviceId);
      assert.equal(new Set(ids).size, ids.length, kind);
    }
  });

  it('gives a microphone and an output of the same physical device one groupId', async () => {
    const devices = await exposeAll(fake());
    const input1 = byLabel(devices, 'audioinput', 'Fake Audio Input 1');
    const output1 = byLabel(devices, 'audiooutput', 'Fake Audio Output 1');
    assert.match(input1.groupId, HEX_64);
    assert.equal(input1.groupId, output1.groupId);
    assert.equal(
      byLabel(devices, 'audioinput', 'Fake Default Audio Input').groupId,
      byLabel(devices, 'audiooutput', 'Fake Default Audio Output').groupId,
    );
  });

  it('gives devices of different physical devices different groupIds', async () => {
    const devices = await exposeAll(fake({ devices: 'device-count=2' }));
    const groups = [
      byLabel(devices, 'audioinput', 'Fake Audio Input 1'),
      byLabel(devices, 'audioinput', 'Fake Audio Input 2'),
      byLabel(devices, 'videoinput', 'fake_device_0'),
      byLabel(devices, 'videoinput', 'fake_device_1'),
    ].map((d) => d.groupId);
    assert.equal(new Set(groups).size, groups.length);
  });

  it('keeps deviceIds stable for one origin across MediaDevices objects', async () => {
    const first = await exposeAll(fake({ origin: 'https://a.example' }));
    const second = await exposeAll(fake({ origin: 'https://a.example' }));
    assert.deepEqual(
      first.map((d) => d.deviceId),
      second.map((d) => d.deviceId),
    );
  });

  it('gives unrelated deviceIds to different origins', async () => {
    const a = (await exposeAll(fake({ origin: 'https://a.example' }))).filter((d) => d.deviceId !== 'default');
    const b = (await exposeAll(fake({ origin: 'https://b.example' }))).filter((d) => d.deviceId !== 'default');
    const idsOfA = new Set(a.map((d) => d.deviceId));
    assert.equal(
      b.some((d) => idsOfA.has(d.deviceId)),
      false,
    );
  });

  it('gives unrelated deviceIds for a different deviceIdSalt', async () => {
    const a = await exposeAll(fake({ deviceIdSalt: 'one' }));
    const b = await exposeAll(fake({ deviceIdSalt: 'two' }));
    assert.notEqual(a[0]?.deviceId, b[0]?.deviceId);
  });

  it('gives each MediaDevices object its own groupIds', async () => {
    const first = await exposeAll(fake({ origin: 'https://a.example' }));
    const second = await exposeAll(fake({ origin: 'https://a.example' }));
    const groupsOfFirst = new Set(first.map((d) => d.groupId));
    assert.equal(
      second.some((d) => groupsOfFirst.has(d.groupId)),
      false,
    );
  });

  it('keeps exposing devices after the capturing tracks are stopped', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: true });
    const whileLive = summary(await md.enumerateDevices());
    stopAll(stream);
    assert.deepEqual(summary(await md.enumerateDevices()), whileLive);
    assert.ok(whileLive.includes('videoinput:fake_device_0'));
  });

  it('exposes the microphones after a camera capture when microphone permission is granted', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const devices = await md.enumerateDevices();
    assert.deepEqual(summary(devices), FULL_FAKE_LIST.filter((entry) => entry !== 'videoinput:fake_device_1'));
  });

  it('exposes only cameras after a camera capture when microphone permission is not granted', async () => {
    const md = fake({ devices: 'device-count=2', permission: { camera: 'granted', microphone: 'prompt' } });
    stopAll(await md.getUserMedia({ video: true }));
    const devices = await md.enumerateDevices();
    assert.deepEqual(summary(devices), ['audioinput:', 'videoinput:fake_device_0', 'videoinput:fake_device_1']);
    assert.equal(devices[0]?.deviceId, '');
    assert.equal(devices[0]?.groupId, '');
  });

  it('exposes only microphones and outputs after a microphone capture when camera permission is denied', async () => {
    const md = fake({ devices: 'device-count=2', permission: { camera: 'denied', microphone: 'granted' } });
    stopAll(await md.getUserMedia({ audio: true }));
    const devices = await md.enumerateDevices();
    assert.deepEqual(
      summary(devices),
      FULL_FAKE_LIST.filter((entry) => !entry.startsWith('videoinput:')).toSpliced(3, 0, 'videoinput:'),
    );
  });

  it('exposes devices while a track is live even after a prompt that granted only one kind', async () => {
    const md = fake({ permission: 'prompt', onPrompt: () => 'granted' });
    const stream = await md.getUserMedia({ audio: true });
    const devices = await md.enumerateDevices();
    assert.equal(devices.filter((d) => d.kind === 'audioinput').length, 3);
    assert.deepEqual(summary(devices.filter((d) => d.kind === 'videoinput')), ['videoinput:']);
    stopAll(stream);
  });

  it('reports the same capabilities as getCapabilities() on a track of that device', async () => {
    const md = fake({ devices: 'device-count=2' });
    const devices = (await exposeAll(md)).filter((d): d is InputDeviceInfo => d instanceof InputDeviceInfo);
    for (const info of devices) {
      const kind = info.kind === 'audioinput' ? 'audio' : 'video';
      const stream = await md.getUserMedia({ [kind]: { deviceId: { exact: info.deviceId } } });
      const track = stream.getTracks()[0];
      assert.equal(track?.label, info.label);
      assert.deepEqual(info.getCapabilities(), track?.getCapabilities(), info.label);
      stopAll(stream);
    }
  });

  it('reports camera capabilities with the fake camera’s range and the device’s ids', async () => {
    const devices = await exposeAll(fake());
    const camera = byLabel(devices, 'videoinput', 'fake_device_0') as InputDeviceInfo;
    const capabilities = camera.getCapabilities();
    assert.equal(capabilities.deviceId, camera.deviceId);
    assert.equal(capabilities.groupId, camera.groupId);
    assert.equal(capabilities.width?.max, 3840);
    assert.equal(capabilities.height?.max, 2160);
    assert.equal(capabilities.frameRate?.max, 20);
  });

  it('serializes a device with toJSON() to its four attributes', async () => {
    const [first] = await exposeAll(fake());
    assert.deepEqual(Object.keys(first?.toJSON() ?? {}).sort(), ['deviceId', 'groupId', 'kind', 'label']);
    assert.deepEqual(JSON.parse(JSON.stringify(first)), first?.toJSON());
  });

  it('shows a camera plugged in after the capture', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera' });
    const cameras = (await md.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    assert.deepEqual(
      cameras.map((d) => d.label),
      ['fake_device_0', 'USB camera'],
    );
  });

  it('lists a camera plugged in before the capture, as its tracks’ deviceId shows', async () => {
    const md = fake();
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera', isDefault: true });
    const stream = await md.getUserMedia({ video: true });
    const track = stream.getVideoTracks()[0];
    assert.equal(track?.label, 'USB camera');
    const cameras = (await md.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    assert.deepEqual(
      cameras.map((d) => d.label),
      ['USB camera', 'fake_device_0'],
    );
    assert.equal(cameras[0]?.deviceId, track?.getSettings().deviceId);
    stopAll(stream);
  });

  it('no longer lists a device unplugged before the capture', async () => {
    const md = fake({ devices: 'device-count=2' });
    controlDevices(md).removeDevice('fake_device_1');
    const devices = await exposeAll(md);
    assert.equal(
      devices.some((d) => d.label === 'fake_device_1'),
      false,
    );
  });

  it('lists a new default camera first', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'USB camera', isDefault: true });
    const cameras = (await md.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    assert.deepEqual(
      cameras.map((d) => d.label),
      ['USB camera', 'fake_device_0'],
    );
  });
});
