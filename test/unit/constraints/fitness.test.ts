// https://w3c.github.io/mediacapture-main/#dfn-fitness-distance
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitnessDistance, type SettingsDictionary } from '../../../src/constraints/fitness.js';
import type { NormalizedConstraint, NormalizedConstraintSet } from '../../../src/constraints/normalize.js';

/** A constraint set in the engine's form, from an object literal. */
function set(members: Record<string, NormalizedConstraint>): NormalizedConstraintSet {
  return new Map(Object.entries(members));
}

const VIDEO: SettingsDictionary = {
  width: 640,
  height: 480,
  aspectRatio: 1.3333333333,
  frameRate: 20,
  resizeMode: 'none',
  deviceId: 'camera-id',
  groupId: 'camera-group',
};

const AUDIO: SettingsDictionary = {
  sampleRate: 48000,
  sampleSize: 16,
  echoCancellation: true,
  autoGainControl: true,
  channelCount: 1,
  deviceId: 'microphone-id',
};

describe('fitness distance of numeric constraints', () => {
  it('is |actual - ideal| / max(|actual|, |ideal|) when the setting is below the ideal', () => {
    const distance = fitnessDistance(VIDEO, set({ width: { type: 'numeric', ideal: 1280 } }), 'basic', 'video');
    assert.equal(distance, 0.5);
  });

  it('is |actual - ideal| / max(|actual|, |ideal|) when the setting is above the ideal', () => {
    const distance = fitnessDistance(VIDEO, set({ frameRate: { type: 'numeric', ideal: 15 } }), 'basic', 'video');
    assert.equal(distance, 5 / 20);
  });

  it('is 0 when the setting equals the ideal', () => {
    const distance = fitnessDistance(VIDEO, set({ height: { type: 'numeric', ideal: 480 } }), 'basic', 'video');
    assert.equal(distance, 0);
  });

  it('uses absolute values, so a negative ideal is more than 1 away from a positive setting', () => {
    const distance = fitnessDistance(VIDEO, set({ frameRate: { type: 'numeric', ideal: -20 } }), 'basic', 'video');
    assert.equal(distance, 40 / 20);
  });

  it('is 1 from an ideal of 0 and 0 when both are 0', () => {
    assert.equal(fitnessDistance(VIDEO, set({ frameRate: { type: 'numeric', ideal: 0 } }), 'basic', 'video'), 1);
    const still = { ...VIDEO, frameRate: 0 };
    assert.equal(fitnessDistance(still, set({ frameRate: { type: 'numeric', ideal: 0 } }), 'basic', 'video'), 0);
  });

  it('is the sum over the members of the constraint set', () => {
    const distance = fitnessDistance(
      VIDEO,
      set({ width: { type: 'numeric', ideal: 1280 }, height: { type: 'numeric', ideal: 720 }, frameRate: { type: 'numeric', ideal: 20 } }),
      'basic',
      'video',
    );
    assert.ok(Math.abs(distance - (0.5 + 240 / 720)) < 1e-12, `got ${distance}`);
  });

  it('counts the ideal of a required constraint that is met', () => {
    const distance = fitnessDistance(VIDEO, set({ width: { type: 'numeric', min: 320, ideal: 1920 } }), 'basic', 'video');
    assert.ok(Math.abs(distance - 1280 / 1920) < 1e-12, `got ${distance}`);
  });

  it('is 0 without an ideal when the required part is met', () => {
    const distance = fitnessDistance(VIDEO, set({ width: { type: 'numeric', min: 320, max: 1920 } }), 'basic', 'video');
    assert.equal(distance, 0);
  });

  it('treats an aspectRatio setting rounded to the tenth decimal place as equal to 4/3', () => {
    const exact = set({ aspectRatio: { type: 'numeric', exact: 4 / 3 } });
    assert.equal(fitnessDistance(VIDEO, exact, 'basic', 'video'), 0);
    assert.equal(fitnessDistance(VIDEO, set({ aspectRatio: { type: 'numeric', ideal: 4 / 3 } }), 'basic', 'video'), 0);
  });
});

describe('fitness distance of string, enum and boolean constraints', () => {
  it('is 0 when the setting equals the ideal string and 1 otherwise', () => {
    assert.equal(fitnessDistance(VIDEO, set({ resizeMode: { type: 'discrete', ideal: ['none'] } }), 'basic', 'video'), 0);
    assert.equal(
      fitnessDistance(VIDEO, set({ resizeMode: { type: 'discrete', ideal: ['crop-and-scale'] } }), 'basic', 'video'),
      1,
    );
  });

  it('is 0 when any string of an ideal list equals the setting', () => {
    const ideal = set({ deviceId: { type: 'discrete', ideal: ['other', 'camera-id'] } });
    assert.equal(fitnessDistance(VIDEO, ideal, 'basic', 'video'), 0);
    const none = set({ deviceId: { type: 'discrete', ideal: ['other', 'another'] } });
    assert.equal(fitnessDistance(VIDEO, none, 'basic', 'video'), 1);
  });

  it('is 0 when a boolean setting equals the ideal and 1 otherwise', () => {
    assert.equal(fitnessDistance(AUDIO, set({ autoGainControl: { type: 'discrete', ideal: [true] } }), 'basic', 'audio'), 0);
    assert.equal(fitnessDistance(AUDIO, set({ autoGainControl: { type: 'discrete', ideal: [false] } }), 'basic', 'audio'), 1);
  });

  it('compares echoCancellation modes and booleans as distinct values', () => {
    const remoteOnly = set({ echoCancellation: { type: 'discrete', ideal: ['remote-only'] } });
    assert.equal(fitnessDistance(AUDIO, remoteOnly, 'basic', 'audio'), 1);
    const settings = { ...AUDIO, echoCancellation: 'remote-only' };
    assert.equal(fitnessDistance(settings, remoteOnly, 'basic', 'audio'), 0);
    assert.equal(fitnessDistance(settings, set({ echoCancellation: { type: 'discrete', ideal: [true] } }), 'basic', 'audio'), 1);
  });
});

describe('fitness distance of required constraints', () => {
  it('is infinite when the setting is not the exact value', () => {
    assert.equal(fitnessDistance(VIDEO, set({ width: { type: 'numeric', exact: 1280 } }), 'basic', 'video'), Infinity);
    assert.equal(fitnessDistance(VIDEO, set({ width: { type: 'numeric', exact: 640 } }), 'basic', 'video'), 0);
  });

  it('is infinite when the setting is below min or above max', () => {
    assert.equal(fitnessDistance(VIDEO, set({ height: { type: 'numeric', min: 481 } }), 'basic', 'video'), Infinity);
    assert.equal(fitnessDistance(VIDEO, set({ height: { type: 'numeric', max: 479 } }), 'basic', 'video'), Infinity);
    assert.equal(fitnessDistance(VIDEO, set({ height: { type: 'numeric', min: 480, max: 480 } }), 'basic', 'video'), 0);
  });

  it('is infinite when a string setting is in none of the exact values', () => {
    const exact = set({ resizeMode: { type: 'discrete', exact: ['crop-and-scale'] } });
    assert.equal(fitnessDistance(VIDEO, exact, 'basic', 'video'), Infinity);
    const either = set({ resizeMode: { type: 'discrete', exact: ['crop-and-scale', 'none'] } });
    assert.equal(fitnessDistance(VIDEO, either, 'basic', 'video'), 0);
  });

  it('is infinite when the ideal is met but the required part is not', () => {
    const distance = fitnessDistance(VIDEO, set({ width: { type: 'numeric', min: 1000, ideal: 640 } }), 'basic', 'video');
    assert.equal(distance, Infinity);
  });

  it('is infinite when the settings dictionary has no such member', () => {
    const facing = set({ facingMode: { type: 'discrete', exact: ['user'] } });
    assert.equal(fitnessDistance(VIDEO, facing, 'basic', 'video'), Infinity);
    const latency = set({ latency: { type: 'numeric', max: 1 } });
    assert.equal(fitnessDistance(AUDIO, latency, 'basic', 'audio'), Infinity);
  });

  it('is infinite for one unmet member even when the others are met', () => {
    const distance = fitnessDistance(
      VIDEO,
      set({ width: { type: 'numeric', exact: 640 }, frameRate: { type: 'numeric', min: 30 } }),
      'basic',
      'video',
    );
    assert.equal(distance, Infinity);
  });

  // Step 2 (required) comes before step 3 (does not apply to this kind): a required width cannot be met
  // by an audio settings dictionary, which has no width.
  it('is infinite for a required constraint on a property the kind does not have', () => {
    assert.equal(fitnessDistance(AUDIO, set({ width: { type: 'numeric', exact: 640 } }), 'basic', 'audio'), Infinity);
  });
});

describe('fitness distance of members without a value to compare', () => {
  it('is 1 for an ideal on a member the settings dictionary does not have', () => {
    assert.equal(fitnessDistance(VIDEO, set({ facingMode: { type: 'discrete', ideal: ['user'] } }), 'basic', 'video'), 1);
    assert.equal(fitnessDistance(AUDIO, set({ latency: { type: 'numeric', ideal: 0.01 } }), 'basic', 'audio'), 1);
  });

  it('is 1 for a missing member even when the constraint has no ideal (step 5 comes before step 6)', () => {
    assert.equal(fitnessDistance(VIDEO, set({ facingMode: { type: 'discrete' } }), 'basic', 'video'), 1);
  });

  it('is 0 for a constraint with neither an ideal nor a required part', () => {
    assert.equal(fitnessDistance(VIDEO, set({ width: { type: 'numeric' } }), 'basic', 'video'), 0);
    assert.equal(fitnessDistance(VIDEO, set({ resizeMode: { type: 'discrete' } }), 'basic', 'video'), 0);
  });

  it('is 0 for an optional constraint on a property that does not apply to the kind', () => {
    const videoOnly = set({ width: { type: 'numeric', ideal: 1280 }, facingMode: { type: 'discrete', ideal: ['user'] } });
    assert.equal(fitnessDistance(AUDIO, videoOnly, 'basic', 'audio'), 0);
    const audioOnly = set({ sampleRate: { type: 'numeric', ideal: 44100 }, echoCancellation: { type: 'discrete', bare: [false] } });
    assert.equal(fitnessDistance(VIDEO, audioOnly, 'basic', 'video'), 0);
  });

  it('is 0 for a property the user agent does not support, even a required one', () => {
    const unknown = set({ magnification: { type: 'numeric', exact: 2 }, flashlight: { type: 'discrete', exact: [true] } });
    assert.equal(fitnessDistance(VIDEO, unknown, 'basic', 'video'), 0);
    assert.equal(fitnessDistance(VIDEO, unknown, 'advanced', 'video'), 0);
  });

  it('is 0 for an empty constraint set', () => {
    assert.equal(fitnessDistance(VIDEO, new Map(), 'basic', 'video'), 0);
    assert.equal(fitnessDistance({}, new Map(), 'advanced', 'audio'), 0);
  });
});

describe('bare values', () => {
  it('are ideal in the basic set', () => {
    assert.equal(fitnessDistance(VIDEO, set({ width: { type: 'numeric', bare: 1280 } }), 'basic', 'video'), 0.5);
    assert.equal(fitnessDistance(VIDEO, set({ resizeMode: { type: 'discrete', bare: ['crop-and-scale'] } }), 'basic', 'video'), 1);
    assert.equal(fitnessDistance(AUDIO, set({ echoCancellation: { type: 'discrete', bare: [false] } }), 'basic', 'audio'), 1);
  });

  it('are exact in an advanced set', () => {
    assert.equal(fitnessDistance(VIDEO, set({ width: { type: 'numeric', bare: 1280 } }), 'advanced', 'video'), Infinity);
    assert.equal(fitnessDistance(VIDEO, set({ width: { type: 'numeric', bare: 640 } }), 'advanced', 'video'), 0);
    assert.equal(
      fitnessDistance(VIDEO, set({ resizeMode: { type: 'discrete', bare: ['crop-and-scale'] } }), 'advanced', 'video'),
      Infinity,
    );
    assert.equal(fitnessDistance(AUDIO, set({ echoCancellation: { type: 'discrete', bare: [false] } }), 'advanced', 'audio'), Infinity);
  });

  it('make a list in an advanced set a disjunction of exact values', () => {
    const list = set({ deviceId: { type: 'discrete', bare: ['other', 'camera-id'] } });
    assert.equal(fitnessDistance(VIDEO, list, 'advanced', 'video'), 0);
    assert.equal(fitnessDistance(VIDEO, set({ deviceId: { type: 'discrete', bare: ['other'] } }), 'advanced', 'video'), Infinity);
  });

  it('in an advanced set add nothing once met, while an explicit ideal still counts', () => {
    const both = set({ width: { type: 'numeric', bare: 640 }, height: { type: 'numeric', ideal: 720 } });
    assert.equal(fitnessDistance(VIDEO, both, 'advanced', 'video'), 240 / 720);
  });
});
