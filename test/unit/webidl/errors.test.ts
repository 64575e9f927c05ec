import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOM_EXCEPTION_NAMES, domException, rangeError, typeError } from '../../../src/webidl/errors.js';

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
