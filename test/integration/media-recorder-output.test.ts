// Recordings checked from the outside: 3 s from the fake devices on a virtual clock (exact: the clock only
// moves once the encoder has taken what came before, so nothing is dropped), read back with ffprobe and
// ffmpeg. Every supported type through MediaRecorder, files finalized by recordToFile, the A/V sync of the
// beep against the camera's printed time, pause cutting time out, and the in-process Opus encoder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { AudioData, MediaRecorder, MediaStream, MediaStreamTrackGenerator, recordToFile, VideoFrame, type BlobEvent, type FileRecording } from '../../src/index.js';
import { recorderStatus, type VirtualClock } from '../../src/testing.js';
import { findBeeps } from '../../src/sources/fake/beep.js';
import { readFakeCameraFrame } from '../../src/sources/fake/camera-pattern.js';
import { advanceRecording, captureOnVirtualClock, decodeAudio, decodeVideo, ffprobePath, mp4Boxes, noFfprobe, probe, recordingDirectory, streamsStoppedAfterEach, videoFrameTimes } from './recording-harness.js';

const directory = recordingDirectory('mediacapture-recordings-');
const streams = streamsStoppedAfterEach();

function capture(constraints: { audio?: boolean; video?: { width: number; height: number } }): Promise<{ stream: MediaStream; clock: VirtualClock }> {
  return captureOnVirtualClock(streams, constraints);
}

/** The mimeType of each recorder while it was recording. */
const negotiatedTypes = new WeakMap<MediaRecorder, string>();

/** Records `seconds` of the clock with MediaRecorder and writes the Blobs to `name`. */
async function recordBlobs(
  stream: MediaStream,
  clock: VirtualClock,
  mimeType: string,
  name: string,
  seconds = 3,
): Promise<{ path: string; recorder: MediaRecorder }> {
  const recorder = new MediaRecorder(stream, { mimeType });
  const blobs: Blob[] = [];
  recorder.ondataavailable = (event) => blobs.push((event as BlobEvent).data);
  const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve));
  recorder.start();
  await advanceRecording(clock, seconds * 1000, () => recorderStatus(recorder)?.encoderBacklogMs ?? 0);
  negotiatedTypes.set(recorder, recorder.mimeType);
  recorder.stop();
  await stopped;
  const path = join(directory, name);
  writeFileSync(path, new Uint8Array(await new Blob(blobs).arrayBuffer()));
  return { path, recorder };
}

/** Records `seconds` of the clock into a file with recordToFile. */
async function recordFile(recording: FileRecording, clock: VirtualClock, seconds = 3): Promise<void> {
  await advanceRecording(clock, seconds * 1000, () => recording.status().encoderBacklogMs);
  await recording.stop();
}

describe('3 s recordings of the fake camera and microphone in every supported type', { skip: noFfprobe }, () => {
  const mp4 = 'mov,mp4,m4a,3gp,3g2,mj2';
  const types: { type: string; video: boolean; codecs: string[]; container: string; negotiated: string }[] = [
    { type: 'video/webm;codecs=vp8,opus', video: true, codecs: ['vp8', 'opus'], container: 'matroska,webm', negotiated: 'video/webm;codecs=vp8,opus' },
    { type: 'video/webm;codecs=vp9,opus', video: true, codecs: ['vp9', 'opus'], container: 'matroska,webm', negotiated: 'video/webm;codecs=vp9,opus' },
    { type: 'audio/webm', video: false, codecs: ['opus'], container: 'matroska,webm', negotiated: 'audio/webm;codecs=opus' },
    { type: 'audio/ogg', video: false, codecs: ['opus'], container: 'ogg', negotiated: 'audio/ogg;codecs=opus' },
    { type: 'video/mp4', video: true, codecs: ['h264', 'aac'], container: mp4, negotiated: 'video/mp4;codecs=avc1.42c00d,mp4a.40.2' },
    { type: 'audio/mp4', video: false, codecs: ['aac'], container: mp4, negotiated: 'audio/mp4;codecs=mp4a.40.2' },
    { type: 'video/x-matroska', video: true, codecs: ['h264', 'opus'], container: 'matroska,webm', negotiated: 'video/x-matroska;codecs=avc1,opus' },
    { type: 'video/x-matroska;codecs=vp9,aac', video: true, codecs: ['vp9', 'aac'], container: 'matroska,webm', negotiated: 'video/x-matroska;codecs=vp9,mp4a.40.2' },
  ];
  for (const [index, { type, video, codecs, container, negotiated }] of types.entries()) {
    test(`${type}: ${codecs.join(' + ')}, ${video ? '320x240, 90 frames, ' : ''}3 s`, { skip: !MediaRecorder.isTypeSupported(type) && `cannot record ${type} here` }, async () => {
      const { stream, clock } = await capture(video ? { audio: true, video: { width: 320, height: 240 } } : { audio: true });
      const { path, recorder } = await recordBlobs(stream, clock, type, `type-${index}`);
      assert.equal(negotiatedTypes.get(recorder), negotiated);
      const probed = probe(path);
      assert.equal(probed.formatName, container);
      assert.deepEqual(probed.streams.map((entry) => entry.codec), codecs);
      const status = recorderStatus(recorder);
      assert.equal(status?.droppedVideoFrames, 0);
      assert.equal(status?.droppedAudioChunks, 0);
      if (video) {
        const [videoStream] = probed.streams;
        assert.deepEqual([videoStream?.width, videoStream?.height], [320, 240]);
        assert.ok(Math.abs((videoStream?.frames ?? 0) - 90) <= 1, `${videoStream?.frames} frames`);
      }
      // Each stream ends at 3 s (within a frame, and an audio packet of up to 60 ms at the end).
      for (const entry of probed.streams) {
        assert.ok(Math.abs(entry.endS - 3) < 0.07, `${entry.codec} ends at ${entry.endS} s`);
      }
    });
  }
});

describe('recordToFile finalizes files with their duration', { skip: noFfprobe }, () => {
  const files: { name: string; codecs: string[]; video: boolean }[] = [
    { name: 'final.webm', codecs: ['vp8', 'opus'], video: true },
    { name: 'final.mkv', codecs: ['h264', 'opus'], video: true },
    { name: 'final.mp4', codecs: ['h264', 'aac'], video: true },
    { name: 'final.ogg', codecs: ['opus'], video: false },
    { name: 'final.m4a', codecs: ['aac'], video: false },
  ];
  for (const { name, codecs, video } of files) {
    test(`${name} records ${codecs.join(' + ')} with a duration of 3 s${name.endsWith('.mp4') ? ', its moov before mdat' : ''}`, async (t) => {
      const { stream, clock } = await capture(video ? { audio: true, video: { width: 320, height: 240 } } : { audio: true });
      let recording: FileRecording;
      try {
        recording = recordToFile(stream, join(directory, name));
      } catch (error) {
        t.skip(`cannot record ${name} here: ${String(error)}`);
        return;
      }
      await recordFile(recording, clock);
      const result = await recording.finished;
      const probed = probe(join(directory, name));
      assert.deepEqual(probed.streams.map((entry) => entry.codec), codecs);
      assert.ok(probed.durationS !== undefined && Math.abs(probed.durationS - 3) < 0.07, `duration ${probed.durationS}`);
      assert.equal(result.path, join(directory, name));
      assert.equal(result.bytesWritten, readFileSync(join(directory, name)).byteLength);
      assert.ok(Math.abs(result.durationMs - 3000) < 40, `${result.durationMs} ms recorded`);
      if (video) {
        assert.ok(Math.abs(result.videoFrames - 90) <= 1, `${result.videoFrames} frames`);
      }
      if (name.endsWith('.mp4')) {
        const boxes = mp4Boxes(readFileSync(join(directory, name)));
        assert.ok(boxes.indexOf('moov') < boxes.indexOf('mdat'), boxes.join(' '));
        assert.equal(boxes.includes('moof'), false);
      }
      assert.equal(recording.state, 'inactive');
    });
  }
});

describe('a FileRecording paused, and one whose tracks end', { skip: noFfprobe }, () => {
  test('1 s recorded, 1 s paused, 1 s recorded gives a 2 s file; pause and resume only act in the state they leave', async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 160, height: 120 } });
    const path = join(directory, 'paused.webm');
    const recording = recordToFile(stream, path);
    const backlog = (): number => recording.status().encoderBacklogMs;
    recording.resume();
    assert.equal(recording.state, 'recording');
    await advanceRecording(clock, 1000, backlog);
    recording.pause();
    recording.pause();
    assert.equal(recording.state, 'paused');
    assert.equal(recording.status().state, 'paused');
    await advanceRecording(clock, 1000, backlog);
    recording.resume();
    assert.equal(recording.state, 'recording');
    await advanceRecording(clock, 1000, backlog);
    // elapsedMs counts the paused second; the media recorded does not.
    const { elapsedMs } = recording.status();
    assert.ok(Math.abs(elapsedMs - 3000) < 40, `${elapsedMs} ms elapsed`);
    const result = await recording.stop();
    assert.ok(Math.abs(result.durationMs - 2000) < 40, `${result.durationMs} ms recorded`);
    assert.ok(Math.abs(result.videoFrames - 60) <= 1, `${result.videoFrames} frames`);
    const probed = probe(path);
    assert.ok(probed.durationS !== undefined && Math.abs(probed.durationS - 2) < 0.07, `duration ${probed.durationS}`);
    recording.pause();
    recording.resume();
    assert.equal(recording.state, 'inactive');
  });

  test('the recording ends and its file is finalized when every recorded track ends', async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 160, height: 120 } });
    const path = join(directory, 'tracks-ended.webm');
    const recording = recordToFile(stream, path);
    await advanceRecording(clock, 1000, () => recording.status().encoderBacklogMs);
    const [video, audio] = [stream.getVideoTracks()[0], stream.getAudioTracks()[0]];
    video?.stop();
    await advanceRecording(clock, 500, () => recording.status().encoderBacklogMs);
    assert.equal(recording.state, 'recording');
    audio?.stop();
    const result = await recording.finished;
    assert.equal(recording.state, 'inactive');
    assert.equal(result.path, path);
    const probed = probe(path);
    assert.deepEqual(probed.streams.map((entry) => entry.codec), ['vp8', 'opus']);
    assert.ok(probed.durationS !== undefined && Math.abs(probed.durationS - 1.5) < 0.1, `duration ${probed.durationS}`);
  });
});

describe('key frame intervals', { skip: noFfprobe }, () => {
  /** The indexes of the key frames of the first video stream of `path`. */
  function keyFrames(path: string): number[] {
    const flags = execFileSync(ffprobePath as string, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags', '-of', 'csv=p=0', path], { encoding: 'utf8' });
    return flags
      .trim()
      .split('\n')
      .flatMap((packet, index) => (packet.startsWith('K') ? [index] : []));
  }

  for (const [name, options, interval] of [
    ['videoKeyFrameIntervalCount 10', { videoKeyFrameIntervalCount: 10 }, 10],
    ['videoKeyFrameIntervalDuration 500 ms at 30 fps', { videoKeyFrameIntervalDuration: 500 }, 15],
  ] as const) {
    test(`${name}: a key frame every ${interval} frames`, async () => {
      const { stream, clock } = await capture({ video: { width: 160, height: 120 } });
      const path = join(directory, `key-frames-${interval}.webm`);
      const recording = recordToFile(stream, path, options);
      await recordFile(recording, clock, 2);
      const keys = keyFrames(path);
      assert.deepEqual(keys, Array.from({ length: keys.length }, (_, index) => index * interval), `key frames ${keys.join(' ')}`);
      assert.ok(keys.length >= Math.floor(60 / interval), `key frames ${keys.join(' ')}`);
    });
  }
});

/** A 48 kHz mono chunk of `samples` (10 ms for 480) starting at `ms`, for a MediaStreamTrackGenerator. */
function monoChunk(ms: number, samples: Float32Array): AudioData {
  return new AudioData({ format: 'f32-planar', sampleRate: 48_000, numberOfFrames: samples.length, numberOfChannels: 1, timestamp: ms * 1000, data: samples });
}

describe('audio whose timestamps jump', { skip: noFfprobe }, () => {
  test('a gap in the chunks is recorded as silence and an overlap is cut, so each sound stays at its time', async () => {
    const generator = new MediaStreamTrackGenerator({ kind: 'audio' });
    const stream = new MediaStream([generator]);
    streams.push(stream);
    const path = join(directory, 'jumps.ogg');
    const recording = recordToFile(stream, path);
    const writer = generator.writable.getWriter();
    // 10 ms chunks of silence, with a 20 ms 400 Hz square beep in the chunks from `beepMs`.
    const write = async (fromMs: number, toMs: number, beepMs: number): Promise<void> => {
      for (let ms = fromMs; ms < toMs; ms += 10) {
        const samples = new Float32Array(480);
        if (ms >= beepMs && ms < beepMs + 20) {
          samples.forEach((_, index) => {
            samples[index] = Math.floor(((ms - beepMs) * 48 + index) / 60) % 2 === 0 ? 0.8 : -0.8;
          });
        }
        await writer.write(monoChunk(ms, samples));
      }
    };
    await write(0, 500, 100);
    // 200 ms with no chunk, then a beep at 800 ms.
    await write(700, 1000, 800);
    // The next chunks start 50 ms before the last ended: they overlap what was recorded.
    await write(950, 1500, 1100);
    await recording.stop();
    const beeps = findBeeps(decodeAudio(path), 48_000).map((frame) => Math.round(frame / 48));
    assert.equal(beeps.length, 3, `beeps at ${beeps.join(', ')} ms`);
    // Audio up to 20 ms off its place is left there (jitter), so after the cut the last beep may be that late;
    // without the fill the second would be 200 ms early, without the cut the last 50 ms late.
    [100, 800, 1100].forEach((expected, index) => {
      const late = (beeps[index] as number) - expected;
      assert.ok(late >= -5 && late <= (index === 2 ? 25 : 5), `beep ${index} at ${beeps[index]} ms, not ${expected}`);
    });
    const probed = probe(path);
    assert.ok(probed.durationS !== undefined && Math.abs(probed.durationS - 1.5) < 0.05, `duration ${probed.durationS}`);
  });
});

describe('video that stops before the audio', { skip: noFfprobe }, () => {
  test('the last frame is repeated to the end of the audio, so both streams end together', async () => {
    const video = new MediaStreamTrackGenerator({ kind: 'video' });
    const audio = new MediaStreamTrackGenerator({ kind: 'audio' });
    const stream = new MediaStream([video, audio]);
    streams.push(stream);
    const videoWriter = video.writable.getWriter();
    const audioWriter = audio.writable.getWriter();
    const frame = (index: number): VideoFrame => {
      const bytes = new Uint8Array(32 * 24 * 1.5).fill(128);
      bytes.fill(16 + index * 7, 0, 32 * 24);
      return new VideoFrame(bytes, { format: 'I420', codedWidth: 32, codedHeight: 24, timestamp: Math.round((index * 1e6) / 30) });
    };
    // Two frames give the generator its size and rate before the recording starts.
    await videoWriter.write(frame(0));
    await videoWriter.write(frame(1));
    const path = join(directory, 'padded.webm');
    const recording = recordToFile(stream, path);
    // 1 s of video (frames 2 to 29) and 1.5 s of audio.
    for (let index = 2; index < 30; index++) {
      await videoWriter.write(frame(index));
    }
    for (let ms = 0; ms < 1500; ms += 10) {
      await audioWriter.write(monoChunk(ms, new Float32Array(480)));
    }
    await recording.stop();
    const probed = probe(path);
    const videoStream = probed.streams.find((entry) => entry.codec === 'vp8');
    const audioStream = probed.streams.find((entry) => entry.codec === 'opus');
    assert.ok(videoStream !== undefined && audioStream !== undefined);
    // The timeline starts at the first thing recorded, frame 2 (66.7 ms): 1.433 s of audio, 43 frame slots, of
    // which the 15 after the last frame repeat it.
    assert.ok(Math.abs(audioStream.endS - 1.433) < 0.05, `audio ends at ${audioStream.endS} s`);
    assert.ok(Math.abs(videoStream.endS - audioStream.endS) < 0.05, `video ends at ${videoStream.endS} s, audio at ${audioStream.endS} s`);
    assert.ok(Math.abs(videoStream.frames - 43) <= 1, `${videoStream.frames} video frames`);
  });
});

describe('audio and video stay in sync', { skip: noFfprobe }, () => {
  for (const name of ['sync.webm', 'sync.mp4']) {
    test(`${name}: each beep of the microphone starts within 40 ms of the frame showing its time on the camera clock`, { skip: !MediaRecorder.isTypeSupported(name.endsWith('.mp4') ? 'video/mp4' : 'video/webm') && 'no encoder' }, async () => {
      const { stream, clock } = await capture({ audio: true, video: { width: 640, height: 480 } });
      // Let the devices run first: the recording starts mid-way between beeps, on no frame boundary.
      clock.advanceMs(1234);
      const path = join(directory, name);
      const recording = recordToFile(stream, path, { videoBitsPerSecond: 8_000_000 });
      await recordFile(recording, clock);
      const times = videoFrameTimes(path);
      const frames = decodeVideo(path, 640, 480);
      assert.equal(frames.length, times.length);
      // Output time minus camera time, for every frame whose printed time reads back. The recording starts
      // with the first audio chunk, so the first camera frame also fills the slots before it: a frame
      // repeated in the next slot is not in its own slot.
      const reads = frames.map((frame) => readFakeCameraFrame(frame, 640, 480));
      const offsets: number[] = [];
      reads.forEach((read, index) => {
        if (read !== undefined && read.elapsedMs !== reads[index + 1]?.elapsedMs) {
          offsets.push((times[index] as number) * 1000 - read.elapsedMs);
        }
      });
      assert.ok(offsets.length > frames.length * 0.8, `${offsets.length} of ${frames.length} frames read`);
      const offsetMs = (offsets.reduce((sum, value) => sum + value, 0)) / offsets.length;
      // Every frame agrees on the offset (the video timeline is the camera's, frame for frame).
      assert.ok(offsets.every((value) => Math.abs(value - offsetMs) < 17), `offsets ${offsets.map(Math.round).join(" ")}`);
      const beeps = findBeeps(decodeAudio(path), 48_000).map((frame) => (frame / 48_000) * 1000);
      assert.ok(beeps.length >= 5, `${beeps.length} beeps`);
      for (const beepMs of beeps) {
        // The beep sounds at each multiple of 500 ms of the camera's time.
        const cameraMs = beepMs - offsetMs;
        const nearest = Math.round(cameraMs / 500) * 500;
        assert.ok(Math.abs(cameraMs - nearest) < 40, `a beep at ${beepMs.toFixed(1)} ms of the file is at ${cameraMs.toFixed(1)} ms of the camera`);
      }
    });
  }
});
