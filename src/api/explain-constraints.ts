/**
 * `explainConstraints(mediaDevices, constraints)`: what getUserMedia() would do with a MediaStreamConstraints
 * dictionary, and why. For each requested kind and each device of that kind: every candidate mode with the
 * settings and fitness distance SelectSettings gives it, the device's best settings, the device getUserMedia
 * would open, and when nothing satisfies the required constraints, which one failed on which device and by
 * how much. Nothing is opened and no permission is asked.
 *
 * @module
 */

import type { MediaStreamConstraints, MediaTrackConstraints } from '../constraints/dictionaries.js';
import { explainRegions, type ConstraintShortfall, type RegionExplanation } from '../constraints/explain-selection.js';
import type { SettingsDictionary } from '../constraints/fitness.js';
import { normalizeConstraints } from '../constraints/normalize.js';
import type { TrackKind } from '../constraints/registry.js';
import { failedConstraint, isBetter, selectSettings, type Selection } from '../constraints/select-settings.js';
import type { DeviceDescriptor } from '../devices/device.js';
import type { CaptureRegionTag, DeviceCaptureModel } from '../sources/capture-model.js';
import { typeError } from '../webidl/errors.js';
import { checkDeviceSelectionConstraints } from './get-user-media.js';
import { mediaDevicesSlots, type MediaDevices } from './media-devices.js';
import { convertMediaStreamConstraints } from './media-track-constraints.js';

export type { ConstraintShortfall, OfferedValues, RequiredValues } from '../constraints/explain-selection.js';

const CONTEXT = 'explainConstraints';

/** The native mode a candidate stands for (video), with the resize mode its region allows. */
export interface CandidateMode {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  /** "none": exactly the native mode; "crop-and-scale": any smaller size and lower rate derived from it. */
  readonly resizeMode: 'none' | 'crop-and-scale';
}

/** One candidate of a device: a native mode and resize mode for cameras, the device's one region for microphones. */
export type CandidateExplanation =
  | {
      /** Absent for microphones, which have a single candidate. */
      readonly mode?: CandidateMode;
      readonly satisfied: true;
      /** The settings SelectSettings picks within this candidate. */
      readonly settings: SettingsDictionary;
      /** Their fitness distance from the basic constraints (bare values ideal); the smallest wins. */
      readonly fitness: number;
    }
  | {
      readonly mode?: CandidateMode;
      readonly satisfied: false;
      /** Which required constraint rules this candidate out, and by how much. */
      readonly shortfall: ConstraintShortfall;
    };

/** One device of the requested kind. */
export interface DeviceExplanation {
  readonly kind: 'audioinput' | 'videoinput';
  readonly label: string;
  readonly deviceId: string;
  readonly groupId: string;
  /** Whether it is the system's default device of its kind (preferred when fitness ties). */
  readonly isDefault: boolean;
  /** The settings getUserMedia would give a track on this device, or undefined when none satisfies the constraints. */
  readonly settings?: SettingsDictionary;
  /** The fitness distance of those settings. */
  readonly fitness?: number;
  /** Every candidate, in the device's order of modes. */
  readonly candidates: readonly CandidateExplanation[];
}

/** What getUserMedia would do for one requested kind. */
export interface TrackKindExplanation {
  readonly kind: TrackKind;
  /** The converted MediaTrackConstraints for this kind (`{}` for `true`). */
  readonly constraints: MediaTrackConstraints;
  readonly devices: readonly DeviceExplanation[];
  /** The deviceId getUserMedia would open: the smallest fitness distance, ties to the default device, then device order. */
  readonly chosenDeviceId?: string;
  /**
   * When no device satisfies the constraints: the constraint OverconstrainedError names once device
   * information can be exposed ("" when each required constraint can be met alone but not together).
   */
  readonly failedConstraint?: string;
}

/** The result of {@link explainConstraints}. */
export interface ConstraintsExplanation {
  /** One entry per requested kind: audio first, then video, as getUserMedia handles them. */
  readonly kinds: readonly TrackKindExplanation[];
}

/**
 * Explains what `mediaDevices.getUserMedia(constraints)` would select, without opening anything: per
 * requested kind, per device and per candidate mode, the settings and fitness distance SelectSettings gives,
 * and for candidates and devices that cannot satisfy the required constraints, the constraint that fails
 * and by how much. Devices are considered as if none were in use (a live source pinned to a mode by other
 * tracks can make getUserMedia fail where this says it would succeed), and permissions are not consulted.
 *
 * @throws TypeError (rejects) for what getUserMedia rejects with a TypeError: a dictionary that does not
 *   convert, no kind requested, or a required constraint not allowed for device selection.
 */
export async function explainConstraints(mediaDevices: MediaDevices, constraints: MediaStreamConstraints): Promise<ConstraintsExplanation> {
  const { session } = mediaDevicesSlots(mediaDevices);
  const converted = convertMediaStreamConstraints(constraints, CONTEXT);
  const kinds = (['audio', 'video'] as const).filter((kind) => converted[kind] !== false);
  if (kinds.length === 0) {
    throw typeError(CONTEXT, 'at least one of audio and video must be requested');
  }
  const requests = kinds.map((kind) => {
    const request = converted[kind];
    const trackConstraints: MediaTrackConstraints = request === true || request === false ? {} : request;
    const normalized = normalizeConstraints(trackConstraints, kind, { emptyDeviceIdIsUnspecified: true });
    checkDeviceSelectionConstraints(normalized, CONTEXT);
    return { kind, trackConstraints, normalized };
  });
  await session.ready();
  return {
    kinds: requests.map(({ kind, trackConstraints, normalized }): TrackKindExplanation => {
      const devices = session.inputDevices(kind) as (DeviceDescriptor & { capture: DeviceCaptureModel })[];
      const spaces = devices.map((device) => session.settingsSpace(device));
      let chosen: { deviceId: string; selection: Selection<CaptureRegionTag> } | undefined;
      const explained = devices.map((device, index): DeviceExplanation => {
        const space = spaces[index] as (typeof spaces)[number];
        const identity = session.identity(device);
        const selection = selectSettings(space, normalized, kind);
        if (selection.ok && (chosen === undefined || isBetter(selection, chosen.selection))) {
          chosen = { deviceId: identity.deviceId, selection };
        }
        return {
          kind: device.kind as 'audioinput' | 'videoinput',
          label: device.label,
          deviceId: identity.deviceId,
          groupId: identity.groupId,
          isDefault: device.isDefault,
          ...(selection.ok ? { settings: selection.settings, fitness: selection.fitness } : {}),
          candidates: explainRegions(space, normalized, kind).map(candidateOf),
        };
      });
      const failure = chosen === undefined && devices.length > 0 ? { failedConstraint: failedConstraint(spaces.flat(), normalized.basic) } : {};
      return {
        kind,
        constraints: trackConstraints,
        devices: explained,
        ...(chosen === undefined ? {} : { chosenDeviceId: chosen.deviceId }),
        ...failure,
      };
    }),
  };
}

function candidateOf(region: RegionExplanation<CaptureRegionTag>): CandidateExplanation {
  const { tag } = region;
  const mode = tag.kind === 'video' ? { mode: { ...tag.mode, resizeMode: tag.resizeMode } } : {};
  if (region.satisfied) {
    return { ...mode, satisfied: true, settings: region.settings, fitness: region.fitness };
  }
  return { ...mode, satisfied: false, shortfall: region.shortfall };
}
