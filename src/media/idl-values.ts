/**
 * The WebIDL conversions WebCodecs' dictionaries need (`[EnforceRange]` integers, doubles, enums, dictionaries,
 * sequences, BufferSource). `media/` may not import `webidl/`, so these few live here.
 *
 * @see https://webidl.spec.whatwg.org/#es-type-mapping
 * @module
 */
import { mediaTypeError } from './errors.js';
import { cloneStructured } from './structured-clone.js';

/** WebIDL's `BufferSource`: an ArrayBuffer or a view on one. */
export type BufferSource = ArrayBuffer | ArrayBufferView;

/** WebIDL's `AllowSharedBufferSource`: a BufferSource, possibly over shared memory. */
export type AllowSharedBufferSource = ArrayBuffer | SharedArrayBuffer | ArrayBufferView;

/** ECMAScript ToNumber, rejecting the primitives it cannot convert with a contextual TypeError. */
function toNumber(value: unknown, context: string, name: string): number {
  if (typeof value === 'bigint' || typeof value === 'symbol') {
    throw mediaTypeError(context, `${name} cannot be converted to a number`);
  }
  return +(value as number);
}

/**
 * An integer type with `[EnforceRange]`: non-finite or out-of-range values are TypeErrors.
 *
 * @see https://webidl.spec.whatwg.org/#abstract-opdef-converttoint
 */
function enforceRange(value: unknown, min: number, max: number, context: string, name: string): number {
  const x = toNumber(value, context, name);
  if (!Number.isFinite(x)) {
    throw mediaTypeError(context, `${name} must be a finite number, got ${String(x)}`);
  }
  const integer = Math.trunc(x) + 0;
  if (integer < min || integer > max) {
    throw mediaTypeError(context, `${name} must be between ${min} and ${max}, got ${integer}`);
  }
  return integer;
}

/** `[EnforceRange] unsigned long`. */
export function toEnforcedUnsignedLong(value: unknown, context: string, name: string): number {
  return enforceRange(value, 0, 2 ** 32 - 1, context, name);
}

/** `[EnforceRange] long long` (limited to safe integers, as JavaScript numbers are). */
export function toEnforcedLongLong(value: unknown, context: string, name: string): number {
  return enforceRange(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, context, name);
}

/** `[EnforceRange] unsigned long long` (limited to safe integers). */
export function toEnforcedUnsignedLongLong(value: unknown, context: string, name: string): number {
  return enforceRange(value, 0, Number.MAX_SAFE_INTEGER, context, name);
}

/** `double`: a finite number, else TypeError. */
export function toDouble(value: unknown, context: string, name: string): number {
  const x = toNumber(value, context, name);
  if (!Number.isFinite(x)) {
    throw mediaTypeError(context, `${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/** `unrestricted double`: any number, NaN and infinities included. */
export function toUnrestrictedDouble(value: unknown, context: string, name: string): number {
  return toNumber(value, context, name);
}

/** `float`: a finite number that stays finite as a 32-bit float, rounded to one. */
export function toFloat(value: unknown, context: string, name: string): number {
  const x = Math.fround(toDouble(value, context, name));
  if (!Number.isFinite(x)) {
    throw mediaTypeError(context, `${name} is out of the range of a float`);
  }
  return x;
}

/** One of `values`, else TypeError (after ToString, as WebIDL enums convert). */
export function toEnumValue<const T extends readonly string[]>(
  values: T,
  value: unknown,
  context: string,
  name: string,
): T[number] {
  if (typeof value === 'symbol') {
    throw mediaTypeError(context, `${name} cannot be converted to a string`);
  }
  const text = String(value);
  if (!values.includes(text)) {
    throw mediaTypeError(context, `${name} '${text}' is not a valid value (${values.join(', ')})`);
  }
  return text as T[number];
}

/**
 * The object a dictionary is read from: `undefined` and `null` are an empty dictionary, other non-objects are
 * TypeErrors. Callers read members with {@link member}, in lexicographic order.
 */
export function toDictionary(value: unknown, context: string, name: string): Readonly<Record<string, unknown>> {
  if (value === undefined || value === null) {
    return {};
  }
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw mediaTypeError(context, `${name} is not an object`);
  }
  return value as Record<string, unknown>;
}

/** A dictionary member's value, `undefined` when absent. */
export function member(dictionary: Readonly<Record<string, unknown>>, key: string): unknown {
  return dictionary[key];
}

/** A `sequence<T>` from an iterable object, converting each element. */
export function toSequence<T>(
  value: unknown,
  context: string,
  name: string,
  convert: (element: unknown, elementName: string) => T,
): T[] {
  const iterator =
    typeof value === 'object' && value !== null ? (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] : undefined;
  if (typeof iterator !== 'function') {
    throw mediaTypeError(context, `${name} is not a sequence`);
  }
  const result: T[] = [];
  for (const element of value as Iterable<unknown>) {
    result.push(convert(element, `${name}[${result.length}]`));
  }
  return result;
}

/**
 * A `BufferSource` (or `AllowSharedBufferSource`) as a byte view over the caller's memory (no copy). A detached
 * buffer gives an empty view.
 */
export function toBufferSource(value: unknown, context: string, name: string): Uint8Array {
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    return new Uint8Array(value);
  }
  throw mediaTypeError(context, `${name} is not an ArrayBuffer, SharedArrayBuffer or ArrayBufferView`);
}

/** The array buffer behind a BufferSource, for `transfer` checks. */
export function bufferOf(value: unknown): ArrayBufferLike | undefined {
  if (ArrayBuffer.isView(value)) {
    return value.buffer;
  }
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    return value;
  }
  return undefined;
}

/** `sequence<ArrayBuffer>` for a `transfer` member. */
export function toTransferList(value: unknown, context: string, name: string): ArrayBuffer[] {
  if (value === undefined) {
    return [];
  }
  return toSequence(value, context, name, (element, elementName) => {
    if (!(element instanceof ArrayBuffer)) {
      throw mediaTypeError(context, `${elementName} is not an ArrayBuffer`);
    }
    return element;
  });
}

/** Whether an ArrayBuffer is detached (Node 20 has no `detached` getter; a detached buffer reports length 0). */
function isDetached(buffer: ArrayBuffer): boolean {
  const detached = (buffer as { detached?: boolean }).detached;
  if (typeof detached === 'boolean') {
    return detached;
  }
  if (buffer.byteLength !== 0) {
    return false;
  }
  try {
    // Slicing a detached buffer throws a TypeError; slicing an empty live one does not.
    buffer.slice(0);
    return false;
  } catch {
    return true;
  }
}

/**
 * The `transfer` checks WebCodecs' constructors share: no buffer twice, none already detached.
 *
 * @throws DOMException DataCloneError
 */
export function checkTransferList(transfer: readonly ArrayBuffer[], context: string): void {
  if (new Set(transfer).size !== transfer.length) {
    throw new DOMException(`${context}: transfer lists the same ArrayBuffer more than once`, 'DataCloneError');
  }
  for (const buffer of transfer) {
    if (isDetached(buffer)) {
      throw new DOMException(`${context}: transfer holds a detached ArrayBuffer`, 'DataCloneError');
    }
  }
}

/**
 * Detaches every buffer of a transfer list, returning a live ArrayBuffer over the same memory for each (no copy).
 */
export function detachAll(transfer: readonly ArrayBuffer[]): Map<ArrayBuffer, ArrayBuffer> {
  const moved = new Map<ArrayBuffer, ArrayBuffer>();
  for (const buffer of transfer) {
    moved.set(buffer, cloneStructured(buffer, { transfer: [buffer] }));
  }
  return moved;
}
