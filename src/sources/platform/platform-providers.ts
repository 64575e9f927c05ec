/**
 * The capture systems of each platform, as {@link PlatformProvider}s, in the order their devices are
 * listed: sound first (PulseAudio or ALSA on Linux, avfoundation microphones on macOS, DirectShow
 * microphones on Windows), then cameras (camera-providers.ts). Adding one is one line in the list of its
 * platform.
 *
 * @module
 */

import { cameraProviders } from './camera-providers.js';
import { linuxSoundProvider } from './linux/linux-sound-provider.js';
import { avfoundationMicrophoneProvider } from './macos/avfoundation-microphone-provider.js';
import type { PlatformProvider } from './platform-device.js';
import { dshowMicrophoneProvider } from './windows/dshow-microphone-provider.js';

/** New providers for `platform` (a `process.platform` value); empty where none is supported yet. */
export function platformProviders(platform: NodeJS.Platform = process.platform): PlatformProvider[] {
  switch (platform) {
    case 'linux':
      return [linuxSoundProvider(), ...cameraProviders(platform)];
    case 'darwin':
      return [avfoundationMicrophoneProvider(), ...cameraProviders(platform)];
    case 'win32':
      return [dshowMicrophoneProvider(), ...cameraProviders(platform)];
    default:
      return cameraProviders(platform);
  }
}
