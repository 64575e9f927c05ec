/**
 * The display surfaces of a Mac: the "Capture screen N" entries of ffmpeg's avfoundation listing, each
 * sized by a probe (`ffmpeg -f avfoundation -i "<index>:none" -frames:v 1 -f null -`, whose stream
 * description gives the screen's size in pixels, Retina screens at their full resolution) and captured
 * with `ffmpeg -f avfoundation -capture_cursor 0|1 -framerate N -i "<index>:none"`.
 *
 * Untested on real hardware (this project's CI runs Linux). macOS asks the user once for the Screen
 * Recording permission of the program running Node (the terminal, for instance); until it is given, the
 * frames show only the desktop background. Screen 0 is the main display (AVFoundation numbers the screens
 * in the order of NSScreen). A screen whose probe fails is left out, and the reason kept for the error.
 *
 * @module
 */

import type { NativeVideoMode } from '../../capture-model.js';
import { lastLogLine } from '../command-output.js';
import { runFfmpegListing, type FfmpegListingOptions } from '../ffmpeg-listing-provider.js';
import { ffmpegScreenSurface, parseInputVideoSize, unsupportedScreenCapture } from '../ffmpeg-screen-capture.js';
import type { DisplaySurfaceList, DisplaySurfaceProvider, PlatformDisplaySurface } from '../platform-display.js';
import { AVFOUNDATION_CAMERA_PIXEL_FORMAT, avfoundationListArgs, parseAvfoundationDevices } from './avfoundation-listing.js';

/** The arguments that make ffmpeg open screen `videoIndex`, describe it and capture one frame. */
export function avfoundationScreenProbeArgs(videoIndex: number): string[] {
  return ['-hide_banner', '-nostdin', '-f', 'avfoundation', '-capture_cursor', '0', '-i', `${videoIndex}:none`, '-frames:v', '1', '-f', 'null', '-'];
}

/**
 * ffmpeg's input arguments capturing screen `videoIndex` at `mode`'s rate, with the cursor unless
 * `mode.cursor` is "never". Screens offer uyvy422 as cameras do (ffmpeg's default, yuv420p, is not one of
 * their formats).
 */
export function avfoundationScreenInputArgs(videoIndex: number, mode: NativeVideoMode): string[] {
  return [
    '-f', 'avfoundation',
    '-capture_cursor', mode.cursor === 'never' ? '0' : '1',
    '-framerate', `${mode.frameRate}`,
    '-pixel_format', AVFOUNDATION_CAMERA_PIXEL_FORMAT,
    '-i', `${videoIndex}:none`,
  ];
}

/** The avfoundation display-capture provider ("avfoundation"), listing the screens anew on every call. */
export function avfoundationDisplaySurfaces(options: FfmpegListingOptions = {}): DisplaySurfaceProvider {
  return {
    name: 'avfoundation',
    list: async (): Promise<DisplaySurfaceList> => {
      const listing = await runFfmpegListing(options, avfoundationListArgs());
      if (listing.type !== 'listed') {
        return unsupportedScreenCapture(listing);
      }
      const { ffmpeg, run } = listing;
      const screens = parseAvfoundationDevices(listing.stderr).filter((device) => device.screen);
      const surfaces: PlatformDisplaySurface[] = [];
      let reason: string | undefined = screens.length === 0 ? "ffmpeg's avfoundation input lists no screen" : undefined;
      for (const [order, screen] of screens.entries()) {
        const probe = await run(ffmpeg, avfoundationScreenProbeArgs(screen.index));
        const size = probe === undefined ? undefined : parseInputVideoSize(probe.stderr);
        if (size === undefined) {
          reason = `cannot capture ${screen.name}${probe === undefined ? '' : ` (${lastLogLine(probe.stderr) ?? 'no video stream'})`}`;
          continue;
        }
        surfaces.push(
          ffmpegScreenSurface({
            rawId: `avfoundation\u0000${screen.uniqueId ?? screen.name}\u0000${size.width}x${size.height}`,
            // Chromium labels screen tracks "screen:<id>:0".
            label: `screen:${order}:0`,
            isPrimary: order === 0,
            size,
            ffmpeg,
            inputArgs: (mode) => avfoundationScreenInputArgs(screen.index, mode),
          }),
        );
      }
      return { type: 'surfaces', surfaces, ...(surfaces.length === 0 && reason !== undefined ? { reason } : {}) };
    },
  };
}
