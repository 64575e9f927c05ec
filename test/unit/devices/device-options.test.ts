// The environment of the default MediaDevices object: MEDIACAPTURE_FAKE_DEVICES, MEDIACAPTURE_PERMISSION
// and MEDIACAPTURE_DEVICE_ID_SALT. This file runs in its own process, so it may change process.env.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { parsePermissionState, readEnvironment } from '../../../src/devices/device-options.js';
import { createMediaDevices } from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';

const VARIABLES = ['MEDIACAPTURE_FAKE_DEVICES', 'MEDIACAPTURE_PERMISSION', 'MEDIACAPTURE_DEVICE_ID_SALT'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

function restoreEnvironment(): void {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) {
      delete process.env[name];
    } else {
      process.env[name] = saved[name];
    }
  }
}

describe('readEnvironment()', () => {
  it('chooses the system devices, granted permission and no salt when nothing is set', () => {
    assert.deepEqual(readEnvironment({}), {
      devices: { type: 'system' },
      permission: 'granted',
      deviceIdSalt: undefined,
    });
  });

  it('chooses the system devices for an empty MEDIACAPTURE_FAKE_DEVICES or "0"', () => {
    for (const value of ['', '  ', '0']) {
      assert.deepEqual(readEnvironment({ MEDIACAPTURE_FAKE_DEVICES: value }).devices, { type: 'system' }, value);
    }
  });

  it('chooses the default fake set for MEDIACAPTURE_FAKE_DEVICES=1', () => {
    assert.deepEqual(readEnvironment({ MEDIACAPTURE_FAKE_DEVICES: '1' }).devices, {
      type: 'fake',
      options: { fps: 20, deviceCount: 1 },
    });
  });

  it('reads Chromium-style options from MEDIACAPTURE_FAKE_DEVICES', () => {
    assert.deepEqual(readEnvironment({ MEDIACAPTURE_FAKE_DEVICES: 'fps=30,device-count=2' }).devices, {
      type: 'fake',
      options: { fps: 30, deviceCount: 2 },
    });
  });

  it('throws for bad MEDIACAPTURE_FAKE_DEVICES options, naming the variable and the problem', () => {
    assert.throws(() => readEnvironment({ MEDIACAPTURE_FAKE_DEVICES: 'fps=fast' }), /MEDIACAPTURE_FAKE_DEVICES.*fps/);
    assert.throws(() => readEnvironment({ MEDIACAPTURE_FAKE_DEVICES: 'speed=2' }), /MEDIACAPTURE_FAKE_DEVICES.*speed/);
  });

  it('reads MEDIACAPTURE_PERMISSION, ignoring surrounding spaces', () => {
    assert.equal(readEnvironment({ MEDIACAPTURE_PERMISSION: 'denied' }).permission, 'denied');
    assert.equal(readEnvironment({ MEDIACAPTURE_PERMISSION: 'prompt' }).permission, 'prompt');
    assert.equal(readEnvironment({ MEDIACAPTURE_PERMISSION: 'granted' }).permission, 'granted');
    assert.equal(readEnvironment({ MEDIACAPTURE_PERMISSION: ' denied ' }).permission, 'denied');
    assert.equal(readEnvironment({ MEDIACAPTURE_PERMISSION: '' }).permission, 'granted');
  });

  it('throws for an unknown MEDIACAPTURE_PERMISSION, naming the variable and the value', () => {
    assert.throws(() => readEnvironment({ MEDIACAPTURE_PERMISSION: 'allow' }), /MEDIACAPTURE_PERMISSION.*allow/);
    assert.throws(() => readEnvironment({ MEDIACAPTURE_PERMISSION: 'Granted' }), /Granted/);
  });

  it('passes MEDIACAPTURE_DEVICE_ID_SALT through', () => {
    assert.equal(readEnvironment({ MEDIACAPTURE_DEVICE_ID_SALT: 's3cret' }).deviceIdSalt, 's3cret');
  });

  it('reads MEDIACAPTURE_FAKE_VIDEO_FILE and MEDIACAPTURE_FAKE_AUDIO_FILE as they are, %noloop included', () => {
    const env = readEnvironment({
      MEDIACAPTURE_FAKE_VIDEO_FILE: '/media/clip.y4m',
      MEDIACAPTURE_FAKE_AUDIO_FILE: '/media/tone.wav%noloop',
    });
    assert.equal(env.videoFile, '/media/clip.y4m');
    assert.equal(env.audioFile, '/media/tone.wav%noloop');
    const unset = readEnvironment({ MEDIACAPTURE_FAKE_VIDEO_FILE: '', MEDIACAPTURE_FAKE_AUDIO_FILE: '  ' });
    assert.equal('videoFile' in unset, false);
    assert.equal('audioFile' in unset, false);
  });
});

describe('parsePermissionState()', () => {
  it('accepts granted, denied and prompt', () => {
    for (const state of ['granted', 'denied', 'prompt'] as const) {
      assert.equal(parsePermissionState(state, 'test'), state);
    }
  });

  it('throws an error naming the source and listing the answers', () => {
    assert.throws(() => parsePermissionState('yes', 'option x'), /option x.*granted, denied, prompt.*"yes"/);
  });
});

describe('createMediaDevices() and the environment', () => {
  afterEach(restoreEnvironment);

  it("has the system's devices without MEDIACAPTURE_FAKE_DEVICES, and a kind without any says how to get the fake ones", async () => {
    delete process.env['MEDIACAPTURE_FAKE_DEVICES'];
    const md = createMediaDevices({ permission: 'granted' });
    await md.enumerateDevices();
    const devices = controlDevices(md).devices();
    assert.deepEqual(
      devices.filter((d) => d.label.startsWith('Fake ') || d.id.startsWith('fake_')),
      [],
    );
    // The machine may have devices of either kind; a kind it lacks gets the hint.
    const missing = (['videoinput', 'audioinput'] as const).find((kind) => !devices.some((d) => d.kind === kind));
    if (missing !== undefined) {
      await assert.rejects(md.getUserMedia(missing === 'videoinput' ? { video: true } : { audio: true }), (error: unknown) => {
        assert.ok(error instanceof DOMException);
        assert.equal(error.name, 'NotFoundError');
        assert.match(error.message, /system devices from|no capture system/);
        assert.match(error.message, /MEDIACAPTURE_FAKE_DEVICES/);
        return true;
      });
    }
  });

  it('uses the fake devices for MEDIACAPTURE_FAKE_DEVICES', async () => {
    process.env['MEDIACAPTURE_FAKE_DEVICES'] = 'device-count=2';
    const md = createMediaDevices({ permission: 'granted' });
    const stream = await md.getUserMedia({ video: true });
    stream.getTracks()[0]?.stop();
    assert.equal((await md.enumerateDevices()).filter((d) => d.kind === 'videoinput').length, 2);
  });

  it('lets the devices option win over MEDIACAPTURE_FAKE_DEVICES', async () => {
    process.env['MEDIACAPTURE_FAKE_DEVICES'] = '1';
    const md = createMediaDevices({ devices: 'system' });
    await md.enumerateDevices();
    // The machine's devices, whatever they are here: none of the fake set.
    assert.deepEqual(
      controlDevices(md)
        .devices()
        .filter((d) => d.label.startsWith('Fake ') || d.id.startsWith('fake_')),
      [],
    );
  });

  it('refuses media files for the system devices: they play on the fake devices only', async () => {
    const md = createMediaDevices({ devices: 'system' });
    for (const swap of [controlDevices(md).setVideoFile, controlDevices(md).setAudioFile]) {
      await assert.rejects(swap('clip.y4m'), { name: 'Error', message: /media files play on the fake devices only/ });
    }
  });

  it('answers with MEDIACAPTURE_PERMISSION unless the permission option is given', async () => {
    process.env['MEDIACAPTURE_PERMISSION'] = 'denied';
    const denied = createMediaDevices({ devices: 'fake' });
    await assert.rejects(denied.getUserMedia({ audio: true }), { name: 'NotAllowedError' });
    const granted = createMediaDevices({ devices: 'fake', permission: 'granted' });
    const stream = await granted.getUserMedia({ audio: true });
    stream.getTracks()[0]?.stop();
  });

  it('fills a kind missing from the permission option from MEDIACAPTURE_PERMISSION', async () => {
    process.env['MEDIACAPTURE_PERMISSION'] = 'denied';
    const md = createMediaDevices({ devices: 'fake', permission: { camera: 'granted' } });
    await assert.rejects(md.getUserMedia({ audio: true }), { name: 'NotAllowedError' });
    const stream = await md.getUserMedia({ video: true });
    stream.getTracks()[0]?.stop();
  });

  it('throws for a bad MEDIACAPTURE_PERMISSION', () => {
    process.env['MEDIACAPTURE_PERMISSION'] = 'sometimes';
    assert.throws(() => createMediaDevices({ devices: 'fake' }), /MEDIACAPTURE_PERMISSION/);
  });

  it('derives deviceIds with MEDIACAPTURE_DEVICE_ID_SALT unless deviceIdSalt is given', async () => {
    const cameraId = async (options: { deviceIdSalt?: string } = {}): Promise<string | undefined> => {
      const md = createMediaDevices({ devices: 'fake', permission: 'granted', ...options });
      const stream = await md.getUserMedia({ video: true });
      const id = stream.getVideoTracks()[0]?.getSettings().deviceId;
      stream.getTracks()[0]?.stop();
      return id;
    };
    delete process.env['MEDIACAPTURE_DEVICE_ID_SALT'];
    const unsalted = await cameraId();
    process.env['MEDIACAPTURE_DEVICE_ID_SALT'] = 'pepper';
    const salted = await cameraId();
    assert.notEqual(salted, unsalted);
    assert.equal(await cameraId(), salted);
    assert.equal(await cameraId({ deviceIdSalt: 'pepper' }), salted);
    assert.notEqual(await cameraId({ deviceIdSalt: 'other' }), salted);
  });
});
