/**
 * WebIDL conversion of MediaStreamConstraints, MediaTrackConstraints and their constraint types
 * (https://w3c.github.io/mediacapture-main/#constrainable-interface), driven by the registry of
 * constrainable properties. Unknown members are never read, so they are dropped as WebIDL drops them.
 *
 * @module
 */

import type {
  MediaStreamConstraints,
  MediaTrackConstraintSet,
  MediaTrackConstraints,
  Point2D,
} from '../constraints/dictionaries.js';
import { CONSTRAINABLE_PROPERTIES, type ConstraintValueType } from '../constraints/registry.js';
import {
  isObject,
  requireDictionary,
  takesSequence,
  toBoolean,
  toDOMString,
  toDouble,
  toSequence,
  toUnsignedLong,
} from '../webidl/converters.js';
import { typeError } from '../webidl/errors.js';
import { cloneStructured } from '../media/structured-clone.js';

// Dictionary members are read in lexicographic order (WebIDL), partial dictionaries included, inherited
// dictionaries first (ULongRange's max and min before ConstrainULongRange's exact and ideal).
const SET_MEMBERS = CONSTRAINABLE_PROPERTIES.map((p) => p.name).sort();

type Converted = MediaTrackConstraintSet[keyof MediaTrackConstraintSet];
type Member = (value: unknown, name: string) => unknown;

/** Reads members `names` (already in order) of a dictionary value with `convert`, skipping undefined. */
function readMembers(dict: Record<string, unknown>, names: readonly string[], convert: Member): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of names) {
    const value = dict[name];
    if (value !== undefined) {
      result[name] = convert(value, name);
    }
  }
  return result;
}

/**
 * Whether a union value converts as its dictionary alternative: null, undefined or any object (for the
 * string union, sequences are taken out first).
 */
function takesDictionary(value: unknown): boolean {
  return value === null || value === undefined || isObject(value);
}

/** The members of the range dictionaries (ConstrainULongRange, ConstrainDoubleRange), in WebIDL order. */
const RANGE_MEMBERS = ['max', 'min', 'exact', 'ideal'] as const;
/** The members of the other constraint parameter dictionaries. */
const EXACT_IDEAL = ['exact', 'ideal'] as const;

/**
 * A union value as its dictionary alternative (null and undefined are an empty dictionary): `members`, read in
 * order, each converted by `convert` with its name in messages (`name.member`).
 */
function convertParameters(
  value: unknown,
  context: string,
  name: string,
  members: readonly string[],
  convert: Member,
): Record<string, unknown> {
  const dict = requireDictionary(value, context, name) ?? {};
  return readMembers(dict, members, (v, m) => convert(v, `${name}.${m}`));
}

/** A union of a bare value and its parameters dictionary: the dictionary for objects, null and undefined. */
function bareOrParameters(
  value: unknown,
  context: string,
  name: string,
  members: readonly string[],
  convert: (value: unknown, member: string) => Converted,
): Converted {
  return takesDictionary(value) ? convertParameters(value, context, name, members, convert) : convert(value, name);
}

/** https://w3c.github.io/mediacapture-image/#dictdef-point2d: both members default to 0.0. */
function convertPoint2D(value: unknown, context: string, name: string): Point2D {
  const dict = requireDictionary(value, context, name) ?? {};
  const x = dict['x'];
  const y = dict['y'];
  return { x: x === undefined ? 0 : toDouble(x, context, `${name}.x`), y: y === undefined ? 0 : toDouble(y, context, `${name}.y`) };
}

/** `sequence<Point2D>`: an iterable is required. */
function convertPoints(value: unknown, context: string, name: string): Point2D[] {
  return toSequence(value, context, name, (item, index) => convertPoint2D(item, context, `${name}[${index}]`));
}

type ConvertConstraint = (value: unknown, context: string, name: string) => Converted;

/**
 * `(boolean or double or ConstrainDoubleRange)`: a boolean stays one; objects are the dictionary; anything else is
 * a double.
 */
function convertBooleanOrDouble(value: unknown, context: string, name: string): Converted {
  return typeof value === 'boolean' ? value : convertDoubleConstraint(value, context, name);
}

/**
 * `(sequence<Point2D> or ConstrainPoint2DParameters)`: an iterable is the sequence, other objects (and null or
 * undefined) the dictionary; a primitive matches neither.
 */
function convertPointsConstraint(value: unknown, context: string, name: string): Converted {
  if (takesSequence(value, context, name)) {
    return convertPoints(value, context, name);
  }
  if (!takesDictionary(value)) {
    throw typeError(context, `${name} is neither a sequence of Point2D nor a ConstrainPoint2DParameters dictionary`);
  }
  return convertParameters(value, context, name, EXACT_IDEAL, (v, member) => convertPoints(v, context, member));
}

/** `(unsigned long or ConstrainULongRange)`, values clamped. */
function convertULongConstraint(value: unknown, context: string, name: string): Converted {
  const convert = (v: unknown, member: string): number => toUnsignedLong(v, context, member, { clamp: true });
  return bareOrParameters(value, context, name, RANGE_MEMBERS, convert);
}

/** `(double or ConstrainDoubleRange)`. */
function convertDoubleConstraint(value: unknown, context: string, name: string): Converted {
  const convert = (v: unknown, member: string): number => toDouble(v, context, member);
  return bareOrParameters(value, context, name, RANGE_MEMBERS, convert);
}

/** `(DOMString or sequence<DOMString> or ConstrainDOMStringParameters)`. */
function convertStringConstraint(value: unknown, context: string, name: string): Converted {
  const stringOrSequence = (v: unknown, member: string): string | string[] =>
    takesSequence(v, context, member)
      ? toSequence(v, context, member, (item, i) => toDOMString(item, context, `${member}[${i}]`))
      : toDOMString(v, context, member);
  if (takesSequence(value, context, name)) {
    return stringOrSequence(value, name) as string[];
  }
  if (takesDictionary(value)) {
    return convertParameters(value, context, name, EXACT_IDEAL, stringOrSequence);
  }
  return toDOMString(value, context, name);
}

/** `(boolean or ConstrainBooleanParameters)`. */
function convertBooleanConstraint(value: unknown, context: string, name: string): Converted {
  return bareOrParameters(value, context, name, EXACT_IDEAL, toBoolean);
}

/** `(boolean or DOMString or ConstrainBooleanOrDOMStringParameters)`. */
function convertBooleanOrStringConstraint(value: unknown, context: string, name: string): Converted {
  const booleanOrString = (v: unknown, member: string): boolean | string =>
    typeof v === 'boolean' ? v : toDOMString(v, context, member);
  return bareOrParameters(value, context, name, EXACT_IDEAL, booleanOrString);
}

// One function per value type (rather than one switch), so a call compiles only the conversions it uses.
const CONVERT_BY_TYPE: Readonly<Record<ConstraintValueType, ConvertConstraint>> = {
  booleanOrDouble: convertBooleanOrDouble,
  points: convertPointsConstraint,
  ulong: convertULongConstraint,
  double: convertDoubleConstraint,
  string: convertStringConstraint,
  boolean: convertBooleanConstraint,
  booleanOrString: convertBooleanOrStringConstraint,
};
const CONVERT_MEMBER = new Map<string, ConvertConstraint>(
  CONSTRAINABLE_PROPERTIES.map((p) => [p.name, CONVERT_BY_TYPE[p.type]]),
);

/** Converts a MediaTrackConstraintSet dictionary. */
export function convertConstraintSet(value: unknown, context: string, name: string): MediaTrackConstraintSet {
  const dict = requireDictionary(value, context, name) ?? {};
  return readMembers(dict, SET_MEMBERS, (v, member) =>
    (CONVERT_MEMBER.get(member) as ConvertConstraint)(v, context, member),
  ) as MediaTrackConstraintSet;
}

/** Converts a MediaTrackConstraints dictionary (a constraint set plus `advanced`). */
export function convertMediaTrackConstraints(value: unknown, context: string, name: string): MediaTrackConstraints {
  const dict = requireDictionary(value, context, name) ?? {};
  const constraints: MediaTrackConstraints = convertConstraintSet(dict, context, name);
  const advanced = dict['advanced'];
  if (advanced !== undefined) {
    constraints.advanced = toSequence(advanced, context, `${name}.advanced`, (item, index) =>
      convertConstraintSet(item, context, `${name}.advanced[${index}]`),
    );
  }
  return constraints;
}

/** The converted `(boolean or MediaTrackConstraints)` of MediaStreamConstraints. */
export type TrackRequest = boolean | MediaTrackConstraints;

/** Converts a MediaStreamConstraints dictionary; `audio` and `video` default to false. */
export function convertMediaStreamConstraints(
  value: unknown,
  context: string,
): { audio: TrackRequest; video: TrackRequest } {
  const dict = requireDictionary(value, context, 'constraints') ?? {};
  const member = (name: keyof MediaStreamConstraints): TrackRequest => {
    const raw = dict[name];
    if (raw === undefined) {
      return false;
    }
    if (raw === null || isObject(raw)) {
      return convertMediaTrackConstraints(raw, context, name);
    }
    return toBoolean(raw);
  };
  const audio = member('audio');
  const video = member('video');
  return { audio, video };
}

/** A deep copy of converted constraints, so callers can never reach the slot's own objects. */
export function copyConstraints(constraints: MediaTrackConstraints): MediaTrackConstraints {
  return cloneStructured(constraints);
}
