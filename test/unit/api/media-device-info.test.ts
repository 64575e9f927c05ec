import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMediaDevices,
  InputDeviceInfo,
  MediaDeviceInfo,
  MediaDevices,
  type MediaStreamTrack,
} from '../../../src/index.js';

/** The device infos of a fresh MediaDevices object after a capture of audio and video, and the tracks. */
async function enumerateAfterCapture(): Promise<{
  md: MediaDevices;
  devices: MediaDeviceInfo[];
  audio: MediaStreamTrack;
  video: MediaStreamTrack;
}> {
  const md = createMediaDevices({ devices: 'fake' });
  const stream = await md.getUserMedia({ audio: true, video: true });
  const [audio] = stream.getAudioTracks();
  const [video] = stream.getVideoTracks();
  assert.ok(audio !== undefined && video !== undefined);
  return { md, devices: await md.enumerateDevices(), audio, video };
}

function inputsOf(devices: readonly MediaDeviceInfo[]): InputDeviceInfo[] {
  return devices.filter((d): d is InputDeviceInfo => d instanceof InputDeviceInfo);
}

const KINDS = ['audioinput', 'audiooutput', 'videoinput'];

describe('MediaDeviceInfo and InputDeviceInfo interface shape', () => {
  it('have every IDL member as an enumerable property of their prototypes', () => {
    for (const member of ['deviceId', 'kind', 'label', 'groupId', 'toJSON']) {
      const descriptor = Object.getOwnPropertyDescriptor(MediaDeviceInfo.prototype, member);
      assert.equal(descriptor?.enumerable, true, `MediaDeviceInfo.${member}`);
    }
    const descriptor = Object.getOwnPropertyDescriptor(InputDeviceInfo.prototype, 'getCapabilities');
    assert.equal(descriptor?.enumerable, true);
    assert.equal(typeof descriptor?.value, 'function');
  });

  it('have read-only attributes', async () => {
    for (const member of ['deviceId', 'kind', 'label', 'groupId']) {
      const descriptor = Object.getOwnPropertyDescriptor(MediaDeviceInfo.prototype, member);
      assert.equal(typeof descriptor?.get, 'function');
      assert.equal(descriptor?.set, undefined, `${member} has a setter`);
    }
    const { devices } = await enumerateAfterCapture();
    const info = devices[0] as MediaDeviceInfo;
    const label = info.label;
    assert.throws(() => {
      (info as unknown as { label: string }).label = 'changed';
    }, TypeError);
    assert.equal(info.label, label);
  });

  it('make InputDeviceInfo inherit from MediaDeviceInfo, which is not an EventTarget', () => {
    assert.equal(Object.getPrototypeOf(InputDeviceInfo.prototype), MediaDeviceInfo.prototype);
    assert.equal(Object.getPrototypeOf(MediaDeviceInfo.prototype), Object.prototype);
  });

  it('are tagged with their own interface name by Object.prototype.toString', async () => {
    const { devices } = await enumerateAfterCapture();
    const input = devices.find((d) => d.kind === 'videoinput');
    const output = devices.find((d) => d.kind === 'audiooutput');
    assert.equal(Object.prototype.toString.call(input), '[object InputDeviceInfo]');
    assert.equal(Object.prototype.toString.call(output), '[object MediaDeviceInfo]');
  });

  it('cannot be constructed from script, nor can MediaDevices', () => {
    for (const Ctor of [MediaDeviceInfo, InputDeviceInfo, MediaDevices] as unknown as (new (...args: unknown[]) => unknown)[]) {
      assert.throws(() => new Ctor(), { name: 'TypeError', message: 'Illegal constructor' });
      assert.throws(() => new Ctor(Symbol('mediacapture.internal'), {}), { name: 'TypeError', message: 'Illegal constructor' });
    }
  });

  it('throw a TypeError from getters and methods called on something that is not a device info', async () => {
    for (const member of ['deviceId', 'kind', 'label', 'groupId']) {
      const getter = Object.getOwnPropertyDescriptor(MediaDeviceInfo.prototype, member)?.get;
      assert.throws(() => getter?.call({}), TypeError, member);
    }
    assert.throws(() => MediaDeviceInfo.prototype.toJSON.call({} as MediaDeviceInfo), TypeError);
    assert.throws(() => InputDeviceInfo.prototype.getCapabilities.call({} as InputDeviceInfo), TypeError);
    const { devices } = await enumerateAfterCapture();
    const output = devices.find((d) => d.kind === 'audiooutput') as MediaDeviceInfo;
    assert.throws(() => InputDeviceInfo.prototype.getCapabilities.call(output as InputDeviceInfo), TypeError);
  });
});

describe('MediaDeviceInfo attributes', () => {
  it('describe inputs with InputDeviceInfo and outputs with plain MediaDeviceInfo', async () => {
    const { devices } = await enumerateAfterCapture();
    assert.ok(devices.length > 0);
    for (const info of devices) {
      assert.ok(info instanceof MediaDeviceInfo);
      assert.ok(KINDS.includes(info.kind), info.kind);
      assert.equal(info instanceof InputDeviceInfo, info.kind !== 'audiooutput', `${info.kind} ${info.label}`);
    }
    assert.ok(devices.some((d) => d.kind === 'audioinput'));
    assert.ok(devices.some((d) => d.kind === 'videoinput'));
  });

  it('give every device a non-empty label and an id unique within its kind', async () => {
    const { devices } = await enumerateAfterCapture();
    const keys = new Set<string>();
    for (const info of devices) {
      assert.equal(typeof info.deviceId, 'string');
      assert.notEqual(info.deviceId, '');
      assert.notEqual(info.label, '');
      assert.equal(typeof info.groupId, 'string');
      const key = `${info.kind}/${info.deviceId}`;
      assert.ok(!keys.has(key), `duplicate ${key}`);
      keys.add(key);
    }
  });

  it('identify the device a track captures from by its deviceId and groupId', async () => {
    const { devices, audio, video } = await enumerateAfterCapture();
    for (const track of [audio, video]) {
      const { deviceId, groupId } = track.getSettings();
      const info = devices.find((d) => d.kind === `${track.kind}input` && d.deviceId === deviceId);
      assert.ok(info !== undefined, `no ${track.kind} device info for ${deviceId}`);
      assert.equal(info.groupId, groupId);
      assert.equal(info.label, track.label);
    }
  });

  it('keep the same deviceId and groupId across enumerations', async () => {
    const { md, devices } = await enumerateAfterCapture();
    const again = await md.enumerateDevices();
    assert.deepEqual(
      again.map((d) => d.toJSON()),
      devices.map((d) => d.toJSON()),
    );
  });
});

describe('MediaDeviceInfo.toJSON', () => {
  it('has exactly deviceId, kind, label and groupId, in IDL order, with the attribute values', async () => {
    const { devices } = await enumerateAfterCapture();
    for (const info of devices) {
      const json = info.toJSON() as unknown as Record<string, unknown>;
      assert.deepEqual(Object.keys(json), ['deviceId', 'kind', 'label', 'groupId']);
      assert.deepEqual(json, { deviceId: info.deviceId, kind: info.kind, label: info.label, groupId: info.groupId });
    }
  });

  it('gives InputDeviceInfo no extra members: capabilities are not serialized', async () => {
    const { devices } = await enumerateAfterCapture();
    const input = inputsOf(devices)[0] as InputDeviceInfo;
    assert.deepEqual(Object.keys(input.toJSON()), ['deviceId', 'kind', 'label', 'groupId']);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(input)) as object), ['deviceId', 'kind', 'label', 'groupId']);
  });

  it('returns a new plain object each time, so JSON.stringify serializes the attributes', async () => {
    const { devices } = await enumerateAfterCapture();
    const info = devices[0] as MediaDeviceInfo;
    const json = info.toJSON();
    assert.equal(Object.getPrototypeOf(json), Object.prototype);
    assert.notEqual(info.toJSON(), json);
    (json as { label: string }).label = 'changed';
    assert.notEqual(info.label, 'changed');
    assert.equal(JSON.stringify(info), JSON.stringify(info.toJSON()));
  });
});

describe('InputDeviceInfo.getCapabilities', () => {
  it('is an empty dictionary before any capture, when the device info is filtered', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const inputs = inputsOf(await md.enumerateDevices());
    assert.ok(inputs.length > 0);
    for (const info of inputs) {
      assert.equal(info.deviceId, '');
      assert.equal(info.label, '');
      assert.deepEqual(info.getCapabilities(), {});
    }
  });

  it("equals the capabilities of a track from the device after a capture", async () => {
    const { devices, audio, video } = await enumerateAfterCapture();
    for (const track of [audio, video]) {
      const info = inputsOf(devices).find((d) => d.deviceId === track.getSettings().deviceId);
      assert.ok(info !== undefined);
      assert.deepEqual(info.getCapabilities(), track.getCapabilities());
    }
  });

  it('equals what getUserMedia({deviceId}) would give for a device that is not in use', async () => {
    const { md, devices, audio } = await enumerateAfterCapture();
    const other = inputsOf(devices).find((d) => d.kind === 'audioinput' && d.deviceId !== audio.getSettings().deviceId);
    assert.ok(other !== undefined, 'the fake devices have several microphones');
    const expected = other.getCapabilities();
    assert.notDeepEqual(expected, {});
    const stream = await md.getUserMedia({ audio: { deviceId: { exact: other.deviceId } } });
    assert.deepEqual(stream.getAudioTracks()[0]?.getCapabilities(), expected);
  });

  it('returns a fresh copy each time', async () => {
    const { devices } = await enumerateAfterCapture();
    const info = inputsOf(devices).find((d) => d.kind === 'videoinput') as InputDeviceInfo;
    const first = info.getCapabilities();
    const expected = structuredClone(first);
    assert.notEqual(info.getCapabilities(), first);
    (first.width as { max: number }).max = 1;
    first.deviceId = 'changed';
    assert.deepEqual(info.getCapabilities(), expected);
  });
});
