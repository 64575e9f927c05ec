// The settings space of a display surface
// (https://w3c.github.io/mediacapture-screen-share/#downscaling-and-frame-decimation): every aspect-preserving
// downscale to the nearest pixel and every decimated frame rate, never a crop or an upscale; SelectSettings
// over it is checked against a brute-force walk of every size.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { fitnessDistance } from '../../../src/constraints/fitness.js';
import { normalizeConstraints } from '../../../src/constraints/normalize.js';
import { selectSettings } from '../../../src/constraints/select-settings.js';
import { capabilitiesOf } from '../../../src/constraints/settings-space.js';
import { settingsSpaceOf, type VideoCaptureModel } from '../../../src/sources/capture-model.js';
import { displayCapabilities, type DisplaySurfaceModel } from '../../../src/sources/display-capture-model.js';

const IDENTITY = { deviceId: 'screen-id', groupId: 'screen-group' };

/** Whether width x height keeps the aspect ratio of a surfaceWidth x surfaceHeight surface to the nearest pixel. */
function keepsAspect(surfaceWidth: number, surfaceHeight: number, width: number, height: number): boolean {
  return Math.round((height * surfaceWidth) / surfaceHeight) === width || Math.round((width * surfaceHeight) / surfaceWidth) === height;
}

function screen(width: number, height: number, frameRate: number, cursor: DisplaySurfaceModel['cursor'] = ['always', 'never']): VideoCaptureModel {
  return {
    kind: 'video',
    modes: [{ width, height, frameRate }],
    cropAndScale: true,
    backgroundBlur: [false],
    display: { displaySurface: 'monitor', logicalSurface: true, cursor },
  };
}

function select(model: VideoCaptureModel, constraints: Record<string, unknown>) {
  const normalized = normalizeConstraints(constraints, 'video');
  return selectSettings(settingsSpaceOf(model, IDENTITY), normalized, 'video');
}

describe('the settings space of a display surface', () => {
  it('selects the whole surface at the default 30 fps and the first cursor mode without constraints', () => {
    const result = select(screen(1280, 720, 30), {});
    assert.ok(result.ok);
    assert.deepEqual(result.settings, {
      width: 1280,
      height: 720,
      aspectRatio: 1.7777777778,
      frameRate: 30,
      resizeMode: 'none',
      deviceId: 'screen-id',
      groupId: 'screen-group',
      displaySurface: 'monitor',
      logicalSurface: true,
      cursor: 'always',
    });
    assert.equal(result.tag.kind === 'video' && result.tag.mode.cursor, 'always');
  });

  it('decimates a 60 Hz monitor to 30 fps by default, keeping its size', () => {
    const result = select(screen(1920, 1200, 60), {});
    assert.ok(result.ok);
    assert.equal(result.settings['frameRate'], 30);
    assert.equal(result.settings['width'], 1920);
    assert.equal(result.settings['resizeMode'], 'crop-and-scale');
  });

  it('grabs a 60 Hz surface that also offers a 30 fps mode at 30 fps by default, and at 60 when asked', () => {
    const model: VideoCaptureModel = { ...screen(1920, 1080, 60), modes: [{ width: 1920, height: 1080, frameRate: 60 }, { width: 1920, height: 1080, frameRate: 30 }] };
    const byDefault = select(model, {});
    assert.ok(byDefault.ok && byDefault.tag.kind === 'video');
    assert.equal(byDefault.tag.mode.frameRate, 30);
    assert.equal(byDefault.settings['resizeMode'], 'none');
    const fast = select(model, { frameRate: 60 });
    assert.ok(fast.ok && fast.tag.kind === 'video');
    assert.equal(fast.tag.mode.frameRate, 60);
    assert.equal(fast.settings['frameRate'], 60);
    assert.deepEqual(capabilitiesOf(settingsSpaceOf(model, IDENTITY))['frameRate'], { min: 1 / 60, max: 60 });
  });

  it('gives the cursor mode asked for as its own native mode', () => {
    const result = select(screen(1280, 720, 30), { cursor: 'never' });
    assert.ok(result.ok);
    assert.equal(result.settings['cursor'], 'never');
    assert.equal(result.tag.kind === 'video' && result.tag.mode.cursor, 'never');
    assert.equal(select(screen(1280, 720, 30), { cursor: { exact: 'motion' } }).ok, false);
  });

  it('never upscales: an ideal beyond the surface gives the surface', () => {
    const result = select(screen(1280, 720, 30), { width: 4000, height: 3000, frameRate: 120 });
    assert.ok(result.ok);
    assert.equal(result.settings['width'], 1280);
    assert.equal(result.settings['height'], 720);
    assert.equal(result.settings['frameRate'], 30);
  });

  it('has capabilities from the smallest aspect-preserving downscale to the surface, with the lone surface values', () => {
    const model = screen(1366, 768, 60);
    const capabilities = displayCapabilities(capabilitiesOf(settingsSpaceOf(model, IDENTITY)), model.modes[0] as never, model.display as DisplaySurfaceModel);
    assert.deepEqual(capabilities['width'], { min: 1, max: 1366 });
    assert.deepEqual(capabilities['height'], { min: 1, max: 768 });
    assert.deepEqual(capabilities['aspectRatio'], { min: 1.7786458333, max: 1.7786458333 });
    assert.equal(capabilities['displaySurface'], 'monitor');
    assert.equal(capabilities['logicalSurface'], true);
    assert.deepEqual(capabilities['cursor'], ['always', 'never']);
    // Down to one pixel, landscape or portrait.
    const portrait = capabilitiesOf(settingsSpaceOf(screen(720, 1280, 30), IDENTITY));
    assert.deepEqual(portrait['width'], { min: 1, max: 720 });
    assert.deepEqual(portrait['height'], { min: 1, max: 1280 });
  });

  it('offers exactly the sizes that keep the aspect ratio to the nearest pixel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 120 }), (surfaceWidth, surfaceHeight) => {
        const regions = settingsSpaceOf(screen(surfaceWidth, surfaceHeight, 30, ['never']), IDENTITY);
        for (let height = 1; height <= surfaceHeight; height++) {
          for (let width = 1; width <= surfaceWidth; width++) {
            const exact = normalizeConstraints({ width: { exact: width }, height: { exact: height }, resizeMode: 'crop-and-scale' }, 'video');
            assert.equal(selectSettings(regions, exact, 'video').ok, keepsAspect(surfaceWidth, surfaceHeight, width, height), `${width}x${height}`);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('gives the exact ideal width, as Chromium does: {width: 200} of 1920x1080 is 200x113', () => {
    const result = select(screen(1920, 1080, 30), { width: 200 });
    assert.ok(result.ok);
    assert.deepEqual([result.settings['width'], result.settings['height']], [200, 113]);
  });

  it('picks the best aspect-preserving size for any ideals, as a walk over every size would', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 300 }),
        fc.integer({ min: 16, max: 300 }),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        (surfaceWidth, surfaceHeight, idealWidth, idealHeight, maxHeight) => {
          const model = screen(surfaceWidth, surfaceHeight, 30, ['never']);
          const constraints: Record<string, unknown> = { resizeMode: 'crop-and-scale' };
          if (idealWidth !== undefined) {
            constraints['width'] = idealWidth;
          }
          if (idealHeight !== undefined) {
            constraints['height'] = idealHeight;
          }
          if (maxHeight !== undefined) {
            constraints['height'] = { ...(idealHeight === undefined ? {} : { ideal: idealHeight }), max: maxHeight };
          }
          const normalized = normalizeConstraints(constraints, 'video');
          const result = selectSettings(settingsSpaceOf(model, IDENTITY), normalized, 'video');
          const sizes: [number, number][] = [];
          for (let h = 1; h <= Math.min(surfaceHeight, maxHeight ?? Infinity); h++) {
            for (let w = 1; w <= surfaceWidth; w++) {
              if (keepsAspect(surfaceWidth, surfaceHeight, w, h)) {
                sizes.push([w, h]);
              }
            }
          }
          if (sizes.length === 0) {
            assert.equal(result.ok, false);
            return;
          }
          assert.ok(result.ok);
          const width = result.settings['width'] as number;
          const height = result.settings['height'] as number;
          assert.ok(keepsAspect(surfaceWidth, surfaceHeight, width, height), `${width}x${height} keeps the aspect ratio`);
          const distance = (settings: Record<string, number | string | boolean>): number => fitnessDistance(settings, normalized.basic, 'basic', 'video');
          const best = Math.min(...sizes.map(([w, h]) => distance({ ...result.settings, width: w, height: h })));
          assert.ok(distance(result.settings) <= best + 1e-12, `${width}x${height} is not among the fittest`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
