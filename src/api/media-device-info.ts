/**
 * https://w3c.github.io/mediacapture-main/#device-info
 *
 * @module
 */

import type { MediaDeviceKind } from '../devices/device.js';
import { INTERNAL, assertInternal, brandCheck, configureInterface } from '../webidl/interface.js';

/** The exposed values of a device info object. */
export interface DeviceInfoValues {
  readonly deviceId: string;
  readonly kind: MediaDeviceKind;
  readonly label: string;
  readonly groupId: string;
}

/** A media input or output device, as enumerateDevices() describes it. */
export class MediaDeviceInfo {
  readonly #values: DeviceInfoValues;

  /** Not constructible from script. */
  constructor(token: typeof INTERNAL, values: DeviceInfoValues) {
    assertInternal(token);
    this.#values = { ...values };
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadeviceinfo-deviceid */
  get deviceId(): string {
    brandCheck(#values in this, 'MediaDeviceInfo.deviceId');
    return this.#values.deviceId;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadeviceinfo-kind */
  get kind(): MediaDeviceKind {
    brandCheck(#values in this, 'MediaDeviceInfo.kind');
    return this.#values.kind;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadeviceinfo-label */
  get label(): string {
    brandCheck(#values in this, 'MediaDeviceInfo.label');
    return this.#values.label;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadeviceinfo-groupid */
  get groupId(): string {
    brandCheck(#values in this, 'MediaDeviceInfo.groupId');
    return this.#values.groupId;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediadeviceinfo-tojson: WebIDL default toJSON. */
  toJSON(): DeviceInfoValues {
    brandCheck(#values in this, 'MediaDeviceInfo.toJSON');
    const { deviceId, kind, label, groupId } = this.#values;
    return { deviceId, kind, label, groupId };
  }
}
configureInterface(MediaDeviceInfo, 'MediaDeviceInfo', 0);
