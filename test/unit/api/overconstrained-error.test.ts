import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaDevices, OverconstrainedError } from '../../../src/index.js';

describe('OverconstrainedError interface shape', () => {
  it('extends DOMException (and so Error)', () => {
    const error = new OverconstrainedError('width');
    assert.ok(error instanceof OverconstrainedError);
    assert.ok(error instanceof DOMException);
    assert.ok(error instanceof Error);
    assert.equal(Object.getPrototypeOf(OverconstrainedError.prototype), DOMException.prototype);
    assert.equal(Object.getPrototypeOf(OverconstrainedError), DOMException);
  });

  it('is tagged "OverconstrainedError" by Object.prototype.toString', () => {
    assert.equal(Object.prototype.toString.call(new OverconstrainedError('width')), '[object OverconstrainedError]');
    assert.equal(OverconstrainedError.name, 'OverconstrainedError');
  });

  it('has an enumerable, read-only constraint attribute on the prototype', () => {
    const descriptor = Object.getOwnPropertyDescriptor(OverconstrainedError.prototype, 'constraint');
    assert.equal(descriptor?.enumerable, true);
    assert.equal(typeof descriptor?.get, 'function');
    assert.equal(descriptor?.set, undefined);
    const error = new OverconstrainedError('width');
    assert.throws(() => {
      (error as unknown as { constraint: string }).constraint = 'height';
    }, TypeError);
    assert.equal(error.constraint, 'width');
  });

  it('has no own constraint property on instances (it is an accessor of the interface)', () => {
    assert.equal(Object.getOwnPropertyNames(new OverconstrainedError('width')).includes('constraint'), false);
  });

  it('has a constructor length of 1: the message is optional', () => {
    assert.equal(OverconstrainedError.length, 1);
  });

  it('throws a TypeError from the constraint getter on something that is not an OverconstrainedError', () => {
    const getter = Object.getOwnPropertyDescriptor(OverconstrainedError.prototype, 'constraint')?.get;
    assert.throws(() => getter?.call(new DOMException('x', 'OverconstrainedError')), TypeError);
    assert.throws(() => getter?.call({}), TypeError);
  });
});

describe('OverconstrainedError constructor', () => {
  it('requires the constraint argument', () => {
    assert.throws(() => new (OverconstrainedError as unknown as new () => unknown)(), TypeError);
  });

  it('is named "OverconstrainedError" with code 0', () => {
    const error = new OverconstrainedError('width', 'too wide');
    assert.equal(error.name, 'OverconstrainedError');
    assert.equal(error.code, 0);
  });

  it('keeps the constraint and the message', () => {
    const error = new OverconstrainedError('frameRate', 'no such rate');
    assert.equal(error.constraint, 'frameRate');
    assert.equal(error.message, 'no such rate');
  });

  it('defaults the message to the empty string, also for an explicit undefined', () => {
    assert.equal(new OverconstrainedError('width').message, '');
    assert.equal(new OverconstrainedError('width', undefined).message, '');
  });

  it('accepts the empty string as constraint (no specific constraint revealed)', () => {
    assert.equal(new OverconstrainedError('').constraint, '');
  });

  it('converts constraint and message to strings', () => {
    const error = new OverconstrainedError(42 as unknown as string, null as unknown as string);
    assert.equal(error.constraint, '42');
    assert.equal(error.message, 'null');
    assert.equal(new OverconstrainedError(undefined as unknown as string).constraint, 'undefined');
  });

  it('throws a TypeError for a symbol constraint or message', () => {
    assert.throws(() => new OverconstrainedError(Symbol('w') as unknown as string), TypeError);
    assert.throws(() => new OverconstrainedError('width', Symbol('m') as unknown as string), TypeError);
  });

  it('stringifies like any DOMException', () => {
    assert.equal(String(new OverconstrainedError('width', 'too wide')), 'OverconstrainedError: too wide');
  });

  it('can be thrown and caught as a DOMException', () => {
    assert.throws(
      () => {
        throw new OverconstrainedError('height', 'none');
      },
      { name: 'OverconstrainedError', constraint: 'height', message: 'none' },
    );
  });
});

describe('OverconstrainedError from the API', () => {
  it('is what getUserMedia() rejects with for an impossible required constraint, naming it once devices are exposed', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    await md.getUserMedia({ video: true });
    await assert.rejects(md.getUserMedia({ video: { width: { exact: 99999 } } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.equal(error.constraint, 'width');
      assert.equal(error.code, 0);
      assert.equal(typeof error.message, 'string');
      return true;
    });
  });

  it('names no constraint ("") from getUserMedia() before device information can be exposed', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    await assert.rejects(md.getUserMedia({ video: { width: { exact: 99999 } } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.equal(error.constraint, '');
      return true;
    });
  });

  it('is what applyConstraints() rejects with, naming the constraint', async () => {
    const stream = await createMediaDevices({ devices: 'fake' }).getUserMedia({ video: true });
    const [track] = stream.getVideoTracks();
    assert.ok(track !== undefined);
    await assert.rejects(track.applyConstraints({ height: { min: 100000 } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.ok(error instanceof DOMException);
      assert.equal(error.constraint, 'height');
      return true;
    });
  });
});
