// The constrainable properties of mediacapture-image (https://w3c.github.io/mediacapture-image/#extensions):
// their WebIDL conversion, normalisation, fitness distance and SelectSettings over stepped ranges, on the fake
// camera, whose controls are Chromium's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitnessDistance } from '../../../src/constraints/fitness.js';
import { normalizeConstraints } from '../../../src/constraints/normalize.js';
import { decodePoints, encodePoints } from '../../../src/constraints/points-of-interest.js';
import { selectSettings, type SelectResult } from '../../../src/constraints/select-settings.js';
import { fakeCameraModel } from '../../../src/devices/fake-devices.js';
import { settingsSpaceOf, type CaptureRegionTag } from '../../../src/sources/capture-model.js';
import { CAMERA, cameraSpace, convert, select } from './fake-spaces.js';

const camera = cameraSpace(20);

function settingsOf(result: SelectResult<CaptureRegionTag>): Readonly<Record<string, unknown>> {
  assert.ok(result.ok, `expected settings, got failedConstraint ${JSON.stringify(result.ok ? '' : result.failedConstraint)}`);
  return result.settings;
}

function failureOf(result: SelectResult<CaptureRegionTag>): string {
  assert.ok(!result.ok, `expected a failure, got ${JSON.stringify(result.ok ? result.settings : '')}`);
  return result.failedConstraint;
}

describe('WebIDL conversion of the mediacapture-image constraints', () => {
  it('converts ConstrainDouble members (exposureTime, focusDistance…) as doubles, TypeError for non-finite ones', () => {
    assert.deepEqual(convert({ exposureTime: '55', focusDistance: { min: 20, ideal: 30 } }), {
      exposureTime: 55,
      focusDistance: { min: 20, ideal: 30 },
    });
    assert.throws(() => convert({ iso: Number.NaN }), TypeError);
    assert.throws(() => convert({ brightness: { exact: Infinity } }), TypeError);
  });

  it('keeps a boolean for (boolean or ConstrainDouble) pan, tilt and zoom, and converts anything else as a ConstrainDouble', () => {
    assert.deepEqual(convert({ pan: true, tilt: false, zoom: 150 }), { pan: true, tilt: false, zoom: 150 });
    assert.deepEqual(convert({ zoom: { exact: '200' } }), { zoom: { exact: 200 } });
    assert.deepEqual(convert({ pan: '120' }), { pan: 120 });
    assert.throws(() => convert({ tilt: 'up' }), TypeError);
  });

  it('converts ConstrainPoint2D: a sequence of Point2D (members default to 0) or the dictionary of exact and ideal', () => {
    assert.deepEqual(convert({ pointsOfInterest: [{ x: 0.25 }, { y: '0.5' }] }), { pointsOfInterest: [{ x: 0.25, y: 0 }, { x: 0, y: 0.5 }] });
    assert.deepEqual(convert({ pointsOfInterest: { exact: [{ x: 1, y: 1 }] } }), { pointsOfInterest: { exact: [{ x: 1, y: 1 }] } });
    assert.deepEqual(convert({ pointsOfInterest: null }), { pointsOfInterest: {} });
    assert.deepEqual(convert({ pointsOfInterest: new Set([{ x: 0.1, y: 0.2 }]) }), { pointsOfInterest: [{ x: 0.1, y: 0.2 }] });
  });

  it('rejects points of interest that are neither a sequence nor a dictionary, or whose members are not finite', () => {
    assert.throws(() => convert({ pointsOfInterest: 5 }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: 'center' }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: [5] }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: { exact: 5 } }), TypeError);
    assert.throws(() => convert({ pointsOfInterest: [{ x: Number.NaN }] }), TypeError);
  });

  it('converts modes as ConstrainDOMString and torch as ConstrainBoolean', () => {
    assert.deepEqual(convert({ exposureMode: ['manual', 'continuous'], focusMode: { exact: 'manual' }, torch: 1 }), {
      exposureMode: ['manual', 'continuous'],
      focusMode: { exact: 'manual' },
      torch: true,
    });
  });
});

describe('points of interest as one setting value', () => {
  it('clamps coordinates into [0, 1], as the spec says of values beyond the limits, and round-trips', () => {
    const encoded = encodePoints([{ x: -1, y: 0.5 }, { x: 2, y: 1 }]);
    assert.deepEqual(decodePoints(encoded), [{ x: 0, y: 0.5 }, { x: 1, y: 1 }]);
    assert.deepEqual(decodePoints(encodePoints([])), []);
  });
});

describe('boolean pan, tilt and zoom', () => {
  const settings = { pan: 100, width: 640 };
  const distance = (raw: unknown, values: Readonly<Record<string, number>> = settings): number =>
    fitnessDistance(values, normalizeConstraints(convert(raw), 'video').basic, 'basic', 'video');

  it('true prefers a device with the control (distance 0) over one without (1), false the reverse', () => {
    assert.equal(distance({ pan: true }), 0);
    assert.equal(distance({ pan: true }, { width: 640 }), 1);
    assert.equal(distance({ pan: false }), 1);
    assert.equal(distance({ pan: false }, { width: 640 }), 0);
  });

  it('is never required, even in an advanced set, and keeps the current value', () => {
    const result = settingsOf(select(camera, { pan: true, advanced: [{ zoom: false }] }));
    assert.equal(result['pan'], 100);
    assert.equal(result['zoom'], 100);
  });
});

describe('SelectSettings with the fake camera\'s controls', () => {
  it('starts from Chromium\'s initial values: manual modes, exposureTime and focusDistance 50, pan, tilt and zoom 100', () => {
    const settings = settingsOf(select(camera, {}));
    assert.deepEqual(
      [settings['exposureMode'], settings['focusMode'], settings['exposureTime'], settings['focusDistance'], settings['pan'], settings['tilt'], settings['zoom']],
      ['manual', 'manual', 50, 50, 100, 100, 100],
    );
  });

  it('takes the grid value of a stepped range nearest an ideal value, and clamps ideals into the range', () => {
    assert.equal(settingsOf(select(camera, { exposureTime: 52 }))['exposureTime'], 50);
    assert.equal(settingsOf(select(camera, { exposureTime: 53 }))['exposureTime'], 55);
    assert.equal(settingsOf(select(camera, { focusDistance: 1000 }))['focusDistance'], 100);
    assert.equal(settingsOf(select(camera, { zoom: 250.4 }))['zoom'], 250);
  });

  it('meets exact values on the grid and fails those between two grid values or outside the range', () => {
    assert.equal(settingsOf(select(camera, { exposureTime: { exact: 35 } }))['exposureTime'], 35);
    assert.equal(failureOf(select(camera, { exposureTime: { exact: 52 } })), 'exposureTime');
    assert.equal(failureOf(select(camera, { focusDistance: { exact: 5 } })), 'focusDistance');
    assert.equal(failureOf(select(camera, { pan: { exact: 401 } })), 'pan');
    assert.equal(failureOf(select(camera, { zoom: { min: 400.5 } })), 'zoom');
  });

  it('narrows min and max onto the grid: min 52 gives 55 at the least', () => {
    assert.equal(settingsOf(select(camera, { exposureTime: { min: 52, ideal: 10 } }))['exposureTime'], 55);
    assert.equal(settingsOf(select(camera, { focusDistance: { max: 49, ideal: 100 } }))['focusDistance'], 45);
  });

  it('fails a mode the camera does not offer, and a property it lacks when required (torch, iso)', () => {
    assert.equal(failureOf(select(camera, { exposureMode: { exact: 'single-shot' } })), 'exposureMode');
    assert.equal(settingsOf(select(camera, { focusMode: { exact: 'continuous' } }))['focusMode'], 'continuous');
    assert.equal(failureOf(select(camera, { torch: { exact: true } })), 'torch');
    assert.equal(failureOf(select(camera, { iso: { min: 1 } })), 'iso');
    const ignored = settingsOf(select(camera, { torch: true, whiteBalanceMode: 'manual' }));
    assert.equal('torch' in ignored, false);
  });

  it('stores any points of interest, exact ones included', () => {
    const ideal = settingsOf(select(camera, { pointsOfInterest: [{ x: 0.5, y: 0.25 }] }));
    assert.deepEqual(decodePoints(ideal['pointsOfInterest'] as string), [{ x: 0.5, y: 0.25 }]);
    const exact = settingsOf(select(camera, { pointsOfInterest: { exact: [{ x: 3, y: 0.1 }] } }));
    assert.deepEqual(decodePoints(exact['pointsOfInterest'] as string), [{ x: 1, y: 0.1 }]);
  });

  it('never picks a value off the grid, even where the range ends between two grid values', () => {
    const regions = settingsSpaceOf(
      { ...fakeCameraModel(20), controls: { brightness: { min: 10, max: 102, step: 5, initial: 10 } } },
      CAMERA,
    );
    const pick = (raw: unknown): unknown => settingsOf(selectSettings(regions, normalizeConstraints(convert(raw), 'video'), 'video'))['brightness'];
    assert.equal(pick({ brightness: 1000 }), 100);
    assert.equal(pick({ brightness: 101 }), 100);
    assert.equal(pick({ brightness: { min: 96, ideal: 0 } }), 100);
    assert.equal(failureOf(selectSettings(regions, normalizeConstraints(convert({ brightness: { min: 101 } }), 'video'), 'video')), 'brightness');
  });

  it('keeps the preferred (current) value of a control the constraints do not name', () => {
    const preferred = new Map<string, string | number>([
      ['zoom', 321],
      ['exposureMode', 'continuous'],
    ]);
    const result = settingsOf(selectSettings(camera.regions, normalizeConstraints(convert({ width: 320 }), 'video'), 'video', preferred));
    assert.equal(result['zoom'], 321);
    assert.equal(result['exposureMode'], 'continuous');
    const moved = settingsOf(selectSettings(camera.regions, normalizeConstraints(convert({ zoom: 200 }), 'video'), 'video', preferred));
    assert.equal(moved['zoom'], 200);
  });
});
