/**
 * Which display surface getDisplayMedia() captures. The spec has the user choose among every surface
 * (https://w3c.github.io/mediacapture-screen-share/#dom-mediadevices-getdisplaymedia); in Node there is no
 * user to ask, so this module is the stand-in user: it orders the surfaces the way a user agent may
 * present them and picks the first one; the prompt handler (permission "display-capture") then accepts
 * or refuses that choice.
 *
 * @module
 */

import type { DisplayCaptureSurfaceType } from '../constraints/registry.js';
import type { PlatformDisplaySurface } from '../sources/platform/platform-display.js';

/** The hints of DisplayMediaStreamOptions and the video constraints that may shape the choice. */
export interface DisplaySurfacePreferences {
  /** The displaySurface constraint's ideal or bare values, most preferred first; empty when absent. */
  readonly displaySurface: readonly string[];
  /** https://w3c.github.io/mediacapture-screen-share/#dom-displaymediastreamoptions-monitortypesurfaces */
  readonly monitorTypeSurfaces?: 'include' | 'exclude';
}

/**
 * The surfaces as offered to the stand-in user, in the order it considers them:
 * 1. With `monitorTypeSurfaces: "exclude"`, monitors are left out, unless nothing else could be offered
 *    (the hint may be ignored; here the only surfaces are usually monitors).
 * 2. Surfaces whose type the displaySurface constraint prefers come first (the spec lets a user agent
 *    reorder the choices by it, never limit them).
 * 3. Then the system's primary surface, then the order the system lists them in.
 */
export function offeredDisplaySurfaces(
  surfaces: readonly PlatformDisplaySurface[],
  preferences: DisplaySurfacePreferences,
): PlatformDisplaySurface[] {
  let offered = [...surfaces];
  if (preferences.monitorTypeSurfaces === 'exclude') {
    const others = offered.filter((s) => s.capture.display.displaySurface !== 'monitor');
    if (others.length > 0) {
      offered = others;
    }
  }
  const rank = (surface: PlatformDisplaySurface): number => {
    const type: DisplayCaptureSurfaceType = surface.capture.display.displaySurface;
    const preferred = preferences.displaySurface.indexOf(type);
    return preferred === -1 ? preferences.displaySurface.length : preferred;
  };
  // Array.prototype.sort is stable: equal ranks keep the listing order.
  return offered
    .map((surface, index) => ({ surface, index }))
    .sort((a, b) => rank(a.surface) - rank(b.surface) || Number(b.surface.isPrimary) - Number(a.surface.isPrimary) || a.index - b.index)
    .map(({ surface }) => surface);
}

/** The surface the stand-in user picks: the first one offered, or undefined when there is none. */
export function chooseDisplaySurface(
  surfaces: readonly PlatformDisplaySurface[],
  preferences: DisplaySurfacePreferences,
): PlatformDisplaySurface | undefined {
  return offeredDisplaySurfaces(surfaces, preferences)[0];
}
