// https://w3c.github.io/mediacapture-main/#dfn-selectsettings and the failed constraint of
// https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-algorithm, on the fake devices.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitnessDistance, type SettingsDictionary } from '../../../src/constraints/fitness.js';
import { normalizeConstraints } from '../../../src/constraints/normalize.js';
import { selectSettings, type SelectResult } from '../../../src/constraints/select-settings.js';
import type { SettingsRegion } from '../../../src/constraints/settings-space.js';
import { settingsSpaceOf, type CaptureRegionTag } from '../../../src/sources/capture-model.js';
import { fakeCameraModel } from '../../../src/devices/fake-devices.js';
import { CAMERA, MICROPHONE, cameraSpace, convert, microphoneSpace, select, type Space } from './fake-spaces.js';

const camera20 = cameraSpace(20);
const camera30 = cameraSpace(30);
const microphone = microphoneSpace();

/** The selected settings; fails the test when selection failed. */
function settingsOf(result: SelectResult<CaptureRegionTag>): SettingsDictionary {
  assert.ok(result.ok, `expected settings, got failedConstraint ${JSON.stringify(result.ok ? '' : result.failedConstraint)}`);
  return result.settings;
}

/** The failed constraint; fails the test when selection succeeded. */
function failureOf(result: SelectResult<CaptureRegionTag>): string {
  assert.ok(!result.ok, `expected a failure, got ${JSON.stringify(result.ok ? result.settings : '')}`);
  return result.failedConstraint;
}

function pick(settings: Readonly<Record<string, unknown>>, ...names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, settings[name]]));
}

describe('SelectSettings on the fake camera', () => {
  it('gives Chromium\'s 640x480@20 with resizeMode "none", and its camera controls\' initial values, without constraints', () => {
    assert.deepEqual(settingsOf(select(camera20, {})), {
      width: 640,
      height: 480,
      aspectRatio: 1.3333333333,
      frameRate: 20,
      resizeMode: 'none',
      deviceId: CAMERA.deviceId,
      groupId: CAMERA.groupId,
      backgroundBlur: false,
      exposureMode: 'manual',
      focusMode: 'manual',
      pointsOfInterest: '',
      exposureTime: 50,
      focusDistance: 50,
      pan: 100,
      tilt: 100,
      zoom: 100,
    });
  });

  it('gives 1280x720@30 for {width: 1280, height: 720, frameRate: 60} at fps 30', () => {
    const settings = settingsOf(select(camera30, { width: 1280, height: 720, frameRate: 60 }));
    assert.deepEqual(pick(settings, 'width', 'height', 'frameRate', 'resizeMode'), { width: 1280, height: 720, frameRate: 30, resizeMode: 'none' });
  });

  it('fails with "width" for {width: {exact: 99999}}', () => {
    assert.equal(failureOf(select(camera20, { width: { exact: 99999 } })), 'width');
  });

  it('never fails because of ideal values', () => {
    const settings = settingsOf(
      select(camera20, {
        width: { ideal: 99999 },
        height: 0,
        frameRate: { ideal: 1000 },
        facingMode: { ideal: 'user' },
        resizeMode: 'bogus',
        deviceId: { ideal: 'another-camera' },
        advanced: [],
      }),
    );
    assert.deepEqual(pick(settings, 'width', 'frameRate', 'deviceId'), { width: 3840, frameRate: 20, deviceId: CAMERA.deviceId });
  });

  it('keeps the constraint set of the spec\'s example: at least 640x480, ideally 1280x720', () => {
    const settings = settingsOf(select(camera20, { width: { min: 640, ideal: 1280 }, height: { min: 480, ideal: 720 }, frameRate: { min: 20 } }));
    assert.deepEqual(pick(settings, 'width', 'height', 'frameRate', 'resizeMode'), { width: 1280, height: 720, frameRate: 20, resizeMode: 'none' });
  });

  it('fails with "frameRate" when the camera cannot reach the required minimum', () => {
    assert.equal(failureOf(select(camera20, { width: { min: 640 }, frameRate: { min: 30 } })), 'frameRate');
  });

  it('reports one of the constraints that no setting meets alone, whichever is tried first', () => {
    const failed = failureOf(select(camera20, { height: { exact: 5000 }, width: { min: 4000 } }));
    assert.ok(failed === 'width' || failed === 'height', failed);
  });

  it('fails with "" when each required constraint can be met alone but not all together', () => {
    assert.equal(failureOf(select(camera20, { width: { exact: 640 }, resizeMode: { exact: 'none' }, frameRate: { exact: 10 } })), '');
    assert.equal(failureOf(select(camera20, { width: { exact: 640 }, height: { exact: 480 }, aspectRatio: { exact: 16 / 9 } })), '');
  });

  it('fails on a min above the max of the same constraint', () => {
    assert.equal(failureOf(select(camera20, { width: { min: 640, max: 320 } })), 'width');
  });
});

describe('resizeMode "crop-and-scale"', () => {
  it('offers any smaller size: {width: {exact: 333}, height: {exact: 222}}', () => {
    const settings = settingsOf(select(camera20, { width: { exact: 333 }, height: { exact: 222 } }));
    assert.deepEqual(pick(settings, 'width', 'height', 'aspectRatio', 'frameRate', 'resizeMode'), {
      width: 333,
      height: 222,
      aspectRatio: 1.5,
      frameRate: 20,
      resizeMode: 'crop-and-scale',
    });
  });

  it('offers any lower frame rate', () => {
    const settings = settingsOf(select(camera20, { frameRate: { exact: 7.5 } }));
    assert.deepEqual(pick(settings, 'width', 'height', 'frameRate', 'resizeMode'), { width: 640, height: 480, frameRate: 7.5, resizeMode: 'crop-and-scale' });
  });

  it('takes an exact double a rounding error beyond the range as its end, and one clearly beyond as a failure', () => {
    const above = settingsOf(select(camera20, { frameRate: { exact: 20 + 5e-7 } }));
    assert.equal(above.frameRate, 20);
    const below = settingsOf(select(camera20, { frameRate: { exact: -5e-7 } }));
    assert.equal(below.frameRate, 0);
    assert.equal(failureOf(select(camera20, { frameRate: { exact: 20.001 } })), 'frameRate');
  });

  it('never goes beyond the largest native mode', () => {
    assert.equal(failureOf(select(camera20, { width: { exact: 3841 } })), 'width');
    assert.equal(failureOf(select(camera20, { height: { min: 2161 } })), 'height');
    assert.equal(failureOf(select(camera20, { frameRate: { min: 20.5 } })), 'frameRate');
    assert.equal(failureOf(select(camera20, { aspectRatio: { min: 3841 } })), 'aspectRatio');
  });

  it('is not offered when resizeMode "none" is required', () => {
    assert.equal(failureOf(select(camera20, { resizeMode: { exact: 'none' }, width: { exact: 333 } })), '');
    const native = settingsOf(select(camera20, { resizeMode: { exact: 'none' }, width: { min: 1000, max: 1500 } }));
    assert.deepEqual(pick(native, 'width', 'height', 'resizeMode'), { width: 1280, height: 720, resizeMode: 'none' });
  });

  it('includes every native mode, as the spec requires of crop-and-scale', () => {
    const settings = settingsOf(
      select(camera20, { resizeMode: { exact: 'crop-and-scale' }, width: { exact: 1920 }, height: { exact: 1080 }, frameRate: { exact: 20 } }),
    );
    assert.deepEqual(pick(settings, 'width', 'height', 'frameRate', 'resizeMode'), { width: 1920, height: 1080, frameRate: 20, resizeMode: 'crop-and-scale' });
  });

  it('goes to the ideal frame rate by decimation when no native mode has it', () => {
    const settings = settingsOf(select(camera20, { frameRate: 5 }));
    assert.deepEqual(pick(settings, 'width', 'height', 'frameRate', 'resizeMode'), { width: 640, height: 480, frameRate: 5, resizeMode: 'crop-and-scale' });
  });

  it('derives the size from a required aspect ratio and width', () => {
    const settings = settingsOf(select(camera20, { aspectRatio: { exact: 4 / 3 }, width: { exact: 1280 } }));
    assert.deepEqual(pick(settings, 'width', 'height', 'aspectRatio'), { width: 1280, height: 960, aspectRatio: 1.3333333333 });
  });
});

describe('the smallest fitness distance', () => {
  const distance = (a: number, i: number): number => (a === i ? 0 : Math.abs(a - i) / Math.max(Math.abs(a), Math.abs(i)));

  /** The smallest fitness distance over every size up to 3840x2160, by exhaustive search. */
  function smallestSizeDistance(ideal: { width?: number; height?: number; aspectRatio?: number }): number {
    let best = Infinity;
    for (let height = 1; height <= 2160; height++) {
      for (let width = 1; width <= 3840; width++) {
        const ratio = Math.round((width / height) * 1e10) / 1e10;
        const d =
          (ideal.width === undefined ? 0 : distance(width, ideal.width)) +
          (ideal.height === undefined ? 0 : distance(height, ideal.height)) +
          (ideal.aspectRatio === undefined ? 0 : distance(ratio, ideal.aspectRatio));
        best = Math.min(best, d);
      }
    }
    return best;
  }

  for (const ideal of [{ width: 1280, height: 720, aspectRatio: 3 / 2 }, { height: 333, aspectRatio: 2.35 }, { width: 1000, height: 2000, aspectRatio: 4 / 3 }]) {
    it(`is reached for the ideals ${JSON.stringify(ideal)}`, () => {
      const result = select(camera20, ideal);
      const settings = settingsOf(result);
      const basic = normalizeConstraints(convert(ideal), 'video').basic;
      const fitness = fitnessDistance(settings, basic, 'basic', 'video');
      assert.ok(Math.abs(fitness - smallestSizeDistance(ideal)) < 1e-9, `fitness ${fitness} for ${JSON.stringify(settings)}`);
    });
  }

  it('is 1080x720 for the spec\'s {width: 1280, height: 720, aspectRatio: 3/2}', () => {
    const settings = settingsOf(select(camera20, { width: 1280, height: 720, aspectRatio: 3 / 2 }));
    assert.deepEqual(pick(settings, 'width', 'height', 'aspectRatio'), { width: 1080, height: 720, aspectRatio: 1.5 });
  });
});

describe('advanced constraint sets', () => {
  // The spec's example: "My preference is for precisely 1920x1280, but if you can't give me that, give me an
  // aspectRatio of 4x3 if at all possible", then a frame rate above 50, else above 40.
  const example = {
    width: { min: 640, ideal: 1280 },
    height: { min: 480, ideal: 720 },
    frameRate: { min: 30 },
    advanced: [{ width: 1920, height: 1280 }, { aspectRatio: 4 / 3 }, { frameRate: { min: 50 } }, { frameRate: { min: 40 } }],
  };

  it('applies the first set and skips the aspect ratio set that cannot be met with it', () => {
    const settings = settingsOf(select(camera30, example));
    assert.deepEqual(pick(settings, 'width', 'height', 'aspectRatio', 'frameRate'), { width: 1920, height: 1280, aspectRatio: 1.5, frameRate: 30 });
  });

  it('skips the frameRate 50 set but applies the frameRate 40 set on a 45 fps camera', () => {
    const settings = settingsOf(select(cameraSpace(45), example));
    assert.equal(settings['width'], 1920);
    assert.equal(settings['height'], 1280);
    const frameRate = settings['frameRate'] as number;
    assert.ok(frameRate >= 40 && frameRate <= 45, `frameRate ${frameRate}`);
  });

  it('applies the frameRate 50 set on a 60 fps camera', () => {
    const frameRate = settingsOf(select(cameraSpace(60), example))['frameRate'] as number;
    assert.ok(frameRate >= 50 && frameRate <= 60, `frameRate ${frameRate}`);
  });

  it('still fails on the basic frameRate minimum whatever the advanced sets say', () => {
    assert.equal(failureOf(select(camera20, example)), 'frameRate');
  });

  it('follows the order of the sets: the aspect ratio set first makes 1920x1280 impossible', () => {
    const settings = settingsOf(select(camera30, { ...example, advanced: [{ aspectRatio: 4 / 3 }, { width: 1920, height: 1280 }] }));
    // 960x720 and 1280x960 are equally fit (0.25); the user agent default of 640x480 breaks the tie.
    assert.deepEqual(pick(settings, 'width', 'height', 'aspectRatio'), { width: 960, height: 720, aspectRatio: 1.3333333333 });
  });

  it('satisfies a set all together or not at all', () => {
    const settings = settingsOf(select(camera20, { advanced: [{ width: 640, height: 720, resizeMode: 'none' }] }));
    assert.deepEqual(pick(settings, 'width', 'height', 'resizeMode'), { width: 640, height: 480, resizeMode: 'none' });
  });

  it('skips a set that no candidate meets and still tries the sets after it', () => {
    const settings = settingsOf(select(camera20, { advanced: [{ width: 5000 }, { height: { max: 100 } }, { width: 50 }] }));
    // The first set is skipped; the second and third both hold. Which height (<= 100) goes with width 50 is
    // a user agent choice: ours keeps the shape of the native mode it crops from.
    assert.equal(settings['width'], 50);
    assert.ok((settings['height'] as number) <= 100);
  });

  it('reads a bare value as exact, overriding the basic ideal', () => {
    const settings = settingsOf(select(camera20, { width: { ideal: 1280 }, advanced: [{ width: 641 }] }));
    assert.equal(settings['width'], 641);
    const facing = settingsOf(select(cameraSpace(20, 'user'), { advanced: [{ facingMode: 'environment' }, { deviceId: 'other' }] }));
    assert.equal(facing['facingMode'], 'user');
  });

  it('never makes the basic constraints fail', () => {
    const settings = settingsOf(select(camera20, { width: { max: 700 }, advanced: [{ width: { min: 800 } }] }));
    assert.equal(settings['width'], 640);
  });
});

describe('facingMode', () => {
  it('fails {exact: "user"} on a camera that does not know where it faces', () => {
    assert.equal(failureOf(select(camera20, { facingMode: { exact: 'user' } })), 'facingMode');
  });

  it('meets {exact: "user"} on a camera facing the user, and a list as a disjunction', () => {
    const user = cameraSpace(20, 'user');
    assert.equal(settingsOf(select(user, { facingMode: { exact: 'user' } }))['facingMode'], 'user');
    assert.equal(settingsOf(select(user, { facingMode: { exact: ['environment', 'user'] } }))['facingMode'], 'user');
    assert.equal(failureOf(select(user, { facingMode: { exact: 'environment' } })), 'facingMode');
  });
});

describe('SelectSettings on the fake microphone', () => {
  it('gives 48 kHz mono with echo cancellation on without constraints', () => {
    assert.deepEqual(settingsOf(select(microphone, {})), {
      sampleRate: 48000,
      sampleSize: 16,
      echoCancellation: true,
      autoGainControl: true,
      noiseSuppression: true,
      latency: 0.01,
      channelCount: 1,
      deviceId: MICROPHONE.deviceId,
      groupId: MICROPHONE.groupId,
      voiceIsolation: false,
    });
  });

  it('honours {channelCount: 2, sampleRate: 44100, echoCancellation: false}', () => {
    const settings = settingsOf(select(microphone, { channelCount: 2, sampleRate: 44100, echoCancellation: false }));
    assert.deepEqual(pick(settings, 'channelCount', 'sampleRate', 'echoCancellation'), { channelCount: 2, sampleRate: 44100, echoCancellation: false });
  });

  it('honours the echoCancellation mode "remote-only" and fails on "all", which it does not offer', () => {
    assert.equal(settingsOf(select(microphone, { echoCancellation: { exact: 'remote-only' } }))['echoCancellation'], 'remote-only');
    assert.equal(failureOf(select(microphone, { echoCancellation: { exact: 'all' } })), 'echoCancellation');
  });

  it('fails with the name of a required constraint it cannot meet', () => {
    assert.equal(failureOf(select(microphone, { sampleRate: { exact: 32000 } })), 'sampleRate');
    assert.equal(failureOf(select(microphone, { channelCount: { min: 3 } })), 'channelCount');
    assert.equal(failureOf(select(microphone, { latency: { max: 0.005 } })), 'latency');
    assert.equal(failureOf(select(microphone, { deviceId: { exact: CAMERA.deviceId } })), 'deviceId');
  });

  it('ignores video constraints, even required ones', () => {
    const settings = settingsOf(select(microphone, { width: { exact: 640 }, facingMode: { exact: 'user' }, channelCount: 2 }));
    assert.equal(settings['channelCount'], 2);
    assert.equal(Object.hasOwn(settings, 'width'), false);
  });

  it('goes to an ideal sample rate inside its range', () => {
    assert.equal(settingsOf(select(microphone, { sampleRate: 46000 }))['sampleRate'], 46000);
  });

  it('goes to the nearest value the device offers for an ideal outside its range', () => {
    const settings = settingsOf(select(microphone, { sampleRate: 96000, channelCount: 6 }));
    assert.deepEqual(pick(settings, 'sampleRate', 'channelCount'), { sampleRate: 48000, channelCount: 2 });
  });
});

describe('cameras taller than 8192 pixels', () => {
  const tall = (width: number, height: number): Space => ({
    kind: 'video',
    regions: settingsSpaceOf({ ...fakeCameraModel(30), modes: [{ width, height, frameRate: 30 }] }, CAMERA),
  });

  it('find the sizes of a required aspect ratio that lie far from the bounds of the mode', () => {
    const settings = settingsOf(select(tall(100, 10000), { aspectRatio: { exact: 1.5 } }));
    assert.equal(settings['aspectRatio'], 1.5);
    assert.ok((settings['width'] as number) <= 100, JSON.stringify(settings));
    assert.equal(failureOf(select(tall(100, 10000), { aspectRatio: { exact: 1.5 }, height: { min: 67 } })), '');
  });

  it('find the size closest to the ideals on a 16K camera', () => {
    const settings = settingsOf(select(tall(15360, 8640), { aspectRatio: { exact: 1.5 }, width: { ideal: 1000 } }));
    assert.deepEqual(pick(settings, 'width', 'height', 'aspectRatio'), { width: 999, height: 666, aspectRatio: 1.5 });
  });
});

describe('device selection over a settings space without crop-and-scale', () => {
  // The spec's capabilities example: a camera with only 640x480 and 800x600.
  const regions: SettingsRegion<string>[] = [
    { width: 640, height: 480 },
    { width: 800, height: 600 },
  ].map(({ width, height }) => ({
    tag: `${width}x${height}`,
    domains: new Map([
      ['width', { type: 'values', values: [width] }],
      ['height', { type: 'values', values: [height] }],
    ]),
    defaults: new Map(),
  }));
  const run = (raw: unknown): SelectResult<string> => selectSettings(regions, normalizeConstraints(convert(raw), 'video'), 'video');

  it('does not combine the width of one mode with the height of another', () => {
    const result = run({ width: { exact: 800 }, height: { exact: 480 } });
    assert.deepEqual(result, { ok: false, failedConstraint: '' });
  });

  it('picks the mode the required constraints leave', () => {
    const result = run({ height: { min: 500 } });
    assert.ok(result.ok);
    assert.equal(result.tag, '800x600');
    assert.deepEqual(result.settings, { width: 800, height: 600, aspectRatio: 1.3333333333 });
  });
});
