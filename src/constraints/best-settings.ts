/**
 * The settings dictionary SelectSettings picks within one narrowed region: for each property the value closest to
 * the basic set's ideal, then to the region's default; width, height and aspectRatio together when the region has
 * a size.
 *
 * @module
 */

import { idealDistance, valueDistance, type SettingsDictionary } from './fitness.js';
import type { InterpretedConstraint, SettingValue } from './normalize.js';
import { CONSTRAINABLE_PROPERTIES } from './registry.js';
import {
  domainBounds,
  domainValuesWithin,
  gridAtOrAbove,
  gridAtOrBelow,
  hasDerivedAspectRatio,
  heightsToWalk,
  roundAspectRatio,
  widthsFor,
  type Domain,
  type Interval,
  type NarrowedRegion,
  type SettingsRegion,
} from './settings-space.js';

const SCORE_TOLERANCE = 1e-12;

/** Whether score `a` beats score `b`: smaller fitness, then closer to the defaults. Equal scores keep `b`. */
export function scoreIsBetter(aFitness: number, aDefaultDistance: number, bFitness: number, bDefaultDistance: number): boolean {
  if (aFitness < bFitness - SCORE_TOLERANCE) {
    return true;
  }
  if (aFitness > bFitness + SCORE_TOLERANCE) {
    return false;
  }
  return aDefaultDistance < bDefaultDistance - SCORE_TOLERANCE;
}

/**
 * How much a region's default aspect ratio outweighs its default width and height when choosing among
 * equally fit sizes: constraining one dimension keeps the source's shape, as Chromium does, rather than
 * drifting towards 640x480.
 */
const ASPECT_RATIO_DEFAULT_WEIGHT = 4;

function defaultWeight(name: string): number {
  return name === 'aspectRatio' ? ASPECT_RATIO_DEFAULT_WEIGHT : 1;
}

/** The weighted distance of a settings dictionary from the defaults it has members for. */
export function distanceFromDefaults(settings: SettingsDictionary, defaults: ReadonlyMap<string, SettingValue>): number {
  let distance = 0;
  for (const name of defaults.keys()) {
    const value = defaults.get(name) as SettingValue;
    const actual = settings[name];
    if (actual !== undefined) {
      distance += defaultWeight(name) * valueDistance(actual, value);
    }
  }
  return distance;
}

/** The best value of each property found so far in one SelectSettings: per name, per domain and preferred value. */
export type BestValues = Map<string, { readonly domain: Domain; readonly preferred: SettingValue | undefined; readonly value: SettingValue }[]>;

/** Names of the constrainable properties: a settings dictionary has no other member. */
export const PROPERTY_NAMES = new Set(CONSTRAINABLE_PROPERTIES.map((p) => p.name));

/**
 * The settings dictionary of a narrowed region closest to the basic set's ideals, then to the defaults (its keys
 * in no particular order). `values` remembers {@link bestValue} for domains seen in earlier regions of the call.
 */
export function bestSettings(
  candidate: NarrowedRegion,
  basic: ReadonlyMap<string, InterpretedConstraint>,
  defaults: ReadonlyMap<string, SettingValue>,
  values: BestValues,
): SettingsDictionary {
  const { domains } = candidate;
  const sized = hasDerivedAspectRatio(domains);
  const settings: Record<string, SettingValue> = {};
  for (const name of domains.keys()) {
    const domain = domains.get(name) as Domain;
    if ((sized && (name === 'width' || name === 'height')) || !PROPERTY_NAMES.has(name)) {
      continue;
    }
    settings[name] = rememberedBestValue(values, name, domain, basic.get(name)?.ideal, defaults.get(name));
  }
  if (sized) {
    const { width, height, aspectRatio } = bestSize(candidate, basic, defaults);
    settings['width'] = width;
    settings['height'] = height;
    settings['aspectRatio'] = aspectRatio;
  }
  return settings;
}

/** {@link bestValue} of the domain of `name`, remembered in `values` (within one call the ideal of a name is fixed). */
export function rememberedBestValue(
  values: BestValues,
  name: string,
  domain: Domain,
  ideal: readonly SettingValue[] | undefined,
  preferred: SettingValue | undefined,
): SettingValue {
  // A single value needs no scoring.
  if (domain.type === 'values' && domain.values.length === 1) {
    return domain.values[0] as SettingValue;
  }
  let known = values.get(name);
  if (known === undefined) {
    known = [];
    values.set(name, known);
  }
  for (const entry of known) {
    if (entry.domain === domain && Object.is(entry.preferred, preferred)) {
      return entry.value;
    }
  }
  const value = bestValue(domain, ideal, preferred);
  known.push({ domain, preferred, value });
  return value;
}

/** The value of a domain closest to `ideal`, then to `preferred`; the first of equally close ones. */
function bestValue(domain: Domain, ideal: readonly SettingValue[] | undefined, preferred: SettingValue | undefined): SettingValue {
  if (domain.type === 'any') {
    // Any value is possible: the ideal one, else the preferred one.
    return ideal?.[0] ?? preferred ?? '';
  }
  const options = domain.type === 'values' ? domain.values : rangeOptions(domain, [ideal?.[0], preferred]);
  let best = options[0] as SettingValue;
  if (options.length === 1) {
    return best;
  }
  let bestFitness = idealDistance(best, ideal);
  let bestDefaultDistance = preferred === undefined ? 0 : valueDistance(best, preferred);
  for (let i = 1; i < options.length; i++) {
    const option = options[i] as SettingValue;
    const fitness = idealDistance(option, ideal);
    const defaultDistance = preferred === undefined ? 0 : valueDistance(option, preferred);
    if (scoreIsBetter(fitness, defaultDistance, bestFitness, bestDefaultDistance)) {
      best = option;
      bestFitness = fitness;
      bestDefaultDistance = defaultDistance;
    }
  }
  return best;
}

/** The values of a range worth comparing: its ends and the targets clamped into it (both neighbours for integers). */
function rangeOptions(domain: Domain & { type: 'range' }, targets: readonly (SettingValue | undefined)[]): number[] {
  const grid = domain.step !== undefined && domain.step > 0 ? { min: domain.min, step: domain.step } : undefined;
  // A stepped range's settings end at its last grid value, which may lie below its max.
  const top = grid === undefined ? domain.max : Math.max(domain.min, gridAtOrBelow(grid, domain.max));
  const options = new Set<number>([domain.min, top]);
  for (const target of targets) {
    if (typeof target !== 'number') {
      continue;
    }
    const clamped = Math.min(Math.max(target, domain.min), top);
    if (grid !== undefined) {
      // The grid values on either side, within [min, top].
      options.add(Math.max(domain.min, gridAtOrBelow(grid, clamped)));
      options.add(Math.min(top, gridAtOrAbove(grid, clamped)));
    } else if (domain.integer) {
      options.add(Math.floor(clamped));
      options.add(Math.ceil(clamped));
    } else {
      options.add(clamped);
    }
  }
  return [...options];
}

function numericIdeal(constraint: InterpretedConstraint | undefined): number | undefined {
  const ideal = constraint?.ideal?.[0];
  return typeof ideal === 'number' ? ideal : undefined;
}

/** Width and height (and so aspectRatio) closest to the ideals, walking the heights the region allows. */
function bestSize(
  candidate: NarrowedRegion,
  basic: ReadonlyMap<string, InterpretedConstraint>,
  defaults: ReadonlyMap<string, SettingValue>,
): { width: number; height: number; aspectRatio: number } {
  const widths = candidate.domains.get('width') as Domain;
  const heights = candidate.domains.get('height') as Domain;
  const idealWidth = numericIdeal(basic.get('width'));
  const idealHeight = numericIdeal(basic.get('height'));
  const idealRatio = numericIdeal(basic.get('aspectRatio'));
  const defaultWidth = defaults.get('width');
  const defaultHeight = defaults.get('height');
  const preferredRatio = defaults.get('aspectRatio');
  const defaultRatio =
    typeof preferredRatio === 'number'
      ? preferredRatio
      : typeof defaultWidth === 'number' && typeof defaultHeight === 'number'
        ? defaultWidth / defaultHeight
        : undefined;
  const ratioBounds = candidate.aspectRatio;
  // Width and height are independent unless an aspect ratio is constrained or ideal, or preferred while
  // they do not both have ideals. A constrained or ideal ratio needs every height walked; a preferred one
  // (a tie-break only) is served by the heights the other targets point at. An aspect lock ties the width
  // to each height.
  const unbounded = ratioBounds.min === -Infinity && ratioBounds.max === Infinity;
  const bothIdeal = idealWidth !== undefined && idealHeight !== undefined;
  const aspectLock = candidate.region.aspectLock;
  const fitnessCoupled = idealRatio !== undefined || !unbounded || aspectLock !== undefined;
  if (!fitnessCoupled && (typeof preferredRatio !== 'number' || bothIdeal)) {
    const width = bestValue(widths, idealWidth === undefined ? undefined : [idealWidth], defaultWidth) as number;
    const height = bestValue(heights, idealHeight === undefined ? undefined : [idealHeight], defaultHeight) as number;
    return { width, height, aspectRatio: roundAspectRatio(width / height) };
  }
  const hints = [idealHeight, typeof defaultHeight === 'number' ? defaultHeight : undefined];
  const widthBounds = domainBounds(widths);
  for (const ratio of [idealRatio, defaultRatio]) {
    for (const width of [idealWidth, typeof defaultWidth === 'number' ? defaultWidth : undefined]) {
      if (ratio !== undefined && width !== undefined) {
        hints.push(width / ratio, Math.min(Math.max(width, widthBounds.min), widthBounds.max) / ratio);
      }
    }
    if (ratio !== undefined) {
      hints.push(widthBounds.min / ratio, widthBounds.max / ratio);
    }
  }
  let found = false;
  let bestWidth = 0;
  let bestHeight = 0;
  let bestFitness = 0;
  let bestDefaultDistance = 0;
  const walkedHeights = heightsToWalk(heights, hints.filter((h): h is number => h !== undefined), fitnessCoupled);
  const targets = [idealWidth, defaultWidth, idealRatio, defaultRatio];
  for (const height of walkedHeights) {
    for (const width of widthOptions(widths, height, ratioBounds, targets, aspectLock)) {
      const ratio = roundAspectRatio(width / height);
      const fitness =
        (idealWidth === undefined ? 0 : valueDistance(width, idealWidth)) +
        (idealHeight === undefined ? 0 : valueDistance(height, idealHeight)) +
        (idealRatio === undefined ? 0 : valueDistance(ratio, idealRatio));
      const defaultDistance =
        (defaultWidth === undefined ? 0 : valueDistance(width, defaultWidth)) +
        (defaultHeight === undefined ? 0 : valueDistance(height, defaultHeight)) +
        (typeof preferredRatio === 'number' ? ASPECT_RATIO_DEFAULT_WEIGHT * valueDistance(ratio, preferredRatio) : 0);
      if (!found || scoreIsBetter(fitness, defaultDistance, bestFitness, bestDefaultDistance)) {
        found = true;
        bestWidth = width;
        bestHeight = height;
        bestFitness = fitness;
        bestDefaultDistance = defaultDistance;
      }
    }
  }
  if (!found) {
    throw new Error('selectSettings: a feasible region had no size; this is a bug');
  }
  return { width: bestWidth, height: bestHeight, aspectRatio: roundAspectRatio(bestWidth / bestHeight) };
}

function widthOptions(
  widths: Domain,
  height: number,
  ratioBounds: Interval,
  [idealWidth, defaultWidth, idealRatio, defaultRatio]: readonly (SettingValue | undefined)[],
  aspectLock?: SettingsRegion['aspectLock'],
): number[] {
  const allowed = widthsFor(widths, height, ratioBounds, aspectLock);
  if (allowed.min > allowed.max) {
    return [];
  }
  if (widths.type === 'values') {
    return domainValuesWithin(widths, allowed);
  }
  const targets: (number | undefined)[] = [idealWidth as number | undefined, defaultWidth as number | undefined];
  for (const ratio of [idealRatio, defaultRatio]) {
    if (typeof ratio === 'number') {
      targets.push(ratio * height);
    }
  }
  const bounds = domainBounds(widths);
  const range: Domain = {
    type: 'range',
    min: Math.max(bounds.min, allowed.min),
    max: Math.min(bounds.max, allowed.max),
    integer: true,
  };
  return rangeOptions(range as Domain & { type: 'range' }, targets);
}
