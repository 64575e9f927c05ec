/**
 * What a platform provider (PulseAudio, V4L2, X11, avfoundation, dshow) reports about one real device:
 * the fields of the devices layer's DeviceDescriptor, plus the producer that captures it. The devices
 * layer (`devices/system-devices.ts`) turns these into registry entries and opens sources with
 * `producer`.
 *
 * @module
 */

import type { DeviceCaptureModel } from '../capture-model.js';
import type { ProducerFactory } from '../capture-source.js';

/** A real device, as a platform provider lists it. */
export interface PlatformDevice {
  /** Stable for as long as the device is plugged in (a PulseAudio source name, /dev/videoN, …); never exposed. */
  readonly rawId: string;
  readonly kind: 'audioinput' | 'audiooutput' | 'videoinput';
  readonly label: string;
  /** Devices of one physical device share this key (a sound card's input and output, for instance). */
  readonly groupKey: string;
  /** Whether the system names this device its default of its kind. */
  readonly isDefault: boolean;
  /** What the device captures, from the system's own report; absent for outputs. */
  readonly capture?: DeviceCaptureModel;
  /** Captures the device; absent for outputs. */
  readonly producer?: ProducerFactory;
  /**
   * Says, without blocking, why the device cannot be opened now (another program holds it exclusively),
   * or undefined when it can; getUserMedia then rejects with NotReadableError. Absent where the system
   * shares devices (PulseAudio).
   */
  readonly unavailable?: () => string | undefined;
  /**
   * How long getUserMedia waits for the device's first frame, or its failure, before it resolves (absent: it
   * does not wait): for devices whose capture program only finds out when it opens them that another program
   * holds them, so that getUserMedia can reject with NotReadableError, as a browser does. A device that gives
   * no frame in that time (a silent, suspended PulseAudio sink) still resolves.
   */
  readonly startWaitMs?: number;
}

/** A camera's start wait: opening one and getting its first frame can take seconds. */
export const CAMERA_START_WAIT_MS = 10_000;

/**
 * A microphone's start wait: a capture program fails within milliseconds when the device is busy, and a
 * working microphone delivers its first chunk within about 100 ms; a silent sink can take seconds, which
 * getUserMedia does not wait for.
 */
export const MICROPHONE_START_WAIT_MS = 500;

/** One capture system of a platform (PulseAudio, V4L2, …). */
export interface PlatformProvider {
  /** A short name for errors and docs ("pulseaudio", "v4l2"). */
  readonly name: string;
  /**
   * The devices this system has now. Rejects only on unexpected errors; a system that is simply absent
   * (no sound server, no /sys/class/video4linux) resolves to an empty list.
   */
  list(): Promise<readonly PlatformDevice[]>;
  /**
   * Starts watching for hot-plug; `changed` is called (maybe more than once per change) when the list may
   * differ. Returns a function that stops watching. Watch processes must not keep Node alive (unref).
   */
  watch?(changed: () => void): () => void;
  /**
   * Why the last list() found no capture system (not installed, no server answering), for the hint of
   * "no device" errors; undefined when the system answered.
   */
  problem?(): string | undefined;
}
