// File-backed fake devices through ffmpeg: compressed files play at their own size, rate and sample
// format, loop by restarting the decoder, end or fail cleanly, and leave no ffmpeg child behind.
// Decoding runs in a child process, so these tests step the virtual clock one frame (or chunk) at a time
// and read each one before the next step.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';

import type { AudioData, InputDeviceInfo, VideoFrame } from '../../src/index.js';
import { MediaFileError, VirtualClock } from '../../src/testing.js';
import { childProcesses } from '../helpers/processes.js';
import type { ProducerFactory, SourceEndReason, SourceFrame } from '../../src/sources/capture-source.js';
import { ffmpegAudioProducer, ffmpegVideoProducer, loadFfmpegAudio, loadFfmpegVideo } from '../../src/sources/file/ffmpeg-producer.js';
import { findFfmpeg } from '../../src/sources/file/ffmpeg.js';
import { loadVideoFile } from '../../src/sources/file/file-media.js';
import {
  assertNoOpenFrames,
  captureTrack,
  endedEvent,
  ffmpegChildren,
  fileCapture,
  FixtureDirectory,
  makeClip,
  pixels,
  readAt,
  readerOf,
  rejectsUnreadable,
  runFfmpeg,
  samples,
  sines,
  waitFor,
  waitUntilGone,
  writeWav,
} from './file-devices-harness.js';

const tools = findFfmpeg();
const noFfmpeg = tools?.ffprobe === undefined ? 'ffmpeg or ffprobe is not installed' : false;

const directory = new FixtureDirectory();
after(() => directory.remove());
afterEach(assertNoOpenFrames);

const CLIP_FRAMES = 8;
const CLIP_RATE = 10;
/** 1102 samples at 44.1 kHz: 2.5 chunks, so every loop restarts in the middle of a chunk. */
const TONE = { rate: 44100, frames: 1102, frequencies: [1000, 500] };

/** An encoded copy of a Y4M clip (H.264 in MP4, else VP8 in WebM, else MPEG-4 part 2 in Matroska). */
function encodeClip(ffmpeg: string, input: string, name: string): string {
  const choices = [
    { codec: 'libx264', extension: 'mp4' },
    { codec: 'libvpx', extension: 'webm' },
    { codec: 'mpeg4', extension: 'mkv' },
  ];
  const failures: string[] = [];
  for (const { codec, extension } of choices) {
    const output = directory.file(`${name}.${extension}`);
    try {
      runFfmpeg(ffmpeg, ['-i', input, '-c:v', codec, '-pix_fmt', 'yuv420p', output]);
      return output;
    } catch (error) {
      failures.push(String(error));
    }
  }
  assert.fail(`no encoder worked: ${failures.join('; ')}`);
}

describe('files ffmpeg reads', { skip: noFfmpeg }, () => {
  let clipFile: string;
  let longFile: string;
  let flacFile: string;
  let tone: Float32Array[];

  before(() => {
    const ffmpeg = tools?.ffmpeg as string;
    const clip = makeClip(160, 120, [CLIP_RATE, 1], CLIP_FRAMES);
    clipFile = encodeClip(ffmpeg, directory.write('clip.y4m', clip.bytes), 'clip');
    const long = makeClip(160, 120, [CLIP_RATE, 1], 60, 3);
    longFile = encodeClip(ffmpeg, directory.write('long.y4m', long.bytes), 'long');
    tone = sines(TONE.rate, TONE.frames, TONE.frequencies);
    const wav = writeWav(directory, 'tone.wav', tone, TONE.rate, { sampleFormat: 'pcm', bitsPerSample: 16 });
    flacFile = directory.file('tone.flac');
    runFfmpeg(ffmpeg, ['-i', wav, '-c:a', 'flac', flacFile]);
  });

  test('an encoded video plays at its size and rate, looping by restarting the decoder', async () => {
    const { md, clock } = fileCapture({ videoFile: clipFile });
    const track = await captureTrack(md, 'video');
    const settings = track.getSettings();
    assert.deepEqual([settings.width, settings.height, settings.frameRate], [160, 120, CLIP_RATE]);
    assert.deepEqual(track.getCapabilities().width, { min: 1, max: 160 });
    const reader = readerOf(track);
    const periodUs = 1e6 / CLIP_RATE;
    const decoded: Uint8Array[] = [];
    for (let index = 0; index < CLIP_FRAMES + 2; index++) {
      const result = await readAt(reader, clock, Math.ceil(index * periodUs));
      assert.ok(!result.done);
      const frame = result.value as VideoFrame;
      assert.deepEqual([frame.codedWidth, frame.codedHeight], [160, 120]);
      assert.equal(frame.timestamp, Math.round(index * periodUs));
      decoded.push(await pixels(frame));
      frame.close();
    }
    // The file has CLIP_FRAMES frames, all different; then the same frames again.
    for (let index = 1; index < CLIP_FRAMES; index++) {
      assert.notDeepEqual(decoded[index], decoded[0], `frame ${index} repeats frame 0`);
    }
    assert.deepEqual(decoded[CLIP_FRAMES], decoded[0]);
    assert.deepEqual(decoded[CLIP_FRAMES + 1], decoded[1]);
    const children = ffmpegChildren();
    assert.ok(children.length > 0, 'an ffmpeg child decodes while the track runs');
    track.stop();
    for (const pid of children) {
      await waitUntilGone(pid);
    }
  });

  test('stopping the track while ffmpeg still decodes its first frame kills the child', async () => {
    const { md } = fileCapture({ videoFile: longFile });
    const track = await captureTrack(md, 'video');
    const children = ffmpegChildren();
    assert.ok(children.length > 0);
    track.stop();
    for (const pid of children) {
      await waitUntilGone(pid);
    }
  });

  test('a FLAC file plays at its rate and channels, samples within 1 LSB, looping by restarting the decoder', async () => {
    const { md, clock } = fileCapture({ audioFile: flacFile });
    const track = await captureTrack(md, 'audio');
    const settings = track.getSettings();
    assert.deepEqual([settings.sampleRate, settings.channelCount], [TONE.rate, 2]);
    assert.deepEqual(track.getCapabilities().sampleRate, { min: TONE.rate, max: TONE.rate });
    const reader = readerOf(track);
    const chunkFrames = TONE.rate / 100;
    for (let chunkIndex = 0; chunkIndex < 6; chunkIndex++) {
      const result = await readAt(reader, clock, Math.ceil(((chunkIndex + 1) * chunkFrames * 1e6) / TONE.rate));
      assert.ok(!result.done);
      const chunk = result.value as AudioData;
      try {
        assert.deepEqual([chunk.numberOfFrames, chunk.numberOfChannels], [chunkFrames, 2]);
        samples(chunk).forEach((plane, channel) => {
          plane.forEach((value, index) => {
            const expected = (tone[channel] as Float32Array)[(chunkIndex * chunkFrames + index) % TONE.frames] as number;
            assert.ok(Math.abs(value - expected) <= 2 ** -15, `chunk ${chunkIndex} channel ${channel} sample ${index}`);
          });
        });
      } finally {
        chunk.close();
      }
    }
    const children = ffmpegChildren();
    track.stop();
    for (const pid of children) {
      await waitUntilGone(pid);
    }
  });

  test('with %noloop an ffmpeg-decoded file plays once, then the track fires ended', async () => {
    const { md, clock } = fileCapture({ audioFile: `${flacFile}%noloop` });
    const track = await captureTrack(md, 'audio');
    const ended = endedEvent(track);
    const reader = readerOf(track);
    let total = 0;
    for (let step = 1; step <= 10; step++) {
      const result = await readAt(reader, clock, step * 10_000);
      if (result.done) {
        break;
      }
      total += (result.value as AudioData).numberOfFrames;
      result.value.close();
    }
    assert.equal(total, TONE.frames);
    await ended;
    await waitFor(() => ffmpegChildren().length === 0, 'the decoder to exit');
  });

  test('when ffmpeg dies while the track runs, the track ends with ended', async () => {
    const { md, clock } = fileCapture({ videoFile: longFile });
    const track = await captureTrack(md, 'video');
    const ended = endedEvent(track);
    const reader = readerOf(track);
    const first = await readAt(reader, clock, 0);
    assert.ok(!first.done);
    first.value.close();
    const [pid] = ffmpegChildren();
    assert.ok(pid !== undefined);
    process.kill(pid, 'SIGKILL');
    let done = false;
    for (let index = 1; index < 60 && !done; index++) {
      const result = await readAt(reader, clock, Math.ceil((index * 1e6) / CLIP_RATE));
      done = result.done;
      result.value?.close();
    }
    assert.ok(done, 'the track ended');
    await ended;
    assert.equal(track.readyState, 'ended');
    await waitUntilGone(pid);
  });

  /** Where findFfmpeg finds an "ffmpeg" that passes on the first `bytes` bytes of the real one's output, then fails. */
  function failingFfmpeg(name: string, bytes: number): NodeJS.ProcessEnv {
    const wrapper = directory.file(`${name}.sh`);
    writeFileSync(wrapper, `#!/bin/sh\n"${tools?.ffmpeg as string}" "$@" | head -c ${bytes}\nexit 1\n`);
    chmodSync(wrapper, 0o755);
    return { PATH: process.env['PATH'], MEDIACAPTURE_FFMPEG: wrapper, MEDIACAPTURE_FFPROBE: tools?.ffprobe as string };
  }

  /**
   * Runs a producer on a virtual clock one slot of `slotUs` at a time (the first due at `firstUs`) until it ends:
   * how many items it emitted, and why it ended.
   */
  async function playUntilEnd(
    factory: ProducerFactory,
    firstUs: number,
    slotUs: number,
    settle = false,
  ): Promise<{ items: number; ended: SourceEndReason | undefined }> {
    const clock = new VirtualClock();
    let items = 0;
    let ended: SourceEndReason | undefined;
    const producer = factory({
      clock,
      emit: (item: SourceFrame) => {
        items++;
        item.close();
      },
      fail: (reason) => {
        ended = reason;
      },
    });
    producer.start({ width: 160, height: 120, frameRate: CLIP_RATE });
    if (settle) {
      // Everything decoded and the failure delivered before the first slot is due.
      await waitFor(() => childProcesses().length === 0, 'the failing ffmpeg to exit');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (let slot = 0; slot < 20 && ended === undefined; slot++) {
      clock.advanceTo(firstUs + slot * slotUs);
      await waitFor(() => items > slot || ended !== undefined, `item ${slot} or the end`);
    }
    producer.stop();
    // The decoder is the wrapper script and its ffmpeg: no child of ours may outlive the run.
    await waitFor(() => childProcesses().length === 0, 'the decoder to exit');
    return { items, ended };
  }

  test('when ffmpeg fails after some frames, the frames it decoded play before the source ends', async () => {
    const media = await loadFfmpegVideo(clipFile, failingFfmpeg('four-frames', 4 * 160 * 120 * 1.5));
    assert.deepEqual(await playUntilEnd(ffmpegVideoProducer(media), 0, 1e6 / CLIP_RATE), { items: 4, ended: 'device-failed' });
  });

  test('when ffmpeg fails after some audio, its whole chunks play before the source ends', async () => {
    // 2 chunks of 10 ms and 100 samples of the stereo tone, as f32.
    const media = await loadFfmpegAudio(flacFile, true, failingFfmpeg('two-chunks', (2 * 441 + 100) * 2 * 4));
    // Chunks are due at the end of their 10 ms. Audio is decoded 200 ms ahead, so the failure comes before the first.
    assert.deepEqual(await playUntilEnd(ffmpegAudioProducer(media), 10_000, 10_000, true), { items: 2, ended: 'device-failed' });
  });

  test('swapping an ffmpeg-decoded file for the pattern kills its decoder and keeps the track live', async () => {
    const { md, clock, control } = fileCapture({ videoFile: clipFile });
    const track = await captureTrack(md, 'video');
    const [camera] = (await md.enumerateDevices()).filter((device) => device.kind === 'videoinput');
    assert.deepEqual((camera as InputDeviceInfo).getCapabilities().height, { min: 1, max: 120 });
    const reader = readerOf(track);
    const first = await readAt(reader, clock, 0);
    assert.ok(!first.done);
    first.value.close();
    const children = ffmpegChildren();
    assert.ok(children.length > 0);
    await control.setVideoFile(undefined);
    for (const pid of children) {
      await waitUntilGone(pid);
    }
    assert.deepEqual([track.getSettings().width, track.getSettings().height], [640, 480]);
    const pattern = await readAt(reader, clock, clock.nowUs() + 50_000);
    assert.ok(!pattern.done);
    assert.equal((pattern.value as VideoFrame).codedWidth, 640);
    pattern.value.close();
    assert.equal(track.readyState, 'live');
    track.stop();
    await reader.cancel();
  });

  test('getUserMedia rejects with NotReadableError giving ffprobe\'s reason for a file it cannot read', async () => {
    const garbage = directory.write('garbage.mp4', Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919) % 251));
    const { md } = fileCapture({ videoFile: garbage });
    await assert.rejects(md.getUserMedia({ video: true }), { name: 'NotReadableError', message: /garbage\.mp4: ffprobe cannot read it/ });
  });

  test('getUserMedia rejects with NotReadableError for a camera file without video', async () => {
    const { md } = fileCapture({ videoFile: flacFile });
    await assert.rejects(md.getUserMedia({ video: true }), { name: 'NotReadableError', message: /tone\.flac: ffprobe finds no video stream in it/ });
  });

  test('getUserMedia rejects with NotReadableError for a microphone file without audio', async () => {
    await rejectsUnreadable('audio', clipFile, 'ffprobe finds no audio stream in it');
  });

  test('getUserMedia rejects with NotReadableError for a directory in place of a file', async () => {
    const folder = directory.file('folder.mp4');
    mkdirSync(folder);
    for (const kind of ['video', 'audio'] as const) {
      await rejectsUnreadable(kind, folder, 'is not a regular file');
    }
  });
});

test('with ffmpeg but no ffprobe, a file only ffmpeg reads fails with a message saying ffprobe is missing', { skip: noFfmpeg }, async () => {
  const file = directory.write('no-ffprobe.mp4', new Uint8Array(16));
  const env = { PATH: '', MEDIACAPTURE_FFMPEG: tools?.ffmpeg as string, MEDIACAPTURE_FFPROBE: 'none' };
  await assert.rejects(loadVideoFile(file, { env }), (error: unknown) => {
    assert.ok(error instanceof MediaFileError);
    assert.equal(error.message, 'no-ffprobe.mp4: ffprobe is not installed (it comes with ffmpeg); install it or use a .y4m/.wav file');
    return true;
  });
});

test('without ffmpeg, a file only ffmpeg reads fails with a message saying to install it', async () => {
  const file = directory.write('no-ffmpeg.mp4', new Uint8Array(16));
  // MEDIACAPTURE_FFMPEG=none: not even the ffmpeg of @ffmpeg-installer/ffmpeg.
  await assert.rejects(loadVideoFile(file, { env: { PATH: '', MEDIACAPTURE_FFMPEG: 'none' } }), (error: unknown) => {
    assert.ok(error instanceof MediaFileError);
    assert.equal(error.message, 'no-ffmpeg.mp4: ffmpeg is not installed; install ffmpeg or use a .y4m/.wav file');
    return true;
  });
});
