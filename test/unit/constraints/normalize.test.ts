// https://w3c.github.io/mediacapture-main/#dfn-selectsettings (empty constraints, bare values) and
// https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia (constraints for the other kind).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MediaTrackConstraints } from '../../../src/constraints/dictionaries.js';
import {
  interpretConstraint,
  normalizeConstraints,
  type NormalizedConstraintSet,
} from '../../../src/constraints/normalize.js';

/** The basic set as a plain object, for deepEqual. */
function basicOf(constraints: MediaTrackConstraints, kind: 'audio' | 'video', empty = false): Record<string, unknown> {
  return Object.fromEntries(normalizeConstraints(constraints, kind, { emptyDeviceIdIsUnspecified: empty }).basic);
}

function names(set: NormalizedConstraintSet): string[] {
  return [...set.keys()];
}

describe('empty constraints', () => {
  it('drops a constraint whose value is an empty list', () => {
    assert.deepEqual(basicOf({ facingMode: [], width: 640 }, 'video'), { width: { type: 'numeric', bare: 640 } });
    assert.deepEqual(basicOf({ deviceId: [] }, 'audio'), {});
  });

  it('drops a constraint whose exact or ideal is an empty list and that has nothing else', () => {
    assert.deepEqual(basicOf({ facingMode: { exact: [] } }, 'video'), {});
    assert.deepEqual(basicOf({ resizeMode: { ideal: [] } }, 'video'), {});
    assert.deepEqual(basicOf({ groupId: { exact: [], ideal: [] } }, 'video'), {});
  });

  it('keeps the ideal when only the exact list is empty, which is then not required', () => {
    const basic = basicOf({ facingMode: { exact: [], ideal: 'user' } }, 'video');
    assert.deepEqual(basic, { facingMode: { type: 'discrete', ideal: ['user'] } });
    const constraint = normalizeConstraints({ facingMode: { exact: [], ideal: 'user' } }, 'video').basic.get('facingMode');
    assert.ok(constraint !== undefined);
    assert.equal(interpretConstraint(constraint, 'basic').required, false);
  });

  it('drops empty lists inside advanced sets too, keeping the sets themselves', () => {
    const { advanced } = normalizeConstraints({ advanced: [{ facingMode: [] }, { facingMode: { exact: [] }, width: 320 }] }, 'video');
    assert.equal(advanced.length, 2);
    assert.deepEqual(names(advanced[0] as NormalizedConstraintSet), []);
    assert.deepEqual(names(advanced[1] as NormalizedConstraintSet), ['width']);
  });
});

describe('constraints for properties of the other kind', () => {
  it('drops audio properties from a video track constraint set', () => {
    const basic = basicOf(
      { width: 640, sampleRate: { exact: 48000 }, echoCancellation: { exact: false }, channelCount: 2, voiceIsolation: true },
      'video',
    );
    assert.deepEqual(Object.keys(basic), ['width']);
  });

  it('drops video properties from an audio track constraint set', () => {
    const basic = basicOf(
      { width: { exact: 640 }, height: 480, aspectRatio: 1.5, frameRate: { min: 30 }, facingMode: { exact: 'user' }, resizeMode: 'none', backgroundBlur: true, sampleSize: 16 },
      'audio',
    );
    assert.deepEqual(Object.keys(basic), ['sampleSize']);
  });

  it('keeps deviceId and groupId for both kinds', () => {
    for (const kind of ['audio', 'video'] as const) {
      assert.deepEqual(Object.keys(basicOf({ deviceId: 'a', groupId: { exact: 'b' } }, kind)), ['deviceId', 'groupId']);
    }
  });

  it('drops them inside advanced sets too', () => {
    const { advanced } = normalizeConstraints({ advanced: [{ width: 640, sampleRate: 44100 }] }, 'audio');
    assert.deepEqual(names(advanced[0] as NormalizedConstraintSet), ['sampleRate']);
  });

  it('drops names the registry does not know', () => {
    const unknown = { magnification: { exact: 2 }, flashlight: true, width: 640 } as MediaTrackConstraints;
    assert.deepEqual(Object.keys(basicOf(unknown, 'video')), ['width']);
  });
});

describe('the engine form of constraint values', () => {
  it('keeps a bare number as bare and a range with only its given members', () => {
    assert.deepEqual(basicOf({ width: 640, height: { min: 480, ideal: 720 } }, 'video'), {
      width: { type: 'numeric', bare: 640 },
      height: { type: 'numeric', min: 480, ideal: 720 },
    });
  });

  it('makes every string, boolean or boolean-or-string value a list', () => {
    assert.deepEqual(
      basicOf(
        // echoCancellation also takes an EchoCancellationModeEnum string, which dictionaries.ts does not type.
        { echoCancellation: 'remote-only', autoGainControl: { exact: false }, deviceId: ['a', 'b'], groupId: { ideal: 'g' } } as MediaTrackConstraints,
        'audio',
      ),
      {
        echoCancellation: { type: 'discrete', bare: ['remote-only'] },
        autoGainControl: { type: 'discrete', exact: [false] },
        deviceId: { type: 'discrete', bare: ['a', 'b'] },
        groupId: { type: 'discrete', ideal: ['g'] },
      },
    );
  });

  it('does not share the caller\'s arrays', () => {
    const ids = ['a'];
    const constraint = normalizeConstraints({ deviceId: ids }, 'video').basic.get('deviceId');
    ids.push('b');
    assert.deepEqual(constraint, { type: 'discrete', bare: ['a'] });
  });
});

describe('emptyDeviceIdIsUnspecified', () => {
  it('is off by default, so an empty deviceId is a constraint', () => {
    assert.deepEqual(basicOf({ deviceId: '' }, 'video'), { deviceId: { type: 'discrete', bare: [''] } });
    assert.deepEqual(basicOf({ deviceId: { exact: '' } }, 'audio'), { deviceId: { type: 'discrete', exact: [''] } });
  });

  it('treats every form of an empty-string deviceId as no constraint', () => {
    for (const deviceId of ['', [''], { exact: '' }, { ideal: '' }, { exact: [''] }, { exact: '', ideal: '' }]) {
      assert.deepEqual(basicOf({ deviceId, width: 1 }, 'video', true), { width: { type: 'numeric', bare: 1 } }, JSON.stringify(deviceId));
    }
  });

  it('keeps a deviceId that also names a device', () => {
    assert.deepEqual(basicOf({ deviceId: ['', 'abc'] }, 'video', true), { deviceId: { type: 'discrete', bare: ['', 'abc'] } });
    assert.deepEqual(basicOf({ deviceId: 'abc' }, 'video', true), { deviceId: { type: 'discrete', bare: ['abc'] } });
  });

  it('does not apply to groupId', () => {
    assert.deepEqual(basicOf({ groupId: '' }, 'audio', true), { groupId: { type: 'discrete', bare: [''] } });
  });

  it('applies inside advanced sets', () => {
    const { advanced } = normalizeConstraints({ advanced: [{ deviceId: { exact: '' } }] }, 'audio', { emptyDeviceIdIsUnspecified: true });
    assert.deepEqual(names(advanced[0] as NormalizedConstraintSet), []);
  });
});

describe('interpretConstraint', () => {
  it('reads a bare number as ideal in the basic set and as exact in an advanced set', () => {
    assert.deepEqual(interpretConstraint({ type: 'numeric', bare: 640 }, 'basic'), { ideal: [640], required: false });
    assert.deepEqual(interpretConstraint({ type: 'numeric', bare: 640 }, 'advanced'), { exact: 640, required: true });
  });

  it('reads a bare string list as ideal in the basic set and as a disjunction of exact values in an advanced set', () => {
    assert.deepEqual(interpretConstraint({ type: 'discrete', bare: ['user', 'left'] }, 'basic'), { ideal: ['user', 'left'], required: false });
    assert.deepEqual(interpretConstraint({ type: 'discrete', bare: ['user', 'left'] }, 'advanced'), { oneOf: ['user', 'left'], required: true });
  });

  it('makes min, max and exact required wherever the set is, and ideal alone optional', () => {
    for (const position of ['basic', 'advanced'] as const) {
      assert.equal(interpretConstraint({ type: 'numeric', min: 1 }, position).required, true);
      assert.equal(interpretConstraint({ type: 'numeric', max: 1 }, position).required, true);
      assert.equal(interpretConstraint({ type: 'numeric', exact: 1 }, position).required, true);
      assert.equal(interpretConstraint({ type: 'discrete', exact: [false] }, position).required, true);
      assert.equal(interpretConstraint({ type: 'numeric', ideal: 1 }, position).required, false);
      assert.equal(interpretConstraint({ type: 'discrete', ideal: ['x'] }, position).required, false);
    }
  });

  it('keeps an explicit ideal in an advanced set', () => {
    assert.deepEqual(interpretConstraint({ type: 'numeric', min: 30, ideal: 60 }, 'advanced'), { min: 30, ideal: [60], required: true });
  });
});
