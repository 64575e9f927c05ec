/**
 * The fake display surface of the fake device set: one monitor, 1920x1080 at the fake devices' frame
 * rate (`fps=N`, 20 by default), showing the fake camera's Chromium-style pattern (green field, sweeping
 * pac-man arc, `H:MM:SS:mmm frame` counter), timed by the session clock so a VirtualClock makes it
 * deterministic. It draws no cursor, so its cursor capability is `["never"]`.
 *
 * @module
 */

import { BeepBus } from '../sources/fake/beep-bus.js';
import { fakeCameraProducer } from '../sources/fake/fake-camera-producer.js';
import type { DisplaySurfaceProvider, PlatformDisplaySurface } from '../sources/platform/platform-display.js';

/** The fake screen's size: a common monitor's. */
export const FAKE_SCREEN_SIZE = { width: 1920, height: 1080 } as const;

/** The fake screen at `fps` frames per second. */
export function fakeDisplaySurface(fps: number): PlatformDisplaySurface {
  return {
    rawId: 'fake-screen-0',
    // Chromium labels screen tracks "screen:<id>:0".
    label: 'screen:0:0',
    isPrimary: true,
    capture: {
      kind: 'video',
      modes: [{ ...FAKE_SCREEN_SIZE, frameRate: fps }],
      cropAndScale: true,
      backgroundBlur: [false],
      display: { displaySurface: 'monitor', logicalSurface: true, cursor: ['never'] },
    },
    // Its own beep bus: the screen does not make the fake microphones beep.
    producer: fakeCameraProducer(new BeepBus()),
  };
}

/** The display surfaces of the fake device set: the fake screen. */
export function fakeDisplaySurfaces(fps: number): DisplaySurfaceProvider {
  const surface = fakeDisplaySurface(fps);
  return { name: 'fake', list: async () => ({ type: 'surfaces', surfaces: [surface] }) };
}
