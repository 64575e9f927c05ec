/**
 * https://w3c.github.io/mediacapture-main/#dfn-selectsettings over a settings space, and the choice of the
 * failed constraint when nothing satisfies the required constraints.
 *
 * @module
 */

import { fitnessDistance, idealDistance, type SettingsDictionary } from './fitness.js';
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
 * the one closest to the region's defaults, then to the earliest region.
 */
export function selectSettings<Tag>(
  regions: readonly SettingsRegion<Tag>[],
  constraints: NormalizedConstraints,
  kind: TrackKind,
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
  let best: Selection<Tag> | undefined;
  for (const candidate of candidates) {
    const settings = bestSettings(candidate, basic);
    const selection: Selection<Tag> = {
      ok: true,
      settings,
      tag: candidate.region.tag,
      fitness: fitnessDistance(settings, constraints.basic, 'basic', kind),
      defaultDistance: distanceFromDefaults(settings, candidate.region.defaults),
    };
    if (best === undefined || isBetter(selection, best)) {
      best = selection;
    }
  }
  return best as Selection<Tag>;
}

/** Whether `a` beats `b`: smaller fitness, then closer to the defaults. Equal scores keep `b`. */
export function isBetter(
  a: Pick<Selection<unknown>, 'fitness' | 'defaultDistance'>,
  b: Pick<Selection<unknown>, 'fitness' | 'defaultDistance'>,
): boolean {
  if (a.fitness < b.fitness - SCORE_TOLERANCE) {
    return true;
  }
  if (a.fitness > b.fitness + SCORE_TOLERANCE) {
    return false;
  }
  return a.defaultDistance < b.defaultDistance - SCORE_TOLERANCE;
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
      distance += defaultWeight(name) * idealDistance(actual, [value]);
    }
  }
  return distance;
}

/** The settings dictionary of a narrowed region closest to the basic set's ideals, then to the defaults. */
function bestSettings(candidate: NarrowedRegion, basic: ReadonlyMap<string, InterpretedConstraint>): SettingsDictionary {
  const { domains, region } = candidate;
  const sized = hasDerivedAspectRatio(domains);
  const settings: Record<string, SettingValue> = {};
  for (const [name, domain] of domains) {
    if (sized && (name === 'width' || name === 'height')) {
      continue;
    }
    settings[name] = bestValue(domain, basic.get(name)?.ideal, region.defaults.get(name));
  }
  if (sized) {
    Object.assign(settings, bestSize(candidate, basic));
  }
  return orderSettings(settings);
}

interface Score {
  readonly fitness: number;
  readonly defaultDistance: number;
}

function scoreValue(value: SettingValue, ideal: readonly SettingValue[] | undefined, preferred: SettingValue | undefined): Score {
  return {
    fitness: idealDistance(value, ideal),
    defaultDistance: preferred === undefined ? 0 : idealDistance(value, [preferred]),
  };
}

function bestValue(domain: Domain, ideal: readonly SettingValue[] | undefined, preferred: SettingValue | undefined): SettingValue {
  const options = domain.type === 'values' ? domain.values : rangeOptions(domain, [ideal?.[0], preferred]);
  let best = options[0] as SettingValue;
  let bestScore = scoreValue(best, ideal, preferred);
  for (const option of options.slice(1)) {
    const score = scoreValue(option, ideal, preferred);
    if (isBetter(score, bestScore)) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

/** The values of a range worth comparing: its ends and the targets clamped into it (both neighbours for integers). */
function rangeOptions(domain: Domain & { type: 'range' }, targets: readonly (SettingValue | undefined)[]): number[] {
  const options = new Set<number>([domain.min, domain.max]);
  for (const target of targets) {
    if (typeof target !== 'number') {
      continue;
    }
    const clamped = Math.min(Math.max(target, domain.min), domain.max);
    if (domain.integer) {
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
function bestSize(candidate: NarrowedRegion, basic: ReadonlyMap<string, InterpretedConstraint>): Record<string, number> {
  const widths = candidate.domains.get('width') as Domain;
  const heights = candidate.domains.get('height') as Domain;
  const defaults = candidate.region.defaults;
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
  const score = (width: number, height: number): Score => {
    const ratio = roundAspectRatio(width / height);
    return {
      fitness:
        idealDistance(width, idealWidth === undefined ? undefined : [idealWidth]) +
        idealDistance(height, idealHeight === undefined ? undefined : [idealHeight]) +
        idealDistance(ratio, idealRatio === undefined ? undefined : [idealRatio]),
      defaultDistance:
        (defaultWidth === undefined ? 0 : idealDistance(width, [defaultWidth])) +
        (defaultHeight === undefined ? 0 : idealDistance(height, [defaultHeight])) +
        (typeof preferredRatio === 'number' ? ASPECT_RATIO_DEFAULT_WEIGHT * idealDistance(ratio, [preferredRatio]) : 0),
    };
  };
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
  let best: { width: number; height: number; score: Score } | undefined;
  const walkedHeights = heightsToWalk(heights, hints.filter((h): h is number => h !== undefined), fitnessCoupled);
  for (const height of walkedHeights) {
    for (const width of widthOptions(widths, height, ratioBounds, [idealWidth, defaultWidth, idealRatio, defaultRatio], aspectLock)) {
      const candidateScore = score(width, height);
      if (best === undefined || isBetter(candidateScore, best.score)) {
        best = { width, height, score: candidateScore };
      }
    }
  }
  if (best === undefined) {
    throw new Error('selectSettings: a feasible region had no size; this is a bug');
  }
  return { width: best.width, height: best.height, aspectRatio: roundAspectRatio(best.width / best.height) };
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
