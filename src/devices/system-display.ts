/**
 * The display surfaces of the machine: X11 monitors on Linux; other platforms have no display capture yet.
 *
 * @module
 */

import { x11DisplaySurfaces } from '../sources/platform/linux/x11-display.js';
import type { DisplaySurfaceProvider } from '../sources/platform/platform-display.js';

/** The display-capture provider of `platform` (default: this process's). */
export function systemDisplaySurfaces(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): DisplaySurfaceProvider {
  if (platform === 'linux') {
    return x11DisplaySurfaces(env);
  }
  return {
    name: 'none',
    list: async () => ({ type: 'unsupported', reason: `screen capture on ${platform} is not implemented (only X11 on Linux is)` }),
  };
}
