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

import type { VideoCaptureModel } from '../../capture-model.js';
import { findFfmpeg } from '../../file/ffmpeg-location.js';
import { runCommand, type CommandRunner } from '../command-output.js';
import { ffmpegCameraProducer } from '../ffmpeg-camera-producer.js';
import { CAMERA_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import {
  avfoundationCameraInputArgs,
  avfoundationListArgs,
  avfoundationModeProbeArgs,
  parseAvfoundationDevices,
  parseAvfoundationModes,
} from './avfoundation-listing.js';

/** How the provider runs ffmpeg; tests give it recorded outputs. */
export interface AvfoundationProviderOptions {
  /** Runs ffmpeg; {@link runCommand} by default. */
  readonly run?: CommandRunner;
  /** The environment ffmpeg is looked up in (MEDIACAPTURE_FFMPEG, PATH); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The avfoundation camera provider ("avfoundation"). Lists nothing when ffmpeg is not installed. */
export function avfoundationProvider(options: AvfoundationProviderOptions = {}): PlatformProvider {
  const run = options.run ?? runCommand;
  const env = options.env ?? process.env;
  return {
    name: 'avfoundation',
    async list() {
      const ffmpeg = findFfmpeg(env)?.ffmpeg;
      if (ffmpeg === undefined) {
        return [];
      }
      const listing = await run(ffmpeg, avfoundationListArgs());
      if (listing === undefined) {
        return [];
      }
      const cameras = parseAvfoundationDevices(listing.stderr).filter((device) => device.kind === 'video' && !device.screen);
      const devices: PlatformDevice[] = [];
      for (const camera of cameras) {
        const probe = await run(ffmpeg, avfoundationModeProbeArgs(camera.index));
        const modes = probe === undefined ? [] : parseAvfoundationModes(probe.stderr);
        if (modes.length === 0) {
          continue;
        }
        const capture: VideoCaptureModel = { kind: 'video', modes, cropAndScale: true, backgroundBlur: [false] };
        const rawId = camera.uniqueId ?? `avfoundation:${camera.name}`;
        devices.push({
          rawId,
          kind: 'videoinput',
          label: camera.name,
          groupKey: rawId,
          isDefault: false,
          capture,
          startWaitMs: CAMERA_START_WAIT_MS,
    producer: ffmpegCameraProducer({
            label: camera.name,
            ffmpeg,
            inputArgs: (mode) => avfoundationCameraInputArgs(camera.index, mode),
          }),
        });
      }
      return devices;
    },
  };
}
