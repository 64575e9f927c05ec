/**
 * The engine's description of a media device, as providers report it. Raw ids and group keys never reach
 * script: MediaDevices derives the exposed deviceId and groupId from them.
 *
 * @module
 */

import type { DeviceCaptureModel } from '../sources/capture-model.js';

/** https://w3c.github.io/mediacapture-main/#dom-mediadevicekind */
export const MEDIA_DEVICE_KINDS = ['audioinput', 'audiooutput', 'videoinput'] as const;
/** `"audioinput"`, `"audiooutput"` or `"videoinput"`. */
export type MediaDeviceKind = (typeof MEDIA_DEVICE_KINDS)[number];

/** A device as a provider describes it. */
export interface DeviceDescriptor {
  /** Unique among the registry's devices of the same kind; never exposed. */
  readonly rawId: string;
  readonly kind: MediaDeviceKind;
  readonly label: string;
  /** Devices with the same key belong to the same physical device (one groupId); never exposed. */
  readonly groupKey: string;
  /** Whether this is the system default device of its kind. */
  readonly isDefault: boolean;
  /** What an input device can capture; absent for outputs. */
  readonly capture?: DeviceCaptureModel;
}

/** A key unique to a device among all kinds: its kind and raw id. */
export function deviceKeyOf(device: Pick<DeviceDescriptor, 'kind' | 'rawId'>): string {
  return `${device.kind}\u0000${device.rawId}`;
}

/** The permission a kind of input device needs. */
export type DevicePermissionName = 'camera' | 'microphone';

/** The permission name for an input device kind, or undefined for outputs. */
export function permissionNameOf(kind: MediaDeviceKind): DevicePermissionName | undefined {
  if (kind === 'videoinput') {
    return 'camera';
  }
  if (kind === 'audioinput') {
    return 'microphone';
  }
  return undefined;
}

/** The device kind that captures a track kind. */
export function inputKindOf(trackKind: 'audio' | 'video'): MediaDeviceKind {
  return trackKind === 'audio' ? 'audioinput' : 'videoinput';
}
