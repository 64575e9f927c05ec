// The V4L2 provider over a fake /sys/class/video4linux tree, recorded tool outputs and a stand-in ffmpeg.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { VideoCaptureModel } from '../../../../src/sources/capture-model.js';
import type { CommandRunner } from '../../../../src/sources/platform/command-output.js';
import { CaptureError } from '../../../../src/sources/platform/capture-error.js';
import { sysfsGroupKey, v4l2InputArgs, v4l2Provider } from '../../../../src/sources/platform/linux/v4l2-provider.js';
import type { PlatformDevice } from '../../../../src/sources/platform/platform-device.js';
import { inputPart, StandInFfmpeg } from './stand-in-ffmpeg.js';
import { FFMPEG_V4L2_LIST_FORMATS, V4L2_CTL_METADATA_NODE, V4L2_CTL_UVC_WEBCAM } from './v4l2-recorded-outputs.js';

const directories: string[] = [];
const ffmpeg = new StandInFfmpeg('[video4linux2,v4l2 @ 0x55d0c1] ioctl(VIDIOC_STREAMON): Device or resource busy');
after(() => {
  ffmpeg.remove();
  for (const directory of directories) {
    rmSync(directory, { recursive: true, force: true });
  }
});

/**
 * A machine with a USB webcam (video0 frames, video1 metadata, USB 046d:082d), a v4l2loopback device
 * (video2, no `device` link) and a sub-device node; `ffmpeg` is the stand-in of a busy camera.
 */
function fakeMachine(): { root: string; sysfs: string; dev: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(path.join(tmpdir(), 'mediacapture-v4l2-'));
  directories.push(root);
  const usbDevice = path.join(root, 'devices/pci0000:00/0000:00:14.0/usb1/1-6');
  const usbInterface = path.join(usbDevice, '1-6:1.0');
  mkdirSync(usbInterface, { recursive: true });
  writeFileSync(path.join(usbDevice, 'idVendor'), '046d\n');
  writeFileSync(path.join(usbDevice, 'idProduct'), '082d\n');
  const sysfs = path.join(root, 'class/video4linux');
  for (const [node, name, linked] of [
    ['video0', 'HD Pro Webcam C920', true],
    ['video1', 'HD Pro Webcam C920', true],
    ['video2', 'Dummy video device (0x0000)', false],
    ['v4l-subdev0', 'imx219 10-0010', false],
  ] as const) {
    mkdirSync(path.join(sysfs, node), { recursive: true });
    writeFileSync(path.join(sysfs, node, 'name'), `${name}\n`);
    if (linked) {
      symlinkSync(usbInterface, path.join(sysfs, node, 'device'));
    }
  }
  const dev = path.join(root, 'dev');
  mkdirSync(dev);
  return { root, sysfs, dev, env: ffmpeg.env };
}

/**
 * Tools answering from recordings. v4l2-ctl: the webcam on video0, metadata on video1, loopback fails.
 * ffmpeg: the webcam's formats, except on the metadata node, which is not a capture device.
 */
function recordedV4l2Ctl(dev: string): CommandRunner {
  return async (command, args) => {
    const node = args.at(-1);
    if (command !== 'v4l2-ctl') {
      const notCapture = `[video4linux2,v4l2 @ 0x5612e0e4a940] Not a video capture device.\n${node}: No such device\n`;
      return { code: 1, stdout: '', stderr: node === path.join(dev, 'video1') ? notCapture : FFMPEG_V4L2_LIST_FORMATS };
    }
    if (node === path.join(dev, 'video0')) {
      return { code: 0, stdout: V4L2_CTL_UVC_WEBCAM, stderr: '' };
    }
    if (node === path.join(dev, 'video1')) {
      return { code: 0, stdout: V4L2_CTL_METADATA_NODE, stderr: '' };
    }
    return { code: 255, stdout: '', stderr: `Cannot open device ${node}, exiting.\n` };
  };
}

function onlyCamera(devices: readonly PlatformDevice[]): PlatformDevice {
  assert.ok(devices[0] !== undefined);
  return devices[0];
}

describe('v4l2Provider', () => {
  test('lists capture nodes only, labelled as Chromium labels USB cameras', async () => {
    const machine = fakeMachine();
    const ffmpegListing: string[] = [];
    const run: CommandRunner = async (command, args) => {
      if (command !== 'v4l2-ctl') {
        ffmpegListing.push(args.at(-1) as string);
      }
      return recordedV4l2Ctl(machine.dev)(command, args);
    };
    const provider = v4l2Provider({ sysfsDirectory: machine.sysfs, deviceDirectory: machine.dev, run, env: machine.env });
    const devices = await provider.list();
    assert.deepEqual(
      devices.map((device) => [device.rawId, device.label, device.kind, device.isDefault]),
      [
        [path.join(machine.dev, 'video0'), 'HD Pro Webcam C920 (046d:082d)', 'videoinput', false],
        [path.join(machine.dev, 'video2'), 'Dummy video device (0x0000)', 'videoinput', false],
      ],
    );
    assert.deepEqual(ffmpegListing, [path.join(machine.dev, 'video2')], 'ffmpeg lists the node v4l2-ctl could not read');
  });

  test("describes the camera's modes, with no facingMode", async () => {
    const machine = fakeMachine();
    const provider = v4l2Provider({ sysfsDirectory: machine.sysfs, deviceDirectory: machine.dev, run: recordedV4l2Ctl(machine.dev), env: machine.env });
    const capture = onlyCamera(await provider.list()).capture as VideoCaptureModel;
    assert.equal(capture.kind, 'video');
    assert.equal(capture.facingMode, undefined);
    assert.equal(capture.cropAndScale, true);
    assert.deepEqual(capture.backgroundBlur, [false]);
    assert.ok(capture.modes.some((mode) => mode.width === 1920 && mode.height === 1080 && mode.frameRate === 30));
    assert.ok(capture.modes.some((mode) => mode.width === 640 && mode.height === 480 && mode.frameRate === 7.5));
    assert.ok(capture.modes.every((mode) => Object.keys(mode).length === 3), 'modes are plain NativeVideoModes');
  });

  test("groups a USB camera under its USB device, where its microphone's sysfs path also leads", async () => {
    const machine = fakeMachine();
    const provider = v4l2Provider({ sysfsDirectory: machine.sysfs, deviceDirectory: machine.dev, run: recordedV4l2Ctl(machine.dev), env: machine.env });
    const [camera, loopback] = await provider.list();
    const usbDevice = path.join(machine.root, 'devices/pci0000:00/0000:00:14.0/usb1/1-6');
    assert.equal(camera?.groupKey, `sysfs:${usbDevice}`);
    assert.equal(camera?.groupKey, sysfsGroupKey(path.join(usbDevice, '1-6:1.3/sound/card1')));
    assert.equal(loopback?.groupKey, `v4l2:${path.join(machine.dev, 'video2')}`);
  });

  test('falls back to ffmpeg when v4l2-ctl is not installed', async () => {
    const machine = fakeMachine();
    const run: CommandRunner = async (command, args) => (command === 'v4l2-ctl' ? undefined : recordedV4l2Ctl(machine.dev)(command, args));
    const provider = v4l2Provider({ sysfsDirectory: machine.sysfs, deviceDirectory: machine.dev, run, env: machine.env });
    const devices = await provider.list();
    assert.deepEqual(
      devices.map((device) => path.basename(device.rawId)),
      ['video0', 'video2'],
      'not the metadata node',
    );
    const capture = devices[0]?.capture as VideoCaptureModel;
    assert.ok(capture.modes.every((mode) => mode.frameRate === 30));
  });

  test("lists this machine's cameras with the real tools, without failing", async () => {
    const devices = await v4l2Provider().list();
    assert.ok(devices.every((device) => device.kind === 'videoinput' && device.capture?.kind === 'video'));
  });

  test('lists nothing, without failing, where there is no video4linux class', async () => {
    const provider = v4l2Provider({ sysfsDirectory: path.join(tmpdir(), 'no-such-video4linux'), run: async () => undefined });
    assert.deepEqual(await provider.list(), []);
  });

  test('captures with ffmpeg -f v4l2 in the chosen mode and pixel format; a busy camera ends the source', async () => {
    const machine = fakeMachine();
    const provider = v4l2Provider({ sysfsDirectory: machine.sysfs, deviceDirectory: machine.dev, run: recordedV4l2Ctl(machine.dev), env: machine.env });
    const camera = onlyCamera(await provider.list());
    const { args, failure } = await ffmpeg.capture(camera, { width: 1280, height: 720, frameRate: 30 });
    const device = path.join(machine.dev, 'video0');
    const input = inputPart(args);
    assert.deepEqual(input, v4l2InputArgs(device, { width: 1280, height: 720, frameRate: 30, inputFormat: 'mjpeg' }));
    assert.deepEqual(input, ['-f', 'v4l2', '-input_format', 'mjpeg', '-video_size', '1280x720', '-framerate', '30', '-i', device]);
    assert.ok(args.includes('rawvideo') && args.includes('yuv420p') && args.at(-1) === 'pipe:1');
    assert.ok(failure instanceof CaptureError);
    assert.equal(failure.reason, 'busy');
    assert.equal(failure.device, device);
    assert.match(failure.message, /Device or resource busy/);
  });
});

describe('v4l2Provider watch', () => {
  test('reports a video node appearing in /dev, and not other entries', async () => {
    const machine = fakeMachine();
    const provider = v4l2Provider({ deviceDirectory: machine.dev });
    let calls = 0;
    let wake: () => void = () => {};
    const stop = provider.watch?.(() => {
      calls++;
      wake();
    });
    assert.ok(stop !== undefined);
    try {
      writeFileSync(path.join(machine.dev, 'ttyUSB0'), '');
      // Longer than the settling delay: a report of ttyUSB0 would have come by now.
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal(calls, 0, 'other entries are not reported');
      // The watcher does not keep Node alive (by design); this timer does, and fails a silent watcher.
      let guard: NodeJS.Timeout | undefined;
      const changed = new Promise<void>((resolve, reject) => {
        wake = resolve;
        guard = setTimeout(() => reject(new Error('no change reported within 5 s')), 5000);
      });
      writeFileSync(path.join(machine.dev, 'video4'), '');
      await changed.finally(() => clearTimeout(guard));
      assert.equal(calls, 1, 'the creation is reported once, after it settles');
    } finally {
      stop();
    }
  });

  test('gives a no-op stop function where the directory cannot be watched', () => {
    const provider = v4l2Provider({ deviceDirectory: path.join(tmpdir(), 'no-such-dev-directory') });
    const stop = provider.watch?.(() => assert.fail('no change can be seen'));
    assert.equal(typeof stop, 'function');
    stop?.();
  });
});

describe('sysfsGroupKey', () => {
  test('cuts a USB interface path at its USB device, with or without /sys', () => {
    const expected = 'sysfs:/devices/pci0000:00/0000:00:14.0/usb1/1-6';
    assert.equal(sysfsGroupKey('/sys/devices/pci0000:00/0000:00:14.0/usb1/1-6/1-6:1.0'), expected);
    assert.equal(sysfsGroupKey('/devices/pci0000:00/0000:00:14.0/usb1/1-6/1-6:1.3/sound/card1'), expected);
    assert.equal(sysfsGroupKey('/sys/devices/pci0000:00/0000:00:14.0/usb1/1-6.2/1-6.2:1.0'), 'sysfs:/devices/pci0000:00/0000:00:14.0/usb1/1-6.2');
  });

  test('keeps other paths whole', () => {
    assert.equal(sysfsGroupKey('/sys/devices/platform/bcm2835-codec'), 'sysfs:/devices/platform/bcm2835-codec');
  });
});
