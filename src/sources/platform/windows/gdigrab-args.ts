/**
 * ffmpeg's input arguments for capturing a Windows screen or window with gdigrab, for the screen-capture
 * provider (getDisplayMedia) to use on Windows. Untested on real hardware.
 *
 * @module
 */

/** What to capture with gdigrab. */
export interface GdigrabCapture {
  /** Frames per second. */
  readonly frameRate: number;
  /** A window by its title; the whole desktop (every monitor) when absent. */
  readonly windowTitle?: string;
  /** A part of the desktop, in desktop pixels (a monitor's bounds); the whole target when absent. */
  readonly region?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Whether the cursor is drawn into the frames (the `cursor` constraint's "always" vs "never"). */
  readonly drawMouse: boolean;
}

/** `-f gdigrab -framerate N [-offset_x X -offset_y Y -video_size WxH] -draw_mouse 0|1 -i desktop|title=…`. */
export function gdigrabInputArgs(capture: GdigrabCapture): string[] {
  if (!(capture.frameRate > 0)) {
    throw new RangeError(`gdigrabInputArgs: frameRate must be positive, got ${capture.frameRate}`);
  }
  const args = ['-f', 'gdigrab', '-framerate', `${capture.frameRate}`];
  const region = capture.region;
  if (region !== undefined) {
    args.push('-offset_x', `${region.x}`, '-offset_y', `${region.y}`, '-video_size', `${region.width}x${region.height}`);
  }
  args.push('-draw_mouse', capture.drawMouse ? '1' : '0');
  args.push('-i', capture.windowTitle === undefined ? 'desktop' : `title=${capture.windowTitle}`);
  return args;
}
