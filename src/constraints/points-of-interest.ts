/**
 * Points of interest (https://w3c.github.io/mediacapture-image/#points-of-interest) in the engine's form: a
 * sequence of Point2D is one setting value, kept as a canonical string so that SelectSettings compares it like
 * any discrete value (equal sequences match, others are 1 apart, as the fitness distance of a non-numeric value).
 *
 * @module
 */

import type { MediaTrackSettings, Point2D } from './dictionaries.js';
import type { SettingValue } from './normalize.js';

/** A point with both coordinates present and clamped into the normalized square [0, 1] x [0, 1]. */
export interface NormalizedPoint {
  readonly x: number;
  readonly y: number;
}

/** "Values beyond the mentioned limits will be clamped to the closest allowed value." NaN cannot occur: WebIDL doubles are finite. */
function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** The points with missing coordinates at their dictionary default (0.0) and every coordinate clamped to [0, 1]. */
export function normalizePoints(points: readonly Point2D[]): NormalizedPoint[] {
  return points.map((point) => ({ x: clampUnit(point.x ?? 0), y: clampUnit(point.y ?? 0) }));
}

/** The setting value standing for a sequence of points (after {@link normalizePoints}). */
export function encodePoints(points: readonly Point2D[]): string {
  return normalizePoints(points)
    .map((point) => `${point.x},${point.y}`)
    .join(';');
}

/** The sequence of points a setting value made by {@link encodePoints} stands for. */
export function decodePoints(value: string): NormalizedPoint[] {
  if (value === '') {
    return [];
  }
  return value.split(';').map((pair) => {
    const [x, y] = pair.split(',');
    return { x: Number(x), y: Number(y) };
  });
}

/** A settings dictionary as getSettings() gives it to script: points of interest as Point2D dictionaries. */
export function settingsForScript(settings: Readonly<Record<string, SettingValue>>): MediaTrackSettings {
  const result: Record<string, unknown> = { ...settings };
  const points = settings['pointsOfInterest'];
  if (typeof points === 'string') {
    result['pointsOfInterest'] = decodePoints(points);
  }
  return result as MediaTrackSettings;
}
