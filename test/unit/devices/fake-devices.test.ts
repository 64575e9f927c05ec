// The fake device set and its Chromium-style options (`--use-fake-device-for-media-stream`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  DEFAULT_FAKE_DEVICE_OPTIONS,
  FAKE_CAMERA_SIZES,
  fakeCameraModel,
  fakeDevices,
  fakeMicrophoneModel,
  parseFakeDeviceOptions,
} from '../../../src/devices/fake-devices.js';
import type { VideoCaptureModel } from '../../../src/sources/capture-model.js';
import { createMediaDevices } from '../../../src/index.js';

describe('parseFakeDeviceOptions()', () => {
  it('takes "1" (and an empty string) to mean Chromium’s defaults: one camera at 20 fps', () => {
    assert.deepEqual(parseFakeDeviceOptions('1'), { fps: 20, deviceCount: 1 });
    assert.deepEqual(parseFakeDeviceOptions(''), { fps: 20, deviceCount: 1 });
    assert.deepEqual(DEFAULT_FAKE_DEVICE_OPTIONS, { fps: 20, deviceCount: 1 });
  });

  it('reads "fps=30,device-count=2"', () => {
    assert.deepEqual(parseFakeDeviceOptions('fps=30,device-count=2'), { fps: 30, deviceCount: 2 });
  });

  it('reads the options in any order, with spaces, and keeps defaults for the ones not given', () => {
    assert.deepEqual(parseFakeDeviceOptions(' device-count = 3 , fps = 15 '), { fps: 15, deviceCount: 3 });
    assert.deepEqual(parseFakeDeviceOptions('fps=30'), { fps: 30, deviceCount: 1 });
    assert.deepEqual(parseFakeDeviceOptions('device-count=2'), { fps: 20, deviceCount: 2 });
  });

  it('accepts a fractional frame rate and zero cameras', () => {
    assert.deepEqual(parseFakeDeviceOptions('fps=29.97'), { fps: 29.97, deviceCount: 1 });
    assert.deepEqual(parseFakeDeviceOptions('device-count=0'), { fps: 20, deviceCount: 0 });
  });

  it('reads Chromium\'s hardware-support: "none", or pan, tilt and zoom joined by "-"', () => {
    assert.deepEqual(parseFakeDeviceOptions('hardware-support=none'), { fps: 20, deviceCount: 1, hardwareSupport: [] });
    assert.deepEqual(parseFakeDeviceOptions('fps=30,hardware-support=zoom-pan'), { fps: 30, deviceCount: 1, hardwareSupport: ['zoom', 'pan'] });
    assert.throws(() => parseFakeDeviceOptions('hardware-support=roll'), /hardware-support/);
    assert.throws(() => parseFakeDeviceOptions('hardware-support='), /hardware-support/);
  });

  it('rejects an unknown option with an error naming it', () => {
    assert.throws(() => parseFakeDeviceOptions('fps=30,colour=red'), /colour/);
    assert.throws(() => parseFakeDeviceOptions('width=640'), /width/);
  });

  it('rejects a frame rate that is not a positive number', () => {
    for (const value of ['0', '-5', 'abc', '', 'Infinity', 'NaN']) {
      assert.throws(() => parseFakeDeviceOptions(`fps=${value}`), /fps/, value);
    }
  });

  it('rejects a device count that is not a whole number from 0', () => {
    for (const value of ['-1', '1.5', 'two', '']) {
      assert.throws(() => parseFakeDeviceOptions(`device-count=${value}`), /device-count/, value);
    }
  });

  it('rejects text that is not a list of key=value pairs', () => {
    for (const text of ['fps', 'fps=30=40', 'fps=30,,device-count=2', '2', 'yes']) {
      assert.throws(() => parseFakeDeviceOptions(text), Error, text);
    }
  });
});

describe('fakeDevices()', () => {
  it('lists three microphones, one camera and three outputs by default', () => {
    const devices = fakeDevices();
    assert.deepEqual(
      devices.map((d) => [d.kind, d.label]),
      [
        ['audioinput', 'Fake Default Audio Input'],
        ['audioinput', 'Fake Audio Input 1'],
        ['audioinput', 'Fake Audio Input 2'],
        ['videoinput', 'fake_device_0'],
        ['audiooutput', 'Fake Default Audio Output'],
        ['audiooutput', 'Fake Audio Output 1'],
        ['audiooutput', 'Fake Audio Output 2'],
      ],
    );
  });

  it('names the cameras fake_device_0 … fake_device_N-1 for device-count=N', () => {
    const cameras = fakeDevices({ fps: 20, deviceCount: 3 }).filter((d) => d.kind === 'videoinput');
    assert.deepEqual(
      cameras.map((d) => d.label),
      ['fake_device_0', 'fake_device_1', 'fake_device_2'],
    );
    assert.deepEqual(
      cameras.map((d) => d.rawId),
      ['fake_device_0', 'fake_device_1', 'fake_device_2'],
    );
    assert.equal(fakeDevices({ fps: 20, deviceCount: 0 }).filter((d) => d.kind === 'videoinput').length, 0);
  });

  it('makes the first device of each kind the one default', () => {
    const devices = fakeDevices({ fps: 20, deviceCount: 2 });
    for (const kind of ['audioinput', 'videoinput', 'audiooutput']) {
      const ofKind = devices.filter((d) => d.kind === kind);
      assert.deepEqual(
        ofKind.map((d) => d.isDefault),
        ofKind.map((_, i) => i === 0),
        kind,
      );
    }
  });

  it('gives every device a system id unique within its kind', () => {
    const devices = fakeDevices({ fps: 20, deviceCount: 3 });
    const keys = devices.map((d) => `${d.kind}/${d.rawId}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('groups microphone N with output N, and nothing else', () => {
    const devices = fakeDevices({ fps: 20, deviceCount: 2 });
    const group = (kind: string, label: string): string | undefined =>
      devices.find((d) => d.kind === kind && d.label === label)?.groupKey;
    assert.equal(group('audioinput', 'Fake Default Audio Input'), group('audiooutput', 'Fake Default Audio Output'));
    assert.equal(group('audioinput', 'Fake Audio Input 1'), group('audiooutput', 'Fake Audio Output 1'));
    assert.equal(group('audioinput', 'Fake Audio Input 2'), group('audiooutput', 'Fake Audio Output 2'));
    assert.equal(new Set(devices.map((d) => d.groupKey)).size, 5);
  });

  it('gives inputs a capture model and outputs none', () => {
    for (const device of fakeDevices()) {
      if (device.kind === 'audiooutput') {
        assert.equal(device.capture, undefined);
      } else {
        assert.equal(device.capture?.kind, device.kind === 'audioinput' ? 'audio' : 'video');
      }
    }
  });

  it('runs every camera mode at the fps option', () => {
    const cameras = fakeDevices({ fps: 30, deviceCount: 2 }).filter((d) => d.kind === 'videoinput');
    for (const camera of cameras) {
      const model = camera.capture as VideoCaptureModel;
      assert.ok(model.modes.every((mode) => mode.frameRate === 30));
    }
  });
});

describe('fake capture models', () => {
  it('offers the camera sizes from 96x96 to 3840x2160, including 640x480, 1280x720 and 1920x1080', () => {
    const sizes = fakeCameraModel(20).modes.map((m) => `${m.width}x${m.height}`);
    assert.equal(sizes[0], '96x96');
    assert.equal(sizes.at(-1), '3840x2160');
    for (const size of ['640x480', '1280x720', '1920x1080']) {
      assert.ok(sizes.includes(size), size);
    }
    assert.deepEqual(
      sizes,
      FAKE_CAMERA_SIZES.map(([w, h]) => `${w}x${h}`),
    );
  });

  it('lets the camera crop and scale, has no background blur, and faces where it is told', () => {
    const model = fakeCameraModel(20);
    assert.equal(model.cropAndScale, true);
    assert.deepEqual(model.backgroundBlur, [false]);
    assert.equal(model.facingMode, undefined);
    assert.equal(fakeCameraModel(20, 'environment').facingMode, 'environment');
  });

  it('makes the microphone 48 kHz mono by default, 44.1–48 kHz and 1–2 channels on request', () => {
    const model = fakeMicrophoneModel();
    assert.equal(model.defaultSampleRate, 48000);
    assert.equal(model.defaultChannelCount, 1);
    assert.deepEqual(model.sampleRate, { min: 44100, max: 48000 });
    assert.deepEqual(model.channelCount, { min: 1, max: 2 });
    assert.equal(model.sampleSize, 16);
    assert.equal(model.latency, 0.01);
    assert.equal(model.echoCancellation[0], true);
    assert.deepEqual(model.voiceIsolation, [false]);
  });
});

describe('the fake device options of createMediaDevices()', () => {
  it('accepts the Chromium option string', async () => {
    const md = createMediaDevices({ devices: 'fps=30,device-count=2', permission: 'granted' });
    const stream = await md.getUserMedia({ video: true });
    const track = stream.getVideoTracks()[0];
    assert.equal(track?.getSettings().frameRate, 30);
    assert.equal(track?.getCapabilities().frameRate?.max, 30);
    track?.stop();
    const cameras = (await md.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    assert.equal(cameras.length, 2);
  });

  it('accepts the options as an object', async () => {
    const md = createMediaDevices({ devices: { deviceCount: 3 }, permission: 'granted' });
    const stream = await md.getUserMedia({ video: true });
    stream.getTracks()[0]?.stop();
    assert.equal((await md.enumerateDevices()).filter((d) => d.kind === 'videoinput').length, 3);
  });

  it('throws for bad options in either form', () => {
    assert.throws(() => createMediaDevices({ devices: 'bogus=1' }), /bogus/);
    assert.throws(() => createMediaDevices({ devices: { fps: 0 } }), /fps/);
    assert.throws(() => createMediaDevices({ devices: { deviceCount: -1 } }), /device-count/);
  });
});
