/**
 * The engine state behind one MediaDevices object: the devices it sees, their exposed ids, its
 * permission store, and the capture sources it has open (one per device, shared by all its tracks).
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import type { Clock } from '../media/clock.js';
import { CaptureSource, type ProducerFactory, type SourceEndReason } from '../sources/capture-source.js';
import { withoutPanTiltZoom } from '../sources/camera-controls.js';
import { BeepBus } from '../sources/fake/beep-bus.js';
import { fakeCameraProducer } from '../sources/fake/fake-camera-producer.js';
import { fakeMicrophoneProducer } from '../sources/fake/fake-microphone-producer.js';
import { PAN_TILT_ZOOM } from '../constraints/registry.js';
import { selectSettings, settlesOnDefaults, type MadeSelection } from '../constraints/select-settings.js';
import type { SettingsRegion } from '../constraints/settings-space.js';
import { settingsSpaceOf, type CaptureRegionTag, type DeviceCaptureModel, type DeviceIdentity } from '../sources/capture-model.js';
import { deviceKeyOf, inputKindOf, permissionNameOf, type DeviceDescriptor, type DevicePermissionName } from './device.js';
import type { DeviceIdDeriver } from './device-ids.js';
import { DisplayCapture } from './display-capture.js';
import type { DeviceFailure, DeviceLoss, DeviceRegistry } from './device-registry.js';
import { FileDevices, type FileDeviceOptions } from './file-devices.js';
import type { PermissionStore } from './permissions.js';
import { ProducerSwitch } from './producer-switch.js';
import type { PlatformProvider } from '../sources/platform/platform-device.js';
import { SystemDevices } from './system-devices.js';

/**
 * The result of opening a device. A failure may carry a `message` saying what went wrong (a media
 * file's error), for the NotReadableError.
 */
export type AcquireResult =
  | {
      readonly ok: true;
      readonly source: CaptureSource;
      /** How long getUserMedia waits for the source's first frame (or its failure) before it resolves; absent: not at all. */
      readonly startWaitMs?: number;
    }
  | { readonly ok: false; readonly failure: DeviceFailure; readonly message?: string };

/** An open source, the device it captures, and the switch of its media when files can replace it. */
interface OpenSource {
  readonly device: DeviceDescriptor;
  readonly source: CaptureSource;
  readonly producerSwitch: ProducerSwitch | undefined;
}

/** Callbacks from a session to its MediaDevices object. */
export interface DeviceSessionListener {
  /** The registry's device list changed. */
  devicesChanged(): void;
  /**
   * The first listing of the system's devices is in the registry: the devices were there all along, so
   * this is no device change (no devicechange), only what the MediaDevices object knows of them.
   */
  devicesListed?(): void;
  /** A source stopped: its last track ended, or the device went away. */
  sourceStopped(device: DeviceDescriptor, source: CaptureSource): void;
}


const LOSS_REASON: Record<DeviceLoss, SourceEndReason> = {
  removed: 'device-removed',
  failed: 'device-failed',
  ended: 'ended',
};

/** Devices, ids, permissions and open sources of one MediaDevices object. */
export class DeviceSession {
  readonly #registry: DeviceRegistry;
  readonly #permissions: PermissionStore;
  readonly #ids: DeviceIdDeriver;
  readonly #clock: Clock;
  readonly #emptyHint: string;
  /** Exposed ids by device (HMACs are worth computing once). */
  readonly #identities = new Map<string, DeviceIdentity>();
  /** Settings spaces by descriptor; descriptors are immutable, so a changed device is a new key. */
  readonly #spaces = new WeakMap<DeviceDescriptor, readonly SettingsRegion<CaptureRegionTag>[]>();
  /** Settings spaces without pan, tilt and zoom where those settle on their defaults (or have none), by descriptor. */
  readonly #rankingSpaces = new WeakMap<DeviceDescriptor, readonly SettingsRegion<CaptureRegionTag>[]>();
  /** SelectSettings with no constraints (what `audio: true` asks for), by descriptor. */
  readonly #unconstrained = new WeakMap<DeviceDescriptor, MadeSelection<CaptureRegionTag>>();
  /** Couples this session's fake cameras and microphones (the beep). */
  readonly #beeps = new BeepBus();
  readonly #sources = new Map<string, OpenSource>();
  /** The media files behind the fake devices, when the set is the fake one. */
  readonly #files: FileDevices | undefined;
  /** The machine's devices, when the set is the system one. */
  readonly #system: SystemDevices | undefined;
  /** Set while a system listing changes the registry; #missed says whether it did. */
  #quiet = false;
  #missed = false;
  readonly #unsubscribe: () => void;
  readonly #unsubscribePermissions: () => void;
  /** getDisplayMedia()'s surfaces and sources. */
  readonly #display: DisplayCapture;
  #listener: DeviceSessionListener | undefined;

  /**
   * A session over `registry`, answering permissions from `permissions`; sources it opens time their
   * frames with `clock`. `emptyHint` is appended to "no device" errors (for instance to suggest the fake
   * devices where no system devices are supported). With `files`, the input devices the registry holds
   * now (the fake set) play those files instead of their synthetic media (see file-devices.ts). With
   * `providers`, the registry holds the system's devices those capture systems list (see
   * system-devices.ts), from the first ready() on; `platform` names the platform in error hints.
   */
  constructor(
    registry: DeviceRegistry,
    permissions: PermissionStore,
    ids: DeviceIdDeriver,
    clock: Clock,
    emptyHint = '',
    files?: FileDeviceOptions,
    providers?: readonly PlatformProvider[],
    platform: string = process.platform,
  ) {
    this.#registry = registry;
    this.#permissions = permissions;
    this.#ids = ids;
    this.#clock = clock;
    this.#emptyHint = emptyHint;
    this.#display = new DisplayCapture(ids, clock);
    this.#unsubscribe = registry.subscribe({
      devicesChanged: () => {
        if (this.#quiet) {
          this.#missed = true;
        } else {
          this.#listener?.devicesChanged();
        }
      },
      deviceLost: (device, loss) => this.#sources.get(deviceKeyOf(device))?.source.end(LOSS_REASON[loss]),
    });
    this.#unsubscribePermissions = permissions.onChange((name, from, to) => {
      // https://w3c.github.io/mediacapture-main/#dfn-device-permission-revocation-algorithm
      if (name === 'display-capture') {
        // Display capture is never granted for good: only a denial ends running captures.
        if (to === 'denied') {
          this.#display.endAll('permission-revoked');
        }
      } else if (from !== to && to !== 'granted') {
        this.endSources((device) => permissionNameOf(device.kind) === name, 'permission-revoked');
      }
    });
    this.#files = files === undefined ? undefined : new FileDevices(registry, files, (kind) => this.#mediaChanged(kind));
    this.#system = providers === undefined ? undefined : new SystemDevices(registry, providers, platform, (apply, initial) => this.#systemListed(apply, initial));
    // Node fills its UUID entropy cache on the first randomUUID() (about 0.2 ms): now, not in the first getUserMedia().
    randomUUID();
    // What the first getUserMedia() needs of each input device is prepared now, so that call is quick.
    for (const kind of ['audio', 'video'] as const) {
      for (const device of this.inputDevices(kind)) {
        this.unconstrainedSelection(device as DeviceDescriptor & { capture: DeviceCaptureModel });
      }
    }
  }

  /**
   * Resolves once what the devices capture is known: media files loaded (or found unusable) and file
   * swaps done. getUserMedia() and enumerateDevices() await it; it never rejects.
   */
  async ready(): Promise<void> {
    await this.#files?.ready();
    await this.#system?.ready();
  }

  /**
   * Makes the fake devices of `kind` play `path` (undefined: their synthetic media), running sources
   * included: their tracks stay live and get settings within the file's model.
   *
   * @throws MediaFileError when the file cannot be used (nothing changes); Error without the fake set.
   */
  async setMediaFile(kind: 'audio' | 'video', path: string | undefined): Promise<void> {
    if (this.#files === undefined) {
      throw new Error('media files play on the fake devices only, and this MediaDevices object has the system devices');
    }
    await this.#files.setFile(kind, path);
  }

  /** Sets the object told about device list changes and stopped sources. */
  setListener(listener: DeviceSessionListener): void {
    this.#listener = listener;
  }

  /** The registry this session reads devices from. */
  get registry(): DeviceRegistry {
    return this.#registry;
  }

  /** The permission answers of this session. */
  get permissions(): PermissionStore {
    return this.#permissions;
  }

  /** getDisplayMedia()'s display surfaces and the sources open on them. */
  get display(): DisplayCapture {
    return this.#display;
  }

  /** Text appended to "no device is available" errors (what the system's capture systems found). */
  get emptyHint(): string {
    return this.#system?.emptyHint() ?? this.#emptyHint;
  }

  /** The device list, as the registry has it now. */
  get devices(): readonly DeviceDescriptor[] {
    return this.#registry.devices;
  }

  /** The exposed deviceId and groupId of a device. */
  identity(device: DeviceDescriptor): DeviceIdentity {
    const key = `${device.kind}\u0000${device.rawId}\u0000${device.groupKey}`;
    let identity = this.#identities.get(key);
    if (identity === undefined) {
      identity = { deviceId: this.#ids.deviceId(device), groupId: this.#ids.groupId(device) };
      this.#identities.set(key, identity);
    }
    return identity;
  }

  /** Every settings dictionary a track of an input device can have (cached per descriptor). */
  settingsSpace(device: DeviceDescriptor & { capture: DeviceCaptureModel }): readonly SettingsRegion<CaptureRegionTag>[] {
    let space = this.#spaces.get(device);
    if (space === undefined) {
      space = settingsSpaceOf(device.capture, this.identity(device));
      this.#spaces.set(device, space);
    }
    return space;
  }

  /**
   * The regions getUserMedia() ranks a device on when its constraints name neither pan, tilt nor zoom: those of a
   * track without them (what such a request gets, see MediaStreamTrack's panTiltZoom) when they settle on their
   * defaults, which then changes no distance and no choice (and the fan-out takes the selection as it is); the
   * whole settings space otherwise. Cached per descriptor.
   */
  rankingSpace(device: DeviceDescriptor & { capture: DeviceCaptureModel }): readonly SettingsRegion<CaptureRegionTag>[] {
    let regions = this.#rankingSpaces.get(device);
    if (regions === undefined) {
      const space = this.settingsSpace(device);
      regions = settlesOnDefaults(space, PAN_TILT_ZOOM) ? withoutPanTiltZoom(space) : space;
      this.#rankingSpaces.set(device, regions);
    }
    return regions;
  }

  /** SelectSettings over a device's {@link rankingSpace} with no constraints (cached per descriptor). */
  unconstrainedSelection(device: DeviceDescriptor & { capture: DeviceCaptureModel }): MadeSelection<CaptureRegionTag> {
    let made = this.#unconstrained.get(device);
    if (made === undefined) {
      const regions = this.rankingSpace(device);
      const constraints = { basic: new Map(), advanced: [] };
      const kind = device.capture.kind;
      made = { regions, constraints, kind, result: selectSettings(regions, constraints, kind) };
      this.#unconstrained.set(device, made);
    }
    return made;
  }

  /** Input devices that capture `trackKind`, the system default first. */
  inputDevices(trackKind: 'audio' | 'video'): DeviceDescriptor[] {
    const kind = inputKindOf(trackKind);
    const devices = this.#registry.devices.filter((d) => d.kind === kind && d.capture !== undefined);
    return [...devices.filter((d) => d.isDefault), ...devices.filter((d) => !d.isDefault)];
  }

  /** The live source open on a device, if any. */
  liveSource(device: DeviceDescriptor): CaptureSource | undefined {
    return this.#sources.get(deviceKeyOf(device))?.source;
  }

  /** Whether a device of this permission kind feeds a live track of this session. */
  hasLiveSource(permission: DevicePermissionName): boolean {
    for (const { device } of this.#sources.values()) {
      if (permissionNameOf(device.kind) === permission) {
        return true;
      }
    }
    return false;
  }

  /**
   * Opens a device: the live source already open on it, or a new one. Fails as the device is set to fail,
   * and with "unreadable" when it was unplugged after it was selected (for instance during a prompt).
   */
  acquire(selected: DeviceDescriptor): AcquireResult {
    // The registry's descriptor is the current one (a media file may have changed its model).
    const device = this.#registry.find(selected.kind, selected.rawId);
    if (device === undefined) {
      return { ok: false, failure: 'unreadable' };
    }
    const failure = this.#registry.failureOf(device);
    if (failure !== undefined) {
      const message = this.#system?.failureMessage(device);
      return message === undefined ? { ok: false, failure } : { ok: false, failure, message };
    }
    const open = this.liveSource(device);
    if (open !== undefined) {
      return { ok: true, source: open, startWaitMs: this.#system?.platformDevice(device)?.startWaitMs };
    }
    const capture = device.capture;
    if (capture === undefined) {
      return { ok: false, failure: 'aborted' };
    }
    // System devices capture with their platform's producer; devices added through the testing control
    // plane have none and run the synthetic media.
    const platformDevice = this.#system?.platformDevice(device);
    let producer = platformDevice === undefined ? this.#syntheticProducer(capture) : platformDevice.producer;
    if (producer === undefined) {
      return { ok: false, failure: 'unreadable', message: 'the system lists no way to capture it' };
    }
    const unavailable = platformDevice?.unavailable?.();
    if (unavailable !== undefined) {
      return { ok: false, failure: 'unreadable', message: unavailable };
    }
    let producerSwitch: ProducerSwitch | undefined;
    if (this.#files?.isFileBacked(device) === true) {
      const media = this.#files.mediaFor(device);
      if (media.type === 'failed') {
        return { ok: false, failure: 'unreadable', message: media.error.message };
      }
      const initial = media.type === 'file' ? media.producer : producer;
      producer = ProducerSwitch.factory(initial, (created) => {
        producerSwitch = created;
      });
    }
    const source = new CaptureSource(device.label, capture, this.identity(device), this.#clock, producer, this.settingsSpace(device as DeviceDescriptor & { capture: DeviceCaptureModel }));
    const key = deviceKeyOf(device);
    this.#sources.set(key, { device, source, producerSwitch });
    source.onStop(() => {
      if (this.#sources.get(key)?.source === source) {
        this.#sources.delete(key);
      }
      if (platformDevice !== undefined) {
        this.#system?.sourceFailed(device, source.failure);
      }
      this.#listener?.sourceStopped(device, source);
    });
    return { ok: true, source, startWaitMs: platformDevice?.startWaitMs };
  }

  /** Ends every open source whose device matches. */
  endSources(matches: (device: DeviceDescriptor) => boolean, reason: SourceEndReason): void {
    for (const { device, source } of [...this.#sources.values()]) {
      if (matches(device)) {
        source.end(reason);
      }
    }
  }

  /** The fake pattern or beep for a device with `capture`. */
  #syntheticProducer(capture: DeviceCaptureModel): ProducerFactory {
    return capture.kind === 'video' ? fakeCameraProducer(this.#beeps) : fakeMicrophoneProducer(capture, this.#beeps);
  }

  /** The media of `kind` was replaced: live sources of file-backed devices switch to it. */
  #mediaChanged(kind: 'audio' | 'video'): void {
    const files = this.#files as FileDevices;
    for (const { device, source, producerSwitch } of [...this.#sources.values()]) {
      const current = this.#registry.find(device.kind, device.rawId);
      if (producerSwitch === undefined || source.kind !== kind || current?.capture === undefined) {
        continue;
      }
      const media = files.mediaFor(current);
      if (media.type === 'failed') {
        source.end('device-failed');
        continue;
      }
      producerSwitch.replace(media.type === 'file' ? media.producer : this.#syntheticProducer(current.capture));
      // The fan-out selects every track's settings anew; a new native mode restarts the producer.
      source.setModel(current.capture);
      producerSwitch.resume(source.nativeMode);
    }
  }

  /**
   * Applies the registry changes of a system listing as one device change (one devicechange at most);
   * those of the first listing are no change at all, only what the MediaDevices object learns.
   */
  #systemListed(apply: () => void, initial: boolean): void {
    this.#quiet = true;
    this.#missed = false;
    try {
      apply();
    } finally {
      this.#quiet = false;
    }
    if (initial) {
      this.#listener?.devicesListed?.();
    } else if (this.#missed) {
      this.#listener?.devicesChanged();
    }
  }

  /** Ends every source, stops watching the system's devices and listening to the registry and permissions. */
  close(): void {
    this.#system?.close();
    this.endSources(() => true, 'ended');
    this.#display.endAll('ended');
    this.#unsubscribe();
    this.#unsubscribePermissions();
  }
}
