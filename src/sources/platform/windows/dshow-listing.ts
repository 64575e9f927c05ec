/**
 * Windows capture devices as ffmpeg's DirectShow input reports them, and the input arguments that
 * capture them. Pure functions over ffmpeg's log:
 *
 * - `ffmpeg -hide_banner -list_devices true -f dshow -i dummy` prints each device's friendly name and
 *   its "Alternative name" (the device moniker, unique even when two cameras share a name). Before
 *   ffmpeg 4.4 devices sit under "DirectShow video devices" / "DirectShow audio devices" headings; since
 *   then each line says `"name" (video)`, `(audio)`, `(video, audio)` or `(none)`. ffmpeg 7.1 may prefix
 *   lines with `[in#0 @ …]` instead of `[dshow @ …]`.
 * - `ffmpeg -hide_banner -list_options true -f dshow -i video=<name>` prints one line per media type of
 *   the capture pin: `pixel_format=yuyv422  min s=640x480 fps=5 max s=640x480 fps=30` or
 *   `vcodec=mjpeg  min s=1280x720 fps=30 max s=1280x720 fps=30 (pc, bt470bg/bt709/unknown, center)`.
 *
 * Untested on real hardware: the layouts follow ffmpeg's libavdevice/dshow.c and recorded outputs.
 *
 * @module
 */

import type { NativeVideoMode } from '../../capture-model.js';
import { logLines } from '../command-output.js';

/** A device in the DirectShow listing. */
export interface DshowDevice {
  /** The friendly name ("Integrated Camera"). */
  readonly name: string;
  /** The device moniker (`@device_pnp_\\?\usb#vid_…`), when ffmpeg printed one. */
  readonly alternativeName: string | undefined;
  /** What the device captures; empty for "(none)". */
  readonly kinds: readonly ('video' | 'audio')[];
}

/** A camera mode and what ffmpeg must ask DirectShow for to get it. */
export interface DshowMode extends NativeVideoMode {
  /** `pixel_format` for uncompressed media types, `vcodec` for compressed ones (mjpeg, h264). */
  readonly option: 'pixel_format' | 'vcodec';
  /** The pixel format or codec name (yuyv422, nv12, mjpeg). */
  readonly value: string;
}

/** Parses the log of `-list_devices true` in both of ffmpeg's layouts. */
export function parseDshowDevices(log: string): DshowDevice[] {
  const devices: { name: string; alternativeName: string | undefined; kinds: ('video' | 'audio')[] }[] = [];
  let section: 'video' | 'audio' | undefined;
  for (const line of logLines(log)) {
    const heading = /^DirectShow (video|audio) devices/.exec(line);
    if (heading !== null) {
      section = heading[1] as 'video' | 'audio';
      continue;
    }
    const alternative = /^\s*Alternative name "(.*)"\s*$/.exec(line);
    if (alternative !== null) {
      const last = devices.at(-1);
      if (last !== undefined) {
        last.alternativeName = alternative[1];
      }
      continue;
    }
    const device = /^\s*"(.*)"(?:\s+\(([^()]*)\))?\s*$/.exec(line);
    if (device === null) {
      continue;
    }
    const typed = device[2];
    const kinds =
      typed === undefined
        ? section === undefined ? [] : [section]
        : typed.split(',').map((kind) => kind.trim()).filter((kind): kind is 'video' | 'audio' => kind === 'video' || kind === 'audio');
    devices.push({ name: device[1] as string, alternativeName: undefined, kinds });
  }
  return devices;
}

/**
 * Parses the log of `-list_options true` for a video device: the maximum size of each media type at its
 * highest rate (rounded to 1/1000 fps; lower rates come from decimation). When an uncompressed and a
 * compressed media type give the same mode, the uncompressed one is used (no decoding), as on Linux.
 * Without duplicates, sorted by size then rate.
 */
export function parseDshowModes(log: string): DshowMode[] {
  const modes = new Map<string, DshowMode>();
  for (const line of logLines(log)) {
    const match = /^\s*(pixel_format|vcodec)=(\S+)\s+min s=(\d+)x(\d+) fps=([\d.e+]+) max s=(\d+)x(\d+) fps=([\d.e+]+)/.exec(line);
    if (match === null) {
      continue;
    }
    const option = match[1] as 'pixel_format' | 'vcodec';
    const width = Number(match[6]);
    const height = Number(match[7]);
    const frameRate = Math.round(Math.max(Number(match[5]), Number(match[8])) * 1000) / 1000;
    if (!(width > 0 && height > 0 && frameRate > 0)) {
      continue;
    }
    const key = `${width}x${height}@${frameRate}`;
    const previous = modes.get(key);
    if (previous === undefined || (previous.option === 'vcodec' && option === 'pixel_format')) {
      modes.set(key, { width, height, frameRate, option, value: match[2] as string });
    }
  }
  return [...modes.values()].sort((a, b) => a.width * a.height - b.width * b.height || a.width - b.width || a.frameRate - b.frameRate);
}

/** How ffmpeg names a device in `-i video=…`: its moniker when known (unique), else its friendly name. */
export function dshowDeviceName(device: DshowDevice): string {
  return device.alternativeName ?? device.name;
}

/** The arguments of `ffmpeg` that list the devices. */
export function dshowListArgs(): string[] {
  return ['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy'];
}

/** The arguments that make ffmpeg print a video device's media types (and exit). */
export function dshowOptionsArgs(deviceName: string): string[] {
  return ['-hide_banner', '-list_options', 'true', '-f', 'dshow', '-i', `video=${deviceName}`];
}

/**
 * ffmpeg's input arguments capturing camera `deviceName` in `mode` (an argument array: no quoting). The
 * real-time buffer holds four frames of up to 4 bytes a pixel: ffmpeg's default (3 MB) is smaller than
 * one raw 1080p frame, which DirectShow would then drop every time.
 */
export function dshowCameraInputArgs(deviceName: string, mode: DshowMode): string[] {
  return [
    '-f', 'dshow',
    '-video_size', `${mode.width}x${mode.height}`,
    '-framerate', `${mode.frameRate}`,
    `-${mode.option}`, mode.value,
    '-rtbufsize', `${4 * 4 * mode.width * mode.height}`,
    '-i', `video=${deviceName}`,
  ];
}

/**
 * How much audio DirectShow buffers before ffmpeg gets it, in milliseconds. Without `-audio_buffer_size`
 * the device's default applies, typically 500 ms, which would delay every chunk by that much.
 */
export const DSHOW_AUDIO_BUFFER_MS = 20;

/** ffmpeg's input arguments capturing microphone `deviceName` with a {@link DSHOW_AUDIO_BUFFER_MS} buffer. */
export function dshowMicrophoneInputArgs(deviceName: string): string[] {
  return ['-f', 'dshow', '-audio_buffer_size', `${DSHOW_AUDIO_BUFFER_MS}`, '-i', `audio=${deviceName}`];
}
