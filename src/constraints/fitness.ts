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
import { appliesTo, findProperty, type TrackKind } from './registry.js';

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
  const [first] = ideal;
  if (typeof value === 'number' && typeof first === 'number') {
    if (numbersEqual(value, first)) {
      return 0;
    }
    return Math.abs(value - first) / Math.max(Math.abs(value), Math.abs(first));
  }
  return ideal.includes(value) ? 0 : 1;
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
    const interpreted = interpretConstraint(constraint, position);
    const actual = Object.hasOwn(settings, name) ? settings[name] : undefined;
    // 2. A required constraint that is not met, or whose member does not exist, is infinitely far.
    if (interpreted.required && (actual === undefined || !satisfiesRequirement(actual, interpreted))) {
      return Infinity;
    }
    // 3. A constraint that does not apply to this kind of object has distance 0.
    if (!appliesTo(prop, kind)) {
      continue;
    }
    // A boolean pan, tilt or zoom prefers devices with (true) or without (false) the control.
    if (interpreted.presence !== undefined) {
      distance += (actual !== undefined) === interpreted.presence ? 0 : 1;
      continue;
    }
    // 5. A member that does not exist is 1 away.
    if (actual === undefined) {
      distance += 1;
      continue;
    }
    // 6-8. Distance from the ideal value, if any.
    distance += idealDistance(actual, interpreted.ideal);
  }
  return distance;
}
