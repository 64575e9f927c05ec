// Properties of the whole constraints path (WebIDL conversion, normalisation, SelectSettings) for arbitrary
// MediaTrackConstraints, checked against https://w3c.github.io/mediacapture-main/#dfn-selectsettings with an
// independent oracle: a finite set of probe settings dictionaries of each region, judged by fitnessDistance.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fitnessDistance, type SettingsDictionary } from '../../../src/constraints/fitness.js';
import {
  interpretConstraint,
  normalizeConstraints,
  type NormalizedConstraints,
  type NormalizedConstraintSet,
  type SettingValue,
} from '../../../src/constraints/normalize.js';
import { CONSTRAINABLE_PROPERTIES, type TrackKind } from '../../../src/constraints/registry.js';
import { selectSettings } from '../../../src/constraints/select-settings.js';
import { capabilitiesOf, roundAspectRatio, type Domain } from '../../../src/constraints/settings-space.js';
import { settingsSpaceOf } from '../../../src/sources/capture-model.js';
import { CAMERA, MICROPHONE, cameraSpace, convert, microphoneSpace, type Space } from './fake-spaces.js';
import { settingsWithinCapabilities } from './settings-within-capabilities.js';

// A fixed seed keeps the suite deterministic; FC_SEED and FC_NUM_RUNS explore further.
const NUM_RUNS = Number(process.env['FC_NUM_RUNS'] ?? 300);
const SEED = Number(process.env['FC_SEED'] ?? 0x6d656469);
const SCORE_TOLERANCE = 1e-6;
const MAX_PROBES_PER_REGION = 3000;

// Arbitrary MediaTrackConstraints-ish values: known and unknown names, numbers of every kind (negative, NaN,
// huge, fractional), strings the devices use, lists, booleans, ranges with any members, odd values.
const NAMES = [...CONSTRAINABLE_PROPERTIES.map((p) => p.name), 'magnification', 'flashlight', 'Width', 'advanced ', 'toString'];
const numberArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(0, 1, 2, 16, 20, 29.97, 30, 45, 96, 240, 320, 333, 480, 640, 720, 1080, 1280, 1920, 2160, 3840, 3841,
      44100, 46000, 48000, 0.01, 4 / 3, 16 / 9, 1.5, 0.5, 640.5, 2 ** 32, 2 ** 40, -1, -0, 1e308),
  },
  { weight: 3, arbitrary: fc.integer({ min: -10, max: 4000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.double() },
);
const stringArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('user', 'environment', 'none', 'crop-and-scale', 'all', 'remote-only', '', 'true',
      CAMERA.deviceId, CAMERA.groupId, MICROPHONE.deviceId, MICROPHONE.groupId),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);
const oddArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<unknown>(null, undefined, {}, new Set(['user']), () => 1) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Symbol('odd'), 7n) },
);
const scalarArb = fc.oneof(
  { weight: 8, arbitrary: numberArb },
  { weight: 5, arbitrary: stringArb },
  { weight: 3, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: oddArb },
);
const listArb = fc.array(fc.oneof({ weight: 5, arbitrary: stringArb }, { weight: 1, arbitrary: scalarArb }), { maxLength: 3 });
const memberArb = fc.oneof({ weight: 6, arbitrary: scalarArb }, { weight: 1, arbitrary: listArb });
const rangeArb = fc.record({ min: memberArb, max: memberArb, exact: memberArb, ideal: memberArb }, { requiredKeys: [] });
const valueArb = fc.oneof({ weight: 3, arbitrary: scalarArb }, { weight: 1, arbitrary: listArb }, { weight: 4, arbitrary: rangeArb });
const TYPES = new Map(CONSTRAINABLE_PROPERTIES.map((p) => [p.name, p.type]));
/** Values for a member: doubles mostly get numbers, as anything else that is not a number is a TypeError. */
function valueFor(name: string): fc.Arbitrary<unknown> {
  if (TYPES.get(name) !== 'double') {
    return valueArb;
  }
  const numericRange = fc.record({ min: numberArb, max: numberArb, exact: numberArb, ideal: numberArb }, { requiredKeys: [] });
  return fc.oneof({ weight: 4, arbitrary: numberArb }, { weight: 4, arbitrary: numericRange }, { weight: 1, arbitrary: valueArb });
}
// Plausible members too, with values the devices have, so that required constraints are often met alone and
// sometimes not together (a failedConstraint of "").
const PLAUSIBLE: Readonly<Record<string, readonly unknown[]>> = {
  width: [1, 96, 320, 333, 640, 1280, 1920, 3840, 3841],
  height: [1, 96, 222, 240, 480, 720, 1080, 2160, 2161],
  aspectRatio: [1, 4 / 3, 16 / 9, 1.5, 0.5],
  frameRate: [0, 5, 10, 20, 29.97, 30, 60],
  facingMode: ['user', 'environment', ['left', 'user']],
  resizeMode: ['none', 'crop-and-scale'],
  sampleRate: [8000, 44100, 46000, 48000, 96000],
  sampleSize: [16, 24],
  echoCancellation: [true, false, 'remote-only', 'all'],
  latency: [0, 0.01, 0.02],
  channelCount: [1, 2, 6],
  deviceId: [CAMERA.deviceId, MICROPHONE.deviceId, '', 'other'],
  groupId: [CAMERA.groupId, MICROPHONE.groupId, [CAMERA.groupId, MICROPHONE.groupId]],
};
function plausibleFor(name: string): fc.Arbitrary<unknown> {
  const value = fc.constantFrom(...(PLAUSIBLE[name] ?? [true, false]));
  const numeric = TYPES.get(name) === 'ulong' || TYPES.get(name) === 'double';
  const members = numeric ? { min: value, max: value, exact: value, ideal: value } : { exact: value, ideal: value };
  return fc.oneof(value, value.map((exact) => ({ exact })), fc.record(members, { requiredKeys: [] }));
}

/** Constraints whose names favour the properties of `kind`. */
function constraintsFor(kind: TrackKind): fc.Arbitrary<unknown> {
  const own = CONSTRAINABLE_PROPERTIES.filter((p) => p.kinds.includes(kind)).map((p) => p.name);
  const nameArb = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...NAMES) });
  const memberEntryArb = fc
    .tuple(nameArb, fc.integer({ min: 0, max: 2 }))
    .chain(([name, plausible]) =>
      (plausible > 0 && TYPES.has(name) ? plausibleFor(name) : valueFor(name)).map((value): [string, unknown] => [name, value]),
    );
  const setArb = fc.array(memberEntryArb, { maxLength: 5 }).map((entries) => Object.fromEntries(entries));
  const advancedArb = fc.oneof(
    { weight: 20, arbitrary: fc.array(fc.oneof({ weight: 30, arbitrary: setArb }, { weight: 1, arbitrary: scalarArb }), { maxLength: 4 }) },
    { weight: 1, arbitrary: scalarArb },
  );
  // Only exact values from the plausible lists: often each can be met and not all together.
  const exactly = (name: string): fc.Arbitrary<{ exact: unknown }> => fc.constantFrom(...(PLAUSIBLE[name] ?? [])).map((exact) => ({ exact }));
  const exactMembers: Record<string, fc.Arbitrary<{ exact: unknown }>> =
    kind === 'video'
      ? { width: exactly('width'), height: exactly('height'), aspectRatio: exactly('aspectRatio'), frameRate: exactly('frameRate'), resizeMode: exactly('resizeMode') }
      : { sampleRate: exactly('sampleRate'), channelCount: exactly('channelCount'), echoCancellation: exactly('echoCancellation') };
  const together = fc.record(exactMembers, { requiredKeys: [] });
  return fc.oneof(
    {
      weight: 24,
      arbitrary: fc
        .tuple(setArb, fc.option(advancedArb, { nil: undefined }))
        .map(([set, advanced]) => (advanced === undefined ? set : { ...set, advanced })),
    },
    { weight: 6, arbitrary: fc.tuple(together, fc.option(advancedArb, { nil: undefined })).map(([set, advanced]) => ({ ...set, advanced })) },
    { weight: 1, arbitrary: scalarArb },
  );
}

/** Every finite number a numeric constraint mentions, by property. */
function numbersByProperty(constraints: NormalizedConstraints): Map<string, number[]> {
  const numbers = new Map<string, number[]>();
  for (const set of [constraints.basic, ...constraints.advanced]) {
    for (const [name, constraint] of set) {
      if (constraint.type !== 'numeric') {
        continue;
      }
      const list = numbers.get(name) ?? [];
      for (const n of [constraint.min, constraint.max, constraint.exact, constraint.ideal, constraint.bare]) {
        if (n !== undefined && Number.isFinite(n)) {
          list.push(n);
        }
      }
      numbers.set(name, list);
    }
  }
  return numbers;
}

function inDomain(domain: Domain, value: SettingValue): boolean {
  if (domain.type === 'any') {
    return true;
  }
  if (domain.type === 'values') {
    return domain.values.includes(value);
  }
  return typeof value === 'number' && value >= domain.min && value <= domain.max && (!domain.integer || Number.isInteger(value));
}

/** Values of a domain worth probing: its ends, its default and every number the constraints mention. */
function domainProbes(domain: Domain, targets: readonly number[]): SettingValue[] {
  if (domain.type === 'any') {
    return [];
  }
  if (domain.type === 'values') {
    return [...domain.values];
  }
  const values = new Set<number>([domain.min, domain.max]);
  for (const target of targets) {
    const clamped = Math.min(Math.max(target, domain.min), domain.max);
    for (const v of domain.integer ? [Math.floor(clamped), Math.ceil(clamped)] : [clamped]) {
      values.add(v);
    }
  }
  return [...values];
}

/** Probe settings dictionaries of every region: products of probe values, with sizes derived from aspect ratios. */
function probes(space: Space, numbers: ReadonlyMap<string, readonly number[]>): SettingsDictionary[] {
  const all: SettingsDictionary[] = [];
  for (const region of space.regions) {
    const targets = (name: string): number[] => {
      const preferred = region.defaults.get(name);
      return [...(numbers.get(name) ?? []), ...(typeof preferred === 'number' ? [preferred] : [])];
    };
    let partials: Record<string, SettingValue>[] = [{}];
    const widths = region.domains.get('width');
    const heights = region.domains.get('height');
    if (widths !== undefined && heights !== undefined) {
      const ws = domainProbes(widths, targets('width')) as number[];
      const hs = domainProbes(heights, targets('height')) as number[];
      const sizes = new Map<string, [number, number]>();
      const add = (w: number, h: number): void => {
        if (inDomain(widths, w) && inDomain(heights, h)) {
          sizes.set(`${w}x${h}`, [w, h]);
        }
      };
      for (const w of ws) {
        for (const h of hs) {
          add(w, h);
        }
      }
      for (const ratio of (numbers.get('aspectRatio') ?? []).filter((r) => r > 0)) {
        for (const h of hs) {
          add(Math.floor(ratio * h), h);
          add(Math.ceil(ratio * h), h);
        }
        for (const w of ws) {
          add(w, Math.floor(w / ratio));
          add(w, Math.ceil(w / ratio));
        }
      }
      partials = [...sizes.values()].map(([width, height]) => ({ width, height, aspectRatio: roundAspectRatio(width / height) }));
    }
    for (const [name, domain] of region.domains) {
      if (name === 'width' || name === 'height') {
        continue;
      }
      const values = domainProbes(domain, targets(name));
      partials = partials.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
    }
    const stride = Math.max(1, Math.ceil(partials.length / MAX_PROBES_PER_REGION));
    all.push(...partials.filter((_, index) => index % stride === 0));
  }
  return all;
}

function satisfies(settings: SettingsDictionary, set: NormalizedConstraintSet, position: 'basic' | 'advanced', kind: TrackKind): boolean {
  return fitnessDistance(settings, set, position, kind) < Infinity;
}

/** The required constraints of a set. */
function requiredNames(set: NormalizedConstraintSet): string[] {
  return [...set].filter(([, c]) => interpretConstraint(c, 'basic').required).map(([name]) => name);
}

interface Tally {
  typeErrors: number;
  selected: number;
  failed: number;
  failedTogether: number;
  advancedSkipped: number;
}

/** Checks one run and counts which outcome it had. */
function check(space: Space, raw: unknown, emptyDeviceIdIsUnspecified: boolean, tally: Tally): void {
  let converted;
  try {
    converted = convert(raw);
  } catch (error) {
    assert.ok(error instanceof TypeError, `conversion threw ${String(error)}`);
    tally.typeErrors++;
    return;
  }
  const { kind, regions } = space;
  const constraints = normalizeConstraints(converted, kind, { emptyDeviceIdIsUnspecified });
  const result = selectSettings(regions, constraints, kind);
  const { basic, advanced } = constraints;
  const probed = probes(space, numbersByProperty(constraints)).map((p) => ({
    settings: p,
    basic: satisfies(p, basic, 'basic', kind),
    advanced: advanced.map((set) => satisfies(p, set, 'advanced', kind)),
  }));
  if (!result.ok) {
    tally.failed++;
    const witness = probed.find((p) => p.basic);
    assert.equal(witness, undefined, `failed, yet ${JSON.stringify(witness?.settings)} meets the basic set`);
    const { failedConstraint } = result;
    const required = requiredNames(basic);
    if (failedConstraint === '') {
      tally.failedTogether++;
      // "" only when every required constraint can be met on its own.
      for (const name of required) {
        const alone = new Map([[name, basic.get(name)!]]);
        assert.ok(selectSettings(regions, { basic: alone, advanced: [] }, kind).ok, `"" although ${name} alone cannot be met`);
      }
      return;
    }
    assert.ok(required.includes(failedConstraint), `failedConstraint ${failedConstraint} is not a required basic constraint`);
    const alone = new Map([[failedConstraint, basic.get(failedConstraint)!]]);
    const meets = probed.find((p) => satisfies(p.settings, alone, 'basic', kind));
    assert.equal(meets, undefined, `${failedConstraint} reported, yet ${JSON.stringify(meets?.settings)} meets it alone`);
    return;
  }
  tally.selected++;
  const { settings } = result;
  assert.ok(satisfies(settings, basic, 'basic', kind), 'the settings break a required basic constraint');
  assert.equal(result.fitness, fitnessDistance(settings, basic, 'basic', kind));
  assert.deepEqual(settingsWithinCapabilities(settings, capabilitiesOf(regions)), []);
  // An advanced set the settings do not meet must have been impossible together with the basic set and the
  // sets applied before it; the sets they meet are the applied ones.
  const applied = advanced.map((set) => satisfies(settings, set, 'advanced', kind));
  applied.forEach((ok, k) => {
    if (ok) {
      return;
    }
    tally.advancedSkipped++;
    const witness = probed.find((p) => p.basic && p.advanced[k] && applied.every((a, j) => j >= k || !a || p.advanced[j]));
    assert.equal(witness, undefined, `advanced set ${k} skipped, yet ${JSON.stringify(witness?.settings)} meets it`);
  });
  // The result has the smallest fitness distance among the candidates left.
  for (const p of probed) {
    if (p.basic && applied.every((a, j) => !a || p.advanced[j])) {
      const fitness = fitnessDistance(p.settings, basic, 'basic', kind);
      assert.ok(fitness >= result.fitness - SCORE_TOLERANCE, `${JSON.stringify(p.settings)} (${fitness}) beats ${JSON.stringify(settings)} (${result.fitness})`);
    }
  }
}

// Arbitrary devices: one to three native modes with or without crop-and-scale, and microphones with other ranges.
const modeArb = fc.record({
  width: fc.integer({ min: 1, max: 4000 }),
  height: fc.integer({ min: 1, max: 3000 }),
  frameRate: fc.oneof(fc.constantFrom(15, 20, 29.97, 30, 60), fc.double({ min: 0.5, max: 120, noNaN: true })),
});
const cameraArb = fc
  .record({
    modes: fc.array(modeArb, { minLength: 1, maxLength: 3 }),
    cropAndScale: fc.boolean(),
    facingMode: fc.option(fc.constantFrom('user', 'environment'), { nil: undefined }),
    backgroundBlur: fc.constantFrom([false], [true, false], [false, true]),
  })
  .map(({ facingMode, ...model }): Space => ({
    kind: 'video',
    regions: settingsSpaceOf({ kind: 'video', ...model, ...(facingMode === undefined ? {} : { facingMode }) }, CAMERA),
  }));
const rangeOf = (values: readonly number[]): fc.Arbitrary<{ min: number; max: number }> =>
  fc.tuple(fc.constantFrom(...values), fc.constantFrom(...values)).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
const microphoneArb = fc
  .record({
    sampleRate: rangeOf([8000, 16000, 44100, 48000, 96000]),
    channelCount: rangeOf([1, 2, 6]),
    sampleSize: fc.constantFrom(16, 24),
    latency: fc.constantFrom(0, 0.01, 0.02),
    echoCancellation: fc.constantFrom<(boolean | string)[]>([false], [true, false], [true, false, 'remote-only'], [false, true, 'all', 'remote-only']),
    autoGainControl: fc.constantFrom([false], [true, false], [false, true]),
    noiseSuppression: fc.constantFrom([false], [true, false]),
    voiceIsolation: fc.constantFrom([false], [true, false]),
  })
  .map((model): Space => ({
    kind: 'audio',
    regions: settingsSpaceOf(
      { kind: 'audio', ...model, defaultSampleRate: model.sampleRate.max, defaultChannelCount: model.channelCount.min },
      MICROPHONE,
    ),
  }));

function newTally(): Tally {
  return { typeErrors: 0, selected: 0, failed: 0, failedTogether: 0, advancedSkipped: 0 };
}

/** Each outcome must be reached often enough for the property to mean something. */
function assertOutcomesReached(title: string, kind: TrackKind, tally: Tally, runs: number): void {
  if (process.env['FC_TALLY'] !== undefined) {
    process.stdout.write(`# ${title}: ${JSON.stringify(tally)}\n`);
  }
  assert.ok(tally.typeErrors >= runs / 30, JSON.stringify(tally));
  assert.ok(tally.selected >= runs / 6, JSON.stringify(tally));
  assert.ok(tally.failed >= runs / 30, JSON.stringify(tally));
  assert.ok(tally.advancedSkipped >= runs / 60, JSON.stringify(tally));
  // With one region (a microphone), constraints that can each be met can all be met together.
  if (kind === 'video') {
    assert.ok(tally.failedTogether >= runs / 100, JSON.stringify(tally));
  }
}

const OUTCOMES = 'throw only TypeErrors from conversion, or select settings that keep the rules, or fail with a valid constraint';

describe('convert, normalize and SelectSettings on arbitrary constraints', () => {
  const spaces: [string, Space][] = [
    ['the fake camera at 20 fps', cameraSpace(20)],
    ['a fake camera at 30 fps facing the user', cameraSpace(30, 'user')],
    ['the fake microphone', microphoneSpace()],
  ];
  for (const [title, space] of spaces) {
    it(`${OUTCOMES}, for ${title}`, () => {
      const tally = newTally();
      fc.assert(
        fc.property(constraintsFor(space.kind), fc.boolean(), (raw, empty) => check(space, raw, empty, tally)),
        { numRuns: NUM_RUNS, seed: SEED },
      );
      assertOutcomesReached(title, space.kind, tally, NUM_RUNS);
    });
  }

  for (const [title, kind, spaceArb] of [['arbitrary cameras', 'video', cameraArb], ['arbitrary microphones', 'audio', microphoneArb]] as const) {
    it(`${OUTCOMES}, for ${title}`, () => {
      const tally = newTally();
      fc.assert(
        fc.property(spaceArb, constraintsFor(kind), fc.boolean(), (space, raw, empty) => check(space, raw, empty, tally)),
        { numRuns: NUM_RUNS, seed: SEED },
      );
      assertOutcomesReached(title, kind, tally, NUM_RUNS);
    });
  }
});
