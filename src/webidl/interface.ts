/**
 * Giving classes the property shapes WebIDL interfaces have, and their construction and brand
 * checks.
 *
 * @see https://webidl.spec.whatwg.org/#es-interfaces
 * @module
 */
import { typeError } from './errors.js';

/**
 * Passed to constructors of interfaces that have no public constructor; only internal code holds
 * it. It is not exported from the package, so user code cannot construct those interfaces.
 */
export const INTERNAL: unique symbol = Symbol('mediacapture.internal');

/**
 * Throws `TypeError('Illegal constructor')` unless `token === INTERNAL`. Call it first in the
 * constructor of an interface without a public constructor (e.g. `MediaStreamTrack`).
 *
 * @see https://webidl.spec.whatwg.org/#es-interface-call
 */
export function assertInternal(token: unknown): void {
  if (token !== INTERNAL) {
    throw new TypeError('Illegal constructor');
  }
}

/** Makes an own string-keyed accessor or method of `target` enumerable, as WebIDL members are. */
function makeMemberEnumerable(target: object, key: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined || descriptor.configurable !== true) {
    return;
  }
  if (descriptor.get !== undefined || descriptor.set !== undefined) {
    Object.defineProperty(target, key, { get: descriptor.get, set: descriptor.set, enumerable: true, configurable: true });
    return;
  }
  if (typeof descriptor.value === 'function') {
    Object.defineProperty(target, key, { value: descriptor.value, writable: true, enumerable: true, configurable: true });
  }
}

/** Own properties every class constructor has, which are not static members. */
const CONSTRUCTOR_OWN_KEYS: ReadonlySet<string> = new Set(['length', 'name', 'prototype']);

/**
 * Shapes a class like a WebIDL interface: every own string-keyed accessor and method on
 * `cls.prototype` (but `constructor`) becomes enumerable, staying configurable (and methods
 * writable); static methods and accessors likewise; `Symbol.toStringTag` is installed on the
 * prototype as `name` (non-writable, non-enumerable, configurable), so
 * `Object.prototype.toString.call(instance)` gives `[object Name]`; and `cls.name` is `name`.
 *
 * Call it once, right after the class declaration, after any members added by
 * `defineEventHandlers`. Data properties that are not functions (constants) are left as they are.
 *
 * @param cls - the class to shape.
 * @param name - the interface name; defaults to `cls.name`.
 * @param constructorLength - the interface object's `length` when it differs from the class's own
 *   (0 for interfaces without a public constructor, whose classes take an internal token).
 * @see https://webidl.spec.whatwg.org/#interface-prototype-object
 */
export function configureInterface(cls: Function, name: string = cls.name, constructorLength?: number): void {
  const prototype: unknown = cls.prototype;
  if (typeof prototype !== 'object' || prototype === null) {
    throw new TypeError(`configureInterface: ${name} has no prototype object`);
  }
  for (const key of Object.getOwnPropertyNames(prototype)) {
    if (key !== 'constructor') {
      makeMemberEnumerable(prototype, key);
    }
  }
  for (const key of Object.getOwnPropertyNames(cls)) {
    if (!CONSTRUCTOR_OWN_KEYS.has(key)) {
      makeMemberEnumerable(cls, key);
    }
  }
  // https://webidl.spec.whatwg.org/#es-interface-prototype-object (@@toStringTag)
  Object.defineProperty(prototype, Symbol.toStringTag, {
    value: name,
    writable: false,
    enumerable: false,
    configurable: true,
  });
  // https://webidl.spec.whatwg.org/#es-interface-call (the interface object's "name")
  Object.defineProperty(cls, 'name', { value: name, writable: false, enumerable: false, configurable: true });
  // The interface object's "length": the shortest constructor overload's argument count (0 without one).
  if (constructorLength !== undefined) {
    Object.defineProperty(cls, 'length', { value: constructorLength, writable: false, enumerable: false, configurable: true });
  }
}

/**
 * Throws `TypeError('${context}: Illegal invocation')` unless `ok` is true. Use at the start of
 * getters and methods with a brand test of `this`, e.g.
 * `brandCheck(MediaStream.isMediaStream(this), 'MediaStream.id')` or
 * `brandCheck(#id in this, 'MediaStream.id')`. As an assertion it also narrows `this` for
 * TypeScript when the test is a type guard.
 *
 * @see https://webidl.spec.whatwg.org/#dfn-attribute-getter
 */
export function brandCheck(ok: boolean, context: string): asserts ok {
  if (!ok) {
    throw typeError(context, 'Illegal invocation');
  }
}
