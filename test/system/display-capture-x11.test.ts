// getDisplayMedia() on a real X server (a private Xvfb) captured by ffmpeg x11grab: the settings are the
// screen's, the frames show the colours drawn on it, applyConstraints downscales them, the cursor follows
// the cursor constraint, and the ffmpeg child never outlives its track (stop(), a killed ffmpeg, a killed Node).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

import { createMediaDevices, MediaStreamTrackProcessor, type MediaStreamTrack, type VideoFrame } from '../../src/index.js';
import {
  addMonitor,
  missingForX11,
  paintRoot,
  paintRootBands,
  privateDisplayForSuite,
  x11grabChildren,
} from './xvfb.js';
import { eventually, isRunning } from '../helpers/processes.js';

const skip = process.platform !== 'linux' ? 'X11 capture is Linux only' : missingForX11();
/** How long a wait may take before the test counts it as hung: a guard against hangs, not a speed check (that is bench/). */
const HANG_GUARD_MS = 30_000;

/** Sets `name` back to `value` in process.env, or removes it when it was not set. */
function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
}

/** The first frame the track delivers after `skipFrames` others, as its I420 bytes and size. */
async function frameOf(track: MediaStreamTrack, skipFrames = 0): Promise<{ width: number; height: number; bytes: Uint8Array }> {
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  try {
    for (let index = 0; ; index++) {
      const { value } = (await reader.read()) as { value: VideoFrame };
      if (index < skipFrames) {
        value.close();
        continue;
      }
      const bytes = new Uint8Array(value.allocationSize());
      await value.copyTo(bytes);
      const result = { width: value.codedWidth, height: value.codedHeight, bytes };
      value.close();
      return result;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Y, U and V of the pixel at (x, y) of a packed I420 frame. */
function yuvAt(frame: { width: number; height: number; bytes: Uint8Array }, x: number, y: number): [number, number, number] {
  const { width, height, bytes } = frame;
  const chromaWidth = Math.ceil(width / 2);
  const uOffset = width * height;
  const vOffset = uOffset + chromaWidth * Math.ceil(height / 2);
  const chroma = Math.floor(y / 2) * chromaWidth + Math.floor(x / 2);
  return [bytes[y * width + x] as number, bytes[uOffset + chroma] as number, bytes[vOffset + chroma] as number];
}

function assertColour(actual: [number, number, number], expected: [number, number, number], where: string): void {
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) <= 3, `${where}: YUV ${actual.join(',')} is not ${expected.join(',')}`);
  }
}

// BT.601 limited range, as ffmpeg converts RGB to yuv420p.
const RED: [number, number, number] = [81, 90, 240];
const BLUE: [number, number, number] = [41, 240, 110];

describe('getDisplayMedia() capturing an X11 screen', { skip }, () => {
  const privateScreen = privateDisplayForSuite(640, 360);

  it('captures the whole screen at its size, showing the colour drawn on it', async () => {
    paintRoot(privateScreen().display, '#ff0000');
    const md = createMediaDevices({ devices: 'system', permission: 'granted' });
    const stream = await md.getDisplayMedia({ video: { cursor: 'never' } });
    const [track] = stream.getVideoTracks();
    assert.ok(track);
    const settings = track.getSettings();
    assert.equal(settings.width, 640);
    assert.equal(settings.height, 360);
    assert.equal(settings.frameRate, 30);
    assert.equal(settings.displaySurface, 'monitor');
    assert.equal(settings.cursor, 'never');
    assert.deepEqual(track.getCapabilities().cursor, ['always', 'never']);
    const frame = await frameOf(track);
    assert.equal(frame.width, 640);
    assert.equal(frame.height, 360);
    for (const [x, y] of [[0, 0], [639, 359], [320, 180], [17, 301]] as const) {
      assertColour(yuvAt(frame, x, y), RED, `(${x}, ${y})`);
    }
    // A new colour shows in later frames.
    paintRoot(privateScreen().display, '#0000ff');
    let blue = false;
    for (let attempt = 0; attempt < 30 && !blue; attempt++) {
      const [y, u, v] = yuvAt(await frameOf(track), 100, 100);
      blue = Math.abs(y - BLUE[0]) <= 3 && Math.abs(u - BLUE[1]) <= 3 && Math.abs(v - BLUE[2]) <= 3;
    }
    assert.ok(blue, 'the blue screen never showed');
    track.stop();
  });

  it('downscales with applyConstraints, keeping the screen in the frame', async () => {
    paintRoot(privateScreen().display, '#ff0000');
    const md = createMediaDevices({ devices: 'system', permission: 'granted' });
    const stream = await md.getDisplayMedia({ video: { cursor: 'never' } });
    const [track] = stream.getVideoTracks();
    assert.ok(track);
    await track.applyConstraints({ width: 320, frameRate: 10 });
    const settings = track.getSettings();
    assert.deepEqual([settings.width, settings.height, settings.frameRate, settings.resizeMode], [320, 180, 10, 'crop-and-scale']);
    const frame = await frameOf(track, 1);
    assert.deepEqual([frame.width, frame.height], [320, 180]);
    assertColour(yuvAt(frame, 0, 0), RED, 'corner');
    assertColour(yuvAt(frame, 319, 179), RED, 'corner');
    track.stop();
  });

  it('draws the cursor into the frames only when the cursor setting is "always"', async () => {
    paintRoot(privateScreen().display, '#ff0000');
    const md = createMediaDevices({ devices: 'system', permission: 'granted' });
    const centreLumas = async (cursor: string): Promise<Set<number>> => {
      const stream = await md.getDisplayMedia({ video: { cursor } });
      const [track] = stream.getVideoTracks();
      assert.ok(track);
      assert.equal(track.getSettings().cursor, cursor);
      const frame = await frameOf(track);
      track.stop();
      const lumas = new Set<number>();
      // Xvfb's pointer starts at the centre of the screen.
      for (let y = 160; y < 200; y++) {
        for (let x = 300; x < 340; x++) {
          lumas.add(yuvAt(frame, x, y)[0]);
        }
      }
      return lumas;
    };
    const never = await centreLumas('never');
    assert.ok([...never].every((luma) => Math.abs(luma - RED[0]) <= 3), `no cursor expected, got lumas ${[...never].join(',')}`);
    const always = await centreLumas('always');
    assert.ok([...always].some((luma) => Math.abs(luma - RED[0]) > 40), 'the cursor should show at the centre');
  });

  it('kills the ffmpeg child when the track stops', async () => {
    const md = createMediaDevices({ devices: 'system', permission: 'granted' });
    const stream = await md.getDisplayMedia();
    const [track] = stream.getVideoTracks();
    assert.ok(track);
    await frameOf(track);
    const children = x11grabChildren();
    assert.equal(children.length, 1, 'one ffmpeg captures the screen');
    track.stop();
    assert.ok(await eventually(() => children.every((pid) => !isRunning(pid)), HANG_GUARD_MS), 'ffmpeg still runs after stop()');
  });

  it('ends the track with one "ended" event when ffmpeg dies, leaves no child behind, and captures again afterwards', { timeout: 3 * HANG_GUARD_MS }, async () => {
    const md = createMediaDevices({ devices: 'system', permission: 'granted' });
    const stream = await md.getDisplayMedia();
    const [track] = stream.getVideoTracks();
    assert.ok(track);
    await frameOf(track);
    const [pid] = x11grabChildren();
    assert.ok(pid !== undefined);
    let endedEvents = 0;
    const ended = new Promise<void>((resolve) =>
      track.addEventListener('ended', () => {
        endedEvents++;
        resolve();
      }),
    );
    process.kill(pid, 'SIGKILL');
    await ended;
    assert.equal(track.readyState, 'ended');
    assert.ok(await eventually(() => x11grabChildren().length === 0, HANG_GUARD_MS), 'the killed ffmpeg was not reaped');
    // A later capture starts a new ffmpeg and delivers frames of the screen.
    const [again] = (await md.getDisplayMedia()).getVideoTracks();
    assert.ok(again);
    assert.equal(again.readyState, 'live');
    const frame = await frameOf(again);
    assert.deepEqual([frame.width, frame.height], [640, 360]);
    assert.equal(x11grabChildren().length, 1, 'one ffmpeg captures for the new track');
    again.stop();
    assert.ok(await eventually(() => x11grabChildren().length === 0, HANG_GUARD_MS), 'ffmpeg still runs after stop()');
    assert.equal(endedEvents, 1);
  });

  it('leaves no ffmpeg behind when the Node process capturing dies', async () => {
    const script = fileURLToPath(new URL('./display-capture-child.js', import.meta.url));
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, DISPLAY: privateScreen().display, MEDIACAPTURE_TEST_CHILD: 'display-capture' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ffmpegPid = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        output += text;
        const match = /ffmpeg (\d+)/.exec(output);
        if (match !== null) {
          resolve(Number(match[1]));
        }
      });
      child.once('exit', () => reject(new Error(`the capturing child exited early: ${output}`)));
    });
    assert.ok(isRunning(ffmpegPid));
    child.kill('SIGKILL');
    assert.ok(await eventually(() => !isRunning(ffmpegPid), HANG_GUARD_MS), 'ffmpeg outlived the Node process that started it');
  });

  it('rejects with NotSupportedError on a Wayland session without DISPLAY', async () => {
    const { DISPLAY: display, WAYLAND_DISPLAY: wayland } = process.env;
    delete process.env['DISPLAY'];
    process.env['WAYLAND_DISPLAY'] = 'wayland-0';
    try {
      const md = createMediaDevices({ devices: 'system', permission: 'granted' });
      await assert.rejects(md.getDisplayMedia(), (error: unknown) => {
        assert.ok(error instanceof DOMException);
        assert.equal(error.name, 'NotSupportedError');
        assert.match(error.message, /capturing a Wayland session \(through the desktop portal and PipeWire\) is not implemented/);
        return true;
      });
    } finally {
      restoreEnv('DISPLAY', display);
      restoreEnv('WAYLAND_DISPLAY', wayland);
    }
  });

  it('rejects with NotFoundError when DISPLAY is not set', async () => {
    const display = process.env['DISPLAY'];
    delete process.env['DISPLAY'];
    try {
      const md = createMediaDevices({ devices: 'system', permission: 'granted' });
      await assert.rejects(md.getDisplayMedia(), (error: unknown) => {
        assert.ok(error instanceof DOMException);
        assert.equal(error.name, 'NotFoundError');
        assert.match(error.message, /DISPLAY is not set/);
        return true;
      });
    } finally {
      restoreEnv('DISPLAY', display);
    }
  });
});

describe('getDisplayMedia() on an X screen with two monitors', { skip }, () => {
  const privateScreen = privateDisplayForSuite(1920, 720, (screen) => {
    // A 1280x720 monitor on the left, a 640x480 primary one on its right; red under the left one, blue under the right.
    addMonitor(screen.display, 'left', 1280, 720, 0, 0);
    addMonitor(screen.display, '*right', 640, 480, 1280, 0);
    paintRootBands(screen.display, 1920, 1280, '#ff0000', '#0000ff');
  });

  it('captures the primary monitor, at its size and offset, and offers every monitor to the prompt', async () => {
    let offered: readonly string[] = [];
    const md = createMediaDevices({
      devices: 'system',
      permission: 'prompt',
      onPrompt: (request) => {
        offered = request.deviceLabels;
        return 'granted';
      },
    });
    const stream = await md.getDisplayMedia({ video: { cursor: 'never' } });
    const [track] = stream.getVideoTracks();
    assert.ok(track);
    assert.deepEqual(offered.length, 3, 'the two monitors and the automatic one of the whole screen');
    assert.deepEqual([track.getSettings().width, track.getSettings().height], [640, 480]);
    const frame = await frameOf(track);
    assert.deepEqual([frame.width, frame.height], [640, 480]);
    for (const [x, y] of [[0, 0], [639, 0], [0, 479], [639, 479]] as const) {
      assertColour(yuvAt(frame, x, y), BLUE, `(${x}, ${y}) of the right monitor`);
    }
    track.stop();
  });
});
