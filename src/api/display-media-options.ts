/**
 * DisplayMediaStreamOptions (https://w3c.github.io/mediacapture-screen-share/#displaymediastreamoptions)
 * and the argument checks of getDisplayMedia()
 * (https://w3c.github.io/mediacapture-screen-share/#dom-mediadevices-getdisplaymedia): `video` may not be
 * false, and its constraints may hold neither `advanced` nor `min` or `exact` on a property that applies to
 * display surfaces, nor a `max` below such a property's floor value.
 *
 * @module
 */

import type { MediaTrackConstraints } from '../constraints/dictionaries.js';
import type { NormalizedConstraints } from '../constraints/normalize.js';
import type { CaptureModel } from '../sources/capture-model.js';
import { DISPLAY_FLOOR_VALUES } from '../sources/display-capture-model.js';
import { isObject, requireDictionary, toBoolean, toEnum, toInterface } from '../webidl/converters.js';
import { typeError } from '../webidl/errors.js';
import { CaptureController } from './capture-controller.js';
import { convertMediaTrackConstraints } from './media-track-constraints.js';

/** The values of SelfCapturePreferenceEnum, SystemAudioPreferenceEnum, SurfaceSwitchingPreferenceEnum and MonitorTypeSurfacesEnum. */
export const INCLUDE_EXCLUDE = ['include', 'exclude'] as const;
/** `"include"` or `"exclude"`. */
export type IncludeOrExclude = (typeof INCLUDE_EXCLUDE)[number];

/** https://w3c.github.io/mediacapture-screen-share/#dom-displaymediastreamoptions */
export interface DisplayMediaStreamOptions {
  video?: boolean | MediaTrackConstraints;
  audio?: boolean | MediaTrackConstraints;
  controller?: CaptureController;
  /** Chromium's hint to offer the current tab first; there are no tabs here. */
  preferCurrentTab?: boolean;
  selfBrowserSurface?: IncludeOrExclude;
  systemAudio?: IncludeOrExclude;
  surfaceSwitching?: IncludeOrExclude;
  monitorTypeSurfaces?: IncludeOrExclude;
}

/** The converted options. */
export interface DisplayMediaRequest {
  readonly audio: boolean | MediaTrackConstraints;
  readonly video: boolean | MediaTrackConstraints;
  readonly controller?: CaptureController;
  readonly preferCurrentTab?: boolean;
  readonly selfBrowserSurface?: IncludeOrExclude;
  readonly systemAudio?: IncludeOrExclude;
  readonly surfaceSwitching?: IncludeOrExclude;
  readonly monitorTypeSurfaces?: IncludeOrExclude;
}

/**
 * The constrainable properties that apply to display surfaces
 * (https://w3c.github.io/mediacapture-screen-share/#constrainable-properties-for-captured-display-surfaces);
 * restrictOwnAudio and suppressLocalAudioPlayback (audio) are not supported, so they never get this far.
 */
export const DISPLAY_PROPERTIES: Readonly<Record<'audio' | 'video', readonly string[]>> = Object.freeze({
  video: ['width', 'height', 'frameRate', 'aspectRatio', 'resizeMode', 'displaySurface', 'logicalSurface', 'cursor'],
  audio: [],
});

/** Converts DisplayMediaStreamOptions (members in WebIDL order); an invalid member is a TypeError. */
export function convertDisplayMediaOptions(options: unknown, context: string): DisplayMediaRequest {
  const dict = requireDictionary(options, context, 'options') ?? {};
  const constraints = (name: 'audio' | 'video', fallback: boolean): boolean | MediaTrackConstraints => {
    const raw = dict[name];
    if (raw === undefined) {
      return fallback;
    }
    if (raw === null || isObject(raw)) {
      return convertMediaTrackConstraints(raw, context, name);
    }
    return toBoolean(raw);
  };
  const preference = (name: string): { [key: string]: IncludeOrExclude } => {
    const raw = dict[name];
    return raw === undefined ? {} : { [name]: toEnum(INCLUDE_EXCLUDE, raw, context, name) };
  };
  const audio = constraints('audio', false);
  const rawController = dict['controller'];
  const controller = rawController === undefined ? {} : { controller: toInterface(CaptureController, rawController, context, 'controller') };
  const monitorTypeSurfaces = preference('monitorTypeSurfaces');
  const rawPreferCurrentTab = dict['preferCurrentTab'];
  const preferCurrentTab = rawPreferCurrentTab === undefined ? {} : { preferCurrentTab: toBoolean(rawPreferCurrentTab) };
  const selfBrowserSurface = preference('selfBrowserSurface');
  const surfaceSwitching = preference('surfaceSwitching');
  const systemAudio = preference('systemAudio');
  const video = constraints('video', true);
  return {
    audio,
    video,
    ...controller,
    ...preferCurrentTab,
    ...selfBrowserSurface,
    ...surfaceSwitching,
    ...systemAudio,
    ...monitorTypeSurfaces,
  } as DisplayMediaRequest;
}

/**
 * Steps 6-7 of getDisplayMedia(): `video: false` is a TypeError, and so are `advanced` and min or exact on
 * a property that applies to display surfaces. Returns the video request, never false.
 */
export function checkDisplayMediaConstraints(request: DisplayMediaRequest, context: string): true | MediaTrackConstraints {
  const { audio, video } = request;
  // 6. video: false is a TypeError.
  if (video === false) {
    throw typeError(context, 'video must not be false');
  }
  // 7.1-7.2. No advanced sets, and no min or exact on a property that applies to display surfaces.
  for (const [kind, value] of [['audio', audio], ['video', video]] as const) {
    if (typeof value === 'boolean') {
      continue;
    }
    if (value.advanced !== undefined) {
      throw typeError(context, `${kind}.advanced is not allowed`);
    }
    for (const name of DISPLAY_PROPERTIES[kind]) {
      const constraint = (value as Record<string, unknown>)[name];
      if (isObject(constraint) && ('min' in constraint || 'exact' in constraint)) {
        throw typeError(context, `${kind}.${name} may not use min or exact`);
      }
    }
  }
  return video;
}

/**
 * Step 7.3: the first property of `video` whose `max` is below its floor value (that constraint can never
 * be met, whatever the surface), or undefined.
 */
export function constraintBelowFloor(video: true | MediaTrackConstraints): string | undefined {
  if (video === true) {
    return undefined;
  }
  for (const [name, floor] of Object.entries(DISPLAY_FLOOR_VALUES)) {
    const constraint = (video as Record<string, unknown>)[name];
    if (isObject(constraint) && 'max' in constraint && typeof constraint.max === 'number' && constraint.max < floor) {
      return name;
    }
  }
  return undefined;
}

/** Whether a source with `model` captures a display surface. */
export function isDisplayModel(model: CaptureModel): boolean {
  return model.kind === 'video' && 'display' in model && model.display !== undefined;
}

/**
 * The constraints a display track selects its settings with: the displaySurface constraint only signals a
 * preference of surface type and is ignored for all other purposes, so it never causes an
 * OverconstrainedError (https://w3c.github.io/mediacapture-screen-share/#constrainable-properties-for-captured-display-surfaces).
 */
export function displaySelectionConstraints(normalized: NormalizedConstraints): NormalizedConstraints {
  const strip = (set: NormalizedConstraints['basic']): NormalizedConstraints['basic'] =>
    new Map([...set].filter(([name]) => name !== 'displaySurface'));
  return { basic: strip(normalized.basic), advanced: normalized.advanced.map(strip) };
}
