/**
 * The display surfaces of the machine: X11 monitors on Linux, avfoundation's screens on macOS and the
 * gdigrab desktop on Windows (the last two untested on real hardware); other platforms have none.
 *
 * @module
 */

import { x11DisplaySurfaces } from '../sources/platform/linux/x11-display.js';
import { avfoundationDisplaySurfaces } from '../sources/platform/macos/avfoundation-screens.js';
import type { DisplaySurfaceProvider } from '../sources/platform/platform-display.js';
import { gdigrabDisplaySurfaces } from '../sources/platform/windows/gdigrab-display.js';

/** The display-capture provider of `platform` (default: this process's). */
export function systemDisplaySurfaces(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): DisplaySurfaceProvider {
  switch (platform) {
    case 'linux':
      return x11DisplaySurfaces(env);
    case 'darwin':
      return avfoundationDisplaySurfaces({ env });
    case 'win32':
      return gdigrabDisplaySurfaces({ env });
    default:
      return {
        name: 'none',
        list: async () => ({ type: 'unsupported', reason: `screen capture on ${platform} is not implemented (X11 on Linux, macOS and Windows are)` }),
      };
  }
}
