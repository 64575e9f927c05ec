/**
 * https://w3c.github.io/mediacapture-main/#mediadevices
 *
 * @module
 */

import type { MediaTrackSupportedConstraints, MediaStreamConstraints } from '../constraints/dictionaries.js';
import { CONSTRAINABLE_PROPERTIES } from '../constraints/registry.js';
import { permissionNameOf, type DeviceDescriptor, type DevicePermissionName } from '../devices/device.js';
import type { DeviceSession } from '../devices/device-session.js';
import type { CaptureSource } from '../sources/capture-source.js';
import { defineEventHandlers, fireEvent, queueTask, type EventHandler } from '../webidl/events.js';
import { INTERNAL, assertInternal, brandCheck, configureInterface } from '../webidl/interface.js';
import { DeviceChangeEvent, INSERTED } from './device-change-event.js';
import { createListOfDeviceInfoObjects, sameDeviceInfoLists, type ExposureState } from './enumerate-devices.js';
import type { DisplayMediaStreamOptions } from './display-media-options.js';
import { getDisplayMediaAlgorithm } from './get-display-media.js';
import { getUserMediaAlgorithm } from './get-user-media.js';
import { selectAudioOutputAlgorithm, type AudioOutputOptions } from './select-audio-output.js';
import type { MediaDeviceInfo } from './media-device-info.js';
import type { MediaStream } from './media-stream.js';

/** The internal slots of a MediaDevices object (https://w3c.github.io/mediacapture-main/#dfn-create-a-mediadevices). */
export interface MediaDevicesSlots extends ExposureState {
  readonly devicesLiveMap: Map<string, boolean>;
  readonly devicesAccessibleMap: Map<string, boolean>;
  readonly kindsAccessibleMap: Map<DevicePermissionName, boolean>;
  storedDeviceList: readonly DeviceDescriptor[];
  readonly mediaStreamTrackSources: Set<CaptureSource>;
}

/** Reads the slots of a MediaDevices object; set in its static block. */
export let mediaDevicesSlots: (mediaDevices: MediaDevices) => MediaDevicesSlots;

/** The entry point to the devices: getUserMedia(), enumerateDevices() and devicechange. */
export class MediaDevices extends EventTarget {
  readonly #slots: MediaDevicesSlots;

  declare ondevicechange: EventHandler<MediaDevices, DeviceChangeEvent>;

  /** Not constructible from script: use `mediaDevices` or `createMediaDevices()`. */
  constructor(token: typeof INTERNAL, session: DeviceSession) {
    assertInternal(token);
    super();
    // https://w3c.github.io/mediacapture-main/#dfn-create-a-mediadevices
    const permissions = session.permissions;
    const slots: MediaDevicesSlots = {
      session,
      devicesLiveMap: new Map(),
      devicesAccessibleMap: new Map(),
      kindsAccessibleMap: new Map(),
      storedDeviceList: [...session.devices],
      canExposeCameraInfo: false,
      canExposeMicrophoneInfo: false,
      mediaStreamTrackSources: new Set(),
      explicitlyGrantedAudioOutputDevices: new Set(),
    };
    for (const name of ['camera', 'microphone'] as const) {
      slots.kindsAccessibleMap.set(name, permissions.state(name) === 'granted');
    }
    this.#initializeDeviceMaps(slots, session);
    permissions.onChange((name, from, to) => {
      // [[kindsAccessibleMap]] holds the device kinds; display capture is never granted for good.
      if (name === 'display-capture' || name === 'speaker-selection') {
        return;
      }
      if (to === 'granted' && from !== 'granted') {
        slots.kindsAccessibleMap.set(name, true);
      } else if (from === 'granted' && to !== 'granted') {
        slots.kindsAccessibleMap.set(name, false);
      }
    });
    session.setListener({
      devicesChanged: () => this.#deviceChangeNotificationSteps(),
      devicesListed: () => {
        // The system's devices, listed after this object was made: the creation steps for them.
        this.#slots.storedDeviceList = [...session.devices];
        this.#initializeDeviceMaps(this.#slots, session);
      },
      sourceStopped: (device, source) => this.#sourceStopped(device, source),
    });
    this.#slots = slots;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadevices-enumeratedevices */
  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    brandCheck(#slots in this, 'MediaDevices.enumerateDevices');
    // Device enumeration can always proceed: a Node process is always "in view". Capabilities need
    // what the devices capture, which media files being read may still change.
    await this.#slots.session.ready();
    return createListOfDeviceInfoObjects(this.#slots, this.#slots.storedDeviceList);
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadevices-getsupportedconstraints */
  getSupportedConstraints(): MediaTrackSupportedConstraints {
    brandCheck(#slots in this, 'MediaDevices.getSupportedConstraints');
    const supported: Record<string, boolean> = {};
    for (const { name } of CONSTRAINABLE_PROPERTIES) {
      supported[name] = true;
    }
    return supported;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia */
  async getUserMedia(constraints: MediaStreamConstraints = {}): Promise<MediaStream> {
    brandCheck(#slots in this, 'MediaDevices.getUserMedia');
    return getUserMediaAlgorithm(this.#slots, constraints);
  }

  /** https://w3c.github.io/mediacapture-screen-share/#dom-mediadevices-getdisplaymedia */
  async getDisplayMedia(options: DisplayMediaStreamOptions = {}): Promise<MediaStream> {
    brandCheck(#slots in this, 'MediaDevices.getDisplayMedia');
    return getDisplayMediaAlgorithm(this.#slots, options);
  }

  /** https://w3c.github.io/mediacapture-output/#dom-mediadevices-selectaudiooutput */
  async selectAudioOutput(options: AudioOutputOptions = {}): Promise<MediaDeviceInfo> {
    brandCheck(#slots in this, 'MediaDevices.selectAudioOutput');
    return selectAudioOutputAlgorithm(this.#slots, options);
  }

  /** The [[devicesLiveMap]] and [[devicesAccessibleMap]] entries of devices they do not have yet. */
  #initializeDeviceMaps(slots: MediaDevicesSlots, session: DeviceSession): void {
    for (const device of session.devices) {
      const name = permissionNameOf(device.kind);
      if (name === undefined) {
        continue;
      }
      const { deviceId } = session.identity(device);
      if (!slots.devicesLiveMap.has(deviceId)) {
        slots.devicesLiveMap.set(deviceId, false);
        slots.devicesAccessibleMap.set(deviceId, session.permissions.state(name) === 'granted');
      }
    }
  }

  /** https://w3c.github.io/mediacapture-main/#dfn-device-change-notification-steps */
  #deviceChangeNotificationSteps(): void {
    const slots = this.#slots;
    const lastExposedDevices = createListOfDeviceInfoObjects(slots, slots.storedDeviceList);
    const deviceList = [...slots.session.devices];
    const newExposedDevices = createListOfDeviceInfoObjects(slots, deviceList);
    // Deviation: the spec sets [[storedDeviceList]] only after the abort step, so a device plugged in
    // while it cannot be exposed would stay missing from enumerateDevices() even after a capture exposes
    // its kind (possibly while a track of it is live). The stored list always follows the devices; the
    // event still fires only when the exposed list changes.
    slots.storedDeviceList = deviceList;
    if (sameDeviceInfoLists(lastExposedDevices, newExposedDevices)) {
      return;
    }
    const known = new Set(lastExposedDevices.map((info) => `${info.kind}/${info.deviceId}`));
    const inserted = newExposedDevices.filter(
      (info) => info.deviceId !== '' && info.deviceId !== 'default' && !known.has(`${info.kind}/${info.deviceId}`),
    );
    queueTask(() => {
      fireEvent(this, new DeviceChangeEvent('devicechange', { devices: newExposedDevices, [INSERTED]: inserted } as never));
    });
  }

  /** https://w3c.github.io/mediacapture-main/#source-stopped for a device exposed by getUserMedia(). */
  #sourceStopped(device: DeviceDescriptor, source: CaptureSource): void {
    const slots = this.#slots;
    slots.mediaStreamTrackSources.delete(source);
    const { deviceId } = source.identity;
    slots.devicesLiveMap.set(deviceId, false);
    const name = permissionNameOf(device.kind);
    if (name !== undefined && slots.session.permissions.state(name) !== 'granted') {
      slots.devicesAccessibleMap.set(deviceId, false);
    }
  }

  static {
    mediaDevicesSlots = (mediaDevices) => mediaDevices.#slots;
  }
}
defineEventHandlers(MediaDevices.prototype, ['devicechange']);
configureInterface(MediaDevices, 'MediaDevices', 0);
