/**
 * Conversions of JavaScript values to IDL values, as WebIDL's ECMAScript binding defines them.
 *
 * Every converter that can fail takes `(value, context, name)`: `context` is `Interface.member`
 * (e.g. `'MediaStreamTrack.applyConstraints'`) and `name` is what is converted (e.g. `'width'`,
 * `'argument 1'`). Failures are `TypeError`s reading `${context}: ${name} …`.
 *
 * @see https://webidl.spec.whatwg.org/#es-type-mapping
 * @module
 */
import { typeError } from './errors.js';

/** Extended attributes that change how an integer type is converted. */
export interface IntegerConversionOptions {
  /** `[Clamp]`: clamp to the type's range and round half to even instead of wrapping. */
  clamp?: boolean;
  /** `[EnforceRange]`: throw a `TypeError` for non-finite or out-of-range values instead of wrapping. */
  enforceRange?: boolean;
}

/**
 * Converts to an IDL `boolean` (ECMAScript ToBoolean; never throws).
 *
 * @see https://webidl.spec.whatwg.org/#es-boolean
 */
export function toBoolean(value: unknown): boolean {
  return Boolean(value);
}

/**
 * Converts to an IDL `DOMString` (ECMAScript ToString). Symbols are rejected with a `TypeError`;
 * objects go through their `toString`/`valueOf`, whose exceptions propagate.
 *
 * @see https://webidl.spec.whatwg.org/#es-DOMString
 */
export function toDOMString(value: unknown, context: string, name: string): string {
  if (typeof value === 'symbol') {
    throw typeError(context, `${name} is a Symbol and cannot be converted to a string`);
  }
  // String() is ToString for everything but symbols, which are handled above.
  return String(value);
}

/**
 * ECMAScript ToNumber, with a contextual message for the primitive types it rejects.
 *
 * @see https://tc39.es/ecma262/#sec-tonumber
 */
function toNumber(value: unknown, context: string, name: string): number {
  if (typeof value === 'bigint') {
    throw typeError(context, `${name} is a BigInt and cannot be converted to a number`);
  }
  if (typeof value === 'symbol') {
    throw typeError(context, `${name} is a Symbol and cannot be converted to a number`);
  }
  // Unary plus is exactly ToNumber (Number() would accept an object whose valueOf returns a BigInt).
  return +(value as number);
}

/** IntegerPart(n), without producing -0. */
function integerPart(x: number): number {
  return Math.trunc(x) + 0;
}

/** Rounds to the nearest integer, choosing the even one on a tie; never returns -0. */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction < 0.5) {
    return floor + 0;
  }
  if (fraction > 0.5) {
    return floor + 1;
  }
  return (floor % 2 === 0 ? floor : floor + 1) + 0;
}

/**
 * The abstract operation ConvertToInt, for the bit lengths IDL integer types use here.
 *
 * @see https://webidl.spec.whatwg.org/#abstract-opdef-converttoint
 */
function convertToInt(
  value: unknown,
  bitLength: 32 | 64,
  signed: boolean,
  options: IntegerConversionOptions | undefined,
  context: string,
  name: string,
): number {
  // 1.–2. 64-bit types are limited to the safe integers; others to their exact range.
  let lowerBound: number;
  let upperBound: number;
  if (bitLength === 64) {
    upperBound = Number.MAX_SAFE_INTEGER;
    lowerBound = signed ? Number.MIN_SAFE_INTEGER : 0;
  } else if (signed) {
    lowerBound = -(2 ** (bitLength - 1));
    upperBound = 2 ** (bitLength - 1) - 1;
  } else {
    lowerBound = 0;
    upperBound = 2 ** bitLength - 1;
  }
  // 3.–4.
  let x = toNumber(value, context, name) + 0;
  // 5. [EnforceRange]
  if (options?.enforceRange === true) {
    if (!Number.isFinite(x)) {
      throw typeError(context, `${name} is not a finite number`);
    }
    x = integerPart(x);
    if (x < lowerBound || x > upperBound) {
      throw typeError(context, `${name} is outside the range ${lowerBound} to ${upperBound}`);
    }
    return x;
  }
  // 6. [Clamp]
  if (!Number.isNaN(x) && options?.clamp === true) {
    return roundHalfToEven(Math.min(Math.max(x, lowerBound), upperBound));
  }
  // 7.
  if (!Number.isFinite(x) || x === 0) {
    return 0;
  }
  // 8.–10. Modulo 2^bitLength; 64-bit needs BigInt because 2^64 is beyond exact doubles.
  x = integerPart(x);
  if (bitLength === 64) {
    const big = BigInt(x);
    return Number(signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big));
  }
  const modulus = 2 ** bitLength;
  // % on doubles is exact, so this is the mathematical modulo.
  x %= modulus;
  if (x < 0) {
    x += modulus;
  }
  if (signed && x >= modulus / 2) {
    x -= modulus;
  }
  return x + 0;
}

/**
 * Converts to an IDL `unsigned long`: by default modulo 2^32 (NaN and ±Infinity give 0); with
 * `[Clamp]` clamped to 0…2^32−1 and rounded half to even (NaN gives 0); with `[EnforceRange]` a
 * `TypeError` for NaN, ±Infinity or a value outside 0…2^32−1 after truncation.
 *
 * @see https://webidl.spec.whatwg.org/#es-unsigned-long
 */
export function toUnsignedLong(
  value: unknown,
  context: string,
  name: string,
  options?: IntegerConversionOptions,
): number {
  return convertToInt(value, 32, false, options, context, name);
}

/**
 * Converts to an IDL `unsigned long long`, as {@link toUnsignedLong} but with the range
 * 0…2^53−1 for `[Clamp]` and `[EnforceRange]` and modulo 2^64 by default (so the result can be
 * an inexact double above 2^53, as in browsers).
 *
 * @see https://webidl.spec.whatwg.org/#es-unsigned-long-long
 */
export function toUnsignedLongLong(
  value: unknown,
  context: string,
  name: string,
  options?: IntegerConversionOptions,
): number {
  return convertToInt(value, 64, false, options, context, name);
}

/**
 * Converts to an IDL `long`: by default wrapped into −2^31…2^31−1 (like `x | 0`); `[Clamp]` and
 * `[EnforceRange]` as for {@link toUnsignedLong} with that range.
 *
 * @see https://webidl.spec.whatwg.org/#es-long
 */
export function toLong(
  value: unknown,
  context: string,
  name: string,
  options?: IntegerConversionOptions,
): number {
  return convertToInt(value, 32, true, options, context, name);
}

/**
 * Converts to an IDL (restricted) `double`: ToNumber, then a `TypeError` for NaN and ±Infinity.
 * `-0` is kept.
 *
 * @see https://webidl.spec.whatwg.org/#es-double
 */
export function toDouble(value: unknown, context: string, name: string): number {
  const x = toNumber(value, context, name);
  if (!Number.isFinite(x)) {
    throw typeError(context, `${name} is not a finite floating-point value`);
  }
  return x;
}

/**
 * Converts to an IDL `unrestricted double` (ToNumber; NaN and ±Infinity pass). Throws a
 * `TypeError` only for BigInt and Symbol values (or from an object's `valueOf`).
 *
 * @param context - optional, for the error message; defaults to `'WebIDL'`.
 * @param name - optional, for the error message; defaults to `'value'`.
 * @see https://webidl.spec.whatwg.org/#es-unrestricted-double
 */
export function toUnrestrictedDouble(value: unknown, context = 'WebIDL', name = 'value'): number {
  return toNumber(value, context, name);
}

/**
 * Whether `value` is an ECMAScript Object (including functions), i.e. not a primitive.
 */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Whether `value` is an object with a callable `[Symbol.iterator]`, which is how WebIDL tells a
 * sequence from a dictionary in a union. Strings are primitives and never sequence-like.
 *
 * Reads `value[Symbol.iterator]` once; {@link toSequence} reads it again.
 *
 * @see https://webidl.spec.whatwg.org/#es-union
 */
export function isSequenceLike(value: unknown): boolean {
  if (!isObject(value)) {
    return false;
  }
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/**
 * Whether a union that includes a sequence type takes `value` as the sequence: WebIDL's
 * GetMethod(V, @@iterator) step, which throws a TypeError when `Symbol.iterator` is present but not
 * callable (https://webidl.spec.whatwg.org/#es-union).
 */
export function takesSequence(value: unknown, context: string, name: string): boolean {
  if (!isObject(value)) {
    return false;
  }
  const method: unknown = (value as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (method === undefined || method === null) {
    return false;
  }
  if (typeof method !== 'function') {
    throw typeError(context, `${name}[Symbol.iterator] is not a function`);
  }
  return true;
}

/**
 * Converts an iterable object to an IDL `sequence<T>`, converting each item with `convertItem`
 * (which should throw its own contextual errors, e.g. naming `${name}[${index}]`).
 *
 * Follows the iterator protocol step by step: `[Symbol.iterator]` and `next` are each read once,
 * every result must be an object, and the iterator is not closed when an item fails to convert.
 * Primitives (strings included) are rejected.
 *
 * @see https://webidl.spec.whatwg.org/#es-sequence
 * @see https://webidl.spec.whatwg.org/#create-sequence-from-iterable
 */
export function toSequence<T>(
  value: unknown,
  context: string,
  name: string,
  convertItem: (item: unknown, index: number) => T,
): T[] {
  // 1.
  if (!isObject(value)) {
    throw typeError(context, `${name} is not an iterable object`);
  }
  // 2.–3. GetMethod(V, @@iterator)
  const method: unknown = (value as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (method === undefined || method === null) {
    throw typeError(context, `${name} is not iterable`);
  }
  if (typeof method !== 'function') {
    throw typeError(context, `${name}[Symbol.iterator] is not a function`);
  }
  const iterator: unknown = Reflect.apply(method, value, []);
  if (!isObject(iterator)) {
    throw typeError(context, `${name}[Symbol.iterator]() did not return an object`);
  }
  const next: unknown = (iterator as { next?: unknown }).next;
  if (typeof next !== 'function') {
    throw typeError(context, `${name} has an iterator without a next() method`);
  }
  const items: T[] = [];
  for (let index = 0; ; index += 1) {
    const result: unknown = Reflect.apply(next, iterator, []);
    if (!isObject(result)) {
      throw typeError(context, `${name} has an iterator whose next() did not return an object`);
    }
    if ((result as { done?: unknown }).done) {
      return items;
    }
    items.push(convertItem((result as { value?: unknown }).value, index));
  }
}

/**
 * Converts to a member of an IDL enumeration: ToString, then a membership check.
 *
 * @param values - the enumeration's values, an `as const` list (which also gives the return type).
 * @see https://webidl.spec.whatwg.org/#es-enumeration
 */
export function toEnum<const T extends readonly string[]>(
  values: T,
  value: unknown,
  context: string,
  name: string,
): T[number] {
  const s = toDOMString(value, context, name);
  if (!(values as readonly string[]).includes(s)) {
    throw typeError(context, `"${s}" is not a valid value for ${name}`);
  }
  return s as T[number];
}

/**
 * The first step of converting to an IDL dictionary: `undefined` and `null` give `undefined`
 * (the caller then uses the members' defaults), any object is returned to read members from,
 * and any other value is a `TypeError`.
 *
 * Callers must read members in WebIDL order, the inherited dictionary's members first and then
 * each dictionary's own members in lexicographic order (by code unit), each exactly once: a getter
 * on the object can observe the order and the number of reads.
 *
 * @see https://webidl.spec.whatwg.org/#es-dictionary
 */
export function requireDictionary(
  value: unknown,
  context: string,
  name: string,
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isObject(value)) {
    throw typeError(context, `${name} is not an object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Converts to an IDL interface type by a brand check with `instanceof`.
 *
 * @param cls - the interface's class.
 * @see https://webidl.spec.whatwg.org/#es-interface
 */
export function toInterface<T>(
  cls: abstract new (...args: never[]) => T,
  value: unknown,
  context: string,
  name: string,
): T {
  if (!(value instanceof cls)) {
    throw typeError(context, `${name} is not of type '${cls.name}'`);
  }
  return value;
}

/**
 * Converts to an IDL callback function type: the value must be callable. The result is the
 * function itself; invoke it with `Reflect.apply` or a plain call.
 *
 * @see https://webidl.spec.whatwg.org/#es-callback-function
 */
export function toCallback<T extends (...args: never[]) => unknown>(
  value: unknown,
  context: string,
  name: string,
): T {
  if (typeof value !== 'function') {
    throw typeError(context, `${name} is not a function`);
  }
  return value as T;
}

/**
 * Converts to a nullable IDL callback function type (`Callback?`): `undefined` and `null` give
 * `null`; otherwise as {@link toCallback}.
 *
 * @see https://webidl.spec.whatwg.org/#es-nullable-type
 */
export function toNullableCallback<T extends (...args: never[]) => unknown>(
  value: unknown,
  context: string,
  name: string,
): T | null {
  if (value === undefined || value === null) {
    return null;
  }
  return toCallback<T>(value, context, name);
}
