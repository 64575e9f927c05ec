/**
 * Derivation of the deviceId and groupId that script sees
 * (https://w3c.github.io/mediacapture-main/#dom-mediadeviceinfo-deviceid): never the raw system id.
 *
 * deviceId is an HMAC of the raw id keyed by a salt and the origin, so it is stable for one origin and
 * unrelated across origins; groupId is keyed by a secret drawn for each MediaDevices object, since the
 * spec asks for it to be unique to each document.
 *
 * @module
 */

import { createHmac, randomBytes } from 'node:crypto';
import type { DeviceDescriptor } from './device.js';

/**
 * The salt used when none is configured. Fake devices have no identifying raw ids, so a fixed salt only
 * makes their ids reproducible; set `deviceIdSalt` (or MEDIACAPTURE_DEVICE_ID_SALT) to make the ids of
 * real devices unguessable by other parties.
 */
export const DEFAULT_DEVICE_ID_SALT = 'mediacapture';

/** Derives the exposed ids of devices for one MediaDevices object. */
export class DeviceIdDeriver {
  readonly #deviceKey: string;
  readonly #groupSecret: Buffer;

  /** `origin` and `salt` key deviceIds; groupIds are keyed by a fresh random secret. */
  constructor(origin: string, salt: string) {
    this.#deviceKey = `${salt}\u0000${origin}`;
    this.#groupSecret = randomBytes(32);
  }

  /** The deviceId of `device`: 64 hex digits, like Chromium's. */
  deviceId(device: Pick<DeviceDescriptor, 'kind' | 'rawId'>): string {
    return createHmac('sha256', this.#deviceKey).update(`${device.kind}\u0000${device.rawId}`).digest('hex');
  }

  /** The groupId of `device`: equal for devices with the same group key. */
  groupId(device: Pick<DeviceDescriptor, 'groupKey'>): string {
    return createHmac('sha256', this.#groupSecret).update(device.groupKey).digest('hex');
  }
}
