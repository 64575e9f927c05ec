/**
 * The space of settings dictionaries a constrainable object can take, as a union of regions. A region is
 * a product of per-property domains (a numeric range or a list of values); when a region has both width
 * and height, aspectRatio is not a free property but width / height rounded to ten decimal places.
 *
 * A camera offers one region per native mode with resizeMode "none" (its exact size and rate) and one with
 * "crop-and-scale" (any size and rate up to the native ones); a microphone usually offers one region.
 * This lets SelectSettings work on the whole, often infinite, set of settings dictionaries exactly, as the
 * spec allows ("any implementation that has the same result as the algorithm above").
 *
 * @module
 */

import { DOUBLE_TOLERANCE, satisfiesRequirement, type SettingsDictionary } from './fitness.js';
import type { InterpretedConstraint, SettingValue } from './normalize.js';
import { CONSTRAINABLE_PROPERTIES } from './registry.js';

/**
 * The possible values of one property within a region: a numeric range (whole numbers only when `integer`;
 * only `min + k * step` when `step` is given, as a MediaSettingsRange says), a list of values, or any value a
 * constraint can name (points of interest, which a device can meter anywhere).
 */
export type Domain =
  | { readonly type: 'range'; readonly min: number; readonly max: number; readonly integer: boolean; readonly step?: number }
  | { readonly type: 'values'; readonly values: readonly SettingValue[] }
  | { readonly type: 'any' };

/** Places of a stepped range's grid closer than this (relative to the step) count as on it, against rounding error. */
const GRID_TOLERANCE = 1e-9;

/** The grid value `min + k * step`, rounded to ten decimals so that 0.1-steps read as written. */
function gridValue(min: number, step: number, k: number): number {
  return Math.round((min + k * step) * 1e10) / 1e10;
}

/** The smallest value of a stepped range's grid at or above `value` (may exceed the range). */
export function gridAtOrAbove(domain: { readonly min: number; readonly step: number }, value: number): number {
  const k = Math.max(0, Math.ceil((value - domain.min) / domain.step - GRID_TOLERANCE));
  return gridValue(domain.min, domain.step, k);
}

/** The largest value of a stepped range's grid at or below `value` (may be below the range). */
export function gridAtOrBelow(domain: { readonly min: number; readonly step: number }, value: number): number {
  const k = Math.floor((value - domain.min) / domain.step + GRID_TOLERANCE);
  return gridValue(domain.min, domain.step, k);
}

/** One region of a settings space. `tag` lets the owner tell which native mode a selection came from. */
export interface SettingsRegion<Tag = unknown> {
  readonly tag: Tag;
  /** Every property that settings dictionaries of this region have, except the derived aspectRatio. */
  readonly domains: ReadonlyMap<string, Domain>;
  /** Preferred values, used to choose among equally fit settings (system and user agent defaults). */
  readonly defaults: ReadonlyMap<string, SettingValue>;
  /**
   * When present, the region's sizes keep this aspect ratio to the nearest pixel (display capture downscales
   * without cropping): a width and height belong together when either rounds to what the ratio makes of the
   * other, see {@link lockedWidths}.
   */
  readonly aspectLock?: { readonly width: number; readonly height: number };
}

/** A closed interval; `-Infinity`/`Infinity` when unbounded. */
export interface Interval {
  readonly min: number;
  readonly max: number;
}

const UNBOUNDED: Interval = { min: -Infinity, max: Infinity };

/** A region narrowed by required constraints: the candidates SelectSettings keeps. */
export interface NarrowedRegion<Tag = unknown> {
  readonly region: SettingsRegion<Tag>;
  readonly domains: ReadonlyMap<string, Domain>;
  /** The allowed aspect ratios, for regions where aspectRatio derives from width and height. */
  readonly aspectRatio: Interval;
}

/** Rounds an aspect ratio the way settings report it: to the tenth decimal place. */
export function roundAspectRatio(ratio: number): number {
  return Math.round(ratio * 1e10) / 1e10;
}

/** Whether a region's settings dictionaries have an aspectRatio member (derived from width and height). */
export function hasDerivedAspectRatio(domains: ReadonlyMap<string, Domain>): boolean {
  return domains.has('width') && domains.has('height');
}


/** A region with nothing narrowed yet. */
export function unconstrained<Tag>(region: SettingsRegion<Tag>): NarrowedRegion<Tag> {
  return { region, domains: region.domains, aspectRatio: UNBOUNDED };
}

/**
 * Narrows `candidate` so that every settings dictionary left satisfies the required part of `constraint`
 * on `name`, or returns undefined when none can.
 */
export function narrow<Tag>(
  candidate: NarrowedRegion<Tag>,
  name: string,
  constraint: InterpretedConstraint,
): NarrowedRegion<Tag> | undefined {
  if (!constraint.required) {
    return candidate;
  }
  if (name === 'aspectRatio' && hasDerivedAspectRatio(candidate.domains)) {
    const bounds = numericBounds(constraint);
    const aspectRatio = {
      min: Math.max(candidate.aspectRatio.min, bounds.min),
      max: Math.min(candidate.aspectRatio.max, bounds.max),
    };
    const narrowed = { ...candidate, aspectRatio };
    return isFeasible(narrowed) ? narrowed : undefined;
  }
  const domain = candidate.domains.get(name);
  if (domain === undefined) {
    return undefined;
  }
  const next = narrowDomain(domain, constraint);
  if (next === undefined) {
    return undefined;
  }
  const domains = new Map(candidate.domains);
  domains.set(name, next);
  const narrowed = { ...candidate, domains };
  return isFeasible(narrowed) ? narrowed : undefined;
}

function numericBounds(constraint: InterpretedConstraint): Interval {
  let min = constraint.min ?? -Infinity;
  let max = constraint.max ?? Infinity;
  if (typeof constraint.exact === 'number') {
    min = Math.max(min, constraint.exact);
    max = Math.min(max, constraint.exact);
  }
  return { min, max };
}

function narrowDomain(domain: Domain, constraint: InterpretedConstraint): Domain | undefined {
  if (domain.type === 'any') {
    // Any value named is possible: the required ones are what is left.
    if (constraint.oneOf !== undefined) {
      return { type: 'values', values: constraint.oneOf };
    }
    return constraint.exact === undefined ? domain : { type: 'values', values: [constraint.exact] };
  }
  if (domain.type === 'values') {
    const values = domain.values.filter((v) => satisfiesRequirement(v, constraint));
    return values.length === 0 ? undefined : { type: 'values', values };
  }
  if (constraint.oneOf !== undefined || (constraint.exact !== undefined && typeof constraint.exact !== 'number')) {
    return undefined;
  }
  const bounds = numericBounds(constraint);
  let min = Math.max(domain.min, bounds.min);
  let max = Math.min(domain.max, bounds.max);
  if (domain.step !== undefined && domain.step > 0) {
    // Only the grid's values are settings: an exact value between two of them cannot be met. The tolerance of
    // satisfiesRequirement applies to the bounds, so an exact value a rounding error off the grid still is.
    const step = { min: domain.min, step: domain.step };
    const low = gridAtOrAbove(step, min - DOUBLE_TOLERANCE);
    const high = gridAtOrBelow(step, max + DOUBLE_TOLERANCE);
    return low > high ? undefined : { type: 'range', min: low, max: Math.min(high, domain.max), integer: false, step: domain.step };
  }
  if (domain.integer) {
    min = Math.ceil(min);
    max = Math.floor(max);
  } else if (min > max && min - max <= 2 * DOUBLE_TOLERANCE) {
    // An exact double just outside the range by rounding error still matches, as satisfiesRequirement says.
    const value = Math.min(Math.max(bounds.min, domain.min), domain.max);
    min = value;
    max = value;
  }
  return min > max ? undefined : { type: 'range', min, max, integer: domain.integer };
}

/** Whether a narrowed region still holds at least one settings dictionary. */
export function isFeasible(candidate: NarrowedRegion): boolean {
  if (!hasDerivedAspectRatio(candidate.domains)) {
    return true;
  }
  return firstSizeWithin(candidate) !== undefined;
}

/** The values of a domain that lie within [min, max], for a finite domain or a bounded integer range. */
export function domainValuesWithin(domain: Domain, interval: Interval): number[] {
  if (domain.type === 'any') {
    return [];
  }
  if (domain.type === 'values') {
    return domain.values.filter(
      (v): v is number => typeof v === 'number' && v >= interval.min && v <= interval.max,
    );
  }
  const min = Math.max(domain.min, Math.ceil(interval.min));
  const max = Math.min(domain.max, Math.floor(interval.max));
  const values: number[] = [];
  for (let v = min; v <= max; v++) {
    values.push(v);
  }
  return values;
}

/** The smallest value of a numeric domain within [min, max], without listing the domain. */
export function firstValueWithin(domain: Domain, interval: Interval): number | undefined {
  if (domain.type === 'any') {
    return undefined;
  }
  if (domain.type === 'values') {
    return domainValuesWithin(domain, interval)[0];
  }
  const min = Math.max(domain.min, domain.integer ? Math.ceil(interval.min) : interval.min);
  const max = Math.min(domain.max, domain.integer ? Math.floor(interval.max) : interval.max);
  return min <= max ? min : undefined;
}

/** The smallest and largest value of a numeric domain. */
export function domainBounds(domain: Domain): Interval {
  if (domain.type === 'range') {
    return { min: domain.min, max: domain.max };
  }
  if (domain.type === 'any') {
    return { min: -Infinity, max: Infinity };
  }
  const numbers = domain.values.filter((v): v is number => typeof v === 'number');
  return { min: Math.min(...numbers), max: Math.max(...numbers) };
}

/**
 * The widths of `widths` that, with height `height`, give an aspect ratio within `aspectRatio` (with the
 * same tolerance constraints are compared with).
 */
export function widthsFor(
  widths: Domain,
  height: number,
  aspectRatio: Interval,
  aspectLock?: SettingsRegion['aspectLock'],
): Interval {
  const bounds = domainBounds(widths);
  const low = aspectRatio.min === -Infinity ? bounds.min : Math.ceil((aspectRatio.min - DOUBLE_TOLERANCE) * height - 1e-9);
  const high = aspectRatio.max === Infinity ? bounds.max : Math.floor((aspectRatio.max + DOUBLE_TOLERANCE) * height + 1e-9);
  const allowed = { min: Math.max(bounds.min, low), max: Math.min(bounds.max, high) };
  if (aspectLock === undefined) {
    return allowed;
  }
  const locked = lockedWidths(aspectLock, height);
  return { min: Math.max(allowed.min, locked.min), max: Math.min(allowed.max, locked.max) };
}

/**
 * The widths that go with `height` at the aspect ratio of `lock` to the nearest pixel: `round(height * ratio)`,
 * and every width whose `round(width / ratio)` is `height` (so a 1920x1080 surface has 200x113 and 200x112 as
 * well as 201x113). They form one run of whole numbers; integer arithmetic keeps the bounds exact.
 */
export function lockedWidths(lock: { readonly width: number; readonly height: number }, height: number): Interval {
  const { width: w, height: h } = lock;
  const ceilDiv = (a: number, b: number): number => Math.floor((a + b - 1) / b);
  // round(height * w / h), halves rounded up.
  const rounded = Math.floor((2 * height * w + h) / (2 * h));
  // round(width * h / w) = height  ⇔  (2 height - 1) w ≤ 2 width h < (2 height + 1) w.
  const low = ceilDiv((2 * height - 1) * w, 2 * h);
  const high = ceilDiv((2 * height + 1) * w, 2 * h) - 1;
  return { min: Math.max(1, Math.min(low, rounded)), max: Math.max(high, rounded) };
}

/**
 * Heights to try for a region; every height when the range is small enough to walk. Beyond it only the bounds
 * and hints are tried, which can miss sizes of a required aspect ratio (a 100x10000 mode has 99x66 but not at
 * its bounds), so it covers every dimension Chromium accepts (media::limits::kMaxDimension, 32767).
 */
export const MAX_WALKED_HEIGHTS = 32768;

function firstSizeWithin(candidate: NarrowedRegion): { width: number; height: number } | undefined {
  const widths = candidate.domains.get('width');
  const heights = candidate.domains.get('height');
  if (widths === undefined || heights === undefined) {
    return undefined;
  }
  for (const height of heightsToWalk(heights, [])) {
    const width = firstValueWithin(widths, widthsFor(widths, height, candidate.aspectRatio, candidate.region.aspectLock));
    if (width !== undefined) {
      return { width, height };
    }
  }
  return undefined;
}

/**
 * The heights worth considering: all of them for a finite list or a range of at most
 * {@link MAX_WALKED_HEIGHTS} (unless `walkAll` is false); otherwise the bounds and the given hints,
 * clamped into the range, with their neighbours.
 */
export function heightsToWalk(heights: Domain, hints: readonly number[], walkAll = true): number[] {
  if (heights.type === 'any') {
    return [];
  }
  if (heights.type === 'values') {
    return heights.values.filter((v): v is number => typeof v === 'number');
  }
  if (walkAll && heights.max - heights.min + 1 <= MAX_WALKED_HEIGHTS) {
    return domainValuesWithin(heights, UNBOUNDED);
  }
  const picks = new Set<number>([heights.min, heights.max]);
  for (const hint of hints) {
    const clamped = Math.min(Math.max(hint, heights.min), heights.max);
    for (const h of [Math.floor(clamped) - 1, Math.floor(clamped), Math.ceil(clamped), Math.ceil(clamped) + 1]) {
      if (h >= heights.min && h <= heights.max) {
        picks.add(h);
      }
    }
  }
  return [...picks].sort((a, b) => a - b);
}

/**
 * https://w3c.github.io/mediacapture-main/#dfn-capabilities for a settings space: for each property, the
 * range or the list of values over all regions, in registry order. deviceId and groupId are a single
 * string, as MediaTrackCapabilities defines them.
 */
export function capabilitiesOf(regions: readonly SettingsRegion[]): Record<string, unknown> {
  const capabilities: Record<string, unknown> = {};
  for (const { name, type, stepped } of CONSTRAINABLE_PROPERTIES) {
    // Points of interest have no capability (MediaTrackCapabilities has no such member).
    if (type === 'points') {
      continue;
    }
    if (name === 'aspectRatio') {
      const sized = regions.filter((r) => hasDerivedAspectRatio(r.domains));
      if (sized.length > 0) {
        capabilities[name] = aspectRatioRange(sized);
      }
      continue;
    }
    const domains = regions.map((r) => r.domains.get(name)).filter((d): d is Domain => d !== undefined);
    if (domains.length === 0) {
      continue;
    }
    if (type === 'ulong' || type === 'double' || type === 'booleanOrDouble') {
      const bounds = domains.map(domainBounds);
      const range: Record<string, number> = { min: Math.min(...bounds.map((b) => b.min)), max: Math.max(...bounds.map((b) => b.max)) };
      if (stepped) {
        // A MediaSettingsRange: a device control has the same grid in every region.
        const [first] = domains;
        range['step'] = first?.type === 'range' ? (first.step ?? 0) : 0;
      }
      capabilities[name] = range;
    } else {
      const values: SettingValue[] = [];
      for (const domain of domains) {
        for (const value of domain.type === 'values' ? domain.values : []) {
          if (!values.includes(value)) {
            values.push(value);
          }
        }
      }
      capabilities[name] = name === 'deviceId' || name === 'groupId' ? (values[0] ?? '') : values;
    }
  }
  return capabilities;
}

function aspectRatioRange(regions: readonly SettingsRegion[]): Interval {
  let min = Infinity;
  let max = -Infinity;
  for (const region of regions) {
    const w = domainBounds(region.domains.get('width') as Domain);
    const h = domainBounds(region.domains.get('height') as Domain);
    min = Math.min(min, w.min / h.max);
    max = Math.max(max, w.max / h.min);
  }
  // Rounded as settings are, so that the aspectRatio of every settings dictionary lies within the range
  // (1/11 = 0.090909… would otherwise exclude the 1x11 setting of 0.0909090909).
  return { min: roundAspectRatio(min), max: roundAspectRatio(max) };
}

/** Orders a settings dictionary's keys as the registry does. */
export function orderSettings(settings: Record<string, SettingValue>): SettingsDictionary {
  const ordered: Record<string, SettingValue> = {};
  for (const { name } of CONSTRAINABLE_PROPERTIES) {
    const value = settings[name];
    if (value !== undefined) {
      ordered[name] = value;
    }
  }
  return ordered;
}
