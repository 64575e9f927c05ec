/**
 * The display surface of a Windows session: the whole virtual desktop (every monitor) as ffmpeg's gdigrab
 * input captures it, sized by a probe (`ffmpeg -f gdigrab -i desktop -frames:v 1 -f null -`, which logs
 * "Capturing whole desktop as WxHxBPP at (X,Y)") and captured with
 * `ffmpeg -f gdigrab -framerate N -draw_mouse 0|1 -i desktop`.
 *
 * Untested on real hardware (this project's CI runs Linux). Monitors are not listed one by one (ffmpeg does
 * not report them); the sizes are those gdigrab sees, which on a scaled (high-DPI) display may be in
 * scaled pixels.
 *
 * @module
 */

import type { NativeVideoMode } from '../../capture-model.js';
import { lastLogLine, logLines } from '../command-output.js';
import { runFfmpegListing, type FfmpegListingOptions } from '../ffmpeg-listing-provider.js';
import { ffmpegScreenSurface, parseInputVideoSize, unsupportedScreenCapture, type ScreenSize } from '../ffmpeg-screen-capture.js';
import type { DisplaySurfaceList, DisplaySurfaceProvider } from '../platform-display.js';
import { gdigrabInputArgs } from './gdigrab-args.js';

/** The arguments that make ffmpeg open the desktop, describe it and capture one frame. */
export function gdigrabProbeArgs(): string[] {
  return ['-hide_banner', '-nostdin', '-f', 'gdigrab', '-framerate', '1', '-draw_mouse', '0', '-i', 'desktop', '-frames:v', '1', '-f', 'null', '-'];
}

/**
 * The desktop's size from a probe's log: gdigrab's "Capturing whole desktop as 3840x1080x32 at
 * (-1920,0)", or else the stream description.
 */
export function parseGdigrabDesktopSize(stderr: string): ScreenSize | undefined {
  for (const line of logLines(stderr)) {
    const match = /Capturing whole desktop as (\d+)x(\d+)x\d+/.exec(line);
    if (match !== null && Number(match[1]) > 0 && Number(match[2]) > 0) {
      return { width: Number(match[1]), height: Number(match[2]) };
    }
  }
  return parseInputVideoSize(stderr);
}

/** ffmpeg's input arguments capturing the desktop at `mode`'s rate, with the cursor unless `mode.cursor` is "never". */
export function gdigrabDesktopInputArgs(mode: NativeVideoMode): string[] {
  return gdigrabInputArgs({ frameRate: mode.frameRate, drawMouse: mode.cursor !== 'never' });
}

/** The gdigrab display-capture provider ("gdigrab"), probing the desktop anew on every call. */
export function gdigrabDisplaySurfaces(options: FfmpegListingOptions = {}): DisplaySurfaceProvider {
  return {
    name: 'gdigrab',
    list: async (): Promise<DisplaySurfaceList> => {
      const probe = await runFfmpegListing(options, gdigrabProbeArgs());
      if (probe.type !== 'listed') {
        return unsupportedScreenCapture(probe);
      }
      const { ffmpeg } = probe;
      const size = parseGdigrabDesktopSize(probe.stderr);
      if (size === undefined) {
        return { type: 'surfaces', surfaces: [], reason: `cannot capture the desktop (${lastLogLine(probe.stderr) ?? 'ffmpeg opened no video stream'})` };
      }
      const surface = ffmpegScreenSurface({
        rawId: `gdigrab\u0000desktop\u0000${size.width}x${size.height}`,
        label: 'screen:0:0',
        isPrimary: true,
        size,
        ffmpeg,
        inputArgs: gdigrabDesktopInputArgs,
      });
      return { type: 'surfaces', surfaces: [surface] };
    },
  };
}
