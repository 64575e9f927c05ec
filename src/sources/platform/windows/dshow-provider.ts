/**
 * Cameras on Windows through ffmpeg's DirectShow input: listed with `-list_devices true`, their modes
 * from `-list_options true`, captured with `ffmpeg -f dshow -i video=<moniker>` by the shared camera
 * producer.
 *
 * Untested on real hardware (this project's CI runs Linux). DirectShow does not report which way a camera
 * faces, so no facingMode is reported. There is no hot-plug watch: a camera plugged in later appears the
 * next time the list is read.
 *
 * @module
 */

import { ffmpegListedCameraDevice, ffmpegListingProvider, type FfmpegListingOptions } from '../ffmpeg-listing-provider.js';
import type { PlatformDevice, PlatformProvider } from '../platform-device.js';
import { dshowCameraInputArgs, dshowDeviceName, dshowListArgs, dshowOptionsArgs, parseDshowDevices, parseDshowModes } from './dshow-listing.js';

/** The DirectShow camera provider ("dshow"). Lists nothing when ffmpeg is not installed. */
export function dshowProvider(options: FfmpegListingOptions = {}): PlatformProvider {
  return ffmpegListingProvider(
    {
      name: 'dshow',
      listArgs: dshowListArgs,
      reportsProblem: false,
      async devices(stderr, ffmpeg, run) {
        const cameras = parseDshowDevices(stderr).filter((device) => device.kinds.includes('video'));
        const devices: PlatformDevice[] = [];
        for (const camera of cameras) {
          const deviceName = dshowDeviceName(camera);
          const options = await run(ffmpeg, dshowOptionsArgs(deviceName));
          const modes = options === undefined ? [] : parseDshowModes(options.stderr);
          if (modes.length === 0) {
            continue;
          }
          const byMode = new Map(modes.map((mode) => [`${mode.width}x${mode.height}@${mode.frameRate}`, mode]));
          devices.push(
            ffmpegListedCameraDevice({
              rawId: deviceName,
              label: camera.name,
              modes: modes.map(({ width, height, frameRate }) => ({ width, height, frameRate })),
              ffmpeg,
              inputArgs(mode) {
                const dshowMode = byMode.get(`${mode.width}x${mode.height}@${mode.frameRate}`);
                if (dshowMode === undefined) {
                  throw new Error(`dshow: ${camera.name} has no mode ${mode.width}x${mode.height}@${mode.frameRate}`);
                }
                return dshowCameraInputArgs(deviceName, dshowMode);
              },
            }),
          );
        }
        return devices;
      },
    },
    options,
  );
}
