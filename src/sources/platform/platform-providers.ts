/**
 * The capture systems of each platform, as {@link PlatformProvider}s. Adding one (V4L2 cameras, X11
 * screens, …) is one line in the list of its platform.
 *
 * @module
 */

import { linuxSoundProvider } from './linux/linux-sound-provider.js';
import type { PlatformProvider } from './platform-device.js';

/** New providers for `platform` (a `process.platform` value); empty where none is supported yet. */
export function platformProviders(platform: NodeJS.Platform = process.platform): PlatformProvider[] {
  switch (platform) {
    case 'linux':
      return [linuxSoundProvider()];
    default:
      return [];
  }
}
