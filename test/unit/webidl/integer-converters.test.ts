import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toLong, toUnsignedLong, toUnsignedLongLong } from '../../../src/webidl/converters.js';

const C = 'Test.member';
const MAX_U32 = 4294967295;

/** Asserts strict equality including the sign of zero. */
function assertSame(actual: number, expected: number, message?: string): void {
  assert.ok(Object.is(actual, expected), message ?? `expected ${expected}, got ${actual}`);
}

describe('unsigned long conversion', () => {
  const cases: [unknown, number][] = [
    [-1, MAX_U32],
    [2 ** 32, 0],
    [2 ** 32 + 5, 5],
    [4294967295.5, MAX_U32],
    [2.5, 2],
    [3.5, 3],
    [-0.5, 0],
    [-0, 0],
    [NaN, 0],
    [Infinity, 0],
    [-Infinity, 0],
    ['12', 12],
    ['', 0],
    ['abc', 0],
    [null, 0],
    [undefined, 0],
    [true, 1],
    [false, 0],
    [{ valueOf: () => 7 }, 7],
  ];
  for (const [input, expected] of cases) {
    it(`wraps ${String(input)} modulo 2^32 to ${expected} by default`, () => {
      assertSame(toUnsignedLong(input, C, 'width'), expected);
    });
  }

  const clampCases: [unknown, number][] = [
    [-1, 0],
    [2 ** 32, MAX_U32],
    [4294967295.5, MAX_U32],
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [2.4, 2],
    [2.6, 3],
    [-0.4, 0],
    [NaN, 0],
    [Infinity, MAX_U32],
    [-Infinity, 0],
    ['12', 12],
    [null, 0],
    [true, 1],
  ];
  for (const [input, expected] of clampCases) {
    it(`clamps ${String(input)} to ${expected} with [Clamp], rounding half to even`, () => {
      assertSame(toUnsignedLong(input, C, 'width', { clamp: true }), expected);
    });
  }

  const enforceCases: [unknown, number][] = [
    [4294967295.5, MAX_U32],
    [2.5, 2],
    [3.5, 3],
    [-0.9, 0],
    [0, 0],
    ['12', 12],
    [null, 0],
    [true, 1],
  ];
  for (const [input, expected] of enforceCases) {
    it(`accepts ${String(input)} as ${expected} with [EnforceRange], truncating`, () => {
      assertSame(toUnsignedLong(input, C, 'width', { enforceRange: true }), expected);
    });
  }

  for (const input of [-1, 2 ** 32, NaN, Infinity, -Infinity, 'abc', undefined]) {
    it(`rejects ${String(input)} with [EnforceRange]`, () => {
      assert.throws(() => toUnsignedLong(input, C, 'width', { enforceRange: true }), {
        name: 'TypeError',
        message: /^Test\.member: width /,
      });
    });
  }

  it('lets [EnforceRange] win when both extended attributes are given', () => {
    assert.throws(() => toUnsignedLong(-1, C, 'width', { clamp: true, enforceRange: true }), TypeError);
  });

  it('rejects symbols and BigInts with a contextual TypeError', () => {
    assert.throws(() => toUnsignedLong(Symbol('x'), C, 'width'), {
      name: 'TypeError',
      message: 'Test.member: width is a Symbol and cannot be converted to a number',
    });
    assert.throws(() => toUnsignedLong(1n, C, 'width'), { name: 'TypeError', message: /width is a BigInt/ });
  });

  it('propagates an exception thrown by valueOf', () => {
    const boom = new Error('boom');
    assert.throws(() => toUnsignedLong({ valueOf: () => { throw boom; } }, C, 'width'), (error) => error === boom);
  });

  it('matches ECMAScript ToUint32 (x >>> 0) for every double by default', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        assertSame(toUnsignedLong(x, C, 'x'), x >>> 0);
      }),
    );
  });
});

describe('long conversion', () => {
  it('wraps out-of-range values into the signed 32-bit range by default', () => {
    assertSame(toLong(2 ** 31, C, 'x'), -(2 ** 31));
    assertSame(toLong(-(2 ** 31) - 1, C, 'x'), 2 ** 31 - 1);
    assertSame(toLong(MAX_U32, C, 'x'), -1);
    assertSame(toLong(-2.5, C, 'x'), -2);
    assertSame(toLong(-0.5, C, 'x'), 0);
  });

  it('clamps to -2^31..2^31-1 and rounds half to even with [Clamp]', () => {
    assertSame(toLong(2 ** 31, C, 'x', { clamp: true }), 2 ** 31 - 1);
    assertSame(toLong(-Infinity, C, 'x', { clamp: true }), -(2 ** 31));
    assertSame(toLong(-2.5, C, 'x', { clamp: true }), -2);
    assertSame(toLong(-3.5, C, 'x', { clamp: true }), -4);
    assertSame(toLong(-0.5, C, 'x', { clamp: true }), 0);
  });

  it('rejects values outside -2^31..2^31-1 with [EnforceRange]', () => {
    assertSame(toLong(-(2 ** 31), C, 'x', { enforceRange: true }), -(2 ** 31));
    assertSame(toLong(-1.9, C, 'x', { enforceRange: true }), -1);
    assert.throws(() => toLong(2 ** 31, C, 'x', { enforceRange: true }), TypeError);
    assert.throws(() => toLong(-(2 ** 31) - 1, C, 'x', { enforceRange: true }), TypeError);
  });

  it('matches ECMAScript ToInt32 (x | 0) for every double by default', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        assertSame(toLong(x, C, 'x'), x | 0);
      }),
    );
  });
});

describe('unsigned long long conversion', () => {
  it('wraps modulo 2^64 by default', () => {
    assertSame(toUnsignedLongLong(-1, C, 'x'), 2 ** 64 - 1);
    assertSame(toUnsignedLongLong(2 ** 64, C, 'x'), 0);
    assertSame(toUnsignedLongLong(2 ** 64 + 2 ** 12, C, 'x'), 2 ** 12);
    assertSame(toUnsignedLongLong(2 ** 53 + 2, C, 'x'), 2 ** 53 + 2);
    assertSame(toUnsignedLongLong(12.9, C, 'x'), 12);
    assertSame(toUnsignedLongLong(NaN, C, 'x'), 0);
  });

  it('clamps to 0..2^53-1 with [Clamp]', () => {
    assertSame(toUnsignedLongLong(2 ** 60, C, 'x', { clamp: true }), Number.MAX_SAFE_INTEGER);
    assertSame(toUnsignedLongLong(-1, C, 'x', { clamp: true }), 0);
    assertSame(toUnsignedLongLong(2.5, C, 'x', { clamp: true }), 2);
  });

  it('accepts 0..2^53-1 and rejects anything else with [EnforceRange]', () => {
    assertSame(toUnsignedLongLong(Number.MAX_SAFE_INTEGER, C, 'x', { enforceRange: true }), Number.MAX_SAFE_INTEGER);
    assertSame(toUnsignedLongLong(2 ** 40 + 0.5, C, 'x', { enforceRange: true }), 2 ** 40);
    assert.throws(() => toUnsignedLongLong(2 ** 53, C, 'x', { enforceRange: true }), TypeError);
    assert.throws(() => toUnsignedLongLong(-1, C, 'x', { enforceRange: true }), TypeError);
    assert.throws(() => toUnsignedLongLong(Infinity, C, 'x', { enforceRange: true }), TypeError);
  });

  it('matches a BigInt modulo 2^64 reference for integral doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const expected = Number(BigInt.asUintN(64, BigInt(Math.trunc(x))));
        assertSame(toUnsignedLongLong(x, C, 'x'), expected);
      }),
    );
  });
});
