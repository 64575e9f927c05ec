/**
 * The skeleton of the providers that list what ffmpeg can capture (avfoundation and DirectShow cameras and
 * microphones, avfoundation and gdigrab screens): find ffmpeg (MEDIACAPTURE_FFMPEG, PATH), run its listing
 * once, and hand what it printed to the provider's parser. Tests give the providers recorded outputs through
 * {@link FfmpegListingOptions.run}.
 *
 * @module
 */

import type { NativeVideoMode } from '../capture-model.js';
import { findFfmpeg } from '../file/ffmpeg-location.js';
import { runCommand, type CommandRunner } from './command-output.js';
import { ffmpegCameraProducer } from './ffmpeg-camera-producer.js';
import { CAMERA_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from './platform-device.js';

/** How a provider runs ffmpeg; tests give it recorded outputs. */
export interface FfmpegListingOptions {
  /** Runs ffmpeg; {@link runCommand} by default. */
  readonly run?: CommandRunner;
  /** The environment ffmpeg is looked up in (MEDIACAPTURE_FFMPEG, PATH); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What running an ffmpeg listing gave. */
export type FfmpegListing =
  /** No ffmpeg is installed. */
  | { readonly type: 'no-ffmpeg' }
  /** ffmpeg was found but could not be run. */
  | { readonly type: 'cannot-run'; readonly ffmpeg: string }
  /** ffmpeg ran: what it logged, and how to run it again (for probes). */
  | { readonly type: 'listed'; readonly ffmpeg: string; readonly stderr: string; readonly run: CommandRunner };

/** Finds ffmpeg as `options` say and runs it once with `args`. */
export async function runFfmpegListing(options: FfmpegListingOptions, args: readonly string[]): Promise<FfmpegListing> {
  const run = options.run ?? runCommand;
  const ffmpeg = findFfmpeg(options.env ?? process.env)?.ffmpeg;
  if (ffmpeg === undefined) {
    return { type: 'no-ffmpeg' };
  }
  const output = await run(ffmpeg, args);
  return output === undefined ? { type: 'cannot-run', ffmpeg } : { type: 'listed', ffmpeg, stderr: output.stderr, run };
}

/** What a provider of devices listed by ffmpeg adds to {@link ffmpegListingProvider}. */
export interface FfmpegDeviceListing {
  /** The provider's name ("avfoundation", "dshow-audio"). */
  readonly name: string;
  /** ffmpeg's arguments listing the devices (`-list_devices true`). */
  listArgs(): readonly string[];
  /** The devices of the listing's log; `run` runs `ffmpeg` again for per-device probes. */
  devices(stderr: string, ffmpeg: string, run: CommandRunner): PlatformDevice[] | Promise<PlatformDevice[]>;
  /**
   * Whether the provider says why it listed nothing ({@link PlatformProvider.problem}: ffmpeg not installed,
   * or not runnable).
   */
  readonly reportsProblem: boolean;
}

/** A provider listing its devices with ffmpeg anew on every call; it lists nothing when ffmpeg is not installed. */
export function ffmpegListingProvider(listing: FfmpegDeviceListing, options: FfmpegListingOptions): PlatformProvider {
  let problem: string | undefined;
  const provider: PlatformProvider = {
    name: listing.name,
    async list() {
      const listed = await runFfmpegListing(options, listing.listArgs());
      switch (listed.type) {
        case 'no-ffmpeg':
          problem = 'ffmpeg is not installed (PATH or MEDIACAPTURE_FFMPEG)';
          return [];
        case 'cannot-run':
          problem = `cannot run ${listed.ffmpeg}`;
          return [];
        case 'listed':
          problem = undefined;
          return listing.devices(listed.stderr, listed.ffmpeg, listed.run);
      }
    },
  };
  return listing.reportsProblem ? { ...provider, problem: () => problem } : provider;
}

/** A camera an ffmpeg listing names, with the modes its probe gave. */
export interface FfmpegListedCamera {
  /** Stable while the camera is plugged in; also its group key. */
  readonly rawId: string;
  readonly label: string;
  readonly modes: readonly NativeVideoMode[];
  /** The ffmpeg executable that captures it. */
  readonly ffmpeg: string;
  /** ffmpeg's input arguments opening the camera in `mode`. */
  inputArgs(mode: NativeVideoMode): readonly string[];
}

/**
 * The device of a camera listed by ffmpeg: never the default (ffmpeg does not say), any crop and scale of
 * its modes, no facingMode or background blur, captured by the shared camera producer.
 */
export function ffmpegListedCameraDevice(camera: FfmpegListedCamera): PlatformDevice {
  const { rawId, label, modes, ffmpeg, inputArgs } = camera;
  return {
    rawId,
    kind: 'videoinput',
    label,
    groupKey: rawId,
    isDefault: false,
    capture: { kind: 'video', modes, cropAndScale: true, backgroundBlur: [false] },
    startWaitMs: CAMERA_START_WAIT_MS,
    producer: ffmpegCameraProducer({ label, ffmpeg, inputArgs }),
  };
}
