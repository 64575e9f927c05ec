/**
 * The device registry: the list of media devices available, fed by providers (fake, system) and by the
 * testing control plane, with change notification for devicechange and the failure state of devices.
 *
 * @module
 */

import type { DeviceDescriptor, MediaDeviceKind } from './device.js';

/** Why a device was taken away from its tracks. */
export type DeviceLoss = 'removed' | 'failed' | 'ended';

/**
 * How opening a failed device fails: "unreadable" for a hardware or system error (NotReadableError),
 * "aborted" for any other failure (AbortError).
 */
export type DeviceFailure = 'unreadable' | 'aborted';

/** What the registry tells MediaDevices objects. */
export interface DeviceRegistryListener {
  /** The list of devices changed (added, removed, default changed). */
  devicesChanged(): void;
  /** A device was removed, failed or ended: its sources must end. */
  deviceLost(device: DeviceDescriptor, loss: DeviceLoss): void;
}

function keyOf(kind: MediaDeviceKind, rawId: string): string {
  return `${kind}\u0000${rawId}`;
}

/** The devices one or more MediaDevices objects see. */
export class DeviceRegistry {
  #devices: DeviceDescriptor[];
  readonly #failed = new Map<string, DeviceFailure>();
  readonly #listeners = new Set<DeviceRegistryListener>();

  /** A registry holding `devices` in order (defaults are marked on the descriptors). */
  constructor(devices: readonly DeviceDescriptor[]) {
    this.#devices = [];
    for (const device of devices) {
      this.#insert(device);
    }
  }

  /** The devices, in the order providers listed them. */
  get devices(): readonly DeviceDescriptor[] {
    return this.#devices;
  }

  /** The device with this kind and raw id. */
  find(kind: MediaDeviceKind, rawId: string): DeviceDescriptor | undefined {
    return this.#devices.find((d) => d.kind === kind && d.rawId === rawId);
  }

  /** How opening the device fails, or undefined when it works. */
  failureOf(device: DeviceDescriptor): DeviceFailure | undefined {
    return this.#failed.get(keyOf(device.kind, device.rawId));
  }

  /** Registers a listener; returns a function that removes it. */
  subscribe(listener: DeviceRegistryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds a device (hot-plug). A new default device takes the default from the old one. */
  add(device: DeviceDescriptor): void {
    this.#insert(device);
    this.#changed();
  }

  /** Removes a device (unplug): its tracks end, and devicechange fires. Devices match by kind and raw id. */
  remove(device: Pick<DeviceDescriptor, 'kind' | 'rawId'>): void {
    const index = this.#devices.findIndex((d) => d.kind === device.kind && d.rawId === device.rawId);
    if (index === -1) {
      return;
    }
    const [removed] = this.#devices.splice(index, 1) as [DeviceDescriptor];
    this.#failed.delete(keyOf(device.kind, device.rawId));
    if (removed.isDefault) {
      const heir = this.#devices.find((d) => d.kind === device.kind);
      if (heir !== undefined) {
        this.#devices[this.#devices.indexOf(heir)] = { ...heir, isDefault: true };
      }
    }
    this.#lost(removed, 'removed');
    this.#changed();
  }

  /**
   * Replaces the descriptor of a device (same kind and raw id, keeping its default flag), for instance
   * when what it captures changes. Listeners hear `devicesChanged`; devicechange fires only where the
   * exposed list differs, which a new capture model alone never makes it.
   */
  replace(device: DeviceDescriptor): void {
    const index = this.#devices.findIndex((d) => d.kind === device.kind && d.rawId === device.rawId);
    if (index === -1) {
      throw new Error(`DeviceRegistry.replace: no ${device.kind} device has id "${device.rawId}"`);
    }
    this.#devices[index] = { ...device, isDefault: (this.#devices[index] as DeviceDescriptor).isDefault };
    this.#changed();
  }

  /**
   * Makes a device the default of its kind (the system's default changed); the previous default stops
   * being one. Listeners hear `devicesChanged` when something changed.
   */
  setDefault(device: Pick<DeviceDescriptor, 'kind' | 'rawId'>): void {
    const target = this.find(device.kind, device.rawId);
    if (target === undefined || target.isDefault) {
      return;
    }
    this.#devices = this.#devices.map((d) => {
      if (d.kind !== device.kind) {
        return d;
      }
      return d === target ? { ...d, isDefault: true } : d.isDefault ? { ...d, isDefault: false } : d;
    });
    this.#changed();
  }

  /** Ends every track on the device; with `failure`, later attempts to open it fail that way. */
  end(device: DeviceDescriptor, failure?: DeviceFailure): void {
    if (failure !== undefined) {
      this.#failed.set(keyOf(device.kind, device.rawId), failure);
    }
    this.#lost(device, failure === undefined ? 'ended' : 'failed');
  }

  /** Lets a failed device capture again. */
  recover(device: DeviceDescriptor): void {
    this.#failed.delete(keyOf(device.kind, device.rawId));
  }

  #insert(device: DeviceDescriptor): void {
    if (this.find(device.kind, device.rawId) !== undefined) {
      throw new Error(`DeviceRegistry: a ${device.kind} device with id "${device.rawId}" already exists`);
    }
    if (device.isDefault) {
      this.#devices = this.#devices.map((d) => (d.kind === device.kind && d.isDefault ? { ...d, isDefault: false } : d));
    }
    this.#devices.push(device);
  }

  #lost(device: DeviceDescriptor, loss: DeviceLoss): void {
    for (const listener of [...this.#listeners]) {
      listener.deviceLost(device, loss);
    }
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) {
      listener.devicesChanged();
    }
  }
}
