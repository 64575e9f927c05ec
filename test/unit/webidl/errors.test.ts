import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOM_EXCEPTION_NAMES, domException, rangeError, restoreSubclassPrototype, typeError } from '../../../src/webidl/errors.js';

describe('error factory', () => {
  it('creates a DOMException with the given name and an "Interface.member: reason" message', () => {
    const error = domException('NotFoundError', 'MediaDevices.getUserMedia', 'no camera matches');
    assert.ok(error instanceof DOMException);
    assert.equal(error.name, 'NotFoundError');
    assert.equal(error.message, 'MediaDevices.getUserMedia: no camera matches');
    // The legacy code comes from the runtime's DOMException table.
    assert.equal(error.code, 8);
  });

  it('creates DOMExceptions for every listed name', () => {
    for (const name of DOM_EXCEPTION_NAMES) {
      assert.equal(domException(name, 'X.y', 'z').name, name);
    }
  });

  it('creates a TypeError whose message starts with the context', () => {
    const error = typeError('MediaStreamTrack.applyConstraints', 'width is not a finite number');
    assert.ok(error instanceof TypeError);
    assert.equal(error.message, 'MediaStreamTrack.applyConstraints: width is not a finite number');
  });

  it('creates a RangeError whose message starts with the context', () => {
    const error = rangeError('MediaRecorder.start', 'timeslice is too large');
    assert.ok(error instanceof RangeError);
    assert.equal(error.message, 'MediaRecorder.start: timeslice is too large');
  });
});

describe('DOMException subclasses on Node 24.6 and 24.7', () => {
  class Detailed extends DOMException {
    readonly #detail: string;
    constructor(detail: string) {
      super('message', 'OverconstrainedError');
      // What Node 24.6/24.7 do (nodejs/node#59677): the instance gets DOMException.prototype.
      Object.setPrototypeOf(this, DOMException.prototype);
      restoreSubclassPrototype(this, new.target);
      this.#detail = detail;
    }
    get detail(): string {
      return this.#detail;
    }
  }

  it('restores the subclass prototype so its getters work again', () => {
    const error = new Detailed('width');
    assert.ok(error instanceof Detailed);
    assert.equal(error.detail, 'width');
    assert.equal(error.name, 'OverconstrainedError');
  });

  it('leaves an instance that already has the right prototype alone', () => {
    const error = new DOMException('x', 'AbortError');
    restoreSubclassPrototype(error, DOMException);
    assert.equal(Object.getPrototypeOf(error), DOMException.prototype);
  });
});
