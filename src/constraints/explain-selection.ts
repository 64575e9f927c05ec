/**
 * Why SelectSettings picks what it picks, region by region: the settings and fitness distance each region
 * (native mode) would give on its own, and for a region that cannot satisfy the required constraints, the
 * first required constraint that rules it out, what it asks for, what the region offers and how far apart
 * they are. This is the explanation OverconstrainedError never gives; the selection itself stays in
 * select-settings.ts, and this module only re-runs its pieces.
 *
 * @module
 */

import type { SettingsDictionary } from './fitness.js';
import { interpretConstraint, type InterpretedConstraint, type NormalizedConstraints, type SettingValue } from './normalize.js';
import { CONSTRAINABLE_PROPERTIES, type TrackKind } from './registry.js';
import { selectSettings } from './select-settings.js';
import {
  domainBounds,
  hasDerivedAspectRatio,
  narrow,
  roundAspectRatio,
  unconstrained,
  type Domain,
  type NarrowedRegion,
  type SettingsRegion,
} from './settings-space.js';

/** What a required constraint asks for, once bare values are read as the basic set reads them. */
export interface RequiredValues {
  readonly min?: number;
  readonly max?: number;
  readonly exact?: SettingValue;
  /** For string and boolean properties: the acceptable values. */
  readonly oneOf?: readonly (string | boolean)[];
}

/** What a region offers for one property: a numeric range, a list of values, or nothing (no such property). */
export type OfferedValues =
  | { readonly type: 'range'; readonly min: number; readonly max: number }
  | { readonly type: 'values'; readonly values: readonly SettingValue[] }
  | { readonly type: 'absent' };

/** Why a region has no settings dictionary that satisfies the basic set's required constraints. */
export interface ConstraintShortfall {
  /** The required constraint that rules the region out (the first, in registry order, that does). */
  readonly constraint: string;
  readonly required: RequiredValues;
  /** What the region still offers for that property once the constraints before it are applied. */
  readonly offered: OfferedValues;
  /**
   * For numeric properties: the distance between the required interval and the closest offered value (in
   * the property's unit; 0 when they overlap but no size fits, as for an aspect ratio between sizes).
   */
  readonly shortBy?: number;
  /**
   * The earlier required constraints that, together with this one, rule the region out when this one alone
   * would not; empty when this constraint alone rules it out.
   */
  readonly conflictsWith: readonly string[];
}

/** One region, as SelectSettings sees it on its own. */
export type RegionExplanation<Tag> =
  | {
      readonly tag: Tag;
      readonly satisfied: true;
      /** The settings SelectSettings would pick if this region were the device's only one. */
      readonly settings: SettingsDictionary;
      /** Their fitness distance from the basic set (bare values ideal): smaller wins. */
      readonly fitness: number;
    }
  | { readonly tag: Tag; readonly satisfied: false; readonly shortfall: ConstraintShortfall };

/**
 * Explains each region of a settings space under `constraints`: the settings and fitness distance of the
 * satisfied ones (advanced sets applied within the region when it can meet them), the shortfall of the
 * others.
 */
export function explainRegions<Tag>(
  regions: readonly SettingsRegion<Tag>[],
  constraints: NormalizedConstraints,
  kind: TrackKind,
): RegionExplanation<Tag>[] {
  return regions.map((region): RegionExplanation<Tag> => {
    const selection = selectSettings([region], constraints, kind);
    if (selection.ok) {
      return { tag: region.tag, satisfied: true, settings: selection.settings, fitness: selection.fitness };
    }
    return { tag: region.tag, satisfied: false, shortfall: regionShortfall(region, constraints) };
  });
}

/** The required constraints of the basic set, interpreted, in registry order. */
function requiredInOrder(constraints: NormalizedConstraints): [string, InterpretedConstraint][] {
  const required: [string, InterpretedConstraint][] = [];
  for (const { name } of CONSTRAINABLE_PROPERTIES) {
    const constraint = constraints.basic.get(name);
    if (constraint === undefined) {
      continue;
    }
    const interpreted = interpretConstraint(constraint, 'basic');
    if (interpreted.required) {
      required.push([name, interpreted]);
    }
  }
  return required;
}

/**
 * Applies the required constraints one by one in registry order and reports the first that empties the
 * region, with what was left of it just before.
 */
function regionShortfall<Tag>(region: SettingsRegion<Tag>, constraints: NormalizedConstraints): ConstraintShortfall {
  let candidate: NarrowedRegion<Tag> = unconstrained(region);
  const applied: string[] = [];
  for (const [name, interpreted] of requiredInOrder(constraints)) {
    const narrowed = narrow(candidate, name, interpreted);
    if (narrowed !== undefined) {
      candidate = narrowed;
      applied.push(name);
      continue;
    }
    const alone = narrow(unconstrained(region), name, interpreted) === undefined;
    const offered = offeredValues(candidate, name);
    const required = requiredValues(interpreted);
    return {
      constraint: name,
      required,
      offered,
      ...numericGap(required, offered),
      conflictsWith: alone ? [] : [...applied],
    };
  }
  // selectSettings failed, so some required constraint empties the region.
  throw new Error('explainRegions: a region failed without a failing constraint; this is a bug');
}

function requiredValues(constraint: InterpretedConstraint): RequiredValues {
  const required: { -readonly [K in keyof RequiredValues]: RequiredValues[K] } = {};
  if (constraint.min !== undefined) {
    required.min = constraint.min;
  }
  if (constraint.max !== undefined) {
    required.max = constraint.max;
  }
  if (constraint.exact !== undefined) {
    required.exact = constraint.exact;
  }
  if (constraint.oneOf !== undefined) {
    required.oneOf = constraint.oneOf;
  }
  return required;
}

function offeredValues(candidate: NarrowedRegion, name: string): OfferedValues {
  if (name === 'aspectRatio') {
    if (!hasDerivedAspectRatio(candidate.domains)) {
      return { type: 'absent' };
    }
    const widths = domainBounds(candidate.domains.get('width') as Domain);
    const heights = domainBounds(candidate.domains.get('height') as Domain);
    return {
      type: 'range',
      min: roundAspectRatio(Math.max(widths.min / heights.max, candidate.aspectRatio.min)),
      max: roundAspectRatio(Math.min(widths.max / heights.min, candidate.aspectRatio.max)),
    };
  }
  const domain = candidate.domains.get(name);
  if (domain === undefined) {
    return { type: 'absent' };
  }
  if (domain.type === 'range') {
    return { type: 'range', min: domain.min, max: domain.max };
  }
  return { type: 'values', values: domain.values };
}

/** How far the closest offered number is from the required interval. */
function numericGap(required: RequiredValues, offered: OfferedValues): { shortBy?: number } {
  if (offered.type === 'absent' || required.oneOf !== undefined) {
    return {};
  }
  const low = Math.max(required.min ?? -Infinity, typeof required.exact === 'number' ? required.exact : -Infinity);
  const high = Math.min(required.max ?? Infinity, typeof required.exact === 'number' ? required.exact : Infinity);
  const offeredNumbers =
    offered.type === 'range' ? [offered.min, offered.max] : offered.values.filter((v): v is number => typeof v === 'number');
  if (offeredNumbers.length === 0) {
    return {};
  }
  if (offered.type === 'range') {
    return { shortBy: intervalGap(offered.min, offered.max, low, high) };
  }
  return { shortBy: Math.min(...offeredNumbers.map((value) => intervalGap(value, value, low, high))) };
}

function intervalGap(min: number, max: number, low: number, high: number): number {
  if (max < low) {
    return low - max;
  }
  if (min > high) {
    return min - high;
  }
  return 0;
}
