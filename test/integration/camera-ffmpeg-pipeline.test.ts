// The real camera pipeline (ffmpegCameraProducer: an ffmpeg child writing raw I420 into a CaptureSource)
// with `-f lavfi -i testsrc2` standing in for /dev/videoN: frames of the chosen native mode flow at its
// rate with testsrc2's colour bars, a mode change restarts the child, and the child never outlives the
// source, a failure, or Node itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, describe, test } from 'node:test';

import { MonotonicClock } from '../../src/media/clock.js';
import { videoFrameInternals, type VideoFrame } from '../../src/media/video-frame.js';
import type { NativeVideoMode, VideoCaptureModel } from '../../src/sources/capture-model.js';
import { CaptureSource, type SourceEndReason } from '../../src/sources/capture-source.js';
import { findFfmpeg } from '../../src/sources/file/ffmpeg.js';
import { CaptureError } from '../../src/sources/platform/capture-error.js';
import { ffmpegCameraProducer, type FfmpegCameraInput } from '../../src/sources/platform/ffmpeg-camera-producer.js';
import { assertNoOpenFrames, ffmpegChildren, FixtureDirectory, processExists, waitFor, waitUntilGone } from './file-devices-harness.js';
import { childProcesses } from '../helpers/processes.js';

const ffmpeg = findFfmpeg()?.ffmpeg;
const noFfmpeg = ffmpeg === undefined ? 'ffmpeg is not installed' : false;

const directory = new FixtureDirectory();
after(() => directory.remove());
afterEach(assertNoOpenFrames);

/** testsrc2 in real time (`-re`), as a camera delivers: the same input arguments a device gets, for lavfi. */
function testsrc2Camera(overrides: Partial<FfmpegCameraInput> = {}): FfmpegCameraInput {
  return {
    label: 'testsrc2',
    ffmpeg,
    inputArgs: (mode: NativeVideoMode) => ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${mode.width}x${mode.height}:rate=${mode.frameRate}`],
    ...overrides,
  };
}

const MODES: readonly NativeVideoMode[] = [
  { width: 320, height: 240, frameRate: 15 },
  { width: 160, height: 120, frameRate: 10 },
];

/** A running source over `camera` in `mode`, its frames' copies, and how it ended. */
function openCamera(camera: FfmpegCameraInput, mode: NativeVideoMode) {
  const model: VideoCaptureModel = { kind: 'video', modes: MODES, cropAndScale: true, backgroundBlur: [false] };
  const source = new CaptureSource('testsrc2', model, { deviceId: 'd', groupId: 'g' }, new MonotonicClock(), ffmpegCameraProducer(camera));
  const frames: { width: number; height: number; format: string | null; timestampUs: number; bytes: Uint8Array }[] = [];
  source.setFrameListener((frame) => {
    const video = frame as VideoFrame;
    const bytes = videoFrameInternals.data(video).bytes.slice();
    frames.push({ width: video.codedWidth, height: video.codedHeight, format: video.format, timestampUs: video.timestamp, bytes });
  });
  const ended = new Promise<SourceEndReason | 'unused'>((resolve) => source.onStop(resolve));
  source.attach({ sourceMutedChanged() {}, sourceEnded() {} });
  source.setNativeMode(mode);
  source.setDemand(true);
  return { source, frames, ended };
}

/** Y, U, V of the pixel at (x, y) of a packed I420 picture. */
function yuvAt(bytes: Uint8Array, width: number, height: number, x: number, y: number): [number, number, number] {
  const chromaWidth = Math.ceil(width / 2);
  const chromaHeight = Math.ceil(height / 2);
  const chroma = Math.floor(y / 2) * chromaWidth + Math.floor(x / 2);
  const u = width * height + chroma;
  const v = u + chromaWidth * chromaHeight;
  return [bytes[y * width + x] as number, bytes[u] as number, bytes[v] as number];
}

/** testsrc2's six vertical bars (red, green, yellow, blue, magenta, cyan) in BT.601 limited-range YUV. */
const BARS: readonly [string, [number, number, number]][] = [
  ['red', [81, 90, 240]],
  ['green', [145, 54, 34]],
  ['yellow', [210, 16, 146]],
  ['blue', [41, 240, 110]],
  ['magenta', [106, 202, 222]],
  ['cyan', [170, 166, 16]],
];

describe('ffmpegCameraProducer with testsrc2 as the camera', { skip: noFfmpeg }, () => {
  test('delivers I420 frames of the native mode with the colour bars in place', async () => {
    const mode = MODES[0] as NativeVideoMode;
    const { source, frames } = openCamera(testsrc2Camera(), mode);
    try {
      await waitFor(() => frames.length >= 3, 'three frames');
    } finally {
      source.end('ended');
    }
    for (const frame of frames) {
      assert.deepEqual([frame.width, frame.height, frame.format], [320, 240, 'I420']);
      assert.equal(frame.bytes.length, (320 * 240 * 3) / 2);
      // Near the bottom, clear of the moving parts, at the middle of each bar.
      BARS.forEach(([name, expected], bar) => {
        const actual = yuvAt(frame.bytes, 320, 240, Math.floor(((bar + 0.5) * 320) / 6), 232);
        actual.forEach((value, plane) => {
          assert.ok(Math.abs(value - (expected[plane] as number)) <= 4, `${name} bar: YUV ${actual.join(',')}, expected ${expected.join(',')}`);
        });
      });
    }
  });

  test('delivers frames at the mode rate, timestamped on the source clock as they arrive', async () => {
    const mode = MODES[0] as NativeVideoMode;
    const { source, frames } = openCamera(testsrc2Camera(), mode);
    const startUs = source.clock.nowUs();
    try {
      await waitFor(() => frames.length >= 16, 'sixteen frames');
    } finally {
      source.end('ended');
    }
    const stamps = frames.map((frame) => frame.timestampUs);
    assert.ok((stamps[0] as number) >= startUs);
    assert.ok(stamps.every((stamp, index) => index === 0 || stamp > (stamps[index - 1] as number)), 'strictly increasing');
    // Paced by the input (-re), not read as fast as ffmpeg can make them; loose bounds for a busy machine.
    const meanIntervalUs = ((stamps[15] as number) - (stamps[5] as number)) / 10;
    const periodUs = 1e6 / mode.frameRate;
    assert.ok(meanIntervalUs > periodUs * 0.5 && meanIntervalUs < periodUs * 2, `mean interval ${meanIntervalUs} µs at ${mode.frameRate} fps`);
  });

  test('restarts the child in a new native mode, and kills it when the source stops', async () => {
    const { source, frames } = openCamera(testsrc2Camera(), MODES[0] as NativeVideoMode);
    await waitFor(() => frames.length >= 1, 'a first frame');
    const first = ffmpegChildren();
    assert.equal(first.length, 1);
    source.setNativeMode(MODES[1] as NativeVideoMode);
    await waitFor(() => frames.some((frame) => frame.width === 160), 'a frame of the new mode');
    await waitUntilGone(first[0] as number);
    const later = frames.slice(frames.findIndex((frame) => frame.width === 160));
    assert.ok(later.every((frame) => frame.width === 160 && frame.height === 120));
    const second = ffmpegChildren();
    assert.equal(second.length, 1);
    source.setDemand(false);
    await waitUntilGone(second[0] as number);
    source.end('ended');
  });

  test('ends the source as device-failed when ffmpeg dies', async () => {
    const { source, frames, ended } = openCamera(testsrc2Camera(), MODES[1] as NativeVideoMode);
    await waitFor(() => frames.length >= 1, 'a first frame');
    const [child] = ffmpegChildren();
    assert.ok(child !== undefined);
    process.kill(child, 'SIGKILL');
    assert.equal(await ended, 'device-failed');
    assert.ok(source.failure instanceof CaptureError);
    assert.equal(source.failure.reason, 'failed');
  });

  test('ends the source as device-removed when the device has gone', async () => {
    const { source, frames, ended } = openCamera(testsrc2Camera({ isGone: () => true }), MODES[1] as NativeVideoMode);
    await waitFor(() => frames.length >= 1, 'a first frame');
    process.kill(ffmpegChildren()[0] as number, 'SIGKILL');
    assert.equal(await ended, 'device-removed');
    assert.equal((source.failure as CaptureError).reason, 'removed');
  });

  test("fails with ffmpeg's reason when the input cannot be opened", async () => {
    const camera = testsrc2Camera({ inputArgs: () => ['-f', 'lavfi', '-i', 'no_such_source_filter'] });
    const { source, ended } = openCamera(camera, MODES[1] as NativeVideoMode);
    assert.equal(await ended, 'device-failed');
    const failure = source.failure;
    assert.ok(failure instanceof CaptureError);
    assert.equal(failure.device, 'testsrc2');
    assert.match(failure.detail, /no_such_source_filter|No such filter/i);
    assert.deepEqual(ffmpegChildren(), []);
  });

  test('fails at once without ffmpeg', async () => {
    const { source, ended } = openCamera(testsrc2Camera({ ffmpeg: undefined }), MODES[1] as NativeVideoMode);
    assert.equal(await ended, 'device-failed');
    assert.match((source.failure as Error).message, /ffmpeg is not installed/);
  });

  test('leaves no ffmpeg behind when Node itself is killed', async () => {
    const producerModule = fileURLToPath(new URL('../../src/sources/platform/ffmpeg-camera-producer.js', import.meta.url));
    const sourceModule = fileURLToPath(new URL('../../src/sources/capture-source.js', import.meta.url));
    const clockModule = fileURLToPath(new URL('../../src/media/clock.js', import.meta.url));
    const script = path.join(directory.path, 'camera-child.mjs');
    writeFileSync(
      script,
      [
        `import { ffmpegCameraProducer } from ${JSON.stringify(producerModule)};`,
        `import { CaptureSource } from ${JSON.stringify(sourceModule)};`,
        `import { MonotonicClock } from ${JSON.stringify(clockModule)};`,
        `const camera = { label: 'testsrc2', ffmpeg: ${JSON.stringify(ffmpeg)}, inputArgs: () => ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10'] };`,
        "const model = { kind: 'video', modes: [{ width: 160, height: 120, frameRate: 10 }], cropAndScale: true, backgroundBlur: [false] };",
        "const source = new CaptureSource('t', model, { deviceId: 'd', groupId: 'g' }, new MonotonicClock(), ffmpegCameraProducer(camera));",
        "let told = false;",
        "source.setFrameListener(() => { if (!told) { told = true; process.stdout.write('frame\\n'); } });",
        'source.attach({ sourceMutedChanged() {}, sourceEnded() {} });',
        'source.setNativeMode(model.modes[0]);',
        'source.setDemand(true);',
      ].join('\n'),
    );
    const node = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => node.stdout.once('data', () => resolve()));
    const [grandchild] = childrenOf(node.pid as number);
    assert.ok(grandchild !== undefined, 'the child runs ffmpeg');
    node.kill('SIGKILL');
    await waitFor(() => !processExists(grandchild) || isZombie(grandchild), 'the orphaned ffmpeg to exit');
  });
});

/** Live ffmpeg processes whose parent is `parent`. */
function childrenOf(parent: number): number[] {
  return childProcesses(parent)
    .filter(({ command, state }) => command === 'ffmpeg' && state !== 'Z')
    .map(({ pid }) => pid);
}

/** An exited process its new parent has not reaped yet (a container's init may never reap it). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
