/**
 * The camera providers of each platform, so the system device set takes its cameras with one call:
 * V4L2 on Linux (tested with real ffmpeg pipelines), avfoundation on macOS and DirectShow on Windows
 * (tested on recorded ffmpeg outputs only).
 *
 * @module
 */

import { v4l2Provider } from './linux/v4l2-provider.js';
import { avfoundationProvider } from './macos/avfoundation-provider.js';
import type { PlatformProvider } from './platform-device.js';
import { dshowProvider } from './windows/dshow-provider.js';

/** What every camera provider may be given: how ffmpeg is found (MEDIACAPTURE_FFMPEG, PATH). */
export interface CameraProviderOptions {
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The camera providers for `platform` (a `process.platform` value): `[v4l2]` on linux, `[avfoundation]`
 * on darwin, `[dshow]` on win32, none elsewhere.
 */
export function cameraProviders(platform: NodeJS.Platform = process.platform, options: CameraProviderOptions = {}): PlatformProvider[] {
  switch (platform) {
    case 'linux':
      return [v4l2Provider(options)];
    case 'darwin':
      return [avfoundationProvider(options)];
    case 'win32':
      return [dshowProvider(options)];
    default:
      return [];
  }
}
