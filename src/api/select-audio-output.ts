/**
 * MediaDevices.selectAudioOutput() (https://w3c.github.io/mediacapture-output/#dom-mediadevices-selectaudiooutput):
 * choosing an audio output device, with the "speaker-selection" permission standing in for the user's choice.
 *
 * @module
 */

import type { DeviceDescriptor } from '../devices/device.js';
import { requireDictionary, toDOMString } from '../webidl/converters.js';
import { domException } from '../webidl/errors.js';
import { createDeviceInfoObject, microphoneInformationCanBeExposed } from './enumerate-devices.js';
import type { MediaDeviceInfo } from './media-device-info.js';
import type { MediaDevicesSlots } from './media-devices.js';

const CONTEXT = 'MediaDevices.selectAudioOutput';

/** https://w3c.github.io/mediacapture-output/#dom-audiooutputoptions */
export interface AudioOutputOptions {
  deviceId?: string;
}

/** https://w3c.github.io/mediacapture-output/#dom-mediadevices-selectaudiooutput */
export async function selectAudioOutputAlgorithm(slots: MediaDevicesSlots, options: unknown): Promise<MediaDeviceInfo> {
  // Deviation: step 1 (transient activation) does not apply: a Node process has no user gestures.
  // 2.–3.
  const dict = requireDictionary(options, CONTEXT, 'options') ?? {};
  const rawDeviceId = dict['deviceId'];
  const deviceId = rawDeviceId === undefined ? '' : toDOMString(rawDeviceId, CONTEXT, 'deviceId');
  const { session } = slots;
  await session.ready();
  // 6.1–6.2.
  if (session.permissions.answer('speaker-selection') === 'denied') {
    throw domException('NotAllowedError', CONTEXT, 'the "speaker-selection" permission is denied');
  }
  // 6.3.
  const outputs = session.devices.filter((device) => device.kind === 'audiooutput');
  if (outputs.length === 0) {
    throw domException('NotFoundError', CONTEXT, `there is no audio output device${session.emptyHint}`);
  }
  const requested = deviceId === '' ? undefined : outputs.find((device) => matchesDeviceId(slots, device, deviceId));
  // 6.4. A device exposed before, still available, is resolved again without asking.
  if (requested !== undefined && previouslyExposed(slots, requested)) {
    return exposeOutput(slots, requested);
  }
  // 6.5. Prompt the user to choose.
  const answer = await session.permissions.request({
    name: 'speaker-selection',
    deviceLabels: outputs.map((device) => device.label),
  });
  if (answer === 'denied') {
    throw domException('NotAllowedError', CONTEXT, 'the user did not choose an audio output device');
  }
  // Deviation: with no user to pick from a list, the stand-in user chooses the device the call asked
  // for when it is available, else the system default output.
  const selected = requested ?? outputs.find((device) => device.isDefault) ?? (outputs[0] as DeviceDescriptor);
  // 6.6.–6.9.
  return exposeOutput(slots, selected);
}

/** Whether `deviceId` names `device`: its own id, or "default" (as enumerateDevices lists it) for the default output. */
function matchesDeviceId(slots: MediaDevicesSlots, device: DeviceDescriptor, deviceId: string): boolean {
  return slots.session.identity(device).deviceId === deviceId || (deviceId === 'default' && device.isDefault);
}

/**
 * Whether `device` was exposed by an earlier selectAudioOutput(), or shares its groupId with a
 * microphone getUserMedia() exposed.
 */
function previouslyExposed(slots: MediaDevicesSlots, device: DeviceDescriptor): boolean {
  const { deviceId, groupId } = slots.session.identity(device);
  if (slots.explicitlyGrantedAudioOutputDevices.has(deviceId)) {
    return true;
  }
  // Once getUserMedia() has exposed microphone information, every microphone's deviceId and groupId is exposed.
  return (
    microphoneInformationCanBeExposed(slots) &&
    slots.session.devices.some((input) => input.kind === 'audioinput' && slots.session.identity(input).groupId === groupId)
  );
}

/** Creates the device info object of `device` and adds it to [[explicitlyGrantedAudioOutputDevices]]. */
function exposeOutput(slots: MediaDevicesSlots, device: DeviceDescriptor): MediaDeviceInfo {
  const deviceInfo = createDeviceInfoObject(slots, device);
  slots.explicitlyGrantedAudioOutputDevices.add(deviceInfo.deviceId);
  return deviceInfo;
}
