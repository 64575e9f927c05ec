// https://w3c.github.io/mediacapture-main/#dfn-capabilities and https://w3c.github.io/mediacapture-main/#dfn-settings
// over the settings spaces of the fake devices; the expected numbers are Chromium's (shared/REFERENCES.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { interpretConstraint } from '../../../src/constraints/normalize.js';
import { CONSTRAINABLE_PROPERTIES } from '../../../src/constraints/registry.js';
import {
  capabilitiesOf,
  narrow,
  roundAspectRatio,
  unconstrained,
  type SettingsRegion,
} from '../../../src/constraints/settings-space.js';
import { CAMERA, MICROPHONE, cameraSpace, microphoneSpace, select, type Space } from './fake-spaces.js';
import { settingsWithinCapabilities } from './settings-within-capabilities.js';

const camera = cameraSpace(20);
const microphone = microphoneSpace();

describe('capabilities of the fake camera', () => {
  const capabilities = capabilitiesOf(camera.regions);

  it('are Chromium\'s: width 1-3840, height 1-2160, frameRate 0-20, both resize modes', () => {
    assert.deepEqual(capabilities['width'], { min: 1, max: 3840 });
    assert.deepEqual(capabilities['height'], { min: 1, max: 2160 });
    assert.deepEqual(capabilities['frameRate'], { min: 0, max: 20 });
    assert.deepEqual(capabilities['resizeMode'], ['none', 'crop-and-scale']);
  });

  it('give aspectRatio from 1/2160 to 3840, rounded to the tenth decimal place as aspect ratios are', () => {
    assert.deepEqual(capabilities['aspectRatio'], { min: 0.000462963, max: 3840 });
    const { min } = capabilities['aspectRatio'] as { min: number };
    assert.ok(Math.abs(min - 1 / 2160) < 5e-11);
  });

  it('give the one deviceId and groupId as strings', () => {
    assert.equal(capabilities['deviceId'], CAMERA.deviceId);
    assert.equal(capabilities['groupId'], CAMERA.groupId);
  });

  it('hold only video properties, in the order of MediaTrackSupportedConstraints, then mediacapture-image\'s', () => {
    assert.deepEqual(Object.keys(capabilities), [
      'width',
      'height',
      'aspectRatio',
      'frameRate',
      'resizeMode',
      'deviceId',
      'groupId',
      'backgroundBlur',
      'exposureMode',
      'focusMode',
      'exposureTime',
      'focusDistance',
      'pan',
      'tilt',
      'zoom',
    ]);
  });

  it('are those of Chromium\'s fake camera for its controls, numeric ones as a MediaSettingsRange with a step', () => {
    assert.deepEqual(capabilities['exposureMode'], ['manual', 'continuous']);
    assert.deepEqual(capabilities['focusMode'], ['manual', 'continuous']);
    assert.deepEqual(capabilities['exposureTime'], { min: 10, max: 100, step: 5 });
    assert.deepEqual(capabilities['focusDistance'], { min: 10, max: 100, step: 5 });
    for (const name of ['pan', 'tilt', 'zoom']) {
      assert.deepEqual(capabilities[name], { min: 100, max: 400, step: 1 }, name);
    }
    // Points of interest have a setting but no capability; the fake camera has no torch, iso or white balance.
    for (const name of ['pointsOfInterest', 'torch', 'iso', 'whiteBalanceMode']) {
      assert.equal(name in capabilities, false, name);
    }
  });

  it('follow the frame rate of the camera and list its facing mode when it has one', () => {
    const facing = capabilitiesOf(cameraSpace(30, 'environment').regions);
    assert.deepEqual(facing['frameRate'], { min: 0, max: 30 });
    assert.deepEqual(facing['facingMode'], ['environment']);
  });
});

describe('capabilities of the fake microphone', () => {
  const capabilities = capabilitiesOf(microphone.regions);

  it('are Chromium\'s: channelCount 1-2, sampleRate 44100-48000, echoCancellation true, false, "remote-only"', () => {
    assert.deepEqual(capabilities['channelCount'], { min: 1, max: 2 });
    assert.deepEqual(capabilities['sampleRate'], { min: 44100, max: 48000 });
    assert.deepEqual(capabilities['echoCancellation'], [true, false, 'remote-only']);
  });

  it('give single-valued ranges for sampleSize and latency and both values for the processing switches', () => {
    assert.deepEqual(capabilities['sampleSize'], { min: 16, max: 16 });
    assert.deepEqual(capabilities['latency'], { min: 0.01, max: 0.01 });
    assert.deepEqual(capabilities['autoGainControl'], [true, false]);
    assert.deepEqual(capabilities['noiseSuppression'], [true, false]);
    assert.deepEqual(capabilities['voiceIsolation'], [false]);
  });

  it('hold only audio properties and the identity', () => {
    const audio = CONSTRAINABLE_PROPERTIES.filter((p) => p.kinds.includes('audio')).map((p) => p.name);
    assert.deepEqual(Object.keys(capabilities), audio);
    assert.equal(capabilities['deviceId'], MICROPHONE.deviceId);
  });
});

describe('capabilities of a space without crop-and-scale', () => {
  it('give an aspectRatio range that holds the rounded aspect ratio of every size', () => {
    const region: SettingsRegion = {
      tag: undefined,
      domains: new Map([
        ['width', { type: 'values', values: [1] }],
        ['height', { type: 'values', values: [11] }],
      ]),
      defaults: new Map(),
    };
    // 1/11 is 0.0909090909090909…; the setting is 0.0909090909.
    assert.deepEqual(capabilitiesOf([region])['aspectRatio'], { min: 0.0909090909, max: 0.0909090909 });
  });

  it('report ranges per property, and an aspect ratio that shows sizes do not combine freely', () => {
    // The spec's example: a camera that can only provide 640x480 and 800x600.
    const regions: SettingsRegion[] = [
      [640, 480],
      [800, 600],
    ].map(([width, height]) => ({
      tag: undefined,
      domains: new Map([
        ['width', { type: 'values', values: [width as number] }],
        ['height', { type: 'values', values: [height as number] }],
      ]),
      defaults: new Map(),
    }));
    assert.deepEqual(capabilitiesOf(regions), {
      width: { min: 640, max: 800 },
      height: { min: 480, max: 600 },
      aspectRatio: { min: 1.3333333333, max: 1.3333333333 },
    });
  });
});

describe('settings lie within the capabilities', () => {
  const cases: [string, Space, unknown][] = [
    ['camera, no constraints', camera, {}],
    ['camera, ideal 1920x1080@60', camera, { width: 1920, height: 1080, frameRate: 60 }],
    ['camera, exact 333x222', camera, { width: { exact: 333 }, height: { exact: 222 } }],
    ['camera, the tallest and narrowest size', camera, { width: { exact: 1 }, height: { exact: 2160 } }],
    ['camera, the widest and flattest size', camera, { width: { exact: 3840 }, height: { exact: 1 } }],
    ['camera, frame rate 0', camera, { frameRate: { exact: 0 } }],
    ['camera, ideals beyond every bound', camera, { width: 1e9, height: -5, aspectRatio: 1e300, frameRate: -1 }],
    ['camera facing the user', cameraSpace(20, 'user'), { facingMode: 'environment' }],
    ['microphone, no constraints', microphone, {}],
    ['microphone, stereo 44.1 kHz without processing', microphone, { channelCount: 2, sampleRate: 44100, echoCancellation: false, autoGainControl: false, noiseSuppression: false }],
    ['microphone, echo cancellation "remote-only"', microphone, { echoCancellation: { exact: 'remote-only' } }],
    ['microphone, ideals beyond every bound', microphone, { sampleRate: 1, channelCount: 64, latency: 10, sampleSize: 32 }],
  ];
  for (const [title, space, raw] of cases) {
    it(`for the ${title}`, () => {
      const result = select(space, raw);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(settingsWithinCapabilities(result.settings, capabilitiesOf(space.regions)), []);
    });
  }

  it('is a check that can fail: a missing key, a stray key and values outside are reported', () => {
    const problems = settingsWithinCapabilities(
      { width: 5000, resizeMode: 'stretch', deviceId: 'other', magnification: 1 },
      { width: { min: 1, max: 3840 }, height: { min: 1, max: 2160 }, resizeMode: ['none'], deviceId: 'camera-id' },
    );
    assert.equal(problems.length, 5, problems.join('\n'));
  });
});

describe('aspect ratios', () => {
  it('are rounded to the tenth decimal place', () => {
    assert.equal(roundAspectRatio(4 / 3), 1.3333333333);
    assert.equal(roundAspectRatio(16 / 9), 1.7777777778);
    assert.equal(roundAspectRatio(1 / 2160), 0.000462963);
    assert.equal(roundAspectRatio(3840), 3840);
  });

  it('derive from width and height in every settings dictionary of the camera', () => {
    const result = select(camera, { width: { exact: 1000 }, height: { exact: 3 } });
    assert.ok(result.ok);
    assert.equal(result.settings['aspectRatio'], 333.3333333333);
  });
});

describe('narrowing a region by a required constraint', () => {
  const crop = camera.regions.find((r) => r.tag.kind === 'video' && r.tag.resizeMode === 'crop-and-scale' && r.tag.mode.width === 640);
  assert.ok(crop !== undefined);

  it('leaves the region alone for an optional constraint', () => {
    const candidate = unconstrained(crop);
    assert.equal(narrow(candidate, 'width', interpretConstraint({ type: 'numeric', ideal: 10 }, 'basic')), candidate);
  });

  it('cuts a numeric range to the required bounds', () => {
    const narrowed = narrow(unconstrained(crop), 'width', interpretConstraint({ type: 'numeric', min: 100, max: 5000 }, 'basic'));
    assert.deepEqual(narrowed?.domains.get('width'), { type: 'range', min: 100, max: 640, integer: true });
  });

  it('gives nothing when no value of the region meets the constraint', () => {
    assert.equal(narrow(unconstrained(crop), 'height', interpretConstraint({ type: 'numeric', exact: 481 }, 'basic')), undefined);
    assert.equal(narrow(unconstrained(crop), 'facingMode', interpretConstraint({ type: 'discrete', exact: ['user'] }, 'basic')), undefined);
  });

  it('keeps sizes whose width / height meets a required aspect ratio', () => {
    const byWidth = narrow(unconstrained(crop), 'width', interpretConstraint({ type: 'numeric', exact: 640 }, 'basic'));
    assert.ok(byWidth !== undefined);
    assert.ok(narrow(byWidth, 'aspectRatio', interpretConstraint({ type: 'numeric', exact: 4 / 3 }, 'basic')) !== undefined);
    assert.equal(narrow(byWidth, 'aspectRatio', interpretConstraint({ type: 'numeric', exact: 1.2 }, 'basic')), undefined);
  });
});
