/**
 * Screens captured by an ffmpeg child on the platforms where ffmpeg's own screen inputs are the capture
 * system (avfoundation's "Capture screen N" on macOS, gdigrab's desktop on Windows): a screen's size comes
 * from a short probe (ffmpeg opens the screen, describes the stream and captures one frame), and the
 * frames come from the shared ffmpeg capture producer (ffmpeg-camera-producer.ts), which turns the input
 * into packed I420 on stdout.
 *
 * Neither input reports the display's refresh rate, so screens are captured at Chromium's default
 * screen-cast rate; both can draw the cursor into the frames or not.
 *
 * @module
 */

import { DISPLAY_DEFAULT_FRAME_RATE } from '../display-capture-model.js';
import type { NativeVideoMode } from '../capture-model.js';
import { logLines } from './command-output.js';
import { ffmpegCameraProducer } from './ffmpeg-camera-producer.js';
import type { FfmpegListing } from './ffmpeg-listing-provider.js';
import type { DisplaySurfaceList, PlatformDisplaySurface } from './platform-display.js';

/** The cursor modes ffmpeg's screen inputs offer: drawn into every frame (the default), or not drawn. */
export const FFMPEG_SCREEN_CURSOR_MODES = ['always', 'never'] as const;

/** A screen's size in pixels. */
export interface ScreenSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The frame size from ffmpeg's description of its input (`Stream #0:0: Video: rawvideo (UYVY /
 * 0x59565955), uyvy422, 2880x1800, 1000k tbr, …`); undefined when ffmpeg opened no video stream.
 */
export function parseInputVideoSize(stderr: string): ScreenSize | undefined {
  for (const line of logLines(stderr)) {
    const match = /^\s*Stream #\d+:\d+\S*: Video: .*?, (\d+)x(\d+)\b/.exec(line);
    if (match !== null && Number(match[1]) > 0 && Number(match[2]) > 0) {
      return { width: Number(match[1]), height: Number(match[2]) };
    }
  }
  return undefined;
}

/** Why screens cannot be listed when the listing (or probe) did not run: no ffmpeg, or one that cannot run. */
export function unsupportedScreenCapture(listing: Exclude<FfmpegListing, { type: 'listed' }>): DisplaySurfaceList {
  const reason = listing.type === 'no-ffmpeg' ? 'screen capture needs ffmpeg (in PATH or MEDIACAPTURE_FFMPEG)' : `cannot run ${listing.ffmpeg}`;
  return { type: 'unsupported', reason };
}

/** What a platform knows of one screen it captures with ffmpeg. */
export interface FfmpegScreen {
  /** Stable while the screen exists; never exposed. */
  readonly rawId: string;
  /** The label of its tracks. */
  readonly label: string;
  readonly isPrimary: boolean;
  /** Its size, from the probe. */
  readonly size: ScreenSize;
  /** The ffmpeg executable. */
  readonly ffmpeg: string;
  /** ffmpeg's input arguments capturing the screen at `mode`'s rate, drawing the cursor unless `mode.cursor` is "never". */
  inputArgs(mode: NativeVideoMode): readonly string[];
}

/** The display surface of a screen ffmpeg captures: one "monitor" mode at its size and the default rate. */
export function ffmpegScreenSurface(screen: FfmpegScreen): PlatformDisplaySurface {
  return {
    rawId: screen.rawId,
    label: screen.label,
    isPrimary: screen.isPrimary,
    capture: {
      kind: 'video',
      // Deviation: the refresh rate is not reported by ffmpeg's screen inputs; Chromium's default
      // screen-cast rate stands in for it.
      modes: [{ width: screen.size.width, height: screen.size.height, frameRate: DISPLAY_DEFAULT_FRAME_RATE }],
      cropAndScale: true,
      backgroundBlur: [false],
      display: { displaySurface: 'monitor', logicalSurface: true, cursor: FFMPEG_SCREEN_CURSOR_MODES },
    },
    producer: ffmpegCameraProducer({ label: screen.label, ffmpeg: screen.ffmpeg, inputArgs: (mode) => screen.inputArgs(mode) }),
  };
}
