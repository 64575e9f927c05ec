/**
 * The settings spaces of the fake devices, and the path every constraints dictionary takes through the
 * engine (WebIDL conversion, normalisation, SelectSettings), shared by the constraints tests.
 */
import { convertMediaTrackConstraints } from '../../../src/api/media-track-constraints.js';
import type { MediaTrackConstraints } from '../../../src/constraints/dictionaries.js';
import { normalizeConstraints, type NormalizeOptions } from '../../../src/constraints/normalize.js';
import type { TrackKind } from '../../../src/constraints/registry.js';
import { selectSettings, type SelectResult } from '../../../src/constraints/select-settings.js';
import type { SettingsRegion } from '../../../src/constraints/settings-space.js';
import { settingsSpaceOf, type CaptureRegionTag } from '../../../src/sources/capture-model.js';
import { fakeCameraModel, fakeMicrophoneModel } from '../../../src/devices/fake-devices.js';

/** The identity of the fake camera in these tests. */
export const CAMERA = { deviceId: 'camera-id', groupId: 'camera-group' } as const;
/** The identity of the fake microphone in these tests. */
export const MICROPHONE = { deviceId: 'microphone-id', groupId: 'microphone-group' } as const;

/** A device's settings space, with the kind of track it gives. */
export interface Space {
  readonly kind: TrackKind;
  readonly regions: readonly SettingsRegion<CaptureRegionTag>[];
}

/** The fake camera at `fps` (Chromium's default is 20), optionally with a facing mode. */
export function cameraSpace(fps = 20, facingMode?: string): Space {
  return { kind: 'video', regions: settingsSpaceOf(fakeCameraModel(fps, facingMode), CAMERA) };
}

/** The fake microphone. */
export function microphoneSpace(): Space {
  return { kind: 'audio', regions: settingsSpaceOf(fakeMicrophoneModel(), MICROPHONE) };
}

/** Converts `raw` as MediaTrackConstraints. */
export function convert(raw: unknown): MediaTrackConstraints {
  return convertMediaTrackConstraints(raw, 'MediaStreamTrack.applyConstraints', 'constraints');
}

/** Runs conversion, normalisation and SelectSettings on `raw` for `space`. */
export function select(space: Space, raw: unknown, options: NormalizeOptions = {}): SelectResult<CaptureRegionTag> {
  return selectSettings(space.regions, normalizeConstraints(convert(raw), space.kind, options), space.kind);
}
