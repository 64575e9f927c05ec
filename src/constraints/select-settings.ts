/**
 * https://w3c.github.io/mediacapture-main/#dfn-selectsettings over a settings space, and the choice of the
 * failed constraint when nothing satisfies the required constraints.
 *
 * @module
 */

import { idealDistance, interpretedFitnessDistance, valueDistance, type SettingsDictionary } from './fitness.js';
import {
  interpretConstraint,
  type InterpretedConstraint,
  type NormalizedConstraints,
  type NormalizedConstraintSet,
  type SettingValue,
} from './normalize.js';
import { CONSTRAINABLE_PROPERTIES, type TrackKind } from './registry.js';
import {
  domainBounds,
  domainValuesWithin,
  gridAtOrAbove,
  gridAtOrBelow,
  hasDerivedAspectRatio,
  heightsToWalk,
  narrow,
  orderSettings,
  roundAspectRatio,
  unconstrained,
  widthsFor,
  type Domain,
  type Interval,
  type NarrowedRegion,
  type SettingsRegion,
} from './settings-space.js';

/** The settings SelectSettings picked, the region (native mode) they come from, and their fitness. */
export interface Selection<Tag> {
  readonly ok: true;
  readonly settings: SettingsDictionary;
  readonly tag: Tag;
  /** Fitness distance from the basic constraint set, bare values read as ideal. */
  readonly fitness: number;
  /** Distance from the region's default values; breaks ties in fitness. */
  readonly defaultDistance: number;
}

/** No settings dictionary satisfies the required constraints. */
export interface SelectionFailure {
  readonly ok: false;
  /** A required constraint no settings dictionary satisfies on its own, or "" when there is none. */
  readonly failedConstraint: string;
}

/** The result of {@link selectSettings}. */
export type SelectResult<Tag> = Selection<Tag> | SelectionFailure;

const SCORE_TOLERANCE = 1e-12;

/**
 * SelectSettings: keeps the settings dictionaries that satisfy the basic set's required constraints,
 * then each advanced set in order when at least one dictionary satisfies it (bare values exact), and
 * returns the one with the smallest fitness distance from the basic set (bare values ideal). Ties go to
 * the one closest to the region's defaults, then to the earliest region. `preferred` values replace the regions'
 * defaults: a device's current control values (zoom, exposure…), which constraints that do not name them keep.
 */
export function selectSettings<Tag>(
  regions: readonly SettingsRegion<Tag>[],
  constraints: NormalizedConstraints,
  kind: TrackKind,
  preferred?: ReadonlyMap<string, SettingValue>,
): SelectResult<Tag> {
  const basic = interpretSet(constraints.basic, 'basic');
  let candidates = narrowAll(regions.map(unconstrained), basic);
  if (candidates.length === 0) {
    return { ok: false, failedConstraint: failedConstraint(regions, constraints.basic) };
  }
  for (const set of constraints.advanced) {
    const narrowed = narrowAll(candidates, interpretSet(set, 'advanced'));
    if (narrowed.length > 0) {
      candidates = narrowed;
    }
  }
  // Regions share domains (a camera's controls, its deviceId): each property's best value is found once per domain.
  const values: BestValues = new Map();
  let best: Selection<Tag> | undefined;
  for (const candidate of candidates) {
    const defaults = defaultsOf(candidate.region, preferred);
    const settings = bestSettings(candidate, basic, defaults, values);
    const fitness = interpretedFitnessDistance(settings, basic, kind);
    const defaultDistance = distanceFromDefaults(settings, defaults);
    if (best === undefined || scoreIsBetter(fitness, defaultDistance, best.fitness, best.defaultDistance)) {
      best = { ok: true, settings, tag: candidate.region.tag, fitness, defaultDistance };
    }
  }
  const selected = best as Selection<Tag>;
  // Key order does not change a distance, so only the selected dictionary is put in registry order.
  return { ...selected, settings: orderSettings(selected.settings) };
}

/** The defaults of a region with `preferred` values in their place (the region's own map when that changes nothing). */
function defaultsOf(region: SettingsRegion, preferred: ReadonlyMap<string, SettingValue> | undefined): ReadonlyMap<string, SettingValue> {
  if (preferred === undefined || preferred.size === 0 || preferredIsDefault(region, preferred)) {
    return region.defaults;
  }
  return new Map([...region.defaults, ...preferred]);
}

/**
 * Whether SelectSettings over `region` gives the same with `preferred` as without: each preferred value is the
 * region's default already (the same value, so the merged defaults are the same map in the same order), or names
 * something no settings dictionary of the region has (never read).
 */
function preferredIsDefault(region: SettingsRegion, preferred: ReadonlyMap<string, SettingValue>): boolean {
  for (const [name, value] of preferred) {
    const own = region.defaults.get(name);
    if (own === undefined ? region.domains.has(name) || name === 'aspectRatio' || region.defaults.has(name) : !Object.is(own, value)) {
      return false;
    }
  }
  return true;
}

/** Whether `a` beats `b`: smaller fitness, then closer to the defaults. Equal scores keep `b`. */
export function isBetter(
  a: Pick<Selection<unknown>, 'fitness' | 'defaultDistance'>,
  b: Pick<Selection<unknown>, 'fitness' | 'defaultDistance'>,
): boolean {
  return scoreIsBetter(a.fitness, a.defaultDistance, b.fitness, b.defaultDistance);
}

/** {@link isBetter} on the four numbers. */
function scoreIsBetter(aFitness: number, aDefaultDistance: number, bFitness: number, bDefaultDistance: number): boolean {
  if (aFitness < bFitness - SCORE_TOLERANCE) {
    return true;
  }
  if (aFitness > bFitness + SCORE_TOLERANCE) {
    return false;
  }
  return aDefaultDistance < bDefaultDistance - SCORE_TOLERANCE;
}

function interpretSet(set: NormalizedConstraintSet, position: 'basic' | 'advanced'): Map<string, InterpretedConstraint> {
  const interpreted = new Map<string, InterpretedConstraint>();
  for (const [name, constraint] of set) {
    interpreted.set(name, interpretConstraint(constraint, position));
  }
  return interpreted;
}

function narrowAll<Tag>(
  candidates: readonly NarrowedRegion<Tag>[],
  set: ReadonlyMap<string, InterpretedConstraint>,
): NarrowedRegion<Tag>[] {
  const kept: NarrowedRegion<Tag>[] = [];
  for (const candidate of candidates) {
    let narrowed: NarrowedRegion<Tag> | undefined = candidate;
    for (const [name, constraint] of set) {
      // A constraint that requires nothing narrows nothing.
      if (!constraint.required) {
        continue;
      }
      narrowed = narrow(narrowed, name, constraint);
      if (narrowed === undefined) {
        break;
      }
    }
    if (narrowed !== undefined) {
      kept.push(narrowed);
    }
  }
  return kept;
}

/**
 * The failed constraint of https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-algorithm: a
 * required constraint of the basic set whose fitness distance is infinite for every settings dictionary
 * of every region, in registry order; "" if each one alone can be met.
 */
export function failedConstraint(regions: readonly SettingsRegion[], basic: NormalizedConstraintSet): string {
  for (const { name } of CONSTRAINABLE_PROPERTIES) {
    const constraint = basic.get(name);
    if (constraint === undefined) {
      continue;
    }
    const interpreted = interpretConstraint(constraint, 'basic');
    if (!interpreted.required) {
      continue;
    }
    if (regions.every((region) => narrow(unconstrained(region), name, interpreted) === undefined)) {
      return name;
    }
  }
  return '';
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

function distanceFromDefaults(settings: SettingsDictionary, defaults: ReadonlyMap<string, SettingValue>): number {
  let distance = 0;
  for (const [name, value] of defaults) {
    const actual = settings[name];
    if (actual !== undefined) {
      distance += defaultWeight(name) * valueDistance(actual, value);
    }
  }
  return distance;
}

/** The best value of each property found so far in one SelectSettings: per name, per domain and preferred value. */
type BestValues = Map<string, { readonly domain: Domain; readonly preferred: SettingValue | undefined; readonly value: SettingValue }[]>;

/** Names of the constrainable properties: a settings dictionary has no other member. */
const PROPERTY_NAMES = new Set(CONSTRAINABLE_PROPERTIES.map((p) => p.name));

/**
 * The settings dictionary of a narrowed region closest to the basic set's ideals, then to the defaults (its keys
 * in no particular order). `values` remembers {@link bestValue} for domains seen in earlier regions of the call.
 */
function bestSettings(
  candidate: NarrowedRegion,
  basic: ReadonlyMap<string, InterpretedConstraint>,
  defaults: ReadonlyMap<string, SettingValue>,
  values: BestValues,
): SettingsDictionary {
  const { domains } = candidate;
  const sized = hasDerivedAspectRatio(domains);
  const settings: Record<string, SettingValue> = {};
  for (const [name, domain] of domains) {
    if ((sized && (name === 'width' || name === 'height')) || !PROPERTY_NAMES.has(name)) {
      continue;
    }
    const preferred = defaults.get(name);
    let known = values.get(name);
    let entry = known?.find((e) => e.domain === domain && Object.is(e.preferred, preferred));
    if (entry === undefined) {
      entry = { domain, preferred, value: bestValue(domain, basic.get(name)?.ideal, preferred) };
      if (known === undefined) {
        known = [];
        values.set(name, known);
      }
      known.push(entry);
    }
    settings[name] = entry.value;
  }
  if (sized) {
    const { width, height, aspectRatio } = bestSize(candidate, basic, defaults);
    settings['width'] = width;
    settings['height'] = height;
    settings['aspectRatio'] = aspectRatio;
  }
  return settings;
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
