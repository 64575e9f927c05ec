/**
 * Options of a MediaDevices object, and how the environment variables of the default instance map to
 * them (MEDIACAPTURE_FAKE_DEVICES, MEDIACAPTURE_FAKE_VIDEO_FILE, MEDIACAPTURE_FAKE_AUDIO_FILE,
 * MEDIACAPTURE_PERMISSION, MEDIACAPTURE_DEVICE_ID_SALT).
 *
 * @module
 */

import { parseFakeDeviceOptions, type FakeDeviceOptions } from './fake-devices.js';
import { PERMISSION_STATES, type PermissionState } from './permissions.js';

/** Which devices a MediaDevices object sees. */
export type DeviceSetChoice = { readonly type: 'fake'; readonly options: FakeDeviceOptions } | { readonly type: 'system' };

/** The parsed environment of the default MediaDevices object. */
export interface EnvironmentOptions {
  readonly devices: DeviceSetChoice;
  readonly permission: PermissionState;
  readonly deviceIdSalt: string | undefined;
  /** MEDIACAPTURE_FAKE_VIDEO_FILE: the file the fake cameras play; absent when unset or empty. */
  readonly videoFile?: string;
  /** MEDIACAPTURE_FAKE_AUDIO_FILE: the file the fake microphones play (`%noloop` kept); absent when unset or empty. */
  readonly audioFile?: string;
}

/** Parses a permission answer, with a clear error for anything else. */
export function parsePermissionState(text: string, source: string): PermissionState {
  const value = text.trim();
  if (!(PERMISSION_STATES as readonly string[]).includes(value)) {
    throw new Error(`${source} must be one of ${PERMISSION_STATES.join(', ')}, not "${text}"`);
  }
  return value as PermissionState;
}

/**
 * Reads the environment: MEDIACAPTURE_FAKE_DEVICES unset or empty means the system's devices, `1` or
 * Chromium-style options (`fps=30,device-count=2`) the fake set; MEDIACAPTURE_FAKE_VIDEO_FILE and
 * MEDIACAPTURE_FAKE_AUDIO_FILE are the files the fake cameras and microphones play (as Chromium's
 * `--use-file-for-fake-video-capture` / `--use-file-for-fake-audio-capture`, `%noloop` included); only
 * their presence is read here, the files when the devices are used. MEDIACAPTURE_PERMISSION is the
 * answer for camera and microphone ("granted" when unset).
 */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): EnvironmentOptions {
  const fake = env['MEDIACAPTURE_FAKE_DEVICES'];
  const permission = env['MEDIACAPTURE_PERMISSION'];
  let devices: DeviceSetChoice = { type: 'system' };
  if (fake !== undefined && fake.trim() !== '' && fake.trim() !== '0') {
    try {
      devices = { type: 'fake', options: parseFakeDeviceOptions(fake) };
    } catch (error) {
      throw new Error(`MEDIACAPTURE_FAKE_DEVICES: ${(error as Error).message}`);
    }
  }
  return {
    devices,
    permission:
      permission === undefined || permission.trim() === ''
        ? 'granted'
        : parsePermissionState(permission, 'MEDIACAPTURE_PERMISSION'),
    deviceIdSalt: env['MEDIACAPTURE_DEVICE_ID_SALT'],
    ...fileVariable('videoFile', env['MEDIACAPTURE_FAKE_VIDEO_FILE']),
    ...fileVariable('audioFile', env['MEDIACAPTURE_FAKE_AUDIO_FILE']),
  };
}

/** `{ [name]: value }` for a set, non-empty variable; `{}` otherwise. */
function fileVariable(name: 'videoFile' | 'audioFile', value: string | undefined): Partial<EnvironmentOptions> {
  return value === undefined || value.trim() === '' ? {} : { [name]: value };
}
