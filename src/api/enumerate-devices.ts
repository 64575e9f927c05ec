/**
 * The device enumeration algorithms of MediaDevices
 * (https://w3c.github.io/mediacapture-main/#enumerating-devices): creating the list of device info
 * objects and the device information exposure checks.
 *
 * @module
 */

import type { MediaTrackCapabilities } from '../constraints/dictionaries.js';
import { capabilitiesOf } from '../constraints/settings-space.js';
import type { DeviceDescriptor } from '../devices/device.js';
import type { DeviceSession } from '../devices/device-session.js';
import { INTERNAL } from '../webidl/interface.js';
import { InputDeviceInfo } from './input-device-info.js';
import { MediaDeviceInfo } from './media-device-info.js';

/** The slots of a MediaDevices object the exposure rules read. */
export interface ExposureState {
  readonly session: DeviceSession;
  canExposeCameraInfo: boolean;
  canExposeMicrophoneInfo: boolean;
  /** https://w3c.github.io/mediacapture-output/#dfn-explicitlygrantedaudiooutputdevices */
  readonly explicitlyGrantedAudioOutputDevices: Set<string>;
}

/** https://w3c.github.io/mediacapture-main/#dfn-camera-information-can-be-exposed */
export function cameraInformationCanBeExposed(state: ExposureState): boolean {
  return state.session.hasLiveSource('camera') || state.canExposeCameraInfo;
}

/** https://w3c.github.io/mediacapture-main/#dfn-microphone-information-can-be-exposed */
export function microphoneInformationCanBeExposed(state: ExposureState): boolean {
  return state.session.hasLiveSource('microphone') || state.canExposeMicrophoneInfo;
}

/** https://w3c.github.io/mediacapture-main/#dfn-device-information-can-be-exposed */
export function deviceInformationCanBeExposed(state: ExposureState): boolean {
  return cameraInformationCanBeExposed(state) || microphoneInformationCanBeExposed(state);
}

/** https://w3c.github.io/mediacapture-main/#dfn-creating-a-list-of-device-info-objects */
export function createListOfDeviceInfoObjects(
  state: ExposureState,
  deviceList: readonly DeviceDescriptor[],
): MediaDeviceInfo[] {
  const microphoneList: MediaDeviceInfo[] = [];
  const cameraList: MediaDeviceInfo[] = [];
  const otherDeviceList: MediaDeviceInfo[] = [];
  // 4-5. Microphones, then cameras; the system default of each goes first.
  for (const kind of ['audioinput', 'videoinput'] as const) {
    const list = kind === 'audioinput' ? microphoneList : cameraList;
    for (const device of deviceList) {
      if (device.kind !== kind) {
        continue;
      }
      const deviceInfo = createDeviceInfoObject(state, device);
      if (device.isDefault) {
        list.unshift(deviceInfo);
      } else {
        list.push(deviceInfo);
      }
    }
  }
  // 6-7. Without exposure, at most one device of each kind.
  if (!microphoneInformationCanBeExposed(state)) {
    microphoneList.length = Math.min(microphoneList.length, 1);
  }
  if (!cameraInformationCanBeExposed(state)) {
    cameraList.length = Math.min(cameraList.length, 1);
  }
  // 8. Other devices (audio outputs), when their exposure decision allows.
  for (const device of deviceList) {
    if (device.kind === 'audioinput' || device.kind === 'videoinput') {
      continue;
    }
    if (!exposeOtherDevice(state, device)) {
      continue;
    }
    const deviceInfo = createDeviceInfoObject(state, device);
    otherDeviceList.push(deviceInfo);
    if (device.isDefault) {
      // The system default audio output also appears first with deviceId "default".
      const values = deviceInfo.toJSON();
      otherDeviceList.unshift(
        new MediaDeviceInfo(INTERNAL, { ...values, deviceId: 'default', label: `Default - ${values.label}` }),
      );
    }
  }
  return [...microphoneList, ...cameraList, ...otherDeviceList];
}

/**
 * https://w3c.github.io/mediacapture-main/#dfn-exposure-decision-algorithm-for-devices-other-than-camera-and-microphone
 * as https://w3c.github.io/mediacapture-output/#permissions-integration defines it for audio outputs: exposed
 * when selectAudioOutput() granted it, or when microphone information can be exposed.
 */
function exposeOtherDevice(state: ExposureState, device: DeviceDescriptor): boolean {
  if (device.kind !== 'audiooutput') {
    return false;
  }
  if (state.explicitlyGrantedAudioOutputDevices.has(state.session.identity(device).deviceId)) {
    return true;
  }
  return microphoneInformationCanBeExposed(state);
}

/** https://w3c.github.io/mediacapture-main/#dfn-creating-a-device-info-object */
export function createDeviceInfoObject(state: ExposureState, device: DeviceDescriptor): MediaDeviceInfo {
  const filtered =
    (device.kind === 'videoinput' && !cameraInformationCanBeExposed(state)) ||
    (device.kind === 'audioinput' && !microphoneInformationCanBeExposed(state));
  const { deviceId, groupId } = state.session.identity(device);
  const values = filtered
    ? { deviceId: '', kind: device.kind, label: '', groupId: '' }
    : { deviceId, kind: device.kind, label: device.label, groupId };
  if (device.kind === 'audiooutput' || device.capture === undefined) {
    return new MediaDeviceInfo(INTERNAL, values);
  }
  const capabilities = filtered
    ? {}
    : (capabilitiesOf(state.session.settingsSpace(device as DeviceDescriptor & { capture: typeof device.capture })) as MediaTrackCapabilities);
  return new InputDeviceInfo(INTERNAL, values, capabilities);
}

/** Whether two lists of device info objects match, in the same order. */
export function sameDeviceInfoLists(a: readonly MediaDeviceInfo[], b: readonly MediaDeviceInfo[]): boolean {
  return (
    a.length === b.length &&
    a.every((info, i) => JSON.stringify(info.toJSON()) === JSON.stringify((b[i] as MediaDeviceInfo).toJSON()))
  );
}
