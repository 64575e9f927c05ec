// macOS cameras through ffmpeg's avfoundation input: parsing recorded listings, the capture arguments,
// and the provider over recorded outputs (it cannot run on this Linux machine).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import type { CommandRunner } from '../../../../src/sources/platform/command-output.js';
import { CaptureError } from '../../../../src/sources/platform/capture-error.js';
import {
  avfoundationCameraInputArgs,
  avfoundationListArgs,
  avfoundationMicrophoneInputArgs,
  avfoundationModeProbeArgs,
  parseAvfoundationDevices,
  parseAvfoundationModes,
} from '../../../../src/sources/platform/macos/avfoundation-listing.js';
import { avfoundationProvider } from '../../../../src/sources/platform/macos/avfoundation-provider.js';
import { AVFOUNDATION_DEVICES, AVFOUNDATION_DEVICES_WITH_IDS, AVFOUNDATION_SUPPORTED_MODES } from './ffmpeg-device-recorded-outputs.js';
import { inputPart, StandInFfmpeg } from './stand-in-ffmpeg.js';

const ffmpeg = new StandInFfmpeg('[avfoundation @ 0x7f8b7c004a00] Failed to create AV capture input device: Cannot use FaceTime HD Camera');
after(() => ffmpeg.remove());

describe('parseAvfoundationDevices', () => {
  test('lists cameras, screens and microphones with their indices', () => {
    const devices = parseAvfoundationDevices(AVFOUNDATION_DEVICES);
    assert.deepEqual(
      devices.map((device) => [device.kind, device.index, device.name, device.screen]),
      [
        ['video', 0, 'FaceTime HD Camera', false],
        ['video', 1, 'OBS Virtual Camera', false],
        ['video', 2, 'Capture screen 0', true],
        ['video', 3, 'Capture screen 1', true],
        ['audio', 0, 'MacBook Pro Microphone', false],
        ['audio', 1, 'ZoomAudioDevice', false],
      ],
    );
    assert.ok(devices.every((device) => device.uniqueId === undefined));
  });

  test('reads unique ids where the build prints them, and the older log prefix', () => {
    const devices = parseAvfoundationDevices(AVFOUNDATION_DEVICES_WITH_IDS);
    assert.deepEqual(
      devices.map((device) => [device.kind, device.name, device.uniqueId, device.screen]),
      [
        ['video', 'FaceTime HD Camera (Built-in)', '0x8020000005ac8514', false],
        ['video', 'Capture screen 0', 'AvfilterAvfoundationCaptureScreen69733382', true],
        ['audio', 'Built-in Microphone', 'AppleHDAEngineInput:1B,0,1,0:1', false],
      ],
    );
  });
});

describe('parseAvfoundationModes', () => {
  test('takes each size at the top of each rate range, once', () => {
    assert.deepEqual(
      parseAvfoundationModes(AVFOUNDATION_SUPPORTED_MODES).map((mode) => `${mode.width}x${mode.height}@${mode.frameRate}`),
      ['192x144@30', '352x288@30', '640x480@30', '1280x720@30', '1280x720@60', '1920x1080@29.97'],
    );
  });

  test('finds no modes in a log without them', () => {
    assert.deepEqual(parseAvfoundationModes(AVFOUNDATION_DEVICES), []);
  });
});

describe('avfoundation arguments', () => {
  test('list with an empty input name, probe with an impossible size', () => {
    assert.deepEqual(avfoundationListArgs(), ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', '']);
    const probe = avfoundationModeProbeArgs(1);
    assert.deepEqual(probe.slice(probe.indexOf('-video_size'), probe.indexOf('-i') + 2), ['-video_size', '1x1', '-i', '1:none']);
  });

  test('capture a camera by index without audio, and a microphone without video', () => {
    assert.deepEqual(avfoundationCameraInputArgs(0, { width: 1280, height: 720, frameRate: 30 }), [
      '-f', 'avfoundation', '-framerate', '30', '-video_size', '1280x720', '-pixel_format', 'uyvy422', '-i', '0:none',
    ]);
    assert.deepEqual(avfoundationMicrophoneInputArgs(2), ['-f', 'avfoundation', '-i', ':2']);
  });
});

describe('avfoundationProvider', () => {
  /** ffmpeg answering from recordings; records what it was asked. */
  function recorded(listing: string): { run: CommandRunner; calls: string[][] } {
    const calls: string[][] = [];
    const run: CommandRunner = async (_command, args) => {
      calls.push([...args]);
      const stderr = args.includes('-list_devices') ? listing : args.includes('0:none') ? AVFOUNDATION_SUPPORTED_MODES : 'Selected video size (1x1) is not supported by the device.\nSupported modes:\n';
      return { code: 1, stdout: '', stderr };
    };
    return { run, calls };
  }

  test('lists the cameras that report modes, not the screens', async () => {
    const { run, calls } = recorded(AVFOUNDATION_DEVICES);
    const devices = await avfoundationProvider({ run, env: ffmpeg.env }).list();
    assert.deepEqual(
      calls.map((args) => args[args.indexOf('-i') + 1]),
      ['', '0:none', '1:none'],
      'one probe per camera, none for screens',
    );
    assert.deepEqual(
      devices.map((device) => [device.rawId, device.label, device.kind, device.groupKey]),
      [['avfoundation:FaceTime HD Camera', 'FaceTime HD Camera', 'videoinput', 'avfoundation:FaceTime HD Camera']],
    );
    const capture = devices[0]?.capture;
    assert.ok(capture?.kind === 'video');
    assert.equal(capture.facingMode, undefined);
    assert.equal(capture.modes.length, 6);
  });

  test('uses the unique id as the raw id where ffmpeg prints it', async () => {
    const { run } = recorded(AVFOUNDATION_DEVICES_WITH_IDS);
    const devices = await avfoundationProvider({ run, env: ffmpeg.env }).list();
    assert.deepEqual(devices.map((device) => device.rawId), ['0x8020000005ac8514']);
  });

  test('captures the chosen mode with -f avfoundation', async () => {
    const { run } = recorded(AVFOUNDATION_DEVICES);
    const [camera] = await avfoundationProvider({ run, env: ffmpeg.env }).list();
    assert.ok(camera !== undefined);
    const { args, failure } = await ffmpeg.capture(camera, { width: 1280, height: 720, frameRate: 60 });
    assert.deepEqual(inputPart(args), avfoundationCameraInputArgs(0, { width: 1280, height: 720, frameRate: 60 }));
    assert.ok(failure instanceof CaptureError);
    assert.equal(failure.reason, 'failed');
  });

  test('lists nothing without ffmpeg', async () => {
    const { run, calls } = recorded(AVFOUNDATION_DEVICES);
    assert.deepEqual(await avfoundationProvider({ run, env: { PATH: '', MEDIACAPTURE_FFMPEG: 'none' } }).list(), []);
    assert.deepEqual(calls, []);
  });
});
