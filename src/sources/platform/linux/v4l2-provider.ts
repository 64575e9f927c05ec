/**
 * Cameras on Linux: the V4L2 capture nodes of `/sys/class/video4linux`, their modes from
 * `v4l2-ctl --list-formats-ext` (or ffmpeg's `-list_formats all` without v4l-utils), captured with
 * `ffmpeg -f v4l2` in the native mode SelectSettings picks, and hot-plug from watching `/dev`.
 *
 * A UVC camera makes two nodes, one for frames and one for metadata; only nodes with capture formats
 * are cameras. V4L2 does not say which way a camera faces, so no facingMode is reported.
 *
 * @module
 */

import { existsSync, watch as watchDirectory, type FSWatcher } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { VideoCaptureModel } from '../../capture-model.js';
import { findFfmpeg } from '../../file/ffmpeg-location.js';
import { runCommand, type CommandRunner } from '../command-output.js';
import { ffmpegCameraProducer } from '../ffmpeg-camera-producer.js';
import { CAMERA_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import { parseFfmpegV4l2Formats, parseV4l2CtlFormats, v4l2Modes, type V4l2Format, type V4l2Mode } from './v4l2-formats.js';
import { hostClearTimeout, hostSetTimeout } from '../../../media/host-timers.js';

/** Where the provider looks, and how it runs tools; tests point these at a fake tree and recorded outputs. */
export interface V4l2ProviderOptions {
  /** The V4L2 class directory; `/sys/class/video4linux` by default. */
  readonly sysfsDirectory?: string;
  /** Where the device nodes are; `/dev` by default. */
  readonly deviceDirectory?: string;
  /** Runs v4l2-ctl and ffmpeg's listing; {@link runCommand} by default. */
  readonly run?: CommandRunner;
  /** The environment ffmpeg is looked up in (MEDIACAPTURE_FFMPEG, PATH); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** How long after a change in /dev the list is read again, so udev has set the new node's permissions. */
const HOT_PLUG_SETTLE_MS = 300;

/** A node name of the V4L2 video class (radio, vbi, v4l-subdev nodes are not cameras). */
const VIDEO_NODE = /^video(\d+)$/;

/** The V4L2 camera provider ("v4l2"). */
export function v4l2Provider(options: V4l2ProviderOptions = {}): PlatformProvider {
  const sysfsDirectory = options.sysfsDirectory ?? '/sys/class/video4linux';
  const deviceDirectory = options.deviceDirectory ?? '/dev';
  const run = options.run ?? runCommand;
  const env = options.env ?? process.env;
  return {
    name: 'v4l2',
    async list() {
      let nodes: string[];
      try {
        nodes = (await readdir(sysfsDirectory)).filter((node) => VIDEO_NODE.test(node));
      } catch {
        return [];
      }
      nodes.sort((a, b) => nodeNumber(a) - nodeNumber(b));
      const ffmpeg = findFfmpeg(env)?.ffmpeg;
      const devices: PlatformDevice[] = [];
      for (const node of nodes) {
        const devicePath = path.join(deviceDirectory, node);
        const modes = v4l2Modes(await readFormats(devicePath, run, ffmpeg));
        if (modes.length > 0) {
          const sysfs = await readSysfs(path.join(sysfsDirectory, node));
          devices.push(v4l2Device(devicePath, sysfs, modes, ffmpeg));
        }
      }
      return devices;
    },
    watch(changed) {
      return watchVideoNodes(deviceDirectory, changed);
    },
  };
}

/** ffmpeg's input arguments capturing `device` in `mode`. */
export function v4l2InputArgs(device: string, mode: V4l2Mode): string[] {
  return [
    '-f', 'v4l2',
    '-input_format', mode.inputFormat,
    '-video_size', `${mode.width}x${mode.height}`,
    '-framerate', `${mode.frameRate}`,
    '-i', device,
  ];
}

/**
 * The group key of the physical device a sysfs path belongs to: the USB device above a USB interface
 * (`…/usb1/1-6/1-6:1.0` → `sysfs:/devices/…/usb1/1-6`), so a webcam's video nodes and its microphone
 * (PulseAudio's `sysfs.path` property, `…/1-6/1-6:1.3/sound/card1`) share a group; other paths as they are.
 * A leading `/sys` is dropped, so real paths and PulseAudio's paths compare equal.
 */
export function sysfsGroupKey(sysfsPath: string): string {
  const parts = sysfsPath.replace(/^\/sys(?=\/)/, '').split('/');
  const usbInterface = parts.findIndex((part) => /^\d+-[\d.]+:\d+\.\d+$/.test(part));
  return `sysfs:${(usbInterface === -1 ? parts : parts.slice(0, usbInterface)).join('/')}`;
}

/** What sysfs says about a node. */
interface SysfsNode {
  readonly name: string | undefined;
  /** The resolved `device` link, when the node has one (v4l2loopback has none). */
  readonly devicePath: string | undefined;
  /** `vid:pid` of a USB camera. */
  readonly usbModel: string | undefined;
}

async function readSysfs(nodeDirectory: string): Promise<SysfsNode> {
  const name = (await readText(path.join(nodeDirectory, 'name')))?.trim();
  let devicePath: string | undefined;
  try {
    devicePath = await realpath(path.join(nodeDirectory, 'device'));
  } catch {
    devicePath = undefined;
  }
  let usbModel: string | undefined;
  if (devicePath !== undefined) {
    // The USB device directory is the interface's parent.
    const usbDevice = path.dirname(devicePath);
    const vendor = (await readText(path.join(usbDevice, 'idVendor')))?.trim();
    const product = (await readText(path.join(usbDevice, 'idProduct')))?.trim();
    usbModel = vendor && product ? `${vendor}:${product}` : undefined;
  }
  return { name: name || undefined, devicePath, usbModel };
}

/** The formats of a node from v4l2-ctl, else from ffmpeg's listing; [] when neither can tell. */
async function readFormats(devicePath: string, run: CommandRunner, ffmpeg: string | undefined): Promise<V4l2Format[]> {
  const fromV4l2Ctl = await run('v4l2-ctl', ['--list-formats-ext', '-d', devicePath]);
  if (fromV4l2Ctl !== undefined && fromV4l2Ctl.code === 0) {
    return parseV4l2CtlFormats(fromV4l2Ctl.stdout);
  }
  if (ffmpeg === undefined) {
    return [];
  }
  // ffmpeg exits with an error after listing ("Immediate exit requested"); the listing is on stderr.
  const fromFfmpeg = await run(ffmpeg, ['-hide_banner', '-f', 'v4l2', '-list_formats', 'all', '-i', devicePath]);
  return fromFfmpeg === undefined ? [] : parseFfmpegV4l2Formats(fromFfmpeg.stderr);
}

function v4l2Device(devicePath: string, sysfs: SysfsNode, modes: readonly V4l2Mode[], ffmpeg: string | undefined): PlatformDevice {
  const byMode = new Map(modes.map((mode) => [modeKey(mode), mode]));
  const capture: VideoCaptureModel = {
    kind: 'video',
    modes: modes.map(({ width, height, frameRate }) => ({ width, height, frameRate })),
    cropAndScale: true,
    backgroundBlur: [false],
  };
  const name = sysfs.name ?? path.basename(devicePath);
  return {
    rawId: devicePath,
    kind: 'videoinput',
    // As Chromium labels USB cameras: the card name and the USB model.
    label: sysfs.usbModel === undefined ? name : `${name} (${sysfs.usbModel})`,
    groupKey: sysfs.devicePath === undefined ? `v4l2:${devicePath}` : sysfsGroupKey(sysfs.devicePath),
    isDefault: false,
    capture,
    startWaitMs: CAMERA_START_WAIT_MS,
    producer: ffmpegCameraProducer({
      label: devicePath,
      ffmpeg,
      inputArgs(mode) {
        const v4l2Mode = byMode.get(modeKey(mode));
        if (v4l2Mode === undefined) {
          throw new Error(`v4l2: ${devicePath} has no mode ${modeKey(mode)}`);
        }
        return v4l2InputArgs(devicePath, v4l2Mode);
      },
      isGone: () => !existsSync(devicePath),
    }),
  };
}

/**
 * Calls `changed` (once things settle) when a `videoN` entry appears in or leaves `directory`. Returns
 * the function that stops watching; a directory that cannot be watched gives no events and no error.
 */
function watchVideoNodes(directory: string, changed: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const settle = (): void => {
    hostClearTimeout(timer);
    timer = hostSetTimeout(changed, HOT_PLUG_SETTLE_MS);
    timer.unref();
  };
  let watcher: FSWatcher;
  try {
    // Not persistent: watching must not keep Node alive.
    watcher = watchDirectory(directory, { persistent: false }, (_event, file) => {
      if (file === null || VIDEO_NODE.test(file.toString())) {
        settle();
      }
    });
  } catch {
    return () => {};
  }
  watcher.on('error', () => watcher.close());
  return () => {
    hostClearTimeout(timer);
    watcher.close();
  };
}

function modeKey(mode: { width: number; height: number; frameRate: number }): string {
  return `${mode.width}x${mode.height}@${mode.frameRate}`;
}

function nodeNumber(node: string): number {
  return Number(VIDEO_NODE.exec(node)?.[1] ?? Infinity);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
