/**
 * Fill light and red-eye reduction of a photo (https://w3c.github.io/mediacapture-image/#photocapabilities-section):
 * what a camera's model offers, the values it is configured with (kept by its source, as a device keeps the options
 * a takePhoto() set), and which requested values it cannot honour.
 *
 * @module
 */

import type { SettingValue } from '../../constraints/normalize.js';
import { PHOTO_FEATURE_KEYS, type FillLightMode, type PhotoFeatures } from '../../sources/camera-controls.js';
import type { CaptureModel } from '../../sources/capture-model.js';

/** A camera without fill light or red-eye reduction (any model that says nothing of them). */
const NO_PHOTO_FEATURES: PhotoFeatures = Object.freeze({ fillLightModes: Object.freeze([]), redEyeReduction: 'never' });

/** The photo features of a source's model. */
export function photoFeaturesOf(model: CaptureModel): PhotoFeatures {
  return model.kind === 'video' && !('generated' in model) ? (model.photo ?? NO_PHOTO_FEATURES) : NO_PHOTO_FEATURES;
}

/** The fill light and red-eye reduction a photo is taken with now. */
export interface PhotoFeatureSettings {
  /** Absent when the camera has no fill light. */
  readonly fillLightMode?: FillLightMode;
  readonly redEyeReduction: boolean;
}

/** The current settings, from the values a source keeps (see {@link PHOTO_FEATURE_KEYS}). */
export function photoFeatureSettings(features: PhotoFeatures, values: ReadonlyMap<string, SettingValue>): PhotoFeatureSettings {
  const fillLightMode = values.get(PHOTO_FEATURE_KEYS.fillLightMode);
  const redEyeReduction = values.get(PHOTO_FEATURE_KEYS.redEyeReduction);
  return {
    ...(features.fillLightModes.length > 0 && typeof fillLightMode === 'string' ? { fillLightMode: fillLightMode as FillLightMode } : {}),
    redEyeReduction: typeof redEyeReduction === 'boolean' ? redEyeReduction : features.redEyeReduction === 'always',
  };
}

/**
 * Why the camera cannot take a photo with the requested fill light mode or red-eye reduction, or undefined when
 * it can: a mode it does not list, red-eye reduction on a camera that never does it, or off on one that always does.
 */
export function unsupportedPhotoFeature(
  requested: { readonly fillLightMode?: FillLightMode; readonly redEyeReduction?: boolean },
  features: PhotoFeatures,
): string | undefined {
  if (requested.fillLightMode !== undefined && !features.fillLightModes.includes(requested.fillLightMode)) {
    return features.fillLightModes.length === 0
      ? `fillLightMode "${requested.fillLightMode}" is not supported: this camera has no fill light`
      : `fillLightMode "${requested.fillLightMode}" is not one of ${JSON.stringify(features.fillLightModes)}`;
  }
  if (requested.redEyeReduction === true && features.redEyeReduction === 'never') {
    return 'redEyeReduction is not available on this camera';
  }
  if (requested.redEyeReduction === false && features.redEyeReduction === 'always') {
    return 'redEyeReduction cannot be turned off on this camera';
  }
  return undefined;
}

/** The values a source keeps for a photo taken with `requested` (only the members given change). */
export function photoFeatureValues(requested: { readonly fillLightMode?: FillLightMode; readonly redEyeReduction?: boolean }): Map<string, SettingValue> {
  const values = new Map<string, SettingValue>();
  if (requested.fillLightMode !== undefined) {
    values.set(PHOTO_FEATURE_KEYS.fillLightMode, requested.fillLightMode);
  }
  if (requested.redEyeReduction !== undefined) {
    values.set(PHOTO_FEATURE_KEYS.redEyeReduction, requested.redEyeReduction);
  }
  return values;
}
