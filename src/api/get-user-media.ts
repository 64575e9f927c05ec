/**
 * The getUserMedia() algorithm (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia).
 *
 * @module
 */

import type { MediaTrackConstraints } from '../constraints/dictionaries.js';
import { interpretConstraint, normalizeConstraints, type NormalizedConstraints } from '../constraints/normalize.js';
import { findProperty, PAN_TILT_ZOOM, type TrackKind } from '../constraints/registry.js';
import {
  failedConstraint,
  isBetter,
  namesAnyOf,
  selectSettings,
  type MadeSelection,
  type Selection,
} from '../constraints/select-settings.js';
import type { SettingsRegion } from '../constraints/settings-space.js';
import type { DeviceDescriptor, DevicePermissionName } from '../devices/device.js';
import type { DeviceFailure } from '../devices/device-registry.js';
import type { CaptureRegionTag, DeviceCaptureModel } from '../sources/capture-model.js';
import { SourceFanout } from '../pipeline/source-fanout.js';
import { domException, typeError } from '../webidl/errors.js';
import { deviceInformationCanBeExposed } from './enumerate-devices.js';
import type { MediaDevicesSlots } from './media-devices.js';
import { MediaStream } from './media-stream.js';
import { overconstrainedMessage, trackInternals, type MediaStreamTrack } from './media-stream-track.js';
import { convertMediaStreamConstraints } from './media-track-constraints.js';
import { OverconstrainedError } from './overconstrained-error.js';

const CONTEXT = 'MediaDevices.getUserMedia';

const PERMISSION_OF: Record<TrackKind, DevicePermissionName> = { audio: 'microphone', video: 'camera' };
const DEVICE_WORD: Record<TrackKind, string> = { audio: 'microphone', video: 'camera' };

/** A device that can satisfy the constraints, with the settings SelectSettings picked on it. */
interface Candidate {
  readonly device: DeviceDescriptor;
  readonly selection: Selection<CaptureRegionTag>;
  /** The same selection with what it was made from, for the fan-out to reuse when it would make the same. */
  readonly made: MadeSelection<CaptureRegionTag>;
}

/** Why getUserMedia() failed before any track was created. */
class Failure {
  constructor(readonly error: DOMException) {}
}

/** Runs the getUserMedia() steps for `mediaDevices` and returns the stream, or throws the spec's error. */
export async function getUserMediaAlgorithm(
  slots: MediaDevicesSlots,
  rawConstraints: unknown,
): Promise<MediaStream> {
  // 1. Convert the argument (a TypeError rejects the promise).
  const constraints = convertMediaStreamConstraints(rawConstraints, CONTEXT);
  // 2-3. Something must be requested; this is checked before anything else.
  const requestedMediaTypes = (['audio', 'video'] as const).filter((kind) => constraints[kind] !== false);
  if (requestedMediaTypes.length === 0) {
    throw typeError(CONTEXT, 'at least one of audio and video must be requested');
  }
  try {
    return await selectAndOpen(slots, requestedMediaTypes, constraints);
  } catch (error) {
    if (error instanceof Failure) {
      throw error.error;
    }
    throw error;
  }
}

async function selectAndOpen(
  slots: MediaDevicesSlots,
  requestedMediaTypes: readonly TrackKind[],
  constraints: Record<TrackKind, boolean | MediaTrackConstraints>,
): Promise<MediaStream> {
  const { session } = slots;
  // What the devices capture must be known before settings are selected (media files are read now).
  await session.ready();
  const finalSet = new Map<TrackKind, Candidate[]>();
  const trackConstraints = new Map<TrackKind, { converted: MediaTrackConstraints; normalized: NormalizedConstraints }>();
  for (const kind of requestedMediaTypes) {
    // 11.2. Every configuration of every device of this kind is a candidate.
    const devices = session.inputDevices(kind);
    if (devices.length === 0) {
      throw notFoundFailure(slots, requestedMediaTypes, `no ${DEVICE_WORD[kind]} is available${session.emptyHint}`);
    }
    const request = constraints[kind];
    const cs: MediaTrackConstraints = request === true || request === false ? {} : request;
    // Constraints that do not apply to this kind are dropped here.
    const normalized = normalizeConstraints(cs, kind, { emptyDeviceIdIsUnspecified: true });
    trackConstraints.set(kind, { converted: cs, normalized });
    checkDeviceSelectionConstraints(normalized);
    const spaces = devices.map((device) => session.settingsSpace(device as DeviceDescriptor & { capture: DeviceCaptureModel }));
    let candidateSet: Candidate[] = [];
    const unconstrained = normalized.basic.size === 0 && normalized.advanced.length === 0;
    // Constraints that name neither pan, tilt nor zoom give a track without them, and are ranked on its regions.
    const rankedWithoutPanTiltZoom = !namesAnyOf(normalized, PAN_TILT_ZOOM);
    devices.forEach((device, index) => {
      const capturing = device as DeviceDescriptor & { capture: DeviceCaptureModel };
      let made: MadeSelection<CaptureRegionTag>;
      if (unconstrained) {
        made = session.unconstrainedSelection(capturing);
      } else {
        const regions = rankedWithoutPanTiltZoom ? session.rankingSpace(capturing) : (spaces[index] as SettingsRegion<CaptureRegionTag>[]);
        made = { regions, constraints: normalized, kind, result: selectSettings(regions, normalized, kind) };
      }
      if (made.result.ok) {
        candidateSet.push({ device, selection: made.result, made });
      }
    });
    if (candidateSet.length === 0) {
      throw constraintFailure(slots, requestedMediaTypes, failedConstraint(spaces.flat(), normalized.basic));
    }
    // Devices whose permission is denied are out, unless a live track already uses them.
    if (session.permissions.state(PERMISSION_OF[kind]) === 'denied') {
      candidateSet = candidateSet.filter((c) => session.liveSource(c.device) !== undefined);
      if (candidateSet.length === 0) {
        throw permissionFailure(`permission to use the ${DEVICE_WORD[kind]} is denied`);
      }
    }
    finalSet.set(kind, candidateSet);
  }
  // Request permission for each kind; devices already feeding live tracks count as granted. Video constraints
  // that name pan, tilt or zoom (other than false) ask for the camera with panTiltZoom: the same prompt when the
  // camera needs one, a prompt of its own otherwise.
  const wantsPanTiltZoom = requestsPanTiltZoom(trackConstraints.get('video')?.converted);
  let panTiltZoom: boolean | undefined;
  for (const kind of requestedMediaTypes) {
    const candidates = finalSet.get(kind) as Candidate[];
    const name = PERMISSION_OF[kind];
    if (session.permissions.state(name) === 'granted') {
      continue;
    }
    const live = candidates.filter((c) => session.liveSource(c.device) !== undefined);
    if (live.length > 0) {
      finalSet.set(kind, live);
      continue;
    }
    const asksPanTiltZoom = kind === 'video' && wantsPanTiltZoom;
    const answer = await session.permissions.request({
      name,
      deviceLabels: candidates.map((c) => c.device.label),
      ...(asksPanTiltZoom ? { panTiltZoom: true } : {}),
    });
    if (answer === 'denied') {
      throw permissionFailure(`permission to use the ${DEVICE_WORD[kind]} was not granted`);
    }
    if (asksPanTiltZoom) {
      panTiltZoom = true;
    }
  }
  if (wantsPanTiltZoom && panTiltZoom === undefined) {
    const labels = (finalSet.get('video') as Candidate[]).map((c) => c.device.label);
    panTiltZoom = (await session.permissions.requestPanTiltZoom(labels)) === 'granted';
  }
  setDeviceInformationExposure(slots, requestedMediaTypes, true);
  return await openTracks(slots, requestedMediaTypes, finalSet, trackConstraints, panTiltZoom === true);
}

/**
 * Whether video constraints make getUserMedia request `{ name: "camera", panTiltZoom: true }`: a constraint set
 * (basic or advanced) with pan, tilt or zoom other than false (https://w3c.github.io/mediacapture-image/#pan).
 * When that is not granted, the track does not expose them.
 */
export function requestsPanTiltZoom(constraints: MediaTrackConstraints | undefined): boolean {
  if (constraints === undefined) {
    return false;
  }
  const sets = [constraints, ...(constraints.advanced ?? [])];
  return sets.some((set) => PAN_TILT_ZOOM.some((name) => set[name] !== undefined && set[name] !== false));
}

/** Picks the best candidate of each kind, opens its device and creates the tracks. */
async function openTracks(
  slots: MediaDevicesSlots,
  requestedMediaTypes: readonly TrackKind[],
  finalSet: Map<TrackKind, Candidate[]>,
  trackConstraints: Map<TrackKind, { converted: MediaTrackConstraints; normalized: NormalizedConstraints }>,
  panTiltZoom: boolean,
): Promise<MediaStream> {
  const { session } = slots;
  const tracks: MediaStreamTrack[] = [];
  try {
    for (const kind of requestedMediaTypes) {
      // Smallest fitness distance first; ties keep device order (system default first).
      const remaining = [...(finalSet.get(kind) as Candidate[])];
      let lastFailure: DeviceFailure = 'unreadable';
      let lastMessage: string | undefined;
      let track: MediaStreamTrack | undefined;
      while (track === undefined && remaining.length > 0) {
        const best = remaining.reduce((a, b) => (isBetter(b.selection, a.selection) ? b : a));
        remaining.splice(remaining.indexOf(best), 1);
        const opened = session.acquire(best.device);
        if (!opened.ok) {
          lastFailure = opened.failure;
          lastMessage = opened.message;
          continue;
        }
        const source = opened.source;
        const { converted, normalized } = trackConstraints.get(kind) as { converted: MediaTrackConstraints; normalized: NormalizedConstraints };
        // Constraints are checked again on the opened source: a source shared with live tracks may be
        // pinned to a native mode they need. Deviation: a device that no longer fits is passed over like one
        // that failed (see docs/deviations.md, "A device in use in another mode").
        const exposesPanTiltZoom = kind === 'video' && panTiltZoom;
        const selection = SourceFanout.of(source).select(normalized, kind, undefined, exposesPanTiltZoom, best.made);
        if (!selection.ok) {
          if (source.consumerCount === 0) {
            source.end('ended');
          }
          lastFailure = 'unreadable';
          lastMessage = 'it is in use by other tracks in a mode these constraints rule out';
          continue;
        }
        const { deviceId } = source.identity;
        slots.devicesLiveMap.set(deviceId, true);
        slots.devicesAccessibleMap.set(deviceId, true);
        track = trackInternals.create(source, {
          constraints: converted,
          normalized,
          selection: { settings: selection.settings, tag: selection.tag },
          panTiltZoom: exposesPanTiltZoom,
        });
        // A camera or microphone another program holds is found only when its capture opens it: wait for that.
        const problem = opened.startWaitMs === undefined ? undefined : await source.firstFrame(opened.startWaitMs);
        if (problem !== undefined) {
          track.stop();
          track = undefined;
          lastFailure = 'unreadable';
          lastMessage = problem.message;
        }
      }
      if (track === undefined) {
        const reason = `the ${DEVICE_WORD[kind]} could not be opened`;
        throw new Failure(
          lastFailure === 'unreadable'
            ? domException('NotReadableError', CONTEXT, `${reason}: ${lastMessage ?? 'the device failed or is in use'}`)
            : domException('AbortError', CONTEXT, reason),
        );
      }
      tracks.push(track);
    }
  } catch (error) {
    // Nothing leaks: tracks opened for this call are released.
    for (const track of tracks) {
      track.stop();
    }
    throw error;
  }
  for (const track of tracks) {
    slots.mediaStreamTrackSources.add(trackInternals.source(track));
  }
  return new MediaStream(tracks);
}

/** A required constraint outside the allowed list for device selection is a TypeError. */
export function checkDeviceSelectionConstraints(normalized: NormalizedConstraints, context = CONTEXT): void {
  for (const [name, constraint] of normalized.basic) {
    if (findProperty(name)?.deviceSelection !== true && interpretConstraint(constraint, 'basic').required) {
      throw typeError(context, `${name} cannot be a required constraint when selecting a device`);
    }
  }
}

/** https://w3c.github.io/mediacapture-main/#dfn-getusermedia-specific-failure-is-allowed */
function specificFailureAllowed(slots: MediaDevicesSlots, requestedMediaTypes: readonly TrackKind[]): boolean {
  return requestedMediaTypes.every((kind) => slots.session.permissions.state(PERMISSION_OF[kind]) !== 'denied');
}

function permissionFailure(reason: string): Failure {
  return new Failure(domException('NotAllowedError', CONTEXT, reason));
}

function notFoundFailure(slots: MediaDevicesSlots, requestedMediaTypes: readonly TrackKind[], reason: string): Failure {
  if (!specificFailureAllowed(slots, requestedMediaTypes)) {
    return permissionFailure('permission is denied');
  }
  return new Failure(domException('NotFoundError', CONTEXT, reason));
}

function constraintFailure(slots: MediaDevicesSlots, requestedMediaTypes: readonly TrackKind[], failed: string): Failure {
  if (!specificFailureAllowed(slots, requestedMediaTypes)) {
    return permissionFailure('permission is denied');
  }
  // Before capture, which constraint failed is not revealed.
  const constraint = deviceInformationCanBeExposed(slots) ? failed : '';
  return new Failure(new OverconstrainedError(constraint, `${CONTEXT}: ${overconstrainedMessage(constraint)}`));
}

/** https://w3c.github.io/mediacapture-main/#dfn-set-device-information-exposure */
export function setDeviceInformationExposure(
  slots: MediaDevicesSlots,
  requestedTypes: readonly TrackKind[],
  value: boolean,
): void {
  const canBeExtended = (name: DevicePermissionName): boolean => slots.session.permissions.state(name) === 'granted';
  if (requestedTypes.includes('video')) {
    slots.canExposeCameraInfo = value;
    if (value && canBeExtended('microphone')) {
      slots.canExposeMicrophoneInfo = true;
    }
  }
  if (requestedTypes.includes('audio')) {
    slots.canExposeMicrophoneInfo = value;
    if (value && canBeExtended('camera')) {
      slots.canExposeCameraInfo = true;
    }
  }
}
