import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isObject,
  isSequenceLike,
  takesSequence,
  requireDictionary,
  toBoolean,
  toCallback,
  toDOMString,
  toDouble,
  toEnum,
  toInterface,
  toNullableCallback,
  toSequence,
  toUnrestrictedDouble,
} from '../../../src/webidl/converters.js';

const C = 'Test.member';

describe('boolean and string conversion', () => {
  it('converts with ToBoolean', () => {
    assert.equal(toBoolean(0), false);
    assert.equal(toBoolean(''), false);
    assert.equal(toBoolean(null), false);
    assert.equal(toBoolean('false'), true);
    assert.equal(toBoolean({}), true);
  });

  it('converts with ToString, calling toString on objects', () => {
    assert.equal(toDOMString(12, C, 'label'), '12');
    assert.equal(toDOMString(null, C, 'label'), 'null');
    assert.equal(toDOMString(undefined, C, 'label'), 'undefined');
    assert.equal(toDOMString({ toString: () => 'x' }, C, 'label'), 'x');
  });

  it('rejects a Symbol with a TypeError naming the context and the value', () => {
    assert.throws(() => toDOMString(Symbol('s'), C, 'label'), {
      name: 'TypeError',
      message: /^Test\.member: label is a Symbol/,
    });
  });
});

describe('floating-point conversion', () => {
  for (const input of [NaN, Infinity, -Infinity, 'abc', undefined, {}]) {
    it(`rejects ${String(input)} as a restricted double`, () => {
      assert.throws(() => toDouble(input, C, 'aspectRatio'), {
        name: 'TypeError',
        message: 'Test.member: aspectRatio is not a finite floating-point value',
      });
    });
  }

  it('accepts finite values as a restricted double and keeps -0', () => {
    assert.equal(toDouble('1.5', C, 'x'), 1.5);
    assert.equal(toDouble(null, C, 'x'), 0);
    assert.equal(toDouble(true, C, 'x'), 1);
    assert.ok(Object.is(toDouble(-0, C, 'x'), -0));
  });

  it('rejects BigInts as a restricted double', () => {
    assert.throws(() => toDouble(1n, C, 'x'), TypeError);
  });

  it('passes NaN and infinities as an unrestricted double', () => {
    assert.ok(Number.isNaN(toUnrestrictedDouble(NaN)));
    assert.equal(toUnrestrictedDouble(-Infinity), -Infinity);
    assert.equal(toUnrestrictedDouble('2e3'), 2000);
    assert.throws(() => toUnrestrictedDouble(Symbol('s')), TypeError);
  });
});

describe('sequence conversion', () => {
  const toStrings = (value: unknown): string[] =>
    toSequence(value, C, 'kinds', (item, index) => toDOMString(item, C, `kinds[${index}]`));

  it('converts an array, a Set and a generator', () => {
    assert.deepEqual(toStrings(['a', 1]), ['a', '1']);
    assert.deepEqual(toStrings(new Set(['a', 'b'])), ['a', 'b']);
    function* generate(): Generator<number> {
      yield 1;
      yield 2;
    }
    assert.deepEqual(toStrings(generate()), ['1', '2']);
  });

  it('passes each item and its index to the item converter', () => {
    const seen: [unknown, number][] = [];
    toSequence(['x', 'y'], C, 'list', (item, index) => seen.push([item, index]));
    assert.deepEqual(seen, [['x', 0], ['y', 1]]);
  });

  for (const [label, input] of [
    ['a string', 'abc'],
    ['a plain object', { 0: 'a', length: 1 }],
    ['a number', 3],
    ['undefined', undefined],
    ['null', null],
  ] as const) {
    it(`rejects ${label}`, () => {
      assert.throws(() => toStrings(input), { name: 'TypeError', message: /^Test\.member: kinds is not/ });
    });
  }

  it('rejects an object whose Symbol.iterator is not callable', () => {
    assert.throws(() => toStrings({ [Symbol.iterator]: 1 }), TypeError);
  });

  it('rejects a Symbol.iterator that returns a primitive, and an iterator without next()', () => {
    assert.throws(() => toStrings({ [Symbol.iterator]: () => 1 }), {
      name: 'TypeError',
      message: 'Test.member: kinds[Symbol.iterator]() did not return an object',
    });
    assert.throws(() => toStrings({ [Symbol.iterator]: () => ({ next: 'next' }) }), {
      name: 'TypeError',
      message: 'Test.member: kinds has an iterator without a next() method',
    });
  });

  it('rejects an iterator whose next() returns a primitive', () => {
    const iterable = { [Symbol.iterator]: () => ({ next: () => 1 }) };
    assert.throws(() => toStrings(iterable), TypeError);
  });

  it('reads Symbol.iterator and next exactly once', () => {
    let iteratorReads = 0;
    let nextReads = 0;
    const values = ['a', 'b', 'c'];
    const iterable = {
      get [Symbol.iterator]() {
        iteratorReads += 1;
        return () => {
          let i = 0;
          return {
            get next() {
              nextReads += 1;
              return () => (i < values.length ? { done: false, value: values[i++] } : { done: true });
            },
          };
        };
      },
    };
    assert.deepEqual(toStrings(iterable), values);
    assert.equal(iteratorReads, 1);
    assert.equal(nextReads, 1);
  });

  it('propagates an item conversion error', () => {
    assert.throws(() => toStrings(['a', Symbol('s')]), { message: /kinds\[1\] is a Symbol/ });
  });

  it('tells sequences from dictionaries', () => {
    assert.equal(isSequenceLike([]), true);
    assert.equal(isSequenceLike(new Set()), true);
    assert.equal(isSequenceLike({}), false);
    assert.equal(isSequenceLike('abc'), false);
    assert.equal(isSequenceLike({ [Symbol.iterator]: 1 }), false);
    assert.equal(isSequenceLike(null), false);
  });
});

describe('enumeration conversion', () => {
  const FACING_MODES = ['user', 'environment', 'left', 'right'] as const;

  it('accepts a member after ToString', () => {
    const mode: 'user' | 'environment' | 'left' | 'right' = toEnum(FACING_MODES, 'user', C, 'facingMode');
    assert.equal(mode, 'user');
    assert.equal(toEnum(FACING_MODES, { toString: () => 'left' }, C, 'facingMode'), 'left');
  });

  it('rejects a non-member with a TypeError quoting the value', () => {
    assert.throws(() => toEnum(FACING_MODES, 'User', C, 'facingMode'), {
      name: 'TypeError',
      message: 'Test.member: "User" is not a valid value for facingMode',
    });
    assert.throws(() => toEnum(FACING_MODES, undefined, C, 'facingMode'), { message: /"undefined" is not a valid/ });
  });
});

describe('object, dictionary, interface and callback conversion', () => {
  it('recognises objects and functions as objects', () => {
    assert.equal(isObject({}), true);
    assert.equal(isObject(() => 1), true);
    assert.equal(isObject(null), false);
    assert.equal(isObject('x'), false);
  });

  it('treats undefined and null dictionaries as absent and returns objects as they are', () => {
    assert.equal(requireDictionary(undefined, C, 'options'), undefined);
    assert.equal(requireDictionary(null, C, 'options'), undefined);
    const options = { video: true };
    assert.equal(requireDictionary(options, C, 'options'), options);
    const fn = (): void => undefined;
    assert.equal(requireDictionary(fn, C, 'options'), fn);
  });

  it('rejects primitives as dictionaries', () => {
    for (const input of [1, 'video', true, Symbol('s')]) {
      assert.throws(() => requireDictionary(input, C, 'options'), {
        name: 'TypeError',
        message: 'Test.member: options is not an object',
      });
    }
  });

  it('brand-checks interface values with instanceof', () => {
    class Track {}
    class SubTrack extends Track {}
    const track = new SubTrack();
    assert.equal(toInterface(Track, track, C, 'argument 1'), track);
    assert.throws(() => toInterface(Track, {}, C, 'argument 1'), {
      name: 'TypeError',
      message: "Test.member: argument 1 is not of type 'Track'",
    });
  });

  it('accepts only callables as callbacks', () => {
    const callback = (): number => 1;
    assert.equal(toCallback(callback, C, 'successCallback'), callback);
    assert.throws(() => toCallback({}, C, 'successCallback'), {
      name: 'TypeError',
      message: 'Test.member: successCallback is not a function',
    });
    assert.throws(() => toCallback(null, C, 'successCallback'), TypeError);
  });

  it('turns undefined and null into null for nullable callbacks', () => {
    assert.equal(toNullableCallback(undefined, C, 'cb'), null);
    assert.equal(toNullableCallback(null, C, 'cb'), null);
    assert.throws(() => toNullableCallback('f', C, 'cb'), TypeError);
  });
});

describe('takesSequence', () => {
  it('takes iterable objects as sequences and other values not', () => {
    assert.equal(takesSequence([], 'X.y', 'v'), true);
    assert.equal(takesSequence(new Set(['a']), 'X.y', 'v'), true);
    assert.equal(takesSequence({}, 'X.y', 'v'), false);
    assert.equal(takesSequence({ [Symbol.iterator]: undefined }, 'X.y', 'v'), false);
    assert.equal(takesSequence('abc', 'X.y', 'v'), false);
  });

  it('throws a TypeError when Symbol.iterator is present but not callable, as GetMethod does', () => {
    assert.throws(() => takesSequence({ [Symbol.iterator]: 5 }, 'X.y', 'v'), {
      name: 'TypeError',
      message: 'X.y: v[Symbol.iterator] is not a function',
    });
  });
});
