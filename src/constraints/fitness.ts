/**
 * The fitness distance between a settings dictionary and a constraint set, exactly as
 * https://w3c.github.io/mediacapture-main/#dfn-fitness-distance defines it, and the test of whether a
 * single value satisfies a constraint.
 *
 * @module
 */

import {
  interpretConstraint,
  type InterpretedConstraint,
  type NormalizedConstraintSet,
  type SetPosition,
  type SettingValue,
} from './normalize.js';
import { appliesTo, findProperty, type ConstrainableProperty, type TrackKind } from './registry.js';

/** A settings dictionary: property name → its one value. */
export type SettingsDictionary = Readonly<Record<string, SettingValue>>;

/**
 * Tolerance for comparing doubles. Settings such as aspectRatio are rounded to the tenth decimal place, so
 * a constraint of `4 / 3` must match a setting of 1.3333333333.
 */
export const DOUBLE_TOLERANCE = 1e-6;

/** Whether `value` lies within the required part (min, max, exact, oneOf) of a constraint. */
export function satisfiesRequirement(value: SettingValue, constraint: InterpretedConstraint): boolean {
  if (typeof value === 'number') {
    if (constraint.min !== undefined && value < constraint.min - DOUBLE_TOLERANCE) {
      return false;
    }
    if (constraint.max !== undefined && value > constraint.max + DOUBLE_TOLERANCE) {
      return false;
    }
    if (constraint.exact !== undefined && !numbersEqual(value, constraint.exact)) {
      return false;
    }
    return true;
  }
  if (constraint.oneOf !== undefined && !constraint.oneOf.includes(value)) {
    return false;
  }
  return true;
}

function numbersEqual(a: number, b: SettingValue): boolean {
  return typeof b === 'number' && Math.abs(a - b) <= DOUBLE_TOLERANCE;
}

/**
 * The distance of one value from a constraint's ideal: 0 without an ideal, otherwise the spec's formulas
 * for numeric and for string, enum and boolean properties. A list of ideal strings counts as equal when
 * any member is equal.
 */
export function idealDistance(value: SettingValue, ideal: readonly SettingValue[] | undefined): number {
  if (ideal === undefined) {
    return 0;
  }
  const first = ideal[0];
  if (typeof value === 'number' && typeof first === 'number') {
    return numericDistance(value, first);
  }
  return ideal.includes(value) ? 0 : 1;
}

/** `idealDistance(value, [target])`, without the list. */
export function valueDistance(value: SettingValue, target: SettingValue): number {
  if (typeof value === 'number' && typeof target === 'number') {
    return numericDistance(value, target);
  }
  return value === target ? 0 : 1;
}

function numericDistance(value: number, ideal: number): number {
  if (numbersEqual(value, ideal)) {
    return 0;
  }
  return Math.abs(value - ideal) / Math.max(Math.abs(value), Math.abs(ideal));
}

/**
 * https://w3c.github.io/mediacapture-main/#dfn-fitness-distance: the sum over the members of `set` of the
 * distance of `settings` from each. `position` says how bare values are read.
 */
export function fitnessDistance(
  settings: SettingsDictionary,
  set: NormalizedConstraintSet,
  position: SetPosition,
  kind: TrackKind,
): number {
  let distance = 0;
  for (const [name, constraint] of set) {
    const prop = findProperty(name);
    // 1. A constraint this user agent does not support has distance 0.
    if (prop === undefined) {
      continue;
    }
    const d = constraintDistance(settings, name, prop, interpretConstraint(constraint, position), kind);
    if (d === Infinity) {
      return Infinity;
    }
    distance += d;
  }
  return distance;
}

/**
 * {@link fitnessDistance} for a set whose constraints are already interpreted (SelectSettings interprets the basic
 * set once for every settings dictionary it scores). The same sum, in the same order.
 */
export function interpretedFitnessDistance(
  settings: SettingsDictionary,
  set: ReadonlyMap<string, InterpretedConstraint>,
  kind: TrackKind,
): number {
  let distance = 0;
  // Keys then values: entries would make an array per member (this runs for every region SelectSettings scores).
  for (const name of set.keys()) {
    const interpreted = set.get(name) as InterpretedConstraint;
    const prop = findProperty(name);
    if (prop === undefined) {
      continue;
    }
    const d = constraintDistance(settings, name, prop, interpreted, kind);
    if (d === Infinity) {
      return Infinity;
    }
    distance += d;
  }
  return distance;
}

/** Steps 2-8 of the fitness distance for one constraint of a supported property. */
function constraintDistance(
  settings: SettingsDictionary,
  name: string,
  prop: ConstrainableProperty,
  interpreted: InterpretedConstraint,
  kind: TrackKind,
): number {
  const actual = Object.hasOwn(settings, name) ? settings[name] : undefined;
  // 2. A required constraint that is not met, or whose member does not exist, is infinitely far.
  if (interpreted.required && (actual === undefined || !satisfiesRequirement(actual, interpreted))) {
    return Infinity;
  }
  // 3. A constraint that does not apply to this kind of object has distance 0.
  if (!appliesTo(prop, kind)) {
    return 0;
  }
  // A boolean pan, tilt or zoom prefers devices with (true) or without (false) the control.
  if (interpreted.presence !== undefined) {
    return (actual !== undefined) === interpreted.presence ? 0 : 1;
  }
  // 5. A member that does not exist is 1 away.
  if (actual === undefined) {
    return 1;
  }
  // 6-8. Distance from the ideal value, if any.
  return idealDistance(actual, interpreted.ideal);
}
