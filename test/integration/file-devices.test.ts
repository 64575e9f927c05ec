// File-backed fake devices (Y4M and WAV, parsed in TypeScript): what tracks report and the frames and
// samples they carry, loops, %noloop, bad files, and swapping files under running tracks.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';

import { InputDeviceInfo, type AudioData, type VideoFrame } from '../../src/index.js';
import { MediaFileError } from '../../src/testing.js';
import {
  assertNoOpenFrames,
  captureTrack,
  endedEvent,
  fileCapture,
  FixtureDirectory,
  makeClip,
  pixels,
  readAt,
  readerOf,
  readFrame,
  rejectsUnreadable,
  samples,
  sines,
  writeWav,
  type Clip,
} from './file-devices-harness.js';

const directory = new FixtureDirectory();
after(() => directory.remove());
afterEach(assertNoOpenFrames);

/** 160x120 at 30000/1001 fps, 10 frames. */
let clip: Clip;
let clipPath: string;
/** 96x64 at 15 fps, 4 frames. */
let other: Clip;
let otherPath: string;

before(() => {
  clip = makeClip(160, 120, [30000, 1001], 10);
  clipPath = directory.write('clip.y4m', clip.bytes);
  other = makeClip(96, 64, [15, 1], 4, 5);
  otherPath = directory.write('other.y4m', other.bytes);
});

describe('a Y4M file as the fake camera', () => {
  test('settings and capabilities are the file size and frame rate, and the camera keeps its fake name', async () => {
    const { md } = fileCapture({ videoFile: clipPath });
    const track = await captureTrack(md, 'video');
    const settings = track.getSettings();
    assert.equal(track.label, 'fake_device_0');
    assert.deepEqual([settings.width, settings.height, settings.frameRate], [160, 120, 30000 / 1001]);
    const capabilities = track.getCapabilities();
    assert.deepEqual(capabilities.width, { min: 1, max: 160 });
    assert.deepEqual(capabilities.height, { min: 1, max: 120 });
    assert.deepEqual(capabilities.frameRate, { min: 0, max: 30000 / 1001 });
    assert.deepEqual(capabilities.resizeMode, ['none', 'crop-and-scale']);
    const [camera] = (await md.enumerateDevices()).filter((device) => device.kind === 'videoinput');
    assert.equal(camera?.label, 'fake_device_0');
    assert.ok(camera instanceof InputDeviceInfo);
    assert.deepEqual(camera.getCapabilities().width, { min: 1, max: 160 });
    track.stop();
  });

  test('frames come back bit-exact at the native size, loop after the last one, spaced by the header rate', async () => {
    const { md, clock } = fileCapture({ videoFile: clipPath });
    const track = await captureTrack(md, 'video');
    const reader = readerOf(track);
    const count = 2 * clip.frames.length + 3;
    const periodUs = 1e6 / clip.frameRate;
    clock.advanceUs(Math.ceil((count - 1) * periodUs));
    for (let index = 0; index < count; index++) {
      const frame = await readFrame<VideoFrame>(reader);
      try {
        assert.deepEqual([frame.codedWidth, frame.codedHeight, frame.format], [160, 120, 'I420']);
        // F30000:1001 in the header: frame n at n × 1001/30000 s.
        assert.equal(frame.timestamp, Math.round((index * 1001 * 1e6) / 30000), `timestamp of frame ${index}`);
        assert.deepEqual(await pixels(frame), clip.frames[index % clip.frames.length], `pixels of frame ${index}`);
      } finally {
        frame.close();
      }
    }
    track.stop();
  });

  test('a smaller size is cropped and scaled from the file', async () => {
    const { md, clock } = fileCapture({ videoFile: clipPath });
    const stream = await md.getUserMedia({ video: { width: 80, height: 60 } });
    const [track] = stream.getVideoTracks();
    assert.ok(track !== undefined);
    assert.deepEqual([track.getSettings().width, track.getSettings().height], [80, 60]);
    const reader = readerOf(track);
    clock.advanceMs(0);
    const frame = await readFrame<VideoFrame>(reader);
    assert.deepEqual([frame.displayWidth, frame.displayHeight], [80, 60]);
    frame.close();
    track.stop();
  });

  test('getUserMedia rejects with NotReadableError naming a truncated frame', async () => {
    const truncated = directory.write('truncated.y4m', clip.bytes.subarray(0, clip.bytes.length - 1000));
    const { md } = fileCapture({ videoFile: truncated });
    await assert.rejects(md.getUserMedia({ video: true }), (error: unknown) => {
      assert.ok(error instanceof DOMException);
      assert.equal(error.name, 'NotReadableError');
      assert.match(error.message, /truncated\.y4m: truncated frame 9 \(expected 28800 bytes, got 27800\)/);
      return true;
    });
  });

  test('getUserMedia rejects with NotReadableError for a missing file, a bad header or 4:2:2', async () => {
    const badHeader = directory.write('bad-header.y4m', new TextEncoder().encode('YUV4MPEG2 W0 H10 F25:1\nFRAME\n'));
    const header422 = new TextEncoder().encode('YUV4MPEG2 W2 H2 F25:1 C422\nFRAME\n');
    const chroma422 = directory.write('chroma.y4m', Uint8Array.from([...header422, 1, 2, 3, 4, 5, 6, 7, 8]));
    const cases = [
      [directory.file('missing.y4m'), /missing\.y4m: file not found/],
      [badHeader, /bad-header\.y4m: W \(width\) 0 is not a usable size/],
      [chroma422, /chroma\.y4m: unsupported chroma C422/],
    ] as const;
    for (const [file, message] of cases) {
      const { md } = fileCapture({ videoFile: file });
      await assert.rejects(md.getUserMedia({ video: true }), { name: 'NotReadableError', message });
    }
  });
});

describe('a Y4M or WAV path that is not a usable file', () => {
  test('getUserMedia rejects with NotReadableError naming a frame whose FRAME marker is damaged', async () => {
    // A file small enough to be played from memory is checked whole when it is loaded.
    const bytes = clip.bytes.slice();
    const headerBytes = bytes.indexOf(0x0a) + 1;
    const stride = 'FRAME\n'.length + (clip.frames[0] as Uint8Array).length;
    bytes[headerBytes + 5 * stride + 4] = 'X'.charCodeAt(0);
    const { md } = fileCapture({ videoFile: directory.write('marker.y4m', bytes) });
    await assert.rejects(md.getUserMedia({ video: true }), { name: 'NotReadableError', message: /marker\.y4m: frame 5: missing FRAME marker/ });
  });

  test('getUserMedia rejects with NotReadableError for a directory named like a Y4M or WAV file', async () => {
    for (const [kind, name] of [['video', 'folder.y4m'], ['audio', 'folder.wav']] as const) {
      mkdirSync(directory.file(name));
      await rejectsUnreadable(kind, directory.file(name), 'is not a regular file');
    }
  });
});

describe('a WAV file as the fake microphones', () => {
  const formats = [
    { name: '16-bit stereo 44.1 kHz', rate: 44100, frequencies: [1000, 500], format: { sampleFormat: 'pcm', bitsPerSample: 16 } },
    { name: '24-bit mono 48 kHz', rate: 48000, frequencies: [440], format: { sampleFormat: 'pcm', bitsPerSample: 24 } },
    { name: '8-bit mono 8 kHz', rate: 8000, frequencies: [440], format: { sampleFormat: 'pcm', bitsPerSample: 8 } },
    { name: '32-bit PCM mono 22.05 kHz', rate: 22050, frequencies: [300], format: { sampleFormat: 'pcm', bitsPerSample: 32 } },
    { name: 'float stereo 48 kHz', rate: 48000, frequencies: [440, 880], format: { sampleFormat: 'float', bitsPerSample: 32 } },
  ] as const;

  for (const { name, rate, frequencies, format } of formats) {
    test(`${name}: settings are the file's, and samples come back within 1 LSB, looping`, async () => {
      // 2.5 chunks long, so a loop wraps inside a chunk.
      const chunkFrames = Math.round(rate / 100);
      const planes = sines(rate, Math.round(chunkFrames * 2.5), frequencies);
      const file = writeWav(directory, `tone-${rate}-${format.bitsPerSample}-${format.sampleFormat}.wav`, planes, rate, format);
      const { md, clock } = fileCapture({ audioFile: file });
      const track = await captureTrack(md, 'audio');
      const settings = track.getSettings();
      assert.deepEqual([settings.sampleRate, settings.channelCount, settings.sampleSize], [rate, planes.length, format.bitsPerSample]);
      const capabilities = track.getCapabilities();
      assert.deepEqual(capabilities.sampleRate, { min: rate, max: rate });
      assert.deepEqual(capabilities.channelCount, { min: 1, max: planes.length });
      const reader = readerOf(track);
      // Six chunks (at 22.05 kHz a chunk of 221 samples is a little over 10 ms).
      clock.advanceMs(70);
      const tolerance = format.sampleFormat === 'float' ? 0 : 2 ** -(format.bitsPerSample - 1);
      const length = planes[0]?.length as number;
      for (let chunkIndex = 0; chunkIndex < 6; chunkIndex++) {
        const chunk = await readFrame<AudioData>(reader);
        try {
          assert.deepEqual([chunk.sampleRate, chunk.numberOfFrames, chunk.numberOfChannels], [rate, chunkFrames, planes.length]);
          assert.equal(chunk.timestamp, Math.round((chunkIndex * chunkFrames * 1e6) / rate));
          samples(chunk).forEach((plane, channel) => {
            plane.forEach((value, index) => {
              const expected = (planes[channel] as Float32Array)[(chunkIndex * chunkFrames + index) % length] as number;
              assert.ok(Math.abs(value - expected) <= tolerance, `chunk ${chunkIndex} channel ${channel} sample ${index}: ${value} vs ${expected}`);
            });
          });
        } finally {
          chunk.close();
        }
      }
      track.stop();
    });
  }

  test('with %noloop the file plays once, then the track fires ended', async () => {
    const rate = 8000;
    const planes = sines(rate, 200, [440]);
    const file = writeWav(directory, 'once.wav', planes, rate, { sampleFormat: 'pcm', bitsPerSample: 16 });
    const { md, clock } = fileCapture({ audioFile: `${file}%noloop` });
    const track = await captureTrack(md, 'audio');
    const ended = endedEvent(track);
    const reader = readerOf(track);
    const received: number[] = [];
    for (let step = 1; step <= 5; step++) {
      const result = await readAt(reader, clock, step * 10_000);
      if (result.done) {
        break;
      }
      received.push((result.value as AudioData).numberOfFrames);
      result.value.close();
    }
    // 200 samples at 8 kHz: two whole 10 ms chunks and a last one of 40 samples.
    assert.deepEqual(received, [80, 80, 40]);
    await ended;
    assert.equal(track.readyState, 'ended');
  });

  test('getUserMedia rejects with NotReadableError saying what is wrong with the WAV file', async () => {
    const corrupt = new Uint8Array(44);
    corrupt.set(new TextEncoder().encode('RIFF'), 0);
    new DataView(corrupt.buffer).setUint32(4, 36, true);
    corrupt.set(new TextEncoder().encode('WAVEfmt '), 8);
    new DataView(corrupt.buffer).setUint32(16, 1_000_000, true);
    const file = directory.write('corrupt.wav', corrupt);
    const { md } = fileCapture({ audioFile: file });
    await assert.rejects(md.getUserMedia({ audio: true }), {
      name: 'NotReadableError',
      message: /corrupt\.wav: chunk "fmt " at byte 12 claims 1000000 bytes, past the end of the file/,
    });
  });
});

describe('controlDevices().setVideoFile() and setAudioFile()', () => {
  test('a running track switches content and settings without ending, and back to the pattern', async () => {
    const { md, clock, control } = fileCapture({ videoFile: clipPath });
    const track = await captureTrack(md, 'video');
    let ended = false;
    track.addEventListener('ended', () => {
      ended = true;
    });
    const reader = readerOf(track);
    clock.advanceMs(0);
    const first = await readFrame<VideoFrame>(reader);
    assert.deepEqual(await pixels(first), clip.frames[0]);
    first.close();
    await control.setVideoFile(otherPath);
    assert.deepEqual([track.getSettings().width, track.getSettings().height, track.getSettings().frameRate], [96, 64, 15]);
    assert.deepEqual(track.getCapabilities().width, { min: 1, max: 96 });
    clock.advanceUs(Math.ceil((1e6 / 15) * 4));
    for (let index = 0; index < 5; index++) {
      const frame = await readFrame<VideoFrame>(reader);
      assert.deepEqual([frame.codedWidth, frame.codedHeight], [96, 64]);
      assert.deepEqual(await pixels(frame), other.frames[index % other.frames.length]);
      frame.close();
    }
    await control.setVideoFile(undefined);
    assert.deepEqual([track.getSettings().width, track.getSettings().height, track.getSettings().frameRate], [640, 480, 20]);
    clock.advanceMs(50);
    const pattern = await readFrame<VideoFrame>(reader);
    assert.deepEqual([pattern.codedWidth, pattern.codedHeight], [640, 480]);
    pattern.close();
    assert.equal(track.readyState, 'live');
    assert.equal(ended, false);
    track.stop();
    await reader.cancel();
  });

  test('a file that cannot be used is rejected with its reason and changes nothing', async () => {
    const { md, control } = fileCapture({ videoFile: clipPath });
    const track = await captureTrack(md, 'video');
    await assert.rejects(control.setVideoFile(directory.file('nowhere.y4m')), (error: unknown) => {
      assert.ok(error instanceof MediaFileError);
      assert.match(error.message, /nowhere\.y4m: file not found/);
      return true;
    });
    assert.deepEqual([track.getSettings().width, track.getSettings().height], [160, 120]);
    assert.equal(track.readyState, 'live');
    track.stop();
  });

  test('a running microphone switches to another file, then back to the beep', async () => {
    const mono = writeWav(directory, 'mono-16k.wav', sines(16000, 1600, [500]), 16000, { sampleFormat: 'pcm', bitsPerSample: 16 });
    const stereo = writeWav(directory, 'stereo-32k.wav', sines(32000, 3200, [500, 700]), 32000, { sampleFormat: 'float', bitsPerSample: 32 });
    const { md, clock, control } = fileCapture({ audioFile: mono });
    const track = await captureTrack(md, 'audio');
    assert.deepEqual([track.getSettings().sampleRate, track.getSettings().channelCount], [16000, 1]);
    await control.setAudioFile(stereo);
    assert.deepEqual([track.getSettings().sampleRate, track.getSettings().channelCount], [32000, 2]);
    const reader = readerOf(track);
    clock.advanceMs(10);
    const chunk = await readFrame<AudioData>(reader);
    assert.deepEqual([chunk.sampleRate, chunk.numberOfChannels, chunk.numberOfFrames], [32000, 2, 320]);
    chunk.close();
    await control.setAudioFile(undefined);
    assert.deepEqual([track.getSettings().sampleRate, track.getSettings().channelCount], [48000, 1]);
    clock.advanceMs(10);
    const beep = await readFrame<AudioData>(reader);
    assert.deepEqual([beep.sampleRate, beep.numberOfChannels], [48000, 1]);
    beep.close();
    assert.equal(track.readyState, 'live');
    track.stop();
    await reader.cancel();
  });
});
