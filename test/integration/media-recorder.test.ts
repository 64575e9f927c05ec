// MediaRecorder (https://w3c.github.io/mediacapture-record/) on the fake devices with the real clock:
// ffmpeg encodes in real time, so each test records 1–2.5 s and checks the result with ffprobe (codecs,
// size), the order of events, timeslices, the state checks and the error paths. No timing asserts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { BlobEvent, createMediaDevices, MediaRecorder, type MediaStream, type MediaStreamTrack } from '../../src/index.js';
import { findFfmpeg } from '../../src/sources/file/ffmpeg-location.js';
import { ffmpegChildren } from './file-devices-harness.js';

const tools = findFfmpeg();
const ffprobe = tools?.ffprobe;
const noFfmpeg = ffprobe === undefined ? 'ffmpeg or ffprobe is not installed' : false;
import { recordingDirectory, sleep, streamsStoppedAfterEach } from './recording-harness.js';

const directory = recordingDirectory('mediacapture-recorder-');
const streams = streamsStoppedAfterEach();

async function capture(constraints: { audio?: boolean; video?: boolean | { width: number; height: number } }): Promise<MediaStream> {
  const stream = await createMediaDevices({ devices: 'fps=30' }).getUserMedia(constraints);
  streams.push(stream);
  return stream;
}

/** Every event a recorder fires, in order, and the Blobs of its dataavailable events. */
function watch(recorder: MediaRecorder): { events: string[]; blobs: Blob[]; stopped: Promise<void> } {
  const events: string[] = [];
  const blobs: Blob[] = [];
  for (const type of ['start', 'dataavailable', 'pause', 'resume', 'error']) {
    recorder.addEventListener(type, (event) => {
      events.push(type === 'error' ? `error:${(event as Event & { error: DOMException }).error.name}` : type);
      if (event instanceof BlobEvent) {
        blobs.push(event.data);
      }
    });
  }
  const stopped = new Promise<void>((resolve) =>
    recorder.addEventListener('stop', () => {
      events.push('stop');
      resolve();
    }),
  );
  return { events, blobs, stopped };
}

/** The streams ffprobe finds in the concatenation of `blobs`. */
async function probe(blobs: Blob[], name: string): Promise<{ codec_name: string; width?: number; height?: number }[]> {
  const path = join(directory, name);
  writeFileSync(path, new Uint8Array(await new Blob(blobs).arrayBuffer()));
  const output = execFileSync(ffprobe as string, ['-v', 'error', '-show_streams', '-of', 'json', path], { encoding: 'utf8' });
  return (JSON.parse(output) as { streams: { codec_name: string; width?: number; height?: number }[] }).streams;
}

/** The streams and the format (container, duration) ffprobe finds in the concatenation of `blobs`. */
async function probeFile(
  blobs: Blob[],
  name: string,
): Promise<{ streams: { codec_name: string; width?: number; height?: number }[]; format: { format_name: string; duration: string } }> {
  const path = join(directory, name);
  writeFileSync(path, new Uint8Array(await new Blob(blobs).arrayBuffer()));
  const output = execFileSync(ffprobe as string, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path], { encoding: 'utf8' });
  return JSON.parse(output) as { streams: { codec_name: string; width?: number; height?: number }[]; format: { format_name: string; duration: string } };
}

/** Events with repeated dataavailable collapsed, e.g. start, dataavailable, stop. */
function collapsed(events: string[]): string[] {
  return events.filter((event, index) => event !== 'dataavailable' || events[index - 1] !== 'dataavailable');
}

describe('recording the fake camera and microphone', { skip: noFfmpeg }, () => {
  test('2 s of 320x240 video with audio record to video/webm with VP8 and Opus', async () => {
    const stream = await capture({ audio: true, video: { width: 320, height: 240 } });
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' });
    const { events, blobs, stopped } = watch(recorder);
    assert.equal(recorder.mimeType, 'video/webm');
    recorder.start();
    assert.equal(recorder.state, 'recording');
    await sleep(2000);
    assert.equal(recorder.mimeType, 'video/webm;codecs=vp8,opus');
    recorder.stop();
    assert.equal(recorder.state, 'inactive');
    assert.equal(recorder.mimeType, 'video/webm');
    await stopped;
    assert.deepEqual(collapsed(events), ['start', 'dataavailable', 'stop']);
    assert.ok(blobs.every((blob) => blob.type === 'video/webm;codecs=vp8,opus'));
    const probed = await probe(blobs, 'av.webm');
    assert.deepEqual(
      probed.map(({ codec_name, width, height }) => ({ codec_name, width, height })),
      [
        { codec_name: 'vp8', width: 320, height: 240 },
        { codec_name: 'opus', width: undefined, height: undefined },
      ],
    );
    assert.deepEqual(ffmpegChildren(), []);
  });

  test('a timeslice of 500 ms gives several dataavailable events whose concatenation is one valid file', async () => {
    const stream = await capture({ audio: true, video: { width: 320, height: 240 } });
    const recorder = new MediaRecorder(stream);
    const { events, blobs, stopped } = watch(recorder);
    const timecodes: number[] = [];
    recorder.ondataavailable = (event) => {
      timecodes.push((event as BlobEvent).timecode);
    };
    recorder.start(500);
    await sleep(2500);
    recorder.stop();
    await stopped;
    // Real time on a shared machine: ffmpeg may start late, so only "more than the final one" is certain.
    assert.ok(blobs.length >= 2, `${blobs.length} dataavailable events`);
    assert.equal(timecodes[0], 0);
    assert.deepEqual(collapsed(events), ['start', 'dataavailable', 'stop']);
    const codecs = (await probe(blobs, 'sliced.webm')).map((stream) => stream.codec_name);
    assert.deepEqual(codecs, ['vp8', 'opus']);
  });

  test('audio/webm records the microphone alone with Opus', async () => {
    const stream = await capture({ audio: true });
    const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm' });
    const { blobs, stopped } = watch(recorder);
    recorder.start();
    await sleep(1500);
    assert.equal(recorder.mimeType, 'audio/webm;codecs=opus');
    recorder.stop();
    await stopped;
    assert.deepEqual((await probe(blobs, 'audio.webm')).map((stream) => stream.codec_name), ['opus']);
  });

  test('video/mp4 with a timeslice of 500 ms gives fragments whose concatenation is one valid file', { skip: !MediaRecorder.isTypeSupported('video/mp4') && 'no libx264 or aac' }, async () => {
    const stream = await capture({ audio: true, video: { width: 320, height: 240 } });
    const recorder = new MediaRecorder(stream, { mimeType: 'video/mp4;codecs=avc1,mp4a.40.2' });
    const { events, blobs, stopped } = watch(recorder);
    recorder.start(500);
    await sleep(2500);
    assert.equal(recorder.mimeType, 'video/mp4;codecs=avc1.42c00d,mp4a.40.2');
    recorder.stop();
    await stopped;
    assert.ok(blobs.length >= 2, `${blobs.length} dataavailable events`);
    assert.deepEqual(collapsed(events), ['start', 'dataavailable', 'stop']);
    const probed = await probeFile(blobs, 'sliced.mp4');
    assert.deepEqual(probed.streams.map((stream) => stream.codec_name), ['h264', 'aac']);
    // Every frame decodes from the concatenation.
    const frames = execFileSync(tools?.ffmpeg as string, ['-v', 'error', '-i', join(directory, 'sliced.mp4'), '-map', '0:v', '-f', 'null', '-'], { encoding: 'utf8' });
    assert.equal(frames, '');
  });

  test('pause, resume and requestData fire their events in order and the recording stays valid', async () => {
    const stream = await capture({ audio: true, video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8,opus' });
    const { events, blobs, stopped } = watch(recorder);
    recorder.start();
    await sleep(700);
    recorder.pause();
    assert.equal(recorder.state, 'paused');
    recorder.pause();
    await sleep(300);
    recorder.resume();
    assert.equal(recorder.state, 'recording');
    recorder.requestData();
    await sleep(700);
    recorder.stop();
    await stopped;
    assert.deepEqual(collapsed(events), ['start', 'pause', 'resume', 'dataavailable', 'stop']);
    assert.deepEqual((await probe(blobs, 'paused.webm')).map((stream) => stream.codec_name), ['vp8', 'opus']);
  });

  test('removing a track from the stream ends the recording with an InvalidModificationError error, the data, then stop', async () => {
    const stream = await capture({ audio: true, video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream);
    const { events, blobs, stopped } = watch(recorder);
    recorder.start();
    await sleep(800);
    const removed = stream.getAudioTracks()[0] as MediaStreamTrack;
    stream.removeTrack(removed);
    await stopped;
    removed.stop();
    assert.equal(recorder.state, 'inactive');
    assert.deepEqual(collapsed(events), ['start', 'error:InvalidModificationError', 'dataavailable', 'stop']);
    assert.ok(blobs.some((blob) => blob.size > 0));
  });

  test('stopping every recorded track ends the recording with the data, then stop', async () => {
    const stream = await capture({ video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream);
    const { events, stopped } = watch(recorder);
    recorder.start();
    await sleep(800);
    for (const track of stream.getTracks()) {
      track.stop();
    }
    await stopped;
    assert.deepEqual(collapsed(events), ['start', 'dataavailable', 'stop']);
  });

  test('an encoder that dies mid-recording gives an UnknownError error event, the data so far, then stop', { skip: process.platform === 'win32' }, async () => {
    // A stand-in ffmpeg: lists the real encoders, then writes a few bytes and exits with an error.
    const fake = join(directory, 'dying-ffmpeg');
    const encoders = execFileSync(tools?.ffmpeg as string, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
    writeFileSync(join(directory, 'encoders.txt'), encoders);
    writeFileSync(
      fake,
      `#!/bin/sh\nif [ "$2" = "-encoders" ]; then cat "${join(directory, 'encoders.txt')}"; exit 0; fi\n` +
        'sleep 0.3; printf partial; echo "encoder crashed" >&2; exit 1\n',
    );
    chmodSync(fake, 0o755);
    const saved = process.env['MEDIACAPTURE_FFMPEG'];
    process.env['MEDIACAPTURE_FFMPEG'] = fake;
    try {
      const stream = await capture({ audio: true });
      const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm' });
      const { events, blobs, stopped } = watch(recorder);
      let message = '';
      recorder.onerror = (event) => {
        message = (event as Event & { error: DOMException }).error.message;
      };
      recorder.start();
      await stopped;
      assert.deepEqual(events, ['start', 'error:UnknownError', 'dataavailable', 'stop']);
      assert.match(message, /encoder crashed/);
      assert.equal(await new Blob(blobs).text(), 'partial');
    } finally {
      if (saved === undefined) {
        delete process.env['MEDIACAPTURE_FFMPEG'];
      } else {
        process.env['MEDIACAPTURE_FFMPEG'] = saved;
      }
    }
  });
});

describe('types and state checks', () => {
  test('an unsupported mimeType is a NotSupportedError from the constructor', async () => {
    const stream = await capture({ audio: true });
    assert.throws(() => new MediaRecorder(stream, { mimeType: 'video/x-nonsense' }), { name: 'NotSupportedError' });
    assert.equal(MediaRecorder.isTypeSupported('video/x-nonsense'), false);
    assert.equal(MediaRecorder.isTypeSupported(''), true);
  });

  test('isTypeSupported answers for WebM with VP8 and Opus, and no for what is not recorded', { skip: noFfmpeg }, () => {
    for (const type of ['video/webm', 'video/webm;codecs=vp8,opus', 'video/webm;codecs="vp8"', 'audio/webm', 'audio/webm;codecs=opus']) {
      assert.equal(MediaRecorder.isTypeSupported(type), true, type);
    }
    for (const type of ['audio/webm;codecs=vp8', 'video/webm;codecs=vp8,vp8', 'video/webm;codecs=avc1', 'video/webm;codecs=foo', 'audio/ogg;codecs=vorbis', 'video/mp4;codecs=hvc1', 'video/mp4;codecs=avc1,mp4a.40.5', 'audio/mp4;codecs=opus', 'video/mp4;codecs=vp9', 'audio/ogg;codecs=vp8']) {
      assert.equal(MediaRecorder.isTypeSupported(type), false, type);
    }
  });

  test('isTypeSupported answers for VP9, Ogg, MP4 and Matroska from the encoders this ffmpeg lists', { skip: noFfmpeg }, () => {
    const listed = execFileSync(tools?.ffmpeg as string, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
    const has = (encoder: string): boolean => new RegExp(`^ \\S{6} ${encoder} `, 'm').test(listed);
    const expected: [string, boolean][] = [
      ['video/webm;codecs=vp9,opus', has('libvpx-vp9') && has('libopus')],
      ['video/webm;codecs=vp9', has('libvpx-vp9') && has('libvpx')],
      ['audio/ogg', has('libopus')],
      ['audio/ogg;codecs=opus', has('libopus')],
      ['video/mp4', has('libx264')],
      ['video/mp4;codecs=avc1.42c01e,mp4a.40.2', has('libx264') && has('aac')],
      ['video/mp4;codecs=h264,aac', has('libx264') && has('aac')],
      ['audio/mp4', has('aac')],
      ['audio/mp4;codecs=mp4a.40.2', has('aac')],
      ['video/x-matroska', has('libx264') || has('libvpx')],
      ['video/x-matroska;codecs=avc1,opus', has('libx264') && has('libopus')],
      ['video/x-matroska;codecs=vp8,aac', (has('libx264') || has('libvpx')) && has('libvpx') && has('aac')],
    ];
    for (const [type, supported] of expected) {
      assert.equal(MediaRecorder.isTypeSupported(type), supported, type);
    }
  });

  test('pause, resume and requestData on an inactive recorder are InvalidStateErrors; stop does nothing', async () => {
    const stream = await capture({ audio: true });
    const recorder = new MediaRecorder(stream);
    let fired = 0;
    recorder.onstop = () => fired++;
    assert.throws(() => recorder.pause(), { name: 'InvalidStateError' });
    assert.throws(() => recorder.resume(), { name: 'InvalidStateError' });
    assert.throws(() => recorder.requestData(), { name: 'InvalidStateError' });
    recorder.stop();
    await sleep(10);
    assert.equal(fired, 0);
    assert.equal(recorder.state, 'inactive');
  });

  test('the constructor and isTypeSupported() need their argument; start() on an inactive stream is a NotSupportedError', async () => {
    assert.throws(() => new (MediaRecorder as unknown as new () => MediaRecorder)(), { name: 'TypeError', message: /1 argument required/ });
    assert.throws(() => (MediaRecorder.isTypeSupported as () => boolean)(), { name: 'TypeError', message: /1 argument required/ });
    const stream = await capture({ audio: true });
    const recorder = new MediaRecorder(stream);
    const { events } = watch(recorder);
    for (const track of stream.getTracks()) {
      track.stop();
    }
    assert.equal(stream.active, false);
    assert.throws(() => recorder.start(), { name: 'NotSupportedError', message: /the stream is inactive/ });
    assert.equal(recorder.state, 'inactive');
    await sleep(10);
    assert.deepEqual(events, []);
  });

  test('start on a recording recorder is an InvalidStateError', { skip: noFfmpeg }, async () => {
    const stream = await capture({ audio: true });
    const recorder = new MediaRecorder(stream);
    const { stopped } = watch(recorder);
    recorder.start();
    assert.throws(() => recorder.start(), { name: 'InvalidStateError' });
    recorder.stop();
    await stopped;
  });

  test('audio/webm cannot record a video track: start throws NotSupportedError', { skip: noFfmpeg }, async () => {
    const stream = await capture({ video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm' });
    assert.throws(() => recorder.start(), { name: 'NotSupportedError' });
    assert.equal(recorder.state, 'inactive');
  });

  test('videoBitsPerSecond and audioBitsPerSecond: the options, else the defaults; bitsPerSecond overrides them, split between the kinds', async () => {
    const stream = await capture({ audio: true, video: { width: 160, height: 120 } });
    const bitrates = (recorder: MediaRecorder): [number, number] => [recorder.videoBitsPerSecond, recorder.audioBitsPerSecond];
    assert.deepEqual(bitrates(new MediaRecorder(stream)), [2_500_000, 128_000]);
    assert.deepEqual(bitrates(new MediaRecorder(stream, { videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 64_000 })), [1_000_000, 64_000]);
    assert.deepEqual(bitrates(new MediaRecorder(stream, { videoBitsPerSecond: 1_000_000 })), [1_000_000, 128_000]);
    // The sum is bitsPerSecond: audio takes a tenth, at most the default 128 kbit/s.
    assert.deepEqual(bitrates(new MediaRecorder(stream, { bitsPerSecond: 1_000_000, videoBitsPerSecond: 5, audioBitsPerSecond: 5 })), [900_000, 100_000]);
    assert.deepEqual(bitrates(new MediaRecorder(stream, { bitsPerSecond: 3_000_000 })), [2_872_000, 128_000]);
  });

  test('start() splits bitsPerSecond between the kinds it records, and the recorder turns inactive with both again', { skip: noFfmpeg }, async () => {
    const stream = await capture({ audio: true });
    const recorder = new MediaRecorder(stream, { bitsPerSecond: 96_000 });
    const { stopped } = watch(recorder);
    assert.deepEqual([recorder.videoBitsPerSecond, recorder.audioBitsPerSecond], [86_400, 9600]);
    recorder.start();
    assert.deepEqual([recorder.videoBitsPerSecond, recorder.audioBitsPerSecond], [0, 96_000]);
    recorder.stop();
    assert.deepEqual([recorder.videoBitsPerSecond, recorder.audioBitsPerSecond], [86_400, 9600]);
    await stopped;
  });

  test('BlobEvent requires data and defaults timecode to 0', () => {
    const data = new Blob(['x']);
    const event = new BlobEvent('dataavailable', { data });
    assert.equal(event.data, data);
    assert.equal(event.timecode, 0);
    assert.equal(new BlobEvent('dataavailable', { data, timecode: 12.5 }).timecode, 12.5);
    assert.throws(() => new BlobEvent('dataavailable', {} as { data: Blob }), TypeError);
    const Ctor = BlobEvent as unknown as new (...args: unknown[]) => BlobEvent;
    assert.throws(() => new Ctor('dataavailable'), { name: 'TypeError', message: /2 arguments required, but only 1 present/ });
    assert.equal(Object.prototype.toString.call(event), '[object BlobEvent]');
  });
});
