/**
 * https://w3c.github.io/mediacapture-main/#dfn-selectsettings over a settings space, and the choice of the
 * failed constraint when nothing satisfies the required constraints.
 *
 * @module
 */

import {
  bestSettings,
  distanceFromDefaults,
  PROPERTY_NAMES,
  rememberedBestValue,
  scoreIsBetter,
  type BestValues,
} from './best-settings.js';
import { interpretedFitnessDistance, valueDistance, type SettingsDictionary } from './fitness.js';
import {
  interpretConstraint,
  type InterpretedConstraint,
  type NormalizedConstraints,
  type NormalizedConstraintSet,
  type SettingValue,
} from './normalize.js';
import { CONSTRAINABLE_PROPERTIES, type TrackKind } from './registry.js';
import { narrow, orderSettings, unconstrained, type NarrowedRegion, type SettingsRegion } from './settings-space.js';

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

/** A result of {@link selectSettings} with the arguments it was made from (without preferred values). */
export interface MadeSelection<Tag> {
  readonly regions: readonly SettingsRegion<Tag>[];
  readonly constraints: NormalizedConstraints;
  readonly kind: TrackKind;
  readonly result: SelectResult<Tag>;
}

/**
 * `selectSettings(regions, constraints, kind, preferred)`, taken from `made` when it was made from the same regions
 * and the same constraints and `preferred` changes nothing in these regions (see {@link preferredIsDefault}).
 */
export function selectSettingsAgain<Tag>(
  made: MadeSelection<Tag> | undefined,
  regions: readonly SettingsRegion<Tag>[],
  constraints: NormalizedConstraints,
  kind: TrackKind,
  preferred?: ReadonlyMap<string, SettingValue>,
): SelectResult<Tag> {
  if (
    made !== undefined &&
    made.regions === regions &&
    made.kind === kind &&
    sameConstraints(made.constraints, constraints) &&
    (preferred === undefined || preferred.size === 0 || regions.every((region) => preferredIsDefault(region, preferred)))
  ) {
    return made.result;
  }
  return selectSettings(regions, constraints, kind, preferred);
}

/** Whether two constraints are the same object, or both empty. */
function sameConstraints(a: NormalizedConstraints, b: NormalizedConstraints): boolean {
  const empty = (c: NormalizedConstraints): boolean => c.basic.size === 0 && c.advanced.length === 0;
  return a === b || (empty(a) && empty(b));
}

/**
 * Whether, while no constraint names them, each of `names` takes its region's default value exactly in every
 * settings dictionary SelectSettings weighs in `regions`: then they add 0 to every fitness and default distance,
 * and SelectSettings over the regions without them picks the same region with the same other settings.
 */
export function settlesOnDefaults(regions: readonly SettingsRegion[], names: readonly string[]): boolean {
  const values: BestValues = new Map();
  for (const region of regions) {
    for (const name of names) {
      const domain = region.domains.get(name);
      const preferred = region.defaults.get(name);
      if (domain === undefined || preferred === undefined || !PROPERTY_NAMES.has(name)) {
        continue;
      }
      if (valueDistance(rememberedBestValue(values, name, domain, undefined, preferred), preferred) !== 0) {
        return false;
      }
    }
  }
  return true;
}

/** Whether a constraint set of `constraints` (basic or advanced) names one of `names`. */
export function namesAnyOf(constraints: NormalizedConstraints, names: readonly string[]): boolean {
  return [constraints.basic, ...constraints.advanced].some((set) => names.some((name) => set.has(name)));
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
  for (const name of preferred.keys()) {
    const value = preferred.get(name) as SettingValue;
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
  // A constraint that requires nothing narrows nothing.
  const required: string[] = [];
  for (const name of set.keys()) {
    if ((set.get(name) as InterpretedConstraint).required) {
      required.push(name);
    }
  }
  if (required.length === 0) {
    return [...candidates];
  }
  const kept: NarrowedRegion<Tag>[] = [];
  for (const candidate of candidates) {
    let narrowed: NarrowedRegion<Tag> | undefined = candidate;
    for (const name of required) {
      narrowed = narrow(narrowed, name, set.get(name) as InterpretedConstraint);
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

