// A MediaDevices object on the system devices of the providers a test gives (in-memory ones, or the real
// providers running stand-in programs).
import { MediaDevices } from '../../../src/api/media-devices.js';
import { DeviceIdDeriver } from '../../../src/devices/device-ids.js';
import { DeviceRegistry } from '../../../src/devices/device-registry.js';
import { DeviceSession } from '../../../src/devices/device-session.js';
import { PermissionStore, type PermissionState } from '../../../src/devices/permissions.js';
import { MonotonicClock } from '../../../src/media/clock.js';
import type { PlatformProvider } from '../../../src/sources/platform/platform-device.js';
import { INTERNAL } from '../../../src/webidl/interface.js';

/** MediaDevices listing the devices of `providers` as a Linux machine's, with `permission` for every kind. */
export function systemMediaDevices(providers: PlatformProvider[], permission: PermissionState = 'granted'): { mediaDevices: MediaDevices; session: DeviceSession } {
  const session = new DeviceSession(
    new DeviceRegistry([]),
    new PermissionStore(permission),
    new DeviceIdDeriver('null', 'salt'),
    new MonotonicClock(),
    '',
    undefined,
    providers,
    'linux',
  );
  return { mediaDevices: new MediaDevices(INTERNAL, session), session };
}
