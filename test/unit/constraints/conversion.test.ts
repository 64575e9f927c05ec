// WebIDL conversion of https://w3c.github.io/mediacapture-main/#dom-mediatrackconstraints and
// https://w3c.github.io/mediacapture-main/#dom-mediastreamconstraints (the constraint types are at
// https://w3c.github.io/mediacapture-main/#constrainable-interface), as https://webidl.spec.whatwg.org/ converts them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  convertMediaStreamConstraints,
  convertMediaTrackConstraints,
} from '../../../src/api/media-track-constraints.js';
import { CONSTRAINABLE_PROPERTIES } from '../../../src/constraints/registry.js';

const C = 'MediaStreamTrack.applyConstraints';
const MAX_U32 = 4294967295;

/** A value as a test name shows it: strings quoted. */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function convert(value: unknown): unknown {
  return convertMediaTrackConstraints(value, C, 'constraints');
}

/** An object whose getters record, in order, which members were read. */
function recording(names: readonly string[], value: (name: string) => unknown, log: string[]): object {
  const object = {};
  for (const name of names) {
    Object.defineProperty(object, name, {
      enumerable: true,
      get: () => {
        log.push(name);
        return value(name);
      },
    });
  }
  return object;
}

describe('[Clamp] unsigned long constraints (ConstrainULong)', () => {
  const cases: [unknown, number][] = [
    [-5, 0],
    [-Infinity, 0],
    [2 ** 40, MAX_U32],
    [Infinity, MAX_U32],
    [640.5, 640],
    [641.5, 642],
    [640.4, 640],
    [640.6, 641],
    [NaN, 0],
    ['720', 720],
    [true, 1],
  ];
  for (const [input, expected] of cases) {
    it(`converts a bare ${show(input)} to ${expected}`, () => {
      assert.deepEqual(convert({ width: input }), { width: expected });
    });
  }

  it('clamps and rounds every member of a ConstrainULongRange', () => {
    assert.deepEqual(convert({ height: { min: -1, max: 1e10, exact: 2.5, ideal: 3.5 } }), {
      height: { min: 0, max: MAX_U32, exact: 2, ideal: 4 },
    });
  });

  it('applies to sampleRate, sampleSize and channelCount as well', () => {
    assert.deepEqual(convert({ sampleRate: 44100.5, sampleSize: -16, channelCount: { ideal: 2 ** 33 } }), {
      channelCount: { ideal: MAX_U32 },
      sampleRate: 44100,
      sampleSize: 0,
    });
  });

  it('converts null, an array or any other object as the dictionary alternative', () => {
    assert.deepEqual(convert({ width: null, height: [640], channelCount: { exact: null } }), {
      channelCount: { exact: 0 },
      height: {},
      width: {},
    });
  });

  it('rejects a BigInt with a TypeError', () => {
    assert.throws(() => convert({ width: 640n }), TypeError);
  });
});

describe('double constraints (ConstrainDouble)', () => {
  for (const bad of [NaN, Infinity, -Infinity, 'fast']) {
    it(`rejects a bare ${show(bad)} with a TypeError`, () => {
      assert.throws(() => convert({ frameRate: bad }), TypeError);
    });
  }

  it('rejects a non-finite member of a ConstrainDoubleRange with a TypeError', () => {
    assert.throws(() => convert({ aspectRatio: { ideal: NaN } }), TypeError);
    assert.throws(() => convert({ latency: { max: Infinity } }), TypeError);
    assert.throws(() => convert({ advanced: [{ frameRate: { min: -Infinity } }] }), TypeError);
  });

  it('keeps finite values as they are, without rounding', () => {
    assert.deepEqual(convert({ aspectRatio: 4 / 3, frameRate: { min: 29.97, ideal: '30' }, latency: -1 }), {
      aspectRatio: 4 / 3,
      frameRate: { ideal: 30, min: 29.97 },
      latency: -1,
    });
  });
});

describe('string constraints (ConstrainDOMString)', () => {
  it('converts an array to a sequence of strings', () => {
    assert.deepEqual(convert({ facingMode: ['user', 1] }), { facingMode: ['user', '1'] });
  });

  it('converts any iterable, such as a Set, to a sequence', () => {
    assert.deepEqual(convert({ deviceId: new Set(['a', 'b']) }), { deviceId: ['a', 'b'] });
    assert.deepEqual(convert({ groupId: { exact: new Set(['g']) } }), { groupId: { exact: ['g'] } });
  });

  it('converts a non-iterable object as ConstrainDOMStringParameters', () => {
    assert.deepEqual(convert({ resizeMode: { exact: 'none', ideal: ['crop-and-scale'], min: 1 } }), {
      resizeMode: { exact: 'none', ideal: ['crop-and-scale'] },
    });
  });

  it('converts other primitives and a non-iterable exact with ToString', () => {
    assert.deepEqual(convert({ facingMode: 5, deviceId: { exact: {} }, groupId: { ideal: null } }), {
      deviceId: { exact: '[object Object]' },
      facingMode: '5',
      groupId: { ideal: 'null' },
    });
  });

  it('rejects a Symbol with a TypeError', () => {
    assert.throws(() => convert({ facingMode: Symbol('user') }), TypeError);
    assert.throws(() => convert({ facingMode: { exact: ['user', Symbol('x')] } }), TypeError);
  });
});

describe('boolean and boolean-or-string constraints', () => {
  it('keeps the strings and booleans of echoCancellation', () => {
    assert.deepEqual(convert({ echoCancellation: 'remote-only' }), { echoCancellation: 'remote-only' });
    assert.deepEqual(convert({ echoCancellation: true }), { echoCancellation: true });
    assert.deepEqual(convert({ echoCancellation: { exact: 'all' } }), { echoCancellation: { exact: 'all' } });
    assert.deepEqual(convert({ echoCancellation: { ideal: false } }), { echoCancellation: { ideal: false } });
  });

  it('converts a number given for echoCancellation to a string, as (boolean or DOMString) does', () => {
    assert.deepEqual(convert({ echoCancellation: 0 }), { echoCancellation: '0' });
    assert.deepEqual(convert({ echoCancellation: { exact: 1 } }), { echoCancellation: { exact: '1' } });
  });

  it('converts ConstrainBoolean values with ToBoolean', () => {
    assert.deepEqual(convert({ autoGainControl: 'false', noiseSuppression: 0, backgroundBlur: { exact: 1, ideal: '' } }), {
      autoGainControl: true,
      backgroundBlur: { exact: true, ideal: false },
      noiseSuppression: false,
    });
  });
});

describe('MediaTrackConstraints as a dictionary', () => {
  it('drops names it does not know, in the basic set and in advanced sets', () => {
    assert.deepEqual(convert({ width: 640, magnification: 2, flashlight: true, advanced: [{ yaw: 1, height: 480 }] }), {
      width: 640,
      advanced: [{ height: 480 }],
    });
  });

  it('converts null and undefined to an empty dictionary', () => {
    assert.deepEqual(convert(null), {});
    assert.deepEqual(convert(undefined), {});
  });

  it('rejects a primitive with a TypeError', () => {
    for (const value of [5, 'video', true]) {
      assert.throws(() => convert(value), { name: 'TypeError', message: /^MediaStreamTrack\.applyConstraints: / });
    }
  });

  it('requires advanced to be a sequence', () => {
    for (const advanced of [{}, null, 5, 'width', { width: 640 }]) {
      assert.throws(() => convert({ advanced }), TypeError, JSON.stringify(advanced));
    }
  });

  it('converts each advanced item as a constraint set, null as an empty one', () => {
    assert.deepEqual(convert({ advanced: new Set([null, { width: '10' }]) }), { advanced: [{}, { width: 10 }] });
    assert.throws(() => convert({ advanced: [5] }), TypeError);
  });

  it('reads the members of the constraint set once each in lexicographic order, then advanced', () => {
    const log: string[] = [];
    const names = [...CONSTRAINABLE_PROPERTIES.map((p) => p.name), 'advanced'];
    convert(recording([...names].reverse(), () => undefined, log));
    const sorted = CONSTRAINABLE_PROPERTIES.map((p) => p.name).sort();
    assert.deepEqual(log, [...sorted, 'advanced']);
    assert.equal(log[0], 'aspectRatio');
    assert.equal(log.at(-2), 'zoom');
  });

  // WebIDL reads a dictionary's inherited members first: ULongRange/DoubleRange (max, min) before
  // ConstrainULongRange/ConstrainDoubleRange (exact, ideal).
  it('reads max and min before exact and ideal in a range', () => {
    const log: string[] = [];
    convert({ width: recording(['exact', 'ideal', 'max', 'min'], () => 1, log), frameRate: recording(['ideal', 'min', 'exact', 'max'], () => 1, log) });
    // frameRate (a ConstrainDoubleRange) is read before width (a ConstrainULongRange).
    assert.deepEqual(log, ['max', 'min', 'exact', 'ideal', 'max', 'min', 'exact', 'ideal']);
  });

  // WebIDL's union conversion calls GetMethod(V, @@iterator), which throws for a value that is not callable.
  it('rejects a non-callable Symbol.iterator on a string constraint with a TypeError', () => {
    assert.throws(() => convert({ facingMode: { [Symbol.iterator]: 5, exact: 'user' } }), TypeError);
    assert.throws(() => convert({ deviceId: { exact: { [Symbol.iterator]: 'no' } } }), TypeError);
  });

  it('returns plain data, not the caller\'s objects', () => {
    const ids = ['a'];
    const converted = convert({ deviceId: ids }) as { deviceId: string[] };
    assert.notEqual(converted.deviceId, ids);
  });
});

describe('MediaStreamConstraints', () => {
  const stream = (value: unknown): unknown => convertMediaStreamConstraints(value, 'MediaDevices.getUserMedia');

  it('defaults audio and video to false', () => {
    assert.deepEqual(stream({}), { audio: false, video: false });
    assert.deepEqual(stream(undefined), { audio: false, video: false });
    assert.deepEqual(stream(null), { audio: false, video: false });
  });

  it('converts null to an empty MediaTrackConstraints dictionary', () => {
    assert.deepEqual(stream({ video: null }), { audio: false, video: {} });
  });

  it('converts an object to MediaTrackConstraints and a primitive to a boolean', () => {
    assert.deepEqual(stream({ audio: 1, video: { width: 640.5, magnification: 1 } }), { audio: true, video: { width: 640 } });
    assert.deepEqual(stream({ audio: '', video: 'no' }), { audio: false, video: true });
  });

  it('reads audio before video', () => {
    const log: string[] = [];
    stream(recording(['video', 'audio'], () => true, log));
    assert.deepEqual(log, ['audio', 'video']);
  });

  it('rejects a primitive with a TypeError and propagates a TypeError from a track dictionary', () => {
    assert.throws(() => stream(true), TypeError);
    assert.throws(() => stream({ video: { frameRate: NaN } }), TypeError);
    assert.throws(() => stream({ audio: { advanced: 1 } }), TypeError);
  });
});
