/**
 * `mediacapture probe '<MediaStreamConstraints JSON>'`: the report of explainConstraints() for people: per
 * requested kind, each device with the settings getUserMedia would give it, each candidate mode with its
 * fitness distance or the required constraint that rules it out and by how much, and the device chosen.
 *
 * @module
 */

import type { CandidateExplanation, ConstraintShortfall, ConstraintsExplanation, DeviceExplanation, TrackKindExplanation } from 'mediacapture/testing';
import { formatNumber, formatSettings, formatTable, shortId } from './text-format.js';

const DEVICE_WORD = { audio: 'microphone', video: 'camera' } as const;

/** The report as lines, and whether getUserMedia would succeed. */
export function formatExplanation(explanation: ConstraintsExplanation): { lines: string[]; satisfied: boolean } {
  const lines: string[] = [];
  let satisfied = true;
  for (const kind of explanation.kinds) {
    lines.push(...formatKind(kind), '');
    satisfied &&= kind.chosenDeviceId !== undefined;
  }
  return { lines: lines.slice(0, -1), satisfied };
}

function formatKind(kind: TrackKindExplanation): string[] {
  const lines = [`${kind.kind}: ${JSON.stringify(kind.constraints)}`];
  if (kind.devices.length === 0) {
    lines.push(`  no ${DEVICE_WORD[kind.kind]}: getUserMedia rejects with NotFoundError`);
    return lines;
  }
  for (const device of kind.devices) {
    lines.push(...formatDevice(device, device.deviceId === kind.chosenDeviceId));
  }
  const chosen = kind.devices.find((d) => d.deviceId === kind.chosenDeviceId);
  if (chosen?.settings !== undefined) {
    lines.push(`  → getUserMedia opens ${chosen.label} with ${formatSettings(chosen.settings)}`);
  } else {
    const constraint = kind.failedConstraint === '' ? 'the required constraints together' : `"${kind.failedConstraint ?? ''}"`;
    lines.push(
      `  ✗ no ${DEVICE_WORD[kind.kind]} satisfies the required constraints: getUserMedia rejects with ` +
        `OverconstrainedError (constraint ${constraint}; "" until device information can be exposed)`,
    );
  }
  return lines;
}

function formatDevice(device: DeviceExplanation, chosen: boolean): string[] {
  const name = `${device.label}${device.isDefault ? ' (default)' : ''}, deviceId ${shortId(device.deviceId)}`;
  const summary =
    device.settings === undefined
      ? 'no settings satisfy the required constraints'
      : `best: ${formatSettings(device.settings)}, fitness ${formatNumber(device.fitness ?? 0)}${chosen ? '  ← chosen' : ''}`;
  const lines = [`  ${name}: ${summary}`];
  const [only] = device.candidates;
  if (device.candidates.length === 1 && only !== undefined && only.mode === undefined) {
    if (!only.satisfied) {
      lines.push(`    ✗ ${formatShortfall(only.shortfall)}`);
    }
    return lines;
  }
  const rows = [['MODE', 'RESIZE', 'FITNESS', 'SETTINGS OR WHY NOT']];
  for (const candidate of device.candidates) {
    rows.push(candidateRow(candidate));
  }
  lines.push(...formatTable(rows, '    '));
  return lines;
}

function candidateRow(candidate: CandidateExplanation): string[] {
  const mode = candidate.mode === undefined ? '' : `${candidate.mode.width}x${candidate.mode.height} @${formatNumber(candidate.mode.frameRate)}`;
  const resize = candidate.mode?.resizeMode ?? '';
  if (candidate.satisfied) {
    return [mode, resize, formatNumber(Number(candidate.fitness.toFixed(4))), formatSettings(candidate.settings)];
  }
  return [mode, resize, '✗', formatShortfall(candidate.shortfall)];
}

/** `width: needs exact 4000, offers 1–3840 (off by 160)`, and what it conflicts with. */
export function formatShortfall(shortfall: ConstraintShortfall): string {
  const { required, offered } = shortfall;
  const needs: string[] = [];
  if (required.min !== undefined) {
    needs.push(`min ${formatNumber(required.min)}`);
  }
  if (required.max !== undefined) {
    needs.push(`max ${formatNumber(required.max)}`);
  }
  if (required.exact !== undefined) {
    needs.push(`exact ${typeof required.exact === 'number' ? formatNumber(required.exact) : JSON.stringify(required.exact)}`);
  }
  if (required.oneOf !== undefined) {
    needs.push(`one of ${required.oneOf.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  let offers: string;
  if (offered.type === 'absent') {
    offers = 'the device has no such setting';
  } else if (offered.type === 'range') {
    offers = `offers ${offered.min === offered.max ? formatNumber(offered.min) : `${formatNumber(offered.min)}–${formatNumber(offered.max)}`}`;
  } else {
    offers = `offers ${offered.values.map((v) => (typeof v === 'number' ? formatNumber(v) : JSON.stringify(v))).join(', ')}`;
  }
  const gap = shortfall.shortBy !== undefined && shortfall.shortBy > 0 ? ` (off by ${formatNumber(shortfall.shortBy)})` : '';
  const conflict = shortfall.conflictsWith.length > 0 ? ` once ${shortfall.conflictsWith.join(', ')} ${shortfall.conflictsWith.length > 1 ? 'are' : 'is'} met` : '';
  return `${shortfall.constraint}: needs ${needs.join(', ')}, ${offers}${conflict}${gap}`;
}
