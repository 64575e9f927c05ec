// Screens on macOS (avfoundation) and Windows (gdigrab) for getDisplayMedia: the providers over recorded
// ffmpeg outputs, the capture arguments, and the capture pipeline run with real ffmpeg and a lavfi colour
// standing in for the screen.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { systemDisplaySurfaces } from '../../../../src/devices/system-display.js';
import { MonotonicClock } from '../../../../src/media/clock.js';
import type { VideoFrame } from '../../../../src/media/video-frame.js';
import { CaptureSource } from '../../../../src/sources/capture-source.js';
import { findFfmpeg } from '../../../../src/sources/file/ffmpeg-location.js';
import type { CommandRunner } from '../../../../src/sources/platform/command-output.js';
import { ffmpegScreenSurface, parseInputVideoSize } from '../../../../src/sources/platform/ffmpeg-screen-capture.js';
import { avfoundationDisplaySurfaces, avfoundationScreenInputArgs, avfoundationScreenProbeArgs } from '../../../../src/sources/platform/macos/avfoundation-screens.js';
import type { PlatformDisplaySurface } from '../../../../src/sources/platform/platform-display.js';
import { gdigrabDesktopInputArgs, gdigrabDisplaySurfaces, gdigrabProbeArgs, parseGdigrabDesktopSize } from '../../../../src/sources/platform/windows/gdigrab-display.js';
import {
  AVFOUNDATION_DEVICES,
  AVFOUNDATION_SCREEN_PROBE,
  AVFOUNDATION_SCREEN_PROBE_GONE,
  GDIGRAB_DESKTOP_PROBE,
  GDIGRAB_NO_DESKTOP,
} from './ffmpeg-device-recorded-outputs.js';
import { StandInFfmpeg } from './stand-in-ffmpeg.js';

const standIn = new StandInFfmpeg('[AVFoundation indev @ 0x13f704a50] Invalid device index');
after(() => standIn.remove());

/** ffmpeg answering each command from `answers` (by a part of its arguments); records what it was asked. */
function recorded(answers: readonly (readonly [string, string])[]): { run: CommandRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: CommandRunner = async (_command, args) => {
    calls.push([...args]);
    const answer = answers.find(([key]) => args.includes(key));
    return { code: 1, stdout: '', stderr: answer?.[1] ?? '' };
  };
  return { run, calls };
}

function surfacesOf(list: Awaited<ReturnType<ReturnType<typeof gdigrabDisplaySurfaces>['list']>>): readonly PlatformDisplaySurface[] {
  assert.equal(list.type, 'surfaces');
  return list.type === 'surfaces' ? list.surfaces : [];
}

describe('macOS and Windows screens through ffmpeg', () => {
  test("reads a screen's size from ffmpeg's description of its input, not of its output", () => {
    assert.deepEqual(parseInputVideoSize(AVFOUNDATION_SCREEN_PROBE), { width: 3024, height: 1964 });
    assert.deepEqual(parseGdigrabDesktopSize(GDIGRAB_DESKTOP_PROBE), { width: 3840, height: 1080 });
    assert.equal(parseInputVideoSize(AVFOUNDATION_SCREEN_PROBE_GONE), undefined);
    assert.equal(parseGdigrabDesktopSize(GDIGRAB_NO_DESKTOP), undefined);
  });

  test('builds the capture arguments with and without the cursor', () => {
    assert.deepEqual(avfoundationScreenInputArgs(2, { width: 3024, height: 1964, frameRate: 30, cursor: 'always' }), [
      '-f', 'avfoundation', '-capture_cursor', '1', '-framerate', '30', '-pixel_format', 'uyvy422', '-i', '2:none',
    ]);
    assert.equal(avfoundationScreenInputArgs(3, { width: 8, height: 8, frameRate: 5, cursor: 'never' })[3], '0');
    assert.deepEqual(gdigrabDesktopInputArgs({ width: 3840, height: 1080, frameRate: 15, cursor: 'never' }), [
      '-f', 'gdigrab', '-framerate', '15', '-draw_mouse', '0', '-i', 'desktop',
    ]);
    assert.deepEqual(avfoundationScreenProbeArgs(2), ['-hide_banner', '-nostdin', '-f', 'avfoundation', '-capture_cursor', '0', '-i', '2:none', '-frames:v', '1', '-f', 'null', '-']);
  });

  test('avfoundation offers each "Capture screen N" that a probe can open, as a monitor at its full size', async () => {
    const { run, calls } = recorded([
      ['-list_devices', AVFOUNDATION_DEVICES],
      ['2:none', AVFOUNDATION_SCREEN_PROBE],
      ['3:none', AVFOUNDATION_SCREEN_PROBE_GONE],
    ]);
    const surfaces = surfacesOf(await avfoundationDisplaySurfaces({ run, env: standIn.env }).list());
    assert.deepEqual(calls.map((args) => args.at(args.indexOf('-i') + 1)), ['', '2:none', '3:none']);
    assert.deepEqual(
      surfaces.map((surface) => [surface.label, surface.isPrimary, surface.capture.modes, surface.capture.display]),
      [['screen:0:0', true, [{ width: 3024, height: 1964, frameRate: 30 }], { displaySurface: 'monitor', logicalSurface: true, cursor: ['always', 'never'] }]],
    );
  });

  test('avfoundation without an openable screen says why', async () => {
    const { run } = recorded([['-list_devices', AVFOUNDATION_DEVICES], ['2:none', AVFOUNDATION_SCREEN_PROBE_GONE], ['3:none', AVFOUNDATION_SCREEN_PROBE_GONE]]);
    const list = await avfoundationDisplaySurfaces({ run, env: standIn.env }).list();
    assert.deepEqual(surfacesOf(list), []);
    assert.match(list.type === 'surfaces' ? (list.reason ?? '') : '', /cannot capture Capture screen 1 \(Error opening input files: Input\/output error\)/);
  });

  test('gdigrab offers the whole virtual desktop as one monitor, or none with the reason', async () => {
    const { run, calls } = recorded([['desktop', GDIGRAB_DESKTOP_PROBE]]);
    const [desktop, ...others] = surfacesOf(await gdigrabDisplaySurfaces({ run, env: standIn.env }).list());
    assert.deepEqual(calls, [gdigrabProbeArgs()]);
    assert.deepEqual(others, []);
    assert.equal(desktop?.label, 'screen:0:0');
    assert.deepEqual(desktop?.capture.modes, [{ width: 3840, height: 1080, frameRate: 30 }]);
    const none = await gdigrabDisplaySurfaces({ run: recorded([['desktop', GDIGRAB_NO_DESKTOP]]).run, env: standIn.env }).list();
    assert.deepEqual(none, { type: 'surfaces', surfaces: [], reason: 'cannot capture the desktop (Error opening input files: I/O error)' });
  });

  test('macOS and Windows pick their providers; without ffmpeg they are unsupported', async () => {
    assert.equal(systemDisplaySurfaces('darwin').name, 'avfoundation');
    assert.equal(systemDisplaySurfaces('win32').name, 'gdigrab');
    const noFfmpeg = await systemDisplaySurfaces('win32', { PATH: '/nonexistent', MEDIACAPTURE_FFMPEG: 'none' }).list();
    assert.equal(noFfmpeg.type, 'unsupported');
  });

  test('a screen producer hands ffmpeg the screen input at the mode asked, and ends the source with its last words', async () => {
    const { run } = recorded([['-list_devices', AVFOUNDATION_DEVICES], ['2:none', AVFOUNDATION_SCREEN_PROBE], ['3:none', AVFOUNDATION_SCREEN_PROBE]]);
    const [, second] = surfacesOf(await avfoundationDisplaySurfaces({ run, env: standIn.env }).list());
    assert.ok(second !== undefined);
    const { args, failure } = await standIn.capture({ ...second, kind: 'videoinput', groupKey: 'g', isDefault: false }, { width: 3024, height: 1964, frameRate: 30, cursor: 'never' });
    assert.deepEqual(args.slice(args.indexOf('-f'), args.indexOf('-i') + 2), ['-f', 'avfoundation', '-capture_cursor', '0', '-framerate', '30', '-pixel_format', 'uyvy422', '-i', '3:none']);
    assert.deepEqual(args.slice(args.indexOf('-pix_fmt'), args.indexOf('-pix_fmt') + 4), ['-pix_fmt', 'yuv420p', '-s', '3024x1964']);
    assert.match(failure?.message ?? '', /Invalid device index/);
  });

  const noFfmpeg = findFfmpeg() === undefined ? 'ffmpeg is not installed' : false;
  test('frames of a screen arrive through real ffmpeg as I420 at its size', { skip: noFfmpeg }, async () => {
    const ffmpeg = findFfmpeg()?.ffmpeg as string;
    const surface = ffmpegScreenSurface({
      rawId: 'test',
      label: 'screen:0:0',
      isPrimary: true,
      size: { width: 64, height: 48 },
      ffmpeg,
      // A white screen stands in for the platform's input, at the rate asked.
      inputArgs: (mode) => ['-re', '-f', 'lavfi', '-i', `color=c=white:s=64x48:r=${mode.frameRate}`],
    });
    const source = new CaptureSource(surface.label, surface.capture, { deviceId: 'd', groupId: 'g' }, new MonotonicClock(), surface.producer);
    const frames: VideoFrame[] = [];
    source.setFrameListener((frame) => {
      // The source closes its frames after the listener: keep clones.
      frames.push((frame as VideoFrame).clone());
    });
    source.setNativeMode({ width: 64, height: 48, frameRate: 30, cursor: 'always' });
    source.setDemand(true);
    const deadline = Date.now() + 15_000;
    while (frames.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    source.end('ended');
    assert.ok(frames.length >= 3, `${frames.length} frames`);
    const frame = frames[2] as VideoFrame;
    assert.equal(frame.format, 'I420');
    assert.deepEqual([frame.codedWidth, frame.codedHeight], [64, 48]);
    const bytes = new Uint8Array(frame.allocationSize());
    await frame.copyTo(bytes);
    // White in limited-range I420: luma 235.
    assert.ok(Math.abs((bytes[0] as number) - 235) <= 2, `luma ${bytes[0]}`);
    for (const each of frames) {
      each.close();
    }
  });
});
