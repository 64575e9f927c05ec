/**
 * The display surfaces of an X11 session: each monitor of the display named by DISPLAY, captured with
 * ffmpeg's x11grab. Without DISPLAY there is nothing to capture (NotFoundError), unless only a Wayland
 * session is there (WAYLAND_DISPLAY): capture through the xdg-desktop-portal and PipeWire is not
 * implemented (NotSupportedError). Without ffmpeg nothing can be captured either (NotSupportedError).
 *
 * @module
 */

import { findFfmpeg } from '../../file/ffmpeg-location.js';
import { DISPLAY_DEFAULT_FRAME_RATE } from '../../display-capture-model.js';
import type { DisplaySurfaceList, DisplaySurfaceProvider, PlatformDisplaySurface } from '../platform-display.js';
import { x11CaptureProducer } from './x11-capture-producer.js';
import { listX11Monitors, type X11Monitor } from './x11-screens.js';

/** The cursor modes x11grab offers: drawn into every frame, or not drawn ("motion" is not available). */
const X11_CURSOR_MODES = ['always', 'never'] as const;

/** The display surface of one monitor of `display`. */
export function x11MonitorSurface(display: string, monitor: X11Monitor, index: number, ffmpeg: string): PlatformDisplaySurface {
  // Deviation: X servers without a refresh rate (Xvfb) get Chromium's default screen-cast rate as theirs.
  const frameRate = monitor.refreshRate ?? DISPLAY_DEFAULT_FRAME_RATE;
  // A faster monitor is also grabbed at the default rate when that is all tracks need (half the work at 60 Hz).
  const rates = frameRate > DISPLAY_DEFAULT_FRAME_RATE ? [frameRate, DISPLAY_DEFAULT_FRAME_RATE] : [frameRate];
  return {
    rawId: `x11\u0000${display}\u0000${monitor.name}\u0000${monitor.x},${monitor.y},${monitor.width}x${monitor.height}`,
    // Chromium labels screen tracks "screen:<id>:0".
    label: `screen:${index}:0`,
    isPrimary: monitor.isPrimary,
    capture: {
      kind: 'video',
      modes: rates.map((rate) => ({ width: monitor.width, height: monitor.height, frameRate: rate })),
      cropAndScale: true,
      backgroundBlur: [false],
      display: { displaySurface: 'monitor', logicalSurface: true, cursor: X11_CURSOR_MODES },
    },
    producer: x11CaptureProducer(ffmpeg, { display, x: monitor.x, y: monitor.y }),
  };
}

/** The display surfaces of the X display in `env.DISPLAY`, listed anew on every call. */
export function x11DisplaySurfaces(env: NodeJS.ProcessEnv = process.env): DisplaySurfaceProvider {
  return {
    name: 'x11',
    list: async (): Promise<DisplaySurfaceList> => {
      const display = env['DISPLAY'];
      if (display === undefined || display.trim() === '') {
        if (env['WAYLAND_DISPLAY'] !== undefined && env['WAYLAND_DISPLAY'] !== '') {
          return { type: 'unsupported', reason: 'capturing a Wayland session (through the desktop portal and PipeWire) is not implemented; X11 displays are' };
        }
        return { type: 'surfaces', surfaces: [], reason: 'DISPLAY is not set, so there is no X11 display to capture' };
      }
      const found = findFfmpeg(env);
      if (found === undefined) {
        return { type: 'unsupported', reason: 'screen capture needs ffmpeg (in PATH or MEDIACAPTURE_FFMPEG)' };
      }
      const { monitors, reason } = await listX11Monitors(display, found.ffmpeg, env);
      return {
        type: 'surfaces',
        surfaces: monitors.map((monitor, index) => x11MonitorSurface(display, monitor, index, found.ffmpeg)),
        ...(reason === undefined ? {} : { reason }),
      };
    },
  };
}
