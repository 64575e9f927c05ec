/**
 * The controls a camera may have beyond its modes (mediacapture-image's constrainable properties: exposure,
 * focus, white balance, pan, tilt, zoom, torch…) and its still-photo features, as capture models describe them,
 * and the part of a settings space they make. Every field is optional: an absent one means the device has no such
 * control, and the track has neither the capability nor the setting.
 *
 * These are device controls: their value belongs to the source, so every track of the source reports the same one
 * (see {@link CaptureSource.controlValues}).
 *
 * @see https://w3c.github.io/mediacapture-image/#constrainable-properties
 * @module
 */

import type { SettingValue } from '../constraints/normalize.js';
import { PAN_TILT_ZOOM, type MeteringMode } from '../constraints/registry.js';
import type { Domain, SettingsRegion } from '../constraints/settings-space.js';

/** A numeric control: its range as a MediaSettingsRange (values `min + k * step`), and its value when the device opens. */
export interface NumericControl {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly initial: number;
}

/** A mode control: the MeteringMode values the device offers, and the one it opens in. */
export interface ModeControl {
  readonly modes: readonly MeteringMode[];
  readonly initial: MeteringMode;
}

/** The numeric controls of mediacapture-image, by property name. */
export const NUMERIC_CONTROLS = [
  'exposureCompensation',
  'exposureTime',
  'colorTemperature',
  'iso',
  'brightness',
  'contrast',
  'saturation',
  'sharpness',
  'focusDistance',
  'pan',
  'tilt',
  'zoom',
] as const;

/** The mode controls of mediacapture-image, by property name. */
export const MODE_CONTROLS = ['whiteBalanceMode', 'exposureMode', 'focusMode'] as const;

/** The controls a camera has; a missing member is a control it lacks. */
export type CameraControls = {
  readonly [name in (typeof NUMERIC_CONTROLS)[number]]?: NumericControl;
} & {
  readonly [name in (typeof MODE_CONTROLS)[number]]?: ModeControl;
} & {
  /** Whether the camera meters at points of interest (they start as none). */
  readonly pointsOfInterest?: boolean;
  /** The torch values it offers: `[false]` cannot light, `[true]` cannot turn off; the first is the initial one. */
  readonly torch?: readonly boolean[];
};

/** https://w3c.github.io/mediacapture-image/#filllightmode-section */
export const FILL_LIGHT_MODES = ['auto', 'off', 'flash'] as const;
/** A FillLightMode value. */
export type FillLightMode = (typeof FILL_LIGHT_MODES)[number];
/** https://w3c.github.io/mediacapture-image/#redeyereduction-section */
export const RED_EYE_REDUCTIONS = ['never', 'always', 'controllable'] as const;
/** A RedEyeReduction value. */
export type RedEyeReduction = (typeof RED_EYE_REDUCTIONS)[number];

/** What a camera offers for still photos besides their size (https://w3c.github.io/mediacapture-image/#photocapabilities-section). */
export interface PhotoFeatures {
  /** The fill light (flash) modes it offers; the first is the initial one. Empty: no fill light. */
  readonly fillLightModes: readonly FillLightMode[];
  readonly redEyeReduction: RedEyeReduction;
}

/**
 * The keys under which a source keeps its photo feature settings (the options the last takePhoto() configured)
 * beside its control values; no constrainable property has such a name.
 */
export const PHOTO_FEATURE_KEYS = Object.freeze({ fillLightMode: 'photo:fillLightMode', redEyeReduction: 'photo:redEyeReduction' });

/** The photo feature settings a camera opens with: its first fill light mode, and red-eye reduction only when "always". */
export function initialPhotoFeatureValues(features: PhotoFeatures | undefined): Map<string, SettingValue> {
  const values = new Map<string, SettingValue>();
  if (features === undefined) {
    return values;
  }
  values.set(PHOTO_FEATURE_KEYS.redEyeReduction, features.redEyeReduction === 'always');
  const [firstMode] = features.fillLightModes;
  if (firstMode !== undefined) {
    values.set(PHOTO_FEATURE_KEYS.fillLightMode, firstMode);
  }
  return values;
}


/** The domain of every control a camera has, in registry order of insertion, and their initial values. */
export function controlDomains(controls: CameraControls | undefined): { domains: Map<string, Domain>; initial: Map<string, SettingValue> } {
  const domains = new Map<string, Domain>();
  const initial = new Map<string, SettingValue>();
  if (controls === undefined) {
    return { domains, initial };
  }
  for (const name of MODE_CONTROLS) {
    const control = controls[name];
    if (control !== undefined && control.modes.length > 0) {
      domains.set(name, { type: 'values', values: [...control.modes] });
      initial.set(name, control.initial);
    }
  }
  if (controls.pointsOfInterest === true) {
    domains.set('pointsOfInterest', { type: 'any' });
    initial.set('pointsOfInterest', '');
  }
  for (const name of NUMERIC_CONTROLS) {
    const control = controls[name];
    if (control !== undefined) {
      domains.set(name, { type: 'range', min: control.min, max: control.max, integer: false, step: control.step });
      initial.set(name, control.initial);
    }
  }
  const torch = controls.torch;
  if (torch !== undefined && torch.length > 0) {
    domains.set('torch', { type: 'values', values: [...torch] });
    initial.set('torch', torch[0] as boolean);
  }
  return { domains, initial };
}

const withoutPtz = new WeakMap<readonly SettingsRegion[], readonly SettingsRegion[]>();

/**
 * The regions without pan, tilt and zoom: the settings space of a track created without the "camera" permission
 * with panTiltZoom, which "does not support" them (https://w3c.github.io/mediacapture-image/#dom-mediatrackcapabilities-pan).
 */
export function withoutPanTiltZoom<Tag>(regions: readonly SettingsRegion<Tag>[]): readonly SettingsRegion<Tag>[] {
  if (!regions.some((region) => PAN_TILT_ZOOM.some((name) => region.domains.has(name)))) {
    return regions;
  }
  let stripped = withoutPtz.get(regions);
  if (stripped === undefined) {
    stripped = regions.map((region) => {
      const domains = new Map(region.domains);
      for (const name of PAN_TILT_ZOOM) {
        domains.delete(name);
      }
      return { ...region, domains };
    });
    withoutPtz.set(regions, stripped);
  }
  return stripped as readonly SettingsRegion<Tag>[];
}
