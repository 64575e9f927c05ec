// Reusing a SelectSettings result (getUserMedia's, taken by the fan-out) and ranking devices without pan, tilt and
// zoom: both must give exactly what SelectSettings over the track's own regions gives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeConstraints } from '../../../src/constraints/normalize.js';
import { PAN_TILT_ZOOM } from '../../../src/constraints/registry.js';
import {
  namesAnyOf,
  selectSettings,
  selectSettingsAgain,
  settlesOnDefaults,
  type MadeSelection,
} from '../../../src/constraints/select-settings.js';
import { withoutPanTiltZoom } from '../../../src/sources/camera-controls.js';
import { settingsSpaceOf, type CaptureRegionTag } from '../../../src/sources/capture-model.js';
import { fakeCameraModel } from '../../../src/devices/fake-devices.js';
import { CAMERA, cameraSpace, convert } from './fake-spaces.js';

const camera = cameraSpace(30);
const constraints = normalizeConstraints(convert({ width: 1280, height: 720, frameRate: 30 }), 'video');

function made(regions = camera.regions): MadeSelection<CaptureRegionTag> {
  return { regions, constraints, kind: 'video', result: selectSettings(regions, constraints, 'video') };
}

describe('selectSettingsAgain', () => {
  it('takes the selection made from the same regions and constraints, with no preferred values or the defaults', () => {
    const earlier = made();
    assert.equal(selectSettingsAgain(earlier, camera.regions, constraints, 'video'), earlier.result);
    const defaults = new Map<string, string | number | boolean>([['exposureTime', 50], ['zoom', 100], ['photo:redEyeReduction', false]]);
    assert.equal(selectSettingsAgain(earlier, camera.regions, constraints, 'video', defaults), earlier.result);
  });

  it('selects anew when a preferred value is not the default, and keeps that value', () => {
    const earlier = made();
    const preferred = new Map([['exposureTime', 70]]);
    const again = selectSettingsAgain(earlier, camera.regions, constraints, 'video', preferred);
    assert.notEqual(again, earlier.result);
    assert.deepEqual(again, selectSettings(camera.regions, constraints, 'video', preferred));
    assert.ok(again.ok);
    assert.equal(again.settings['exposureTime'], 70);
  });

  it('selects anew for other regions, other constraints or another kind', () => {
    const earlier = made();
    const other = settingsSpaceOf(fakeCameraModel(30), CAMERA);
    assert.notEqual(selectSettingsAgain(earlier, other, constraints, 'video'), earlier.result);
    const wider = normalizeConstraints(convert({ width: 1280, height: 720, frameRate: 30 }), 'video');
    const again = selectSettingsAgain(earlier, camera.regions, wider, 'video');
    assert.notEqual(again, earlier.result);
    assert.deepEqual(again, earlier.result);
    assert.notEqual(selectSettingsAgain(earlier, camera.regions, constraints, 'audio'), earlier.result);
  });

  it('takes a selection made without constraints for other empty constraints', () => {
    const empty = { basic: new Map(), advanced: [] };
    const earlier = { regions: camera.regions, constraints: empty, kind: 'video' as const, result: selectSettings(camera.regions, empty, 'video') };
    assert.equal(selectSettingsAgain(earlier, camera.regions, normalizeConstraints({}, 'video'), 'video'), earlier.result);
  });
});

describe('ranking without pan, tilt and zoom', () => {
  it('gives the fake camera the same region, distances and other settings as its whole space', () => {
    assert.equal(settlesOnDefaults(camera.regions, PAN_TILT_ZOOM), true);
    const stripped = withoutPanTiltZoom(camera.regions);
    for (const raw of [{}, { width: 1280, height: 720, frameRate: 30 }, { aspectRatio: 1.5, frameRate: { min: 10 } }, { exposureTime: 70 }]) {
      const normalized = normalizeConstraints(convert(raw), 'video');
      assert.equal(namesAnyOf(normalized, PAN_TILT_ZOOM), false);
      const whole = selectSettings(camera.regions, normalized, 'video');
      const without = selectSettings(stripped, normalized, 'video');
      assert.ok(whole.ok && without.ok);
      assert.deepEqual([without.tag, without.fitness, without.defaultDistance], [whole.tag, whole.fitness, whole.defaultDistance]);
      const { pan, tilt, zoom, ...rest } = whole.settings;
      assert.deepEqual([pan, tilt, zoom], [100, 100, 100]);
      assert.deepEqual(without.settings, rest);
    }
  });

  it('is not used for a camera whose zoom starts off its grid (the whole space ranks it)', () => {
    const model = { ...fakeCameraModel(30), controls: { zoom: { min: 1, max: 5, step: 1, initial: 2.5 } } };
    assert.equal(settlesOnDefaults(settingsSpaceOf(model, CAMERA), PAN_TILT_ZOOM), false);
    const onGrid = { ...fakeCameraModel(30), controls: { zoom: { min: 1, max: 5, step: 1, initial: 2 } } };
    assert.equal(settlesOnDefaults(settingsSpaceOf(onGrid, CAMERA), PAN_TILT_ZOOM), true);
  });

  it('names pan, tilt or zoom in the basic set or any advanced set, false included', () => {
    assert.equal(namesAnyOf(normalizeConstraints(convert({ pan: false }), 'video'), PAN_TILT_ZOOM), true);
    assert.equal(namesAnyOf(normalizeConstraints(convert({ advanced: [{}, { zoom: 150 }] }), 'video'), PAN_TILT_ZOOM), true);
    assert.equal(namesAnyOf(normalizeConstraints(convert({ width: 640, advanced: [{ exposureTime: 20 }] }), 'video'), PAN_TILT_ZOOM), false);
  });
});
