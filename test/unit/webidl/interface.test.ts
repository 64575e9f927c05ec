import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INTERNAL, assertInternal, brandCheck, configureInterface } from '../../../src/webidl/interface.js';

describe('interface construction', () => {
  class Sample {
    constructor(token: unknown) {
      assertInternal(token);
    }
  }

  it('throws "Illegal constructor" without the internal token', () => {
    assert.throws(() => new Sample(undefined), { name: 'TypeError', message: 'Illegal constructor' });
    assert.throws(() => new Sample(Symbol('mediacapture.internal')), { message: 'Illegal constructor' });
  });

  it('constructs with the internal token', () => {
    assert.ok(new Sample(INTERNAL) instanceof Sample);
  });
});

describe('interface shape', () => {
  class Thing {
    #value = 1;
    get value(): number {
      return this.#value;
    }
    set value(value: number) {
      this.#value = value;
    }
    get readOnly(): string {
      return 'r';
    }
    method(): number {
      return this.#value;
    }
    static create(): Thing {
      return new Thing();
    }
  }
  configureInterface(Thing);

  class Renamed {}
  configureInterface(Renamed, 'PublicName');

  it('makes accessors enumerable and keeps them configurable', () => {
    const descriptor = Object.getOwnPropertyDescriptor(Thing.prototype, 'value');
    assert.ok(descriptor?.get !== undefined && descriptor.set !== undefined);
    assert.equal(descriptor.enumerable, true);
    assert.equal(descriptor.configurable, true);
    const readOnly = Object.getOwnPropertyDescriptor(Thing.prototype, 'readOnly');
    assert.equal(readOnly?.enumerable, true);
    assert.equal(readOnly.set, undefined);
  });

  it('makes methods enumerable, writable and configurable', () => {
    const descriptor = Object.getOwnPropertyDescriptor(Thing.prototype, 'method');
    assert.equal(descriptor?.enumerable, true);
    assert.equal(descriptor.writable, true);
    assert.equal(descriptor.configurable, true);
    assert.equal(new Thing().method(), 1);
  });

  it('lists members in for-in like a WebIDL interface but not the constructor', () => {
    const keys: string[] = [];
    for (const key in new Thing()) {
      keys.push(key);
    }
    assert.deepEqual(keys, ['value', 'readOnly', 'method']);
    assert.equal(Object.getOwnPropertyDescriptor(Thing.prototype, 'constructor')?.enumerable, false);
  });

  it('makes static methods enumerable', () => {
    assert.equal(Object.getOwnPropertyDescriptor(Thing, 'create')?.enumerable, true);
    assert.deepEqual(Object.keys(Thing), ['create']);
  });

  it('installs Symbol.toStringTag as a non-writable, non-enumerable, configurable property', () => {
    assert.equal(Object.prototype.toString.call(new Thing()), '[object Thing]');
    assert.deepEqual(Object.getOwnPropertyDescriptor(Thing.prototype, Symbol.toStringTag), {
      value: 'Thing',
      writable: false,
      enumerable: false,
      configurable: true,
    });
  });

  it('uses the given name for the tag and the class name', () => {
    assert.equal(Object.prototype.toString.call(new Renamed()), '[object PublicName]');
    assert.equal(Renamed.name, 'PublicName');
  });
});

describe('brand checks', () => {
  it('throws "Illegal invocation" with the context when the check fails', () => {
    assert.throws(() => brandCheck(false, 'MediaStream.id'), {
      name: 'TypeError',
      message: 'MediaStream.id: Illegal invocation',
    });
  });

  it('does nothing when the check passes', () => {
    assert.doesNotThrow(() => brandCheck(true, 'MediaStream.id'));
  });

  it('works with a private-field brand test inside a getter', () => {
    class Stream {
      #id = 'abc';
      get id(): string {
        brandCheck(#id in this, 'Stream.id');
        return this.#id;
      }
    }
    const getter = Object.getOwnPropertyDescriptor(Stream.prototype, 'id')?.get;
    assert.equal(new Stream().id, 'abc');
    assert.throws(() => getter?.call({}), { message: 'Stream.id: Illegal invocation' });
  });
});
