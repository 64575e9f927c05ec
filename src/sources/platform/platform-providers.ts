/**
 * The capture systems of each platform, as {@link PlatformProvider}s, in the order their devices are
 * listed: sound first, then cameras (camera-providers.ts). Adding one (X11 screens, macOS microphones, …)
 * is one line in the list of its platform.
 *
 * @module
 */

import { cameraProviders } from './camera-providers.js';
import { linuxSoundProvider } from './linux/linux-sound-provider.js';
import type { PlatformProvider } from './platform-device.js';

/** New providers for `platform` (a `process.platform` value); empty where none is supported yet. */
export function platformProviders(platform: NodeJS.Platform = process.platform): PlatformProvider[] {
  switch (platform) {
    case 'linux':
      return [linuxSoundProvider(), ...cameraProviders(platform)];
    default:
      return cameraProviders(platform);
  }
}
