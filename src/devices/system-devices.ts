/**
 * The machine's own devices: what the platform's capture systems ({@link PlatformProvider}s, see
 * sources/platform/platform-providers.ts) list, kept in a DeviceRegistry. The first listing runs when
 * the devices are first needed (DeviceSession.ready(), which getUserMedia and enumerateDevices await);
 * then the providers' hot-plug watches trigger new listings, whose differences become registry changes:
 * added, removed (their tracks end) or replaced devices, and default changes, which fire devicechange
 * through the registry's listeners.
 *
 * A device whose capture found it busy (a camera or microphone another program holds, or that the sound
 * server refuses: a {@link CaptureError} with reason "busy") is marked failed in the registry, so later
 * getUserMedia calls on it reject with NotReadableError at once instead of opening a track that ends
 * straight away. The mark lasts until the
 * device is listed again: the next listing after a hot-plug notice (of any device of any provider), or
 * the device unplugged and plugged back in. Nothing tells us when the other program lets go, so a new
 * listing is the moment to try again.
 *
 * Watches never keep Node alive, and hold this object only weakly: a MediaDevices object that is
 * garbage collected stops its watches (their child processes are killed).
 *
 * @module
 */

import { CaptureError } from '../sources/platform/capture-error.js';
import type { PlatformDevice, PlatformProvider } from '../sources/platform/platform-device.js';
import { deviceKeyOf, type DeviceDescriptor, type MediaDeviceKind } from './device.js';
import type { DeviceRegistry } from './device-registry.js';
import { hostClearTimeout, hostSetTimeout } from '../media/host-timers.js';

/** Hot-plug notices arriving within this time make one new listing. */
export const RELIST_DELAY_MS = 100;

const KIND_WORDS: Record<MediaDeviceKind, [string, string]> = {
  audioinput: ['microphone', 'microphones'],
  audiooutput: ['audio output', 'audio outputs'],
  videoinput: ['camera', 'cameras'],
};

const FAKE_ADVICE = 'set MEDIACAPTURE_FAKE_DEVICES=1 or pass devices: "fake" for the fake devices';


/** The registry entry of a platform device (its producer stays here). */
function descriptorOf(device: PlatformDevice): DeviceDescriptor {
  const { rawId, kind, label, groupKey, isDefault, capture } = device;
  return capture === undefined ? { rawId, kind, label, groupKey, isDefault } : { rawId, kind, label, groupKey, isDefault, capture };
}

function sameDevice(a: PlatformDevice, b: PlatformDevice): boolean {
  return a.label === b.label && a.groupKey === b.groupKey && JSON.stringify(a.capture) === JSON.stringify(b.capture);
}

/** What one provider's last listing gave. */
interface ProviderListing {
  readonly devices: Map<string, PlatformDevice>;
  /** The error of a listing that rejected (the devices are then those of the listing before). */
  error: string | undefined;
}

/** Stops the watches of system device sets that were garbage collected. */
const watchesOfCollected = new FinalizationRegistry<(() => void)[]>((stops) => {
  for (const stop of stops) {
    stop();
  }
});

/** The system devices of one MediaDevices object. */
export class SystemDevices {
  readonly #registry: DeviceRegistry;
  readonly #providers: readonly PlatformProvider[];
  readonly #platform: string;
  /** Runs the registry changes of one listing as one change (see the constructor). */
  readonly #batch: (apply: () => void, initial: boolean) => void;
  readonly #listings = new Map<PlatformProvider, ProviderListing>();
  readonly #stops: (() => void)[] = [];
  /** The devices marked failed because they were busy, with the system's words for it. */
  readonly #busy = new Map<string, string>();
  #initial: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #listing = false;
  #dirty = false;
  #closed = false;

  /**
   * The devices of `providers` (the capture systems of `platform`, named in error hints), kept in
   * `registry`. `batch` runs `apply`, the registry changes of one listing, so that they make one device
   * change; `initial` marks the first listing, whose devices were there all along (no device change).
   */
  constructor(registry: DeviceRegistry, providers: readonly PlatformProvider[], platform: string, batch: (apply: () => void, initial: boolean) => void) {
    this.#registry = registry;
    this.#providers = providers;
    this.#platform = platform;
    this.#batch = batch;
  }

  /** Lists the devices the first time it is called and resolves once they are in the registry; never rejects. */
  ready(): Promise<void> {
    // Deviation: listed on first use rather than when MediaDevices is made, so importing runs no program.
    this.#initial ??= this.#listInitially();
    return this.#initial;
  }

  /** The platform device behind a registry entry (for its producer), if it is one of ours. */
  platformDevice(device: Pick<DeviceDescriptor, 'kind' | 'rawId'>): PlatformDevice | undefined {
    const key = deviceKeyOf(device);
    for (const listing of this.#listings.values()) {
      const found = listing.devices.get(key);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }

  /**
   * Told when a source on one of our devices stopped, with the error that ended it (if any): a device of
   * any kind found busy is marked failed ("unreadable") in the registry until it is listed again.
   */
  sourceFailed(device: DeviceDescriptor, failure: Error | undefined): void {
    if (failure instanceof CaptureError && failure.reason === 'busy' && this.#registry.find(device.kind, device.rawId) !== undefined) {
      this.#busy.set(deviceKeyOf(device), `${failure.device} is in use by another program or refused by the system (${failure.detail})`);
      this.#registry.end(device, 'unreadable');
    }
  }

  /** Why a device marked failed by {@link sourceFailed} cannot be opened, for the NotReadableError message. */
  failureMessage(device: Pick<DeviceDescriptor, 'kind' | 'rawId'>): string | undefined {
    return this.#busy.get(deviceKeyOf(device));
  }

  /**
   * Text for "no device is available" errors: which capture systems were asked and what they found,
   * and how to get fake devices instead.
   */
  emptyHint(): string {
    if (this.#providers.length === 0) {
      return ` (no capture system of ${this.#platform} is supported yet; ${FAKE_ADVICE})`;
    }
    const reports = this.#providers.map((provider) => `${provider.name}: ${this.#report(provider)}`);
    return ` (system devices from ${reports.join('; ')}; ${FAKE_ADVICE})`;
  }

  /** Stops watching (and listing). */
  close(): void {
    this.#closed = true;
    hostClearTimeout(this.#timer);
    for (const stop of this.#stops.splice(0)) {
      stop();
    }
    watchesOfCollected.unregister(this);
  }

  #report(provider: PlatformProvider): string {
    const listing = this.#listings.get(provider);
    if (listing === undefined) {
      return 'not listed yet';
    }
    if (listing.error !== undefined) {
      return `listing failed (${listing.error})`;
    }
    const problem = provider.problem?.();
    if (problem !== undefined && listing.devices.size === 0) {
      return problem;
    }
    const counts = new Map<MediaDeviceKind, number>();
    for (const device of listing.devices.values()) {
      counts.set(device.kind, (counts.get(device.kind) ?? 0) + 1);
    }
    if (counts.size === 0) {
      return 'no devices';
    }
    return [...counts].map(([kind, count]) => `${count} ${KIND_WORDS[kind][count === 1 ? 0 : 1]}`).join(', ');
  }

  async #listInitially(): Promise<void> {
    const results = await this.#listAll();
    if (this.#closed) {
      return;
    }
    try {
      this.#batch(() => this.#apply(results), true);
    } finally {
      this.#watch();
    }
  }

  /** Every provider's devices now; a provider whose listing rejects keeps its last list. */
  #listAll(): Promise<{ provider: PlatformProvider; devices: readonly PlatformDevice[] | undefined; error?: string }[]> {
    return Promise.all(
      this.#providers.map((provider) =>
        provider.list().then(
          (devices) => ({ provider, devices }),
          (error: unknown) => ({ provider, devices: undefined, error: error instanceof Error ? error.message : String(error) }),
        ),
      ),
    );
  }

  /** Turns the differences between the last listings and these into registry changes. */
  #apply(results: { provider: PlatformProvider; devices: readonly PlatformDevice[] | undefined; error?: string }[]): void {
    const registry = this.#registry;
    for (const { provider, devices, error } of results) {
      const listing = this.#listings.get(provider) ?? { devices: new Map<string, PlatformDevice>(), error: undefined };
      this.#listings.set(provider, listing);
      listing.error = error;
      if (devices === undefined) {
        continue;
      }
      const next = new Map<string, PlatformDevice>();
      for (const device of devices) {
        const key = deviceKeyOf(device);
        // A device another provider (or an earlier entry) already holds is not listed twice.
        if (!next.has(key) && (listing.devices.has(key) || registry.find(device.kind, device.rawId) === undefined)) {
          next.set(key, device);
        }
      }
      for (const [key, old] of listing.devices) {
        if (!next.has(key)) {
          listing.devices.delete(key);
          this.#busy.delete(key);
          registry.remove(old);
        }
      }
      for (const [key, device] of next) {
        const old = listing.devices.get(key);
        listing.devices.set(key, device);
        // A device removed behind our back (through the testing control plane) comes back as new.
        if (old === undefined || registry.find(device.kind, device.rawId) === undefined) {
          registry.add(descriptorOf(device));
        } else if (!sameDevice(old, device)) {
          registry.replace(descriptorOf(device));
        }
        if (device.isDefault) {
          registry.setDefault(device);
        }
        // A busy device listed again may be free now.
        if (this.#busy.delete(key)) {
          const current = registry.find(device.kind, device.rawId);
          if (current !== undefined) {
            registry.recover(current);
          }
        }
      }
    }
  }

  #watch(): void {
    const weak = new WeakRef(this);
    const changed = (): void => {
      weak.deref()?.relistSoon();
    };
    for (const provider of this.#providers) {
      if (provider.watch !== undefined) {
        this.#stops.push(provider.watch(changed));
      }
    }
    if (this.#stops.length > 0) {
      watchesOfCollected.register(this, this.#stops, this);
    }
  }

  /** Lists again shortly (hot-plug notices arriving close together make one listing). */
  relistSoon(): void {
    if (this.#closed) {
      return;
    }
    this.#dirty = true;
    if (this.#timer === undefined && !this.#listing) {
      this.#timer = hostSetTimeout(() => void this.#relist(), RELIST_DELAY_MS);
      this.#timer.unref();
    }
  }

  async #relist(): Promise<void> {
    this.#timer = undefined;
    this.#listing = true;
    this.#dirty = false;
    try {
      const results = await this.#listAll();
      if (!this.#closed) {
        this.#batch(() => this.#apply(results), false);
      }
    } finally {
      this.#listing = false;
    }
    if (this.#dirty) {
      this.#dirty = false;
      this.relistSoon();
    }
  }
}
