// The stand-in user's choice of display surface for getDisplayMedia(): the displaySurface constraint
// reorders the surfaces (never limits them), monitorTypeSurfaces "exclude" is a hint that cannot leave
// nothing to choose, then the primary surface, then the system's order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { chooseDisplaySurface, offeredDisplaySurfaces } from '../../../src/devices/display-surface-choice.js';
import type { DisplayCaptureSurfaceType } from '../../../src/constraints/registry.js';
import type { PlatformDisplaySurface } from '../../../src/sources/platform/platform-display.js';

function surface(label: string, displaySurface: DisplayCaptureSurfaceType, isPrimary = false): PlatformDisplaySurface {
  return {
    rawId: label,
    label,
    isPrimary,
    capture: {
      kind: 'video',
      modes: [{ width: 640, height: 480, frameRate: 30 }],
      cropAndScale: true,
      backgroundBlur: [false],
      display: { displaySurface, logicalSurface: true, cursor: ['never'] },
    },
    producer: () => ({ start() {}, stop() {} }),
  };
}

const left = surface('left', 'monitor');
const primary = surface('primary', 'monitor', true);
const window = surface('editor', 'window');

describe('the display surface the stand-in user chooses', () => {
  it('is the primary monitor, then the others in the system order', () => {
    assert.deepEqual(offeredDisplaySurfaces([left, primary], { displaySurface: [] }).map((s) => s.label), ['primary', 'left']);
    assert.equal(chooseDisplaySurface([left, primary], { displaySurface: [] }), primary);
  });

  it('puts the surface type the displaySurface constraint prefers first, without removing the others', () => {
    const offered = offeredDisplaySurfaces([left, primary, window], { displaySurface: ['window'] });
    assert.deepEqual(offered.map((s) => s.label), ['editor', 'primary', 'left']);
    assert.equal(chooseDisplaySurface([left, window], { displaySurface: ['browser'] }), left);
  });

  it('leaves monitors out for monitorTypeSurfaces "exclude" only when something else can be offered', () => {
    assert.deepEqual(
      offeredDisplaySurfaces([primary, window], { displaySurface: [], monitorTypeSurfaces: 'exclude' }).map((s) => s.label),
      ['editor'],
    );
    assert.equal(chooseDisplaySurface([left, primary], { displaySurface: [], monitorTypeSurfaces: 'exclude' }), primary);
  });

  it('is nothing when there is no surface', () => {
    assert.equal(chooseDisplaySurface([], { displaySurface: [] }), undefined);
  });
});
