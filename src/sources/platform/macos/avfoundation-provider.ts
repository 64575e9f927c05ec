/**
 * Cameras on macOS through ffmpeg's avfoundation input: listed with `-list_devices true`, their modes
 * read from the "Supported modes:" ffmpeg prints for an impossible size, captured with
 * `ffmpeg -f avfoundation -i "<index>:none"` by the shared camera producer.
 *
 * Untested on real hardware (this project's CI runs Linux). AVFoundation knows which way a built-in
 * camera faces, but ffmpeg does not print it, so no facingMode is reported. There is no hot-plug watch:
 * a camera plugged in later appears the next time the list is read.
 *
 * @module
 */

import { ffmpegListedCameraDevice, ffmpegListingProvider, type FfmpegListingOptions } from '../ffmpeg-listing-provider.js';
import type { PlatformDevice, PlatformProvider } from '../platform-device.js';
import {
  avfoundationCameraInputArgs,
  avfoundationListArgs,
  avfoundationModeProbeArgs,
  parseAvfoundationDevices,
  parseAvfoundationModes,
} from './avfoundation-listing.js';

/** The avfoundation camera provider ("avfoundation"). Lists nothing when ffmpeg is not installed. */
export function avfoundationProvider(options: FfmpegListingOptions = {}): PlatformProvider {
  return ffmpegListingProvider(
    {
      name: 'avfoundation',
      listArgs: avfoundationListArgs,
      reportsProblem: false,
      async devices(stderr, ffmpeg, run) {
        const cameras = parseAvfoundationDevices(stderr).filter((device) => device.kind === 'video' && !device.screen);
        const devices: PlatformDevice[] = [];
        for (const camera of cameras) {
          const probe = await run(ffmpeg, avfoundationModeProbeArgs(camera.index));
          const modes = probe === undefined ? [] : parseAvfoundationModes(probe.stderr);
          if (modes.length === 0) {
            continue;
          }
          const rawId = camera.uniqueId ?? `avfoundation:${camera.name}`;
          devices.push(
            ffmpegListedCameraDevice({
              rawId,
              label: camera.name,
              modes,
              ffmpeg,
              inputArgs: (mode) => avfoundationCameraInputArgs(camera.index, mode),
            }),
          );
        }
        return devices;
      },
    },
    options,
  );
}
