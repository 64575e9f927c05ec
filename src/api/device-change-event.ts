/**
 * https://w3c.github.io/mediacapture-main/#devicechangeevent
 *
 * @module
 */

import { toEventInit, type EventInit } from '../webidl/events.js';
import { requireDictionary, toDOMString, toInterface, toSequence } from '../webidl/converters.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { MediaDeviceInfo } from './media-device-info.js';

/** https://w3c.github.io/mediacapture-main/#dom-devicechangeeventinit */
export interface DeviceChangeEventInit extends EventInit {
  devices?: MediaDeviceInfo[];
}

/** The event of devicechange. */
export class DeviceChangeEvent extends Event {
  readonly #devices: readonly MediaDeviceInfo[];
  readonly #userInsertedDevices: readonly MediaDeviceInfo[];

  /** https://w3c.github.io/mediacapture-main/#dom-devicechangeevent-constructor */
  constructor(type: string, eventInitDict: DeviceChangeEventInit = {}) {
    const context = 'DeviceChangeEvent';
    if (arguments.length < 1) {
      throw new TypeError(`${context}: 1 argument required, but only 0 present`);
    }
    const typeString = toDOMString(type, context, 'type');
    const init = requireDictionary(eventInitDict, context, 'eventInitDict') ?? {};
    const eventInit = toEventInit(init);
    const convertList = (value: unknown, name: string): MediaDeviceInfo[] =>
      value === undefined
        ? []
        : toSequence(value, context, name, (item, i) => toInterface(MediaDeviceInfo, item, context, `${name}[${i}]`));
    const devices = convertList(init['devices'], 'devices');
    // userInsertedDevices is not a member of DeviceChangeEventInit; only the user agent sets it.
    const inserted = eventInitDict instanceof Object && INSERTED in eventInitDict ? (eventInitDict as Record<symbol, MediaDeviceInfo[]>)[INSERTED] : [];
    super(typeString, eventInit);
    this.#devices = Object.freeze(devices);
    this.#userInsertedDevices = Object.freeze([...(inserted ?? [])]);
  }

  /** https://w3c.github.io/mediacapture-main/#dom-devicechangeevent-devices */
  get devices(): readonly MediaDeviceInfo[] {
    brandCheck(#devices in this, 'DeviceChangeEvent.devices');
    return this.#devices;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-devicechangeevent-userinserteddevices */
  get userInsertedDevices(): readonly MediaDeviceInfo[] {
    brandCheck(#userInsertedDevices in this, 'DeviceChangeEvent.userInsertedDevices');
    return this.#userInsertedDevices;
  }
}
configureInterface(DeviceChangeEvent);

/** Key under which the user agent passes userInsertedDevices to the constructor. */
export const INSERTED: unique symbol = Symbol('userInsertedDevices');
