/**
 * Normalisation of already WebIDL-converted constraint dictionaries into the engine's internal form, and
 * the two interpretations of a constraint: in the basic set a bare value is `ideal`, in an advanced set
 * it is `exact` (https://w3c.github.io/mediacapture-main/#dfn-selectsettings).
 *
 * @module
 */

import type { ConstrainPoint2DParameters, MediaTrackConstraints, MediaTrackConstraintSet, Point2D } from './dictionaries.js';
import { encodePoints } from './points-of-interest.js';
import { appliesTo, findProperty, type ConstrainableProperty, type TrackKind } from './registry.js';

/** A value a settings dictionary can hold. */
export type SettingValue = number | string | boolean;

/** A constraint on a numeric (ulong or double) property. */
export interface NumericConstraint {
  readonly type: 'numeric';
  readonly min?: number;
  readonly max?: number;
  readonly exact?: number;
  readonly ideal?: number;
  /** A bare value: ideal in the basic set, exact in an advanced set. */
  readonly bare?: number;
  /**
   * `true` or `false` for pan, tilt or zoom: a preference for devices that have (or lack) the control, which
   * neither requires anything nor moves the current value (https://w3c.github.io/mediacapture-image/#pan).
   */
  readonly presence?: boolean;
}

/** A constraint on a string, boolean or boolean-or-string property; lists are disjunctions. */
export interface DiscreteConstraint {
  readonly type: 'discrete';
  readonly exact?: readonly (string | boolean)[];
  readonly ideal?: readonly (string | boolean)[];
  readonly bare?: readonly (string | boolean)[];
}

/** One constraint in the engine's form. */
export type NormalizedConstraint = NumericConstraint | DiscreteConstraint;

/** A constraint set: property name → constraint, only for supported properties that apply to the kind. */
export type NormalizedConstraintSet = ReadonlyMap<string, NormalizedConstraint>;

/** A Constraints dictionary in the engine's form. */
export interface NormalizedConstraints {
  readonly basic: NormalizedConstraintSet;
  readonly advanced: readonly NormalizedConstraintSet[];
}

/** Where a constraint set sits, which decides how bare values are read. */
export type SetPosition = 'basic' | 'advanced';

/** What a constraint demands once bare values are interpreted. */
export interface InterpretedConstraint {
  /** For numeric constraints: the bounds every acceptable value lies within. */
  readonly min?: number;
  readonly max?: number;
  readonly exact?: SettingValue;
  /** For discrete constraints: the acceptable values (a disjunction). */
  readonly oneOf?: readonly (string | boolean)[];
  /** The ideal value(s); several for a string list, meaning any of them is ideal. */
  readonly ideal?: readonly SettingValue[];
  /** Whether the constraint is required (has min, max or exact after interpretation). */
  readonly required: boolean;
  /** For pan, tilt and zoom constrained to a boolean: whether having the control is preferred. */
  readonly presence?: boolean;
}

/** Options for {@link normalizeConstraints}. */
export interface NormalizeOptions {
  /**
   * getUserMedia MAY treat an empty-string deviceId as if no deviceId constraint were given
   * (https://w3c.github.io/mediacapture-main/#def-constraint-deviceId); we do, so the empty ids that
   * enumerateDevices gives before permission still select a device.
   */
  readonly emptyDeviceIdIsUnspecified?: boolean;
}

type RawValue = MediaTrackConstraintSet[keyof MediaTrackConstraintSet];

/**
 * Turns a converted MediaTrackConstraints into the engine's form for a track of `kind`: constraints for
 * properties that do not apply to the kind are removed (they are ignored, not failures), and constraints
 * whose value is an empty list are removed (an empty constraint is no constraint).
 */
export function normalizeConstraints(
  constraints: MediaTrackConstraints,
  kind: TrackKind,
  options: NormalizeOptions = {},
): NormalizedConstraints {
  const { advanced = [], ...basic } = constraints;
  return {
    basic: normalizeSet(basic, kind, options),
    advanced: advanced.map((set) => normalizeSet(set, kind, options)),
  };
}

function normalizeSet(set: MediaTrackConstraintSet, kind: TrackKind, options: NormalizeOptions): NormalizedConstraintSet {
  const result = new Map<string, NormalizedConstraint>();
  for (const [name, value] of Object.entries(set) as [string, RawValue][]) {
    const prop = findProperty(name);
    if (prop === undefined || value === undefined || !appliesTo(prop, kind)) {
      continue;
    }
    const constraint = normalizeValue(prop, value);
    if (constraint === undefined) {
      continue;
    }
    if (options.emptyDeviceIdIsUnspecified === true && name === 'deviceId' && isEmptyStringConstraint(constraint)) {
      continue;
    }
    result.set(name, constraint);
  }
  return result;
}

function normalizeValue(prop: ConstrainableProperty, value: NonNullable<RawValue>): NormalizedConstraint | undefined {
  // One function per kind of value, so a call compiles only the kinds it meets.
  if (prop.type === 'points') {
    return normalizePoints(value);
  }
  if (prop.type === 'booleanOrDouble' && typeof value === 'boolean') {
    return { type: 'numeric', presence: value };
  }
  if (prop.type === 'ulong' || prop.type === 'double' || prop.type === 'booleanOrDouble') {
    return normalizeNumeric(value);
  }
  return normalizeDiscrete(value);
}

/** A sequence of points is one value; an empty sequence is the value "no points". */
function normalizePoints(value: NonNullable<RawValue>): DiscreteConstraint {
  if (Array.isArray(value)) {
    return { type: 'discrete', bare: [encodePoints(value as Point2D[])] };
  }
  const params = value as ConstrainPoint2DParameters;
  return withoutUndefined<DiscreteConstraint>({
    type: 'discrete',
    exact: params.exact === undefined ? undefined : [encodePoints(params.exact)],
    ideal: params.ideal === undefined ? undefined : [encodePoints(params.ideal)],
  });
}

/** A bare number or a range. */
function normalizeNumeric(value: NonNullable<RawValue>): NumericConstraint {
  if (typeof value === 'number') {
    return { type: 'numeric', bare: value };
  }
  const range = value as { min?: number; max?: number; exact?: number; ideal?: number };
  return withoutUndefined<NumericConstraint>({ type: 'numeric', min: range.min, max: range.max, exact: range.exact, ideal: range.ideal });
}

/** A string, boolean or list of strings, bare or as exact and ideal; an empty list constrains nothing. */
function normalizeDiscrete(value: NonNullable<RawValue>): DiscreteConstraint | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') {
    return { type: 'discrete', bare: [value] };
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? undefined : { type: 'discrete', bare: [...(value as string[])] };
  }
  const params = value as { exact?: string | boolean | string[]; ideal?: string | boolean | string[] };
  const exact = toList(params.exact);
  const ideal = toList(params.ideal);
  const hadList = Array.isArray(params.exact) || Array.isArray(params.ideal);
  if (hadList && exact === undefined && ideal === undefined) {
    return undefined;
  }
  return withoutUndefined<DiscreteConstraint>({ type: 'discrete', exact, ideal });
}

function toList(value: string | boolean | string[] | undefined): readonly (string | boolean)[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? undefined : [...value];
  }
  return [value];
}

function isEmptyStringConstraint(constraint: NormalizedConstraint): boolean {
  if (constraint.type !== 'discrete') {
    return false;
  }
  const lists = [constraint.bare, constraint.exact, constraint.ideal].filter((l) => l !== undefined);
  return lists.length > 0 && lists.every((list) => list.length === 1 && list[0] === '');
}

function withoutUndefined<T extends object>(object: T): T {
  // A copy rather than `delete`, which would leave a slow dictionary-mode object.
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result as T;
}

/** Reads a constraint the way its set's position says (bare values ideal in basic, exact in an advanced set). */
export function interpretConstraint(constraint: NormalizedConstraint, position: SetPosition): InterpretedConstraint {
  // Members are only set when defined (never `undefined`), in the order min, max, exact, oneOf, ideal, required.
  if (constraint.type === 'numeric') {
    if (constraint.presence !== undefined) {
      return { required: false, presence: constraint.presence };
    }
    const exact = constraint.exact ?? (position === 'advanced' ? constraint.bare : undefined);
    const ideal = constraint.ideal ?? (position === 'basic' ? constraint.bare : undefined);
    const interpreted = {} as { -readonly [K in keyof InterpretedConstraint]: InterpretedConstraint[K] };
    if (constraint.min !== undefined) {
      interpreted.min = constraint.min;
    }
    if (constraint.max !== undefined) {
      interpreted.max = constraint.max;
    }
    if (exact !== undefined) {
      interpreted.exact = exact;
    }
    if (ideal !== undefined) {
      interpreted.ideal = [ideal];
    }
    interpreted.required = constraint.min !== undefined || constraint.max !== undefined || exact !== undefined;
    return interpreted;
  }
  const oneOf = constraint.exact ?? (position === 'advanced' ? constraint.bare : undefined);
  const ideal = constraint.ideal ?? (position === 'basic' ? constraint.bare : undefined);
  if (oneOf === undefined) {
    return ideal === undefined ? { required: false } : { ideal, required: false };
  }
  return ideal === undefined ? { oneOf, required: true } : { oneOf, ideal, required: true };
}
