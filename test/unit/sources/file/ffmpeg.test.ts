import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FfmpegDecoder, findFfmpeg, probeMedia } from '../../../../src/sources/file/ffmpeg.js';
import { MediaFileError } from '../../../../src/sources/file/file-errors.js';
import { readWavFile } from '../../../../src/sources/file/wav.js';
import { encodeY4M, Y4MReader } from '../../../../src/sources/file/y4m.js';
import { makeFixtures, removeTemporaryDirectories, temporaryDirectory, type FixtureManifest } from './fixture-directory.js';
import { processExists } from '../../../helpers/processes.js';

after(removeTemporaryDirectories);

const tools = findFfmpeg();
const noFfmpeg = tools === undefined ? 'ffmpeg not found on PATH (install ffmpeg or set MEDIACAPTURE_FFMPEG)' : false;
const noFfprobe = tools?.ffprobe === undefined ? 'ffprobe not found (install ffmpeg or set MEDIACAPTURE_FFPROBE)' : false;

/** Paths of the tools, for suites that are skipped without them. */
function ffmpegPath(): string {
  assert.ok(tools !== undefined);
  return tools.ffmpeg;
}

function ffprobePath(): string {
  assert.ok(tools?.ffprobe !== undefined);
  return tools.ffprobe;
}

/** The generated fixtures, made once for the suites that need ffmpeg. */
let fixtures: { directory: string; manifest: FixtureManifest } | undefined;

function fixture(name: string): string {
  assert.ok(fixtures !== undefined);
  return path.join(fixtures.directory, name);
}

function encodedVideo(): string {
  const encoded = fixtures?.manifest.encoded;
  assert.ok(encoded, 'make-fixtures.mjs wrote no encoded video');
  return fixture(encoded.file);
}

/** Everything a decoder yields. */
async function collect(decoder: FfmpegDecoder): Promise<Uint8Array[]> {
  const items: Uint8Array[] = [];
  for await (const item of decoder) {
    items.push(item);
  }
  return items;
}

/** Writes executable stand-ins named `names` into a fresh directory. */
function fakeTools(names: readonly string[], mode = 0o755): string {
  const directory = temporaryDirectory('mediacapture-tools-');
  for (const name of names) {
    const file = path.join(directory, name);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, mode);
  }
  return directory;
}

describe('findFfmpeg', { skip: process.platform === 'win32' ? 'POSIX executables only' : false }, () => {
  test('returns undefined when PATH is empty', () => {
    assert.equal(findFfmpeg({ PATH: '' }, null), undefined);
    assert.equal(findFfmpeg({}, null), undefined);
  });

  test('finds ffmpeg in PATH and the ffprobe next to it', () => {
    const directory = fakeTools(['ffmpeg', 'ffprobe']);
    assert.deepEqual(findFfmpeg({ PATH: `/nonexistent${path.delimiter}${directory}` }, null), {
      ffmpeg: path.join(directory, 'ffmpeg'),
      ffprobe: path.join(directory, 'ffprobe'),
    });
  });

  test('skips files that are not executable', () => {
    const directory = fakeTools(['ffmpeg', 'ffprobe'], 0o644);
    assert.equal(findFfmpeg({ PATH: directory }, null), undefined);
  });

  test('looks for ffprobe in PATH when it is not next to ffmpeg, and reports it missing', () => {
    const ffmpegOnly = fakeTools(['ffmpeg']);
    const ffprobeOnly = fakeTools(['ffprobe']);
    assert.deepEqual(findFfmpeg({ PATH: [ffmpegOnly, ffprobeOnly].join(path.delimiter) }), {
      ffmpeg: path.join(ffmpegOnly, 'ffmpeg'),
      ffprobe: path.join(ffprobeOnly, 'ffprobe'),
    });
    assert.deepEqual(findFfmpeg({ PATH: ffmpegOnly }, null), { ffmpeg: path.join(ffmpegOnly, 'ffmpeg'), ffprobe: undefined });
  });

  test('prefers MEDIACAPTURE_FFMPEG and MEDIACAPTURE_FFPROBE over PATH', () => {
    const onPath = fakeTools(['ffmpeg', 'ffprobe']);
    const chosen = fakeTools(['my-ffmpeg', 'my-ffprobe']);
    const env = { PATH: onPath, MEDIACAPTURE_FFMPEG: path.join(chosen, 'my-ffmpeg'), MEDIACAPTURE_FFPROBE: path.join(chosen, 'my-ffprobe') };
    assert.deepEqual(findFfmpeg(env, null), { ffmpeg: path.join(chosen, 'my-ffmpeg'), ffprobe: path.join(chosen, 'my-ffprobe') });
  });

  test('looks a bare command name in MEDIACAPTURE_FFMPEG up in PATH', () => {
    const directory = fakeTools(['ffmpeg7', 'ffprobe']);
    assert.deepEqual(findFfmpeg({ PATH: directory, MEDIACAPTURE_FFMPEG: 'ffmpeg7' }, null), {
      ffmpeg: path.join(directory, 'ffmpeg7'),
      ffprobe: path.join(directory, 'ffprobe'),
    });
  });

  test('falls back to the given ffmpeg (the bundled one) only when neither the variable nor PATH has one', () => {
    const fallback = fakeTools(['static-ffmpeg']);
    const onPath = fakeTools(['ffmpeg', 'ffprobe']);
    assert.deepEqual(findFfmpeg({ PATH: '' }, path.join(fallback, 'static-ffmpeg')), { ffmpeg: path.join(fallback, 'static-ffmpeg'), ffprobe: undefined });
    assert.equal(findFfmpeg({ PATH: onPath }, path.join(fallback, 'static-ffmpeg'))?.ffmpeg, path.join(onPath, 'ffmpeg'));
    assert.equal(findFfmpeg({ PATH: '', MEDIACAPTURE_FFMPEG: 'none' }, path.join(fallback, 'static-ffmpeg')), undefined);
  });

  test('returns undefined when MEDIACAPTURE_FFMPEG names nothing, even with ffmpeg in PATH', () => {
    const onPath = fakeTools(['ffmpeg', 'ffprobe']);
    assert.equal(findFfmpeg({ PATH: onPath, MEDIACAPTURE_FFMPEG: path.join(onPath, 'missing-ffmpeg') }), undefined);
  });
});

describe('FfmpegDecoder without an ffmpeg to run', () => {
  test('has no pid and fails its iteration with MediaFileError', async () => {
    const decoder = FfmpegDecoder.video('clip.mp4', path.join(temporaryDirectory(), 'no-ffmpeg'), 16, 16);
    await assert.rejects(collect(decoder), (error: unknown) => error instanceof MediaFileError && /cannot run ffmpeg/.test(error.reason));
    assert.equal(decoder.pid, undefined);
    await decoder.close();
  });
});

describe('probeMedia', { skip: noFfprobe }, () => {
  before(() => {
    fixtures ??= makeFixtures();
  });

  test('gives the size, frame rate, audio format and duration of the generated clip', async () => {
    const probed = await probeMedia(encodedVideo(), ffprobePath());
    assert.deepEqual(probed.video, { width: 160, height: 120, frameRate: 30000 / 1001 });
    assert.deepEqual(probed.audio, { sampleRate: 44100, channels: 2 });
    assert.ok(probed.durationSeconds !== undefined && probed.durationSeconds > 0.3 && probed.durationSeconds < 1.5);
  });

  test('describes WAV and Y4M files too', async () => {
    assert.deepEqual(await probeMedia(fixture('tone-24bit-mono-48000.wav'), ffprobePath()), { audio: { sampleRate: 48000, channels: 1 }, durationSeconds: 1 });
    const y4m = await probeMedia(fixture('clip.y4m'), ffprobePath());
    assert.deepEqual(y4m.video, { width: 160, height: 120, frameRate: 30000 / 1001 });
  });

  test('reports the displayed size of a video with rotation metadata', async (context) => {
    const rotated = path.join(temporaryDirectory(), 'rotated.mp4');
    spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-i', encodedVideo(), '-map', '0:v:0', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    const raw = spawnSync(ffprobePath(), ['-v', 'error', '-show_streams', rotated], { encoding: 'utf8' }).stdout;
    if (!/rotation=-?90|TAG:rotate=90/.test(raw)) {
      context.skip('this ffmpeg does not write rotation metadata with -metadata rotate');
      return;
    }
    const probed = await probeMedia(rotated, ffprobePath());
    assert.deepEqual(probed.video, { width: 120, height: 160, frameRate: 30000 / 1001 });
    const frames = await collect(FfmpegDecoder.video(rotated, ffmpegPath(), 120, 160));
    assert.equal(frames.length, 10);
  });

  test('reports a missing file as "file not found"', async () => {
    const missing = path.join(temporaryDirectory(), 'gone.mp4');
    await assert.rejects(probeMedia(missing, ffprobePath()), (error: unknown) => error instanceof MediaFileError && error.reason === 'file not found');
  });

  test("fails on a file ffprobe cannot read with ffprobe's reason", async () => {
    await assert.rejects(probeMedia(fixture('garbage.mp4'), ffprobePath()), (error: unknown) => {
      assert.ok(error instanceof MediaFileError);
      assert.match(error.reason, /^ffprobe cannot read it: .*Invalid data found when processing input/);
      assert.doesNotMatch(error.reason, /@ 0x|garbage\.mp4:/);
      return true;
    });
  });

  test('fails with MediaFileError when ffprobe cannot run', async () => {
    await assert.rejects(probeMedia(fixture('clip.y4m'), path.join(temporaryDirectory(), 'no-ffprobe')), (error: unknown) => {
      return error instanceof MediaFileError && /cannot run ffprobe/.test(error.reason);
    });
  });
});

describe('FfmpegDecoder', { skip: noFfmpeg }, () => {
  before(() => {
    fixtures ??= makeFixtures();
  });

  test('yields every frame of the generated clip as a packed I420 frame, and its child is gone at the end', async () => {
    const decoder = FfmpegDecoder.video(encodedVideo(), ffmpegPath(), 160, 120);
    const pid = decoder.pid;
    assert.equal(typeof pid, 'number');
    const frames = await collect(decoder);
    assert.equal(frames.length, 10);
    for (const frame of frames) {
      assert.equal(frame.byteLength, 160 * 120 * 1.5);
      assert.equal(frame.byteOffset, 0);
    }
    assert.equal(processExists(pid as number), false);
  });

  test('decodes a Y4M file to exactly the frames Y4MReader reads', async () => {
    const reader = await Y4MReader.open(fixture('clip.y4m'));
    try {
      const frames = await collect(FfmpegDecoder.video(fixture('clip.y4m'), ffmpegPath(), 160, 120));
      assert.equal(frames.length, reader.info.frameCount);
      for (const [index, frame] of frames.entries()) {
        assert.deepEqual(frame, await reader.readFrame(index));
      }
    } finally {
      await reader.close();
    }
  });

  test('reads a Y4M file written by ffmpeg (with X fields) as ffmpeg decodes it', async () => {
    const y4m = path.join(temporaryDirectory(), 'ffmpeg.y4m');
    const source = ['-f', 'lavfi', '-i', 'testsrc=size=34x18:rate=25', '-frames:v', '4', '-pix_fmt', 'yuv420p'];
    spawnSync(ffmpegPath(), ['-v', 'error', '-y', ...source, y4m]);
    const raw = spawnSync(ffmpegPath(), ['-v', 'error', ...source, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 24 }).stdout;
    const reader = await Y4MReader.open(y4m);
    try {
      assert.equal(reader.info.frameCount, 4);
      const frames = await Promise.all([0, 1, 2, 3].map((index) => reader.readFrame(index)));
      assert.deepEqual(Buffer.concat(frames), raw);
    } finally {
      await reader.close();
    }
  });

  test('scales to the size it is given', async () => {
    const frames = await collect(FfmpegDecoder.video(encodedVideo(), ffmpegPath(), 80, 60));
    assert.equal(frames.length, 10);
    assert.ok(frames.every((frame) => frame.length === 80 * 60 * 1.5));
  });

  test('decodes audio to whole f32le frames equal to what readWavFile reads', async () => {
    const { info, planes } = await readWavFile(fixture('tone-16bit-stereo-44100.wav'));
    const chunks = await collect(FfmpegDecoder.audio(fixture('tone-16bit-stereo-44100.wav'), ffmpegPath(), 44100, 2));
    assert.ok(chunks.every((chunk) => chunk.length % 8 === 0 && chunk.byteOffset === 0));
    const bytes = Buffer.concat(chunks);
    const samples = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    assert.equal(samples.length, info.frameCount * 2);
    const interleaved = Float32Array.from({ length: samples.length }, (_, index) => (planes[index % 2] as Float32Array)[Math.floor(index / 2)] as number);
    assert.deepEqual(samples, interleaved);
  });

  test('kills its child on close() mid-stream, and the iteration then ends', async () => {
    const big = path.join(temporaryDirectory(), 'big.y4m');
    const frame = new Uint8Array(320 * 240 * 1.5).fill(100);
    writeFileSync(big, encodeY4M(320, 240, 30, 1, Array.from({ length: 60 }, () => frame)));
    const decoder = FfmpegDecoder.video(big, ffmpegPath(), 320, 240);
    const iterator = decoder[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false);
    const pid = decoder.pid as number;
    // The unread frames keep ffmpeg blocked on its stdout, so it is still running here.
    assert.equal(processExists(pid), true);
    await decoder.close();
    assert.equal(processExists(pid), false);
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  test('kills its child when a for-await loop breaks out', async () => {
    const decoder = FfmpegDecoder.video(encodedVideo(), ffmpegPath(), 160, 120);
    const pid = decoder.pid as number;
    for await (const frame of decoder) {
      assert.equal(frame.length, 28800);
      break;
    }
    assert.equal(processExists(pid), false);
  });

  test('fails the iteration with MediaFileError and ffmpeg\'s reason for a corrupt file', async () => {
    const decoder = FfmpegDecoder.video(fixture('garbage.mp4'), ffmpegPath(), 160, 120);
    await assert.rejects(collect(decoder), (error: unknown) => {
      assert.ok(error instanceof MediaFileError);
      assert.match(error.reason, /^ffmpeg exited with code \d+: .*Invalid data found/);
      return true;
    });
  });

  test('reads a file whose name contains a colon as a file, not as a protocol', async () => {
    const directory = temporaryDirectory();
    for (const name of ['take:2.y4m', 'http:clip.y4m']) {
      copyFileSync(fixture('clip.y4m'), path.join(directory, name));
      const relative = path.relative(process.cwd(), path.join(directory, name));
      const absolute = path.join(directory, name);
      for (const file of [absolute, relative]) {
        assert.equal((await collect(FfmpegDecoder.video(file, ffmpegPath(), 160, 120))).length, 10, file);
        if (tools?.ffprobe !== undefined) {
          assert.equal((await probeMedia(file, tools.ffprobe)).video?.width, 160, file);
        }
      }
    }
  });

  test('fails the iteration when the file has no stream of the kind asked for', async () => {
    await assert.rejects(collect(FfmpegDecoder.audio(fixture('clip.y4m'), ffmpegPath(), 48000, 1)), MediaFileError);
  });
});
