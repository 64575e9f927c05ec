/**
 * Making MediaDevices objects: `createMediaDevices(options)` and the default instance, configured from
 * the environment like Chromium's command-line switches.
 *
 * @module
 */

import { DEFAULT_DEVICE_ID_SALT, DeviceIdDeriver } from '../devices/device-ids.js';
import { readEnvironment, parsePermissionState, type DeviceSetChoice } from '../devices/device-options.js';
import { DeviceRegistry } from '../devices/device-registry.js';
import { DeviceSession } from '../devices/device-session.js';
import { fakeDisplaySurfaces } from '../devices/fake-display.js';
import { systemDisplaySurfaces } from '../devices/system-display.js';
import { DEFAULT_FAKE_DEVICE_OPTIONS, fakeDevices, parseFakeDeviceOptions, type FakeDeviceOptions } from '../devices/fake-devices.js';
import { PermissionStore, type PermissionState, type PromptHandler } from '../devices/permissions.js';
import { MonotonicClock, type Clock } from '../media/clock.js';
import { platformProviders } from '../sources/platform/platform-providers.js';
import { INTERNAL } from '../webidl/interface.js';
import { MediaDevices } from './media-devices.js';

/** Options of {@link createMediaDevices}. */
export interface MediaDevicesOptions {
  /**
   * The devices: `"fake"` for the fake set (Chromium-compatible), fake options as a string
   * (`"fps=30,device-count=2"`) or object, or `"system"` for the machine's devices. Default: from
   * MEDIACAPTURE_FAKE_DEVICES.
   */
  readonly devices?: 'fake' | 'system' | string | Partial<FakeDeviceOptions>;
  /**
   * The permission answer for camera, microphone and display capture, or one for each. Default:
   * MEDIACAPTURE_PERMISSION, else "granted". "display-capture" is never stored as granted (the spec
   * forbids it): "granted" means every getDisplayMedia() prompt is accepted, "prompt" asks `onPrompt`.
   */
  readonly permission?:
    | PermissionState
    | {
        readonly camera?: PermissionState;
        readonly microphone?: PermissionState;
        readonly 'display-capture'?: PermissionState;
      };
  /** Answers prompts when a permission is "prompt". Without one, a prompt counts as dismissed. */
  readonly onPrompt?: PromptHandler;
  /** The origin deviceIds are derived for; different origins see unrelated deviceIds. Default "null". */
  readonly origin?: string;
  /** Keys deviceIds together with the origin. Default: MEDIACAPTURE_DEVICE_ID_SALT, else a fixed value. */
  readonly deviceIdSalt?: string;
  /** The clock that times frames; a VirtualClock from `mediacapture/testing` makes it deterministic. */
  readonly clock?: Clock;
  /**
   * A file the fake cameras play instead of their pattern, as Chromium's `--use-file-for-fake-video-capture`:
   * a `.y4m` (4:2:0, read here; frame rate from its header) or any file ffmpeg reads, looping. Settings
   * and capabilities become the file's size and frame rate. Ignored with the system's devices. Default:
   * MEDIACAPTURE_FAKE_VIDEO_FILE. A file that cannot be used makes getUserMedia() reject with
   * NotReadableError saying why.
   */
  readonly videoFile?: string;
  /**
   * A file the fake microphones play instead of their beep, as Chromium's `--use-file-for-fake-audio-capture`:
   * a `.wav` (PCM 8/16/24/32-bit or float, read here) or any file ffmpeg reads, at its own sample rate and
   * channel count. It loops, unless the path ends with `%noloop` (removed): then the tracks end after the
   * last sample. Ignored with the system's devices. Default: MEDIACAPTURE_FAKE_AUDIO_FILE.
   */
  readonly audioFile?: string;
}

function chooseDevices(value: MediaDevicesOptions['devices'], fallback: DeviceSetChoice): DeviceSetChoice {
  if (value === undefined) {
    return fallback;
  }
  if (value === 'system') {
    return { type: 'system' };
  }
  if (value === 'fake') {
    return { type: 'fake', options: DEFAULT_FAKE_DEVICE_OPTIONS };
  }
  if (typeof value === 'string') {
    return { type: 'fake', options: parseFakeDeviceOptions(value) };
  }
  const options = { ...DEFAULT_FAKE_DEVICE_OPTIONS, ...value };
  // Validate through the same parser as the string form.
  return { type: 'fake', options: parseFakeDeviceOptions(`fps=${options.fps},device-count=${options.deviceCount}`) };
}

/**
 * A new MediaDevices object with its own devices, permission answers and deviceId origin. Options not
 * given come from the environment variables, as for the default `mediaDevices`.
 */
export function createMediaDevices(options: MediaDevicesOptions = {}): MediaDevices {
  const env = readEnvironment(process.env);
  const devices = chooseDevices(options.devices, env.devices);
  const registry = new DeviceRegistry(devices.type === 'fake' ? fakeDevices(devices.options) : []);
  const permission = options.permission ?? env.permission;
  const permissions =
    typeof permission === 'string'
      ? new PermissionStore(parsePermissionState(permission, 'permission'), options.onPrompt)
      : new PermissionStore('prompt', options.onPrompt);
  if (typeof permission !== 'string') {
    permissions.set('camera', parsePermissionState(permission.camera ?? env.permission, 'permission.camera'));
    permissions.set('microphone', parsePermissionState(permission.microphone ?? env.permission, 'permission.microphone'));
    permissions.set(
      'display-capture',
      parsePermissionState(permission['display-capture'] ?? env.permission, "permission['display-capture']"),
    );
  }
  const ids = new DeviceIdDeriver(options.origin ?? 'null', options.deviceIdSalt ?? env.deviceIdSalt ?? DEFAULT_DEVICE_ID_SALT);
  const clock = options.clock ?? new MonotonicClock();
  const files = { videoFile: options.videoFile ?? env.videoFile, audioFile: options.audioFile ?? env.audioFile };
  const session =
    devices.type === 'fake'
      ? new DeviceSession(registry, permissions, ids, clock, '', files)
      : // "No device" errors say which capture systems were asked and what they found (system-devices.ts).
        new DeviceSession(registry, permissions, ids, clock, '', undefined, platformProviders());
  session.display.setProvider(devices.type === 'fake' ? fakeDisplaySurfaces(devices.options.fps) : systemDisplaySurfaces());
  return new MediaDevices(INTERNAL, session);
}
