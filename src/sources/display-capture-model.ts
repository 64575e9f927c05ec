/**
 * What a display surface (a monitor, window or browser tab captured by getDisplayMedia) can produce, and
 * the settings space that follows from it
 * (https://w3c.github.io/mediacapture-screen-share/#constrainable-properties-for-captured-display-surfaces):
 * the surface's own size and frame rate ("none"), every aspect-preserving downscale to the nearest pixel
 * with any lower frame rate down to the floor ("crop-and-scale", which for display capture scales but never
 * crops), and displaySurface, logicalSurface and cursor.
 *
 * @module
 */

import type { SettingValue } from '../constraints/normalize.js';
import type { Domain, SettingsRegion } from '../constraints/settings-space.js';
import { lockedWidths, roundAspectRatio } from '../constraints/settings-space.js';
import type { CursorCaptureConstraint, DisplayCaptureSurfaceType } from '../constraints/registry.js';
import type { CaptureRegionTag, DeviceIdentity, NativeVideoMode } from './capture-model.js';

/** The display-specific part of a display surface's capture model. */
export interface DisplaySurfaceModel {
  /** https://w3c.github.io/mediacapture-screen-share/#dom-displaycapturesurfacetype */
  readonly displaySurface: DisplayCaptureSurfaceType;
  /** True for a logical display surface (its whole content, even what is not visible). */
  readonly logicalSurface: boolean;
  /** The cursor modes the producer supports, the default first. */
  readonly cursor: readonly CursorCaptureConstraint[];
}

/**
 * The floor values (https://w3c.github.io/mediacapture-screen-share/#dfn-floor-value) of the positive
 * numeric properties: the smallest values supported whatever the surface. A getDisplayMedia() `max` below
 * one of them is an OverconstrainedError. Width and height go down to one pixel and the frame rate to
 * one frame a minute, as Chromium's screen-cast limits (kMinScreenCastDimension, kMinScreenCastFrameRate).
 */
export const DISPLAY_FLOOR_VALUES: Readonly<Record<'width' | 'height' | 'frameRate' | 'aspectRatio', number>> = Object.freeze({
  width: 1,
  height: 1,
  frameRate: 1 / 60,
  // One pixel wide and MAX_DISPLAY_DIMENSION high.
  aspectRatio: 1 / 16383,
});

/** The largest width or height of a display surface (Chromium's kMaxScreenCastDimension). */
export const MAX_DISPLAY_DIMENSION = 16383;

/** The frame rate of a display track without a frameRate constraint (Chromium's kDefaultScreenCastFrameRate). */
export const DISPLAY_DEFAULT_FRAME_RATE = 30;

function values(...list: SettingValue[]): Domain {
  return { type: 'values', values: list };
}

/**
 * The region of native mode `mode` as the device delivers it (resizeMode "none": its exact size and rate),
 * with the `shared` domains of every region of the device: the first region of each mode, for cameras
 * (capture-model.ts) and display surfaces alike.
 */
export function nativeModeRegion(
  mode: NativeVideoMode,
  shared: Iterable<readonly [string, Domain]>,
  defaults: ReadonlyMap<string, SettingValue>,
): SettingsRegion<CaptureRegionTag> {
  return {
    tag: { kind: 'video', mode, resizeMode: 'none' },
    domains: new Map([
      ['width', values(mode.width)],
      ['height', values(mode.height)],
      ['frameRate', values(mode.frameRate)],
      ['resizeMode', values('none')],
      ...shared,
    ]),
    defaults,
  };
}

/**
 * The settings space of a display surface whose native modes are `modes`: its size at its frame rate
 * (`modes[0]`), and possibly at lower capture rates (an X11 grab polls at any rate, so capturing a 60 Hz
 * monitor at 30 fps costs half as much as capturing it at 60 and decimating). For each mode and cursor mode,
 * lowest rate first: one region with resizeMode "none" (the surface as captured), then one with resizeMode
 * "crop-and-scale" whose sizes are locked to the surface's aspect ratio to the nearest pixel (`lockedWidths`)
 * at any frame rate from the floor to the mode's. Each cursor mode is its own
 * native mode, since the producer draws the cursor or not.
 */
export function displaySettingsSpace(
  modes: readonly NativeVideoMode[],
  display: DisplaySurfaceModel,
  identity: DeviceIdentity,
): SettingsRegion<CaptureRegionTag>[] {
  const surface = modes[0];
  if (surface === undefined || modes.some((m) => m.width !== surface.width || m.height !== surface.height)) {
    throw new Error('displaySettingsSpace: the native modes of a display surface all have its size');
  }
  const rates = [...new Set(modes.map((m) => m.frameRate))].sort((a, b) => a - b);
  const shared: [string, Domain][] = [
    ['deviceId', values(identity.deviceId)],
    ['groupId', values(identity.groupId)],
    ['displaySurface', values(display.displaySurface)],
    ['logicalSurface', values(display.logicalSurface)],
  ];
  // The user agent downscales by the source pixel ratio by default (1 here): the surface's size. No
  // aspectRatio default: the sizes keep the surface's anyway, and among them the largest fits best.
  const defaults = new Map<string, SettingValue>([
    ['width', surface.width],
    ['height', surface.height],
    ['frameRate', Math.min(DISPLAY_DEFAULT_FRAME_RATE, Math.max(...rates))],
    ['cursor', display.cursor[0] as string],
  ]);
  const regions: SettingsRegion<CaptureRegionTag>[] = [];
  for (const [frameRate, cursor] of rates.flatMap((rate) => display.cursor.map((c) => [rate, c] as const))) {
    const mode: NativeVideoMode = { width: surface.width, height: surface.height, frameRate, cursor };
    const withCursor: [string, Domain][] = [...shared, ['cursor', values(cursor)]];
    regions.push(nativeModeRegion(mode, withCursor, defaults));
    // The smallest downscale still one pixel wide and high.
    const lock = { width: mode.width, height: mode.height };
    let minHeight = 1;
    while (lockedWidths(lock, minHeight).min > lockedWidths(lock, minHeight).max) {
      minHeight++;
    }
    regions.push({
      tag: { kind: 'video', mode, resizeMode: 'crop-and-scale' },
      domains: new Map([
        ['width', { type: 'range', min: lockedWidths(lock, minHeight).min, max: mode.width, integer: true }],
        ['height', { type: 'range', min: minHeight, max: mode.height, integer: true }],
        ['frameRate', { type: 'range', min: DISPLAY_FLOOR_VALUES.frameRate, max: mode.frameRate, integer: false }],
        ['resizeMode', values('crop-and-scale')],
        ...withCursor,
      ]),
      defaults,
      aspectLock: lock,
    });
  }
  return regions;
}

/**
 * The capabilities of a display surface, from those of its settings space: displaySurface and
 * logicalSurface are the lone setting value (not a list), and aspectRatio is the surface's (a track
 * reports its own setting, see MediaStreamTrack.getCapabilities()).
 */
export function displayCapabilities(
  fromSpace: Readonly<Record<string, unknown>>,
  mode: Pick<NativeVideoMode, 'width' | 'height'>,
  display: DisplaySurfaceModel,
): Record<string, unknown> {
  const ratio = roundAspectRatio(mode.width / mode.height);
  return {
    ...fromSpace,
    aspectRatio: { min: ratio, max: ratio },
    displaySurface: display.displaySurface,
    logicalSurface: display.logicalSurface,
    cursor: [...display.cursor],
  };
}
