// Windows cameras through ffmpeg's DirectShow input, and gdigrab screen arguments: parsing recorded
// listings, the capture arguments, and the provider over recorded outputs (it cannot run here).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import type { CommandRunner } from '../../../../src/sources/platform/command-output.js';
import { CaptureError } from '../../../../src/sources/platform/capture-error.js';
import {
  dshowCameraInputArgs,
  dshowListArgs,
  dshowMicrophoneInputArgs,
  dshowOptionsArgs,
  parseDshowDevices,
  parseDshowModes,
} from '../../../../src/sources/platform/windows/dshow-listing.js';
import { dshowProvider } from '../../../../src/sources/platform/windows/dshow-provider.js';
import { gdigrabInputArgs } from '../../../../src/sources/platform/windows/gdigrab-args.js';
import {
  DSHOW_DEVICES_IN0_PREFIX,
  DSHOW_DEVICES_SECTIONS,
  DSHOW_DEVICES_TYPED,
  DSHOW_OPTIONS,
} from './ffmpeg-device-recorded-outputs.js';
import { inputPart, StandInFfmpeg } from './stand-in-ffmpeg.js';

const ffmpeg = new StandInFfmpeg();
after(() => ffmpeg.remove());

const WEBCAM_MONIKER = '@device_pnp_\\\\?\\usb#vid_13d3&pid_56dd&mi_00#6&1bd2b4b7&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global';

describe('parseDshowDevices', () => {
  test('reads the layout with video and audio headings', () => {
    assert.deepEqual(
      parseDshowDevices(DSHOW_DEVICES_SECTIONS).map((device) => [device.name, device.kinds, device.alternativeName?.slice(0, 12)]),
      [
        ['Integrated Webcam', ['video'], '@device_pnp_'],
        ['screen-capture-recorder', ['video'], '@device_sw_{'],
        ['Microphone (High Definition Audio Device)', ['audio'], '@device_cm_{'],
      ],
    );
  });

  test('reads the layout with the media types on each line, keeping same-named cameras apart', () => {
    const devices = parseDshowDevices(DSHOW_DEVICES_TYPED);
    assert.deepEqual(
      devices.map((device) => [device.name, device.kinds]),
      [
        ['USB2.0 HD UVC WebCam', ['video']],
        ['USB2.0 HD UVC WebCam', ['video']],
        ['Elgato Virtual Camera', []],
        ['Microphone Array (Realtek(R) Audio)', ['audio']],
      ],
    );
    assert.equal(devices[0]?.alternativeName, WEBCAM_MONIKER);
    assert.notEqual(devices[0]?.alternativeName, devices[1]?.alternativeName);
  });

  test("reads lines with ffmpeg 7.1's [in#0 @ …] prefix", () => {
    assert.deepEqual(
      parseDshowDevices(DSHOW_DEVICES_IN0_PREFIX).map((device) => [device.name, device.kinds, device.alternativeName !== undefined]),
      [
        ['screen-capture-recorder', ['video'], true],
        ['virtual-audio-capturer', ['audio'], true],
      ],
    );
  });
});

describe('parseDshowModes', () => {
  test('reads each media type at its largest size and highest rate, raw before compressed', () => {
    assert.deepEqual(
      parseDshowModes(DSHOW_OPTIONS).map((mode) => `${mode.width}x${mode.height}@${mode.frameRate} ${mode.option}=${mode.value}`),
      [
        '640x480@30 pixel_format=yuyv422',
        '1280x720@10 pixel_format=yuyv422',
        '1280x720@30 vcodec=mjpeg',
        '1920x1080@5 pixel_format=nv12',
        '1920x1080@30 vcodec=mjpeg',
      ],
    );
  });
});

describe('dshow arguments', () => {
  test('list and probe devices by name', () => {
    assert.deepEqual(dshowListArgs(), ['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy']);
    assert.deepEqual(dshowOptionsArgs('Integrated Webcam').slice(-2), ['-i', 'video=Integrated Webcam']);
  });

  test('capture a camera with its pixel format or codec, and a microphone', () => {
    assert.deepEqual(dshowCameraInputArgs('Cam', { width: 1280, height: 720, frameRate: 30, option: 'vcodec', value: 'mjpeg' }), [
      '-f', 'dshow', '-video_size', '1280x720', '-framerate', '30', '-vcodec', 'mjpeg', '-rtbufsize', '14745600', '-i', 'video=Cam',
    ]);
    assert.deepEqual(dshowCameraInputArgs('Cam', { width: 640, height: 480, frameRate: 30, option: 'pixel_format', value: 'yuyv422' }).slice(6, 8), [
      '-pixel_format',
      'yuyv422',
    ]);
    assert.deepEqual(dshowMicrophoneInputArgs('Microphone Array (Realtek(R) Audio)'), ['-f', 'dshow', '-audio_buffer_size', '20', '-i', 'audio=Microphone Array (Realtek(R) Audio)']);
  });
});

describe('gdigrabInputArgs', () => {
  test('captures the desktop, a monitor region or a window', () => {
    assert.deepEqual(gdigrabInputArgs({ frameRate: 30, drawMouse: true }), ['-f', 'gdigrab', '-framerate', '30', '-draw_mouse', '1', '-i', 'desktop']);
    assert.deepEqual(gdigrabInputArgs({ frameRate: 15, drawMouse: false, region: { x: -1920, y: 0, width: 1920, height: 1080 } }), [
      '-f', 'gdigrab', '-framerate', '15', '-offset_x', '-1920', '-offset_y', '0', '-video_size', '1920x1080', '-draw_mouse', '0', '-i', 'desktop',
    ]);
    assert.deepEqual(gdigrabInputArgs({ frameRate: 5, drawMouse: true, windowTitle: 'Untitled - Notepad' }).slice(-2), ['-i', 'title=Untitled - Notepad']);
  });

  test('rejects a frame rate that is not positive', () => {
    assert.throws(() => gdigrabInputArgs({ frameRate: 0, drawMouse: true }), RangeError);
  });
});

describe('dshowProvider', () => {
  function recorded(listing: string): { run: CommandRunner; probed: string[] } {
    const probed: string[] = [];
    const run: CommandRunner = async (_command, args) => {
      if (args.includes('-list_devices')) {
        return { code: 1, stdout: '', stderr: listing };
      }
      probed.push(args.at(-1) as string);
      return { code: 1, stdout: '', stderr: DSHOW_OPTIONS };
    };
    return { run, probed };
  }

  test('lists video devices by moniker, probing each for its modes', async () => {
    const { run, probed } = recorded(DSHOW_DEVICES_TYPED);
    const devices = await dshowProvider({ run, env: ffmpeg.env }).list();
    assert.equal(probed.length, 2, 'the two webcams; not the device without media, not the microphone');
    assert.equal(probed[0], `video=${WEBCAM_MONIKER}`);
    assert.deepEqual(
      devices.map((device) => [device.label, device.kind, device.rawId === device.groupKey]),
      [
        ['USB2.0 HD UVC WebCam', 'videoinput', true],
        ['USB2.0 HD UVC WebCam', 'videoinput', true],
      ],
    );
    assert.equal(devices[0]?.rawId, WEBCAM_MONIKER);
    assert.notEqual(devices[0]?.rawId, devices[1]?.rawId);
    const capture = devices[0]?.capture;
    assert.ok(capture?.kind === 'video');
    assert.equal(capture.facingMode, undefined);
    assert.deepEqual(capture.modes[0], { width: 640, height: 480, frameRate: 30 });
  });

  test('captures the chosen mode with its codec; a camera in use fails as busy', async () => {
    const { run } = recorded(DSHOW_DEVICES_TYPED);
    const [camera] = await dshowProvider({ run, env: ffmpeg.env }).list();
    assert.ok(camera !== undefined);
    const mode = { width: 1920, height: 1080, frameRate: 30 };
    const { args, failure } = await ffmpeg.capture(camera, mode);
    assert.deepEqual(inputPart(args), dshowCameraInputArgs(WEBCAM_MONIKER, { ...mode, option: 'vcodec', value: 'mjpeg' }));
    assert.ok(failure instanceof CaptureError);
    assert.equal(failure.reason, 'busy');
  });

  test('fails a mode the camera does not have, without running ffmpeg', async () => {
    const { run } = recorded(DSHOW_DEVICES_SECTIONS);
    const [camera] = await dshowProvider({ run, env: ffmpeg.env }).list();
    assert.ok(camera !== undefined);
    const { args, failure } = await ffmpeg.capture(camera, { width: 4096, height: 2160, frameRate: 30 });
    assert.deepEqual(args, []);
    assert.ok(failure instanceof CaptureError);
    assert.match(failure.message, /has no mode 4096x2160@30/);
  });
});
