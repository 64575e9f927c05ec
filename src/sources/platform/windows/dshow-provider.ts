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

import type { VideoCaptureModel } from '../../capture-model.js';
import { findFfmpeg } from '../../file/ffmpeg-location.js';
import { runCommand, type CommandRunner } from '../command-output.js';
import { ffmpegCameraProducer } from '../ffmpeg-camera-producer.js';
import { CAMERA_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import { dshowCameraInputArgs, dshowDeviceName, dshowListArgs, dshowOptionsArgs, parseDshowDevices, parseDshowModes } from './dshow-listing.js';

/** How the provider runs ffmpeg; tests give it recorded outputs. */
export interface DshowProviderOptions {
  /** Runs ffmpeg; {@link runCommand} by default. */
  readonly run?: CommandRunner;
  /** The environment ffmpeg is looked up in (MEDIACAPTURE_FFMPEG, PATH); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The DirectShow camera provider ("dshow"). Lists nothing when ffmpeg is not installed. */
export function dshowProvider(options: DshowProviderOptions = {}): PlatformProvider {
  const run = options.run ?? runCommand;
  const env = options.env ?? process.env;
  return {
    name: 'dshow',
    async list() {
      const ffmpeg = findFfmpeg(env)?.ffmpeg;
      if (ffmpeg === undefined) {
        return [];
      }
      const listing = await run(ffmpeg, dshowListArgs());
      if (listing === undefined) {
        return [];
      }
      const cameras = parseDshowDevices(listing.stderr).filter((device) => device.kinds.includes('video'));
      const devices: PlatformDevice[] = [];
      for (const camera of cameras) {
        const deviceName = dshowDeviceName(camera);
        const options = await run(ffmpeg, dshowOptionsArgs(deviceName));
        const modes = options === undefined ? [] : parseDshowModes(options.stderr);
        if (modes.length === 0) {
          continue;
        }
        const byMode = new Map(modes.map((mode) => [`${mode.width}x${mode.height}@${mode.frameRate}`, mode]));
        const capture: VideoCaptureModel = {
          kind: 'video',
          modes: modes.map(({ width, height, frameRate }) => ({ width, height, frameRate })),
          cropAndScale: true,
          backgroundBlur: [false],
        };
        devices.push({
          rawId: deviceName,
          kind: 'videoinput',
          label: camera.name,
          groupKey: deviceName,
          isDefault: false,
          capture,
          startWaitMs: CAMERA_START_WAIT_MS,
    producer: ffmpegCameraProducer({
            label: camera.name,
            ffmpeg,
            inputArgs(mode) {
              const dshowMode = byMode.get(`${mode.width}x${mode.height}@${mode.frameRate}`);
              if (dshowMode === undefined) {
                throw new Error(`dshow: ${camera.name} has no mode ${mode.width}x${mode.height}@${mode.frameRate}`);
              }
              return dshowCameraInputArgs(deviceName, dshowMode);
            },
          }),
        });
      }
      return devices;
    },
  };
}
