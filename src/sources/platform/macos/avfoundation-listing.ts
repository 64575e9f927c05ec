/**
 * macOS capture devices as ffmpeg's avfoundation input reports them, and the input arguments that
 * capture them. Pure functions over ffmpeg's log:
 *
 * - `ffmpeg -hide_banner -f avfoundation -list_devices true -i ""` lists `[index] name` lines (some builds
 *   add ` (ID: <unique id>)`) under "AVFoundation video devices:" and "AVFoundation audio devices:";
 *   the video list ends with the screens, "Capture screen N", which are not cameras.
 * - asking a camera for a size it does not have (`-video_size 1x1`) makes ffmpeg print its
 *   "Supported modes:", one `  WxH@[min max]fps` line per format and frame-rate range.
 *
 * Untested on real hardware: the layouts follow ffmpeg's libavdevice/avfoundation.m.
 *
 * @module
 */

import type { NativeVideoMode } from '../../capture-model.js';
import { logLines } from '../command-output.js';

/** A device in the avfoundation listing. */
export interface AvfoundationDevice {
  readonly kind: 'video' | 'audio';
  /** The index ffmpeg selects it by, within its kind. */
  readonly index: number;
  readonly name: string;
  /** The device's AVFoundation unique id, when the ffmpeg build prints it. */
  readonly uniqueId: string | undefined;
  /** Whether this is a screen ("Capture screen N") rather than a camera. */
  readonly screen: boolean;
}

/** The pixel format asked of cameras: '2vuy', the native format of Apple's cameras and most UVC ones. */
export const AVFOUNDATION_CAMERA_PIXEL_FORMAT = 'uyvy422';

/** Parses the log of `-list_devices true` (ffmpeg prints it on stderr). */
export function parseAvfoundationDevices(log: string): AvfoundationDevice[] {
  const devices: AvfoundationDevice[] = [];
  let kind: 'video' | 'audio' | undefined;
  for (const line of logLines(log)) {
    const section = /^AVFoundation (video|audio) devices:/.exec(line);
    if (section !== null) {
      kind = section[1] as 'video' | 'audio';
      continue;
    }
    const entry = /^\[(\d+)\] (.*?)(?: \(ID: (.*)\))?\s*$/.exec(line);
    if (entry === null || kind === undefined) {
      continue;
    }
    const name = entry[2] as string;
    devices.push({
      kind,
      index: Number(entry[1]),
      name,
      uniqueId: entry[3],
      screen: kind === 'video' && /^Capture screen \d+$/.test(name),
    });
  }
  return devices;
}

/**
 * Parses the "Supported modes:" ffmpeg prints for a camera: each size at the highest rate of each of its
 * ranges (lower rates come from decimation), rounded to 1/1000 fps (avfoundation matches a requested
 * rate within 0.01 fps), without duplicates, sorted by size then rate.
 */
export function parseAvfoundationModes(log: string): NativeVideoMode[] {
  const modes = new Map<string, NativeVideoMode>();
  for (const line of logLines(log)) {
    const mode = /^\s+(\d+)x(\d+)@\[([\d.]+) ([\d.]+)\]fps\s*$/.exec(line);
    if (mode === null) {
      continue;
    }
    const width = Number(mode[1]);
    const height = Number(mode[2]);
    const frameRate = Math.round(Number(mode[4]) * 1000) / 1000;
    if (width > 0 && height > 0 && frameRate > 0) {
      modes.set(`${width}x${height}@${frameRate}`, { width, height, frameRate });
    }
  }
  return [...modes.values()].sort((a, b) => a.width * a.height - b.width * b.height || a.width - b.width || a.frameRate - b.frameRate);
}

/** The arguments of `ffmpeg` that list the devices (`-i ""` is an empty argument, not a shell string). */
export function avfoundationListArgs(): string[] {
  return ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', ''];
}

/** The arguments that make ffmpeg print a camera's supported modes (and exit). */
export function avfoundationModeProbeArgs(videoIndex: number): string[] {
  return ['-hide_banner', '-f', 'avfoundation', '-video_size', '1x1', '-i', `${videoIndex}:none`, '-frames:v', '1', '-f', 'null', '-'];
}

/** ffmpeg's input arguments capturing camera `videoIndex` in `mode`, without audio. */
export function avfoundationCameraInputArgs(videoIndex: number, mode: NativeVideoMode): string[] {
  return [
    '-f', 'avfoundation',
    '-framerate', `${mode.frameRate}`,
    '-video_size', `${mode.width}x${mode.height}`,
    '-pixel_format', AVFOUNDATION_CAMERA_PIXEL_FORMAT,
    '-i', `${videoIndex}:none`,
  ];
}

/** ffmpeg's input arguments capturing microphone `audioIndex`, without video. */
export function avfoundationMicrophoneInputArgs(audioIndex: number): string[] {
  return ['-f', 'avfoundation', '-i', `:${audioIndex}`];
}
