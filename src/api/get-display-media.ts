/**
 * The getDisplayMedia() algorithm (https://w3c.github.io/mediacapture-screen-share/#dom-mediadevices-getdisplaymedia).
 *
 * There is no user to choose a display surface: the stand-in user of `devices/display-surface-choice.ts`
 * picks one, and the "display-capture" permission answer (or the prompt handler) accepts or refuses it.
 *
 * @module
 */

import type { MediaTrackConstraints } from '../constraints/dictionaries.js';
import { normalizeConstraints, type NormalizedConstraint } from '../constraints/normalize.js';
import { chooseDisplaySurface, offeredDisplaySurfaces, type DisplaySurfacePreferences } from '../devices/display-surface-choice.js';
import { SourceFanout } from '../pipeline/source-fanout.js';
import { domException } from '../webidl/errors.js';
import { queueTask } from '../webidl/events.js';
import { captureControllerSlots, finalizeFocusDecision } from './capture-controller.js';
import {
  checkDisplayMediaConstraints,
  constraintBelowFloor,
  convertDisplayMediaOptions,
  displaySelectionConstraints,
  type DisplayMediaRequest,
} from './display-media-options.js';
import type { MediaDevicesSlots } from './media-devices.js';
import { MediaStream } from './media-stream.js';
import { overconstrainedMessage, trackInternals } from './media-stream-track.js';
import { OverconstrainedError } from './overconstrained-error.js';

const CONTEXT = 'MediaDevices.getDisplayMedia';

/** Runs the getDisplayMedia() steps for `mediaDevices` and returns the stream, or throws the spec's error. */
export async function getDisplayMediaAlgorithm(slots: MediaDevicesSlots, options: unknown): Promise<MediaStream> {
  // Convert the options (a TypeError rejects).
  const request = convertDisplayMediaOptions(options, CONTEXT);
  // 2-3. A controller serves one capture session.
  const controller = request.controller;
  if (controller !== undefined) {
    const controllerSlots = captureControllerSlots(controller);
    if (controllerSlots.isBound) {
      throw domException('InvalidStateError', CONTEXT, 'the CaptureController was already passed to getDisplayMedia()');
    }
    controllerSlots.isBound = true;
  }
  // Deviation: steps 4 (transient activation) and 10 (a fully active Document with focus) do not apply
  // to a Node process, which has neither user activation nor documents; they never reject.
  // 7-8.2. video: false, advanced, min and exact are TypeErrors.
  const video = checkDisplayMediaConstraints(request, CONTEXT);
  // 8.3. A max below the floor value can never be met.
  const belowFloor = constraintBelowFloor(video);
  if (belowFloor !== undefined) {
    throw new OverconstrainedError(belowFloor, `${CONTEXT}: ${belowFloor}.max is below the smallest value display capture supports`);
  }
  const { session } = slots;
  const permissions = session.permissions;
  // 12.1. No display surface (or no display capture at all) on this machine.
  const list = await session.display.surfaces();
  if (list.type === 'unsupported') {
    throw domException('NotSupportedError', CONTEXT, list.reason);
  }
  if (list.surfaces.length === 0) {
    throw domException('NotFoundError', CONTEXT, `no display surface is available${list.reason === undefined ? '' : `: ${list.reason}`}`);
  }
  // 12.1. A denied permission fails before anyone is asked.
  if (permissions.answer('display-capture') === 'denied') {
    throw domException('NotAllowedError', CONTEXT, 'permission to capture the display is denied');
  }
  // 12.3. Prompt the user to choose: the stand-in user picks, the permission answer or handler decides.
  const preferences = surfacePreferences(video, request);
  const offered = offeredDisplaySurfaces(list.surfaces, preferences);
  const surface = chooseDisplaySurface(list.surfaces, preferences);
  if (surface === undefined) {
    throw domException('NotAllowedError', CONTEXT, 'no display surface was chosen');
  }
  // Deviation: audio is never shared (the spec lets a user agent return only the video track); capturing
  // system or window audio is not implemented.
  const answer = await permissions.request({ name: 'display-capture', deviceLabels: offered.map((s) => s.label) });
  if (answer === 'denied') {
    throw domException('NotAllowedError', CONTEXT, 'permission to capture the display was not granted');
  }
  // 12.7. The chosen surface is live and accessible (tracked by its stable and private id).
  const source = session.display.open(surface);
  const { deviceId } = source.identity;
  slots.devicesLiveMap.set(deviceId, true);
  slots.devicesAccessibleMap.set(deviceId, true);
  source.onStop(() => {
    slots.devicesLiveMap.set(deviceId, false);
    slots.devicesAccessibleMap.set(deviceId, false);
    slots.mediaStreamTrackSources.delete(source);
  });
  // 12.11-13. Create the track and run the ApplyConstraints algorithm with the video constraints.
  const converted: MediaTrackConstraints = video === true ? {} : video;
  const normalized = displaySelectionConstraints(normalizeConstraints(converted, 'video'));
  const selection = SourceFanout.of(source).select(normalized, 'video');
  if (!selection.ok) {
    source.end('ended');
    const failed = selection.failedConstraint;
    throw new OverconstrainedError(failed, `${CONTEXT}: ${overconstrainedMessage(failed)}`);
  }
  const track = trackInternals.create(source, {
    constraints: converted,
    normalized,
    selection: { settings: selection.settings, tag: selection.tag },
  });
  // Tie track source to MediaDevices.
  slots.mediaStreamTrackSources.add(source);
  // 12.15. The controller now refers to this capture session.
  if (controller !== undefined) {
    const controllerSlots = captureControllerSlots(controller);
    controllerSlots.source = source;
    controllerSlots.displaySurfaceType = surface.capture.display.displaySurface;
    queueTask(() => finalizeFocusDecision(controller));
  }
  return new MediaStream([track]);
}

/** What of the request shapes the stand-in user's choice. */
function surfacePreferences(video: true | MediaTrackConstraints, request: DisplayMediaRequest): DisplaySurfacePreferences {
  const constraint: NormalizedConstraint | undefined =
    video === true ? undefined : normalizeConstraints(video, 'video').basic.get('displaySurface');
  const preferred = constraint?.type === 'discrete' ? [...(constraint.ideal ?? constraint.bare ?? [])] : [];
  return {
    displaySurface: preferred.filter((v): v is string => typeof v === 'string'),
    ...(request.monitorTypeSurfaces === undefined ? {} : { monitorTypeSurfaces: request.monitorTypeSurfaces }),
  };
}
