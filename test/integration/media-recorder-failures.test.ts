// MediaRecorder and the file recorder under stress and without their tools: pause cutting time out,
// timeslices on a virtual clock, an encoder that falls behind (frames dropped and counted, memory
// bounded), ffmpeg killed mid-recording, no ffmpeg at all (a child process whose lookup finds none:
// NotSupportedError saying how to install it, and audio through in-process Opus), the in-process encoder
// forced, Writable destinations with backpressure and errors.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';

import { MediaRecorder, recordToFile, recordToWritable, type BlobEvent, type MediaStream } from '../../src/index.js';
import { recorderStatus, type VirtualClock } from '../../src/testing.js';
import { findBeeps } from '../../src/sources/fake/beep.js';
import { ffmpegChildren, waitFor } from './file-devices-harness.js';
import { fakeCapture } from './media-helpers.js';
import { advanceRecording, captureOnVirtualClock, decodeAudio, ffmpegPath, ffprobePath, noFfprobe, probe, recordingDirectory, streamsStoppedAfterEach } from './recording-harness.js';

const directory = recordingDirectory('mediacapture-recorder-failures-');
const streams = streamsStoppedAfterEach();

function capture(constraints: { audio?: boolean; video?: { width: number; height: number } }): Promise<{ stream: MediaStream; clock: VirtualClock }> {
  return captureOnVirtualClock(streams, constraints);
}

/** A recorder's events in order (error events with their error's name) and its Blobs. */
function watch(recorder: MediaRecorder): { events: string[]; blobs: Blob[]; stopped: Promise<void> } {
  const events: string[] = [];
  const blobs: Blob[] = [];
  for (const type of ['start', 'stop', 'dataavailable', 'pause', 'resume', 'error']) {
    recorder.addEventListener(type, (event) => {
      events.push(type === 'error' ? `error:${(event as Event & { error: DOMException }).error.name}` : type);
      if (type === 'dataavailable') {
        blobs.push((event as BlobEvent).data);
      }
    });
  }
  const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve()));
  return { events, blobs, stopped };
}

async function writeBlobs(blobs: Blob[], name: string): Promise<string> {
  const path = join(directory, name);
  writeFileSync(path, new Uint8Array(await new Blob(blobs).arrayBuffer()));
  return path;
}

describe('pause, timeslices and an encoder that falls behind', { skip: noFfprobe }, () => {
  test('1 s recorded, 1 s paused, 1 s recorded gives 2 s: the paused time is cut out, not kept as a gap', async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8,opus' });
    const { events, blobs, stopped } = watch(recorder);
    const backlog = (): number => recorderStatus(recorder)?.encoderBacklogMs ?? 0;
    recorder.start();
    await advanceRecording(clock, 1000, backlog);
    recorder.pause();
    await advanceRecording(clock, 1000, backlog);
    recorder.resume();
    await advanceRecording(clock, 1000, backlog);
    recorder.stop();
    await stopped;
    assert.deepEqual(events.filter((event) => event !== 'dataavailable'), ['start', 'pause', 'resume', 'stop']);
    const probed = probe(await writeBlobs(blobs, 'paused.webm'));
    const [video, audio] = probed.streams;
    assert.ok(Math.abs((video?.frames ?? 0) - 61) <= 1, `${video?.frames} frames`);
    assert.ok(Math.abs((audio?.endS ?? 0) - 2) < 0.07, `audio ends at ${audio?.endS} s`);
  });

  test('a timeslice gives a dataavailable per slice, in timecode order, whose concatenation decodes whole', async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' });
    const { events, blobs, stopped } = watch(recorder);
    const timecodes: number[] = [];
    recorder.addEventListener('dataavailable', (event) => timecodes.push((event as BlobEvent).timecode));
    recorder.start(50);
    for (let slice = 1; slice <= 3; slice++) {
      await advanceRecording(clock, 1000, () => recorderStatus(recorder)?.encoderBacklogMs ?? 0);
      // The timeslice timer runs on real time, and ffmpeg writes in 32 KB blocks: wait for this slice's event.
      await waitFor(() => blobs.length >= slice, `dataavailable ${slice}`);
    }
    recorder.stop();
    await stopped;
    assert.ok(blobs.length >= 4, `${blobs.length} dataavailable events`);
    assert.equal(timecodes[0], 0);
    assert.deepEqual([...timecodes].sort((a, b) => a - b), timecodes);
    assert.deepEqual(events.filter((event, index) => event !== 'dataavailable' || events[index - 1] !== 'dataavailable'), ['start', 'dataavailable', 'stop']);
    const path = await writeBlobs(blobs, 'sliced.webm');
    assert.equal(execFileSync(ffmpegPath as string, ['-v', 'error', '-i', path, '-f', 'null', '-'], { encoding: 'utf8' }), '');
    assert.ok(Math.abs((probe(path).streams[0]?.frames ?? 0) - 91) <= 1);
  });

  test('frames the encoder cannot take in time are dropped and counted, and its queue stays bounded', async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 320, height: 240 } });
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8,opus' });
    const { blobs, stopped } = watch(recorder);
    recorder.start();
    // 6 s of media at once: far more than ffmpeg can take before Node writes again.
    clock.advanceMs(6000);
    const status = recorderStatus(recorder);
    assert.ok(status !== undefined);
    assert.equal(status.videoFrames + status.droppedVideoFrames, 181);
    // Half a second of distinct video frames (15 at 30 fps, plus what the pipe and ffmpeg took at once) is
    // queued; the slots of dropped frames repeat the last one (the same buffer), up to 2 s; at most 3 s of
    // audio waits.
    assert.ok(status.videoFrames <= 20, `${status.videoFrames} frames queued`);
    assert.ok(status.encoderBacklogMs <= 3020, `${status.encoderBacklogMs} ms queued`);
    assert.ok(status.droppedAudioChunks > 0);
    recorder.stop();
    await stopped;
    const probed = probe(await writeBlobs(blobs, 'dropped.webm'));
    assert.deepEqual(probed.streams.map((entry) => entry.codec), ['vp8', 'opus']);
    // The repeated slots are encoded too: more frames than were taken, fewer than the slots.
    const frames = probed.streams[0]?.frames ?? 0;
    assert.ok(frames > status.videoFrames + 10 && frames < 181, `${frames} frames encoded`);
  });

  test('ffmpeg killed mid-recording: an UnknownError error event, the data recorded so far, then stop', { skip: process.platform !== 'linux' }, async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream);
    const { events, blobs, stopped } = watch(recorder);
    let errorEvent: (Event & { error?: DOMException; message?: string }) | undefined;
    recorder.onerror = (event) => {
      errorEvent = event;
    };
    recorder.start();
    await advanceRecording(clock, 1000, () => recorderStatus(recorder)?.encoderBacklogMs ?? 0);
    await waitFor(() => (recorderStatus(recorder)?.bytesWritten ?? 0) > 1000, 'encoded bytes');
    // An earlier test's ffmpeg may still be finishing.
    await waitFor(() => ffmpegChildren().length === 1, 'one ffmpeg child');
    const children = ffmpegChildren();
    process.kill(children[0] as number, 'SIGKILL');
    await stopped;
    assert.deepEqual(events.filter((event, index) => event !== 'dataavailable' || events[index - 1] !== 'dataavailable'), ['start', 'error:UnknownError', 'dataavailable', 'stop']);
    assert.ok(new Blob(blobs).size > 1000);
    // An ErrorEvent: its message is its error's.
    assert.equal(Object.prototype.toString.call(errorEvent), '[object ErrorEvent]');
    assert.match(errorEvent?.message ?? '', /SIGKILL/);
    assert.equal(errorEvent?.message, errorEvent?.error?.message);
    assert.equal(recorder.state, 'inactive');
    assert.deepEqual(ffmpegChildren(), []);
  });
});

/** Runs `body` (an ES module's code, with `index` and `testing` imported) in a Node child with `env`. */
function runChild(body: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const index = new URL('../../src/index.js', import.meta.url).href;
  const testing = new URL('../../src/testing.js', import.meta.url).href;
  const script = join(directory, `child-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, `import * as index from ${JSON.stringify(index)};\nimport * as testing from ${JSON.stringify(testing)};\n${body}\n`);
  const result = spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('without ffmpeg', () => {
  test('a type that needs ffmpeg is a NotSupportedError saying how to install it; Opus audio records in-process', { skip: noFfprobe }, () => {
    const output = join(directory, 'no-ffmpeg.ogg');
    // MEDIACAPTURE_FFMPEG names nothing: no PATH lookup, no bundled ffmpeg.
    const child = runChild(
      `
      const { MediaRecorder, createMediaDevices } = index;
      const report = {};
      report.supported = ['video/webm', 'audio/webm', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/mp4', 'video/x-matroska'].map((type) => MediaRecorder.isTypeSupported(type));
      const clock = new testing.VirtualClock();
      const md = createMediaDevices({ devices: 'fps=30', clock });
      const av = await md.getUserMedia({ audio: true, video: { width: 160, height: 120 } });
      try { new MediaRecorder(av, { mimeType: 'video/webm' }); } catch (error) { report.constructorError = [error.name, error.message]; }
      try { new MediaRecorder(av).start(); } catch (error) { report.startError = [error.name, error.message]; }
      for (const track of av.getTracks()) track.stop();
      const audio = await md.getUserMedia({ audio: true });
      const recorder = new MediaRecorder(audio, { mimeType: 'audio/ogg' });
      const blobs = [];
      recorder.ondataavailable = (event) => blobs.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      for (let step = 0; step < 30; step++) { clock.advanceMs(100); await new Promise((resolve) => setTimeout(resolve, 1)); }
      report.mimeType = recorder.mimeType;
      recorder.stop();
      await stopped;
      (await import('node:fs')).writeFileSync(${JSON.stringify(output)}, new Uint8Array(await new Blob(blobs).arrayBuffer()));
      for (const track of audio.getTracks()) track.stop();
      console.log(JSON.stringify(report));
      `,
      { MEDIACAPTURE_FFMPEG: 'none' },
    );
    assert.equal(child.status, 0, child.stderr);
    const report = JSON.parse(child.stdout) as { supported: boolean[]; constructorError: string[]; startError: string[]; mimeType: string };
    assert.deepEqual(report.supported, [false, true, true, true, false, false]);
    assert.equal(report.constructorError[0], 'NotSupportedError');
    assert.match(report.constructorError[1] as string, /install it \(apt-get install ffmpeg.*@ffmpeg-installer\/ffmpeg/);
    assert.equal(report.startError[0], 'NotSupportedError');
    assert.match(report.startError[1] as string, /MediaRecorder\.start: recording needs ffmpeg: ffmpeg was not found; install it/);
    assert.equal(report.mimeType, 'audio/ogg;codecs=opus');
    const probed = probe(output);
    assert.deepEqual(probed.streams.map((stream) => stream.codec), ['opus']);
    assert.ok(probed.durationS !== undefined && Math.abs(probed.durationS - 3) < 0.07, `duration ${probed.durationS}`);
  });

  test('when @evan/opus is installed but cannot be loaded, recording says so, and MediaRecorder asks for ffmpeg', () => {
    const child = runChild(
      `
      // An installed package that fails to load (a broken install, another platform's build).
      const Module = (await import('node:module')).default;
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === '@evan/opus') throw new Error('simulated: @evan/opus failed to load');
        return load.call(this, request, ...rest);
      };
      const { MediaRecorder, createMediaDevices, recordToFile } = index;
      const report = { supported: MediaRecorder.isTypeSupported('audio/ogg') };
      const md = createMediaDevices({ devices: 'fake', clock: new testing.VirtualClock() });
      const audio = await md.getUserMedia({ audio: true });
      const recorder = new MediaRecorder(audio, { mimeType: 'audio/ogg' });
      try { recorder.start(); } catch (error) { report.startError = [error.name, error.message, recorder.state]; }
      try { recordToFile(audio, ${JSON.stringify(join(directory, 'never.ogg'))}, { encoder: 'in-process' }); } catch (error) { report.fileError = [error.name, error.message]; }
      for (const track of audio.getTracks()) track.stop();
      console.log(JSON.stringify(report));
      `,
      { MEDIACAPTURE_FFMPEG: 'none' },
    );
    assert.equal(child.status, 0, child.stderr);
    const report = JSON.parse(child.stdout) as { supported: boolean; startError: string[]; fileError: string[] };
    // Installed (the packages resolve), so the type is supported; starting finds they cannot be loaded.
    assert.equal(report.supported, true);
    const [startName, startMessage, stateAfter] = report.startError;
    assert.equal(startName, 'NotSupportedError');
    assert.match(startMessage as string, /recording needs ffmpeg: ffmpeg was not found; install it/);
    assert.equal(stateAfter, 'inactive');
    assert.equal(report.fileError[0], 'NotSupportedError');
    assert.match(
      report.fileError[1] as string,
      /in-process encoding cannot record this: @evan\/opus and mediabunny cannot be loaded \(simulated: @evan\/opus failed to load\)/,
    );
    assert.equal(existsSync(join(directory, 'never.ogg')), false);
  });

  test('with no ffmpeg on PATH the one from @ffmpeg-installer/ffmpeg is used', { skip: process.platform === 'win32' }, () => {
    const child = runChild(
      `
      const { findFfmpeg, bundledFfmpeg } = await import(${JSON.stringify(new URL('../../src/sources/file/ffmpeg-location.js', import.meta.url).href)});
      console.log(JSON.stringify({ found: findFfmpeg()?.ffmpeg ?? null, bundled: bundledFfmpeg(), webm: index.MediaRecorder.isTypeSupported('video/webm;codecs=vp9,opus') }));
      `,
      { PATH: '/nonexistent', MEDIACAPTURE_FFMPEG: '' },
    );
    assert.equal(child.status, 0, child.stderr);
    const report = JSON.parse(child.stdout) as { found: string | null; bundled: string | null; webm: boolean };
    if (report.bundled === null) {
      assert.equal(report.found, null);
      return;
    }
    assert.match(report.bundled, /@ffmpeg-installer/);
    assert.equal(report.found, report.bundled);
    assert.equal(report.webm, true);
  });
});

/** Whether `pid` has exited (gone, or a zombie nobody reaped yet). */
function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('the ffmpeg child dies with Node', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  test('killing the Node process that records (SIGKILL, nothing runs) ends its ffmpeg child', async () => {
    const index = new URL('../../src/index.js', import.meta.url).href;
    const body = `
      const { createMediaDevices, recordToFile } = await import(${JSON.stringify(index)});
      const stream = await createMediaDevices({ devices: 'fps=30' }).getUserMedia({ audio: true, video: { width: 160, height: 120 } });
      recordToFile(stream, ${JSON.stringify(join(directory, 'orphan.webm'))});
      const { readdirSync, readFileSync } = await import('node:fs');
      const child = readdirSync('/proc').filter((entry) => /^[0-9]+$/.test(entry)).find((entry) => {
        try { const stat = readFileSync('/proc/' + entry + '/stat', 'utf8'); return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid; } catch { return false; }
      });
      console.log(child);
      setInterval(() => {}, 1000);
    `;
    const node = spawn(process.execPath, ['--input-type=module', '-e', body], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        node.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        node.once('exit', (code) => reject(new Error(`the recording process exited with ${String(code)} before it started`)));
      });
      assert.ok(pid > 0 && !exited(pid), 'the recording runs an ffmpeg child');
      node.kill('SIGKILL');
      await waitFor(() => exited(pid), 'ffmpeg to exit after its parent died');
    } finally {
      node.kill('SIGKILL');
    }
  });
});

describe('the in-process Opus encoder', { skip: noFfprobe }, () => {
  for (const name of ['in-process.webm', 'in-process.ogg']) {
    test(`forced with encoder "in-process", ${name} holds 3 s of Opus with a beep every 500 ms`, async () => {
      const { stream, clock } = await capture({ audio: true });
      const recording = recordToFile(stream, join(directory, name), { encoder: 'in-process' });
      assert.equal(recording.mimeType, name.endsWith('.ogg') ? 'audio/ogg;codecs=opus' : 'audio/webm;codecs=opus');
      await advanceRecording(clock, 3000, () => recording.status().encoderBacklogMs);
      // The last beep (full scale) ended about 480 ms ago: the peak meter has fallen about 9.6 dB.
      const levelDb = recording.status().audioLevelDb;
      assert.ok(levelDb > -11 && levelDb < -8, `${levelDb} dBFS`);
      const result = await recording.stop();
      const probed = probe(join(directory, name));
      assert.deepEqual(probed.streams.map((entry) => entry.codec), ['opus']);
      assert.ok(probed.durationS !== undefined && Math.abs(probed.durationS - 3) < 0.07, `duration ${probed.durationS}`);
      assert.equal(result.bytesWritten, readFileSync(join(directory, name)).byteLength);
      const beeps = findBeeps(decodeAudio(join(directory, name)), 48_000);
      assert.equal(beeps.length, 6);
      for (const [index, frame] of beeps.entries()) {
        assert.ok(Math.abs(frame - index * 24_000) < 48 * 10, `beep ${index} at sample ${frame}`);
      }
    });
  }

  test('44.1 kHz stereo is resampled to 48 kHz for Opus and keeps its two channels and its beeps', async () => {
    const { clock, md } = fakeCapture(30);
    const stream = await md.getUserMedia({ audio: { sampleRate: { exact: 44_100 }, channelCount: { exact: 2 } } });
    streams.push(stream);
    assert.deepEqual([stream.getAudioTracks()[0]?.getSettings().sampleRate, stream.getAudioTracks()[0]?.getSettings().channelCount], [44_100, 2]);
    const path = join(directory, 'resampled.ogg');
    const recording = recordToFile(stream, path, { encoder: 'in-process' });
    await advanceRecording(clock, 3000, () => recording.status().encoderBacklogMs);
    await recording.stop();
    const info = JSON.parse(execFileSync(ffprobePath as string, ['-v', 'error', '-show_streams', '-of', 'json', path], { encoding: 'utf8' })) as { streams: { channels: number }[] };
    assert.equal(info.streams[0]?.channels, 2);
    const probed = probe(path);
    assert.ok(probed.durationS !== undefined && Math.abs(probed.durationS - 3) < 0.07, `duration ${probed.durationS}`);
    const beeps = findBeeps(decodeAudio(path), 48_000);
    assert.equal(beeps.length, 6);
    for (const [index, frame] of beeps.entries()) {
      assert.ok(Math.abs(frame - index * 24_000) < 48 * 10, `beep ${index} at sample ${frame}`);
    }
  });

  test('in-process cannot record video: NotSupportedError', async () => {
    const { stream } = await capture({ audio: true, video: { width: 160, height: 120 } });
    assert.throws(() => recordToFile(stream, join(directory, 'never.webm'), { encoder: 'in-process' }), { name: 'NotSupportedError' });
  });
});

describe('recording to a Writable', { skip: noFfprobe }, () => {
  test('a slow Writable gets the whole live stream with backpressure and is ended', async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 160, height: 120 } });
    const chunks: Buffer[] = [];
    let finished = false;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        setTimeout(callback, 1);
      },
      final(callback) {
        finished = true;
        callback();
      },
    });
    const recording = recordToWritable(stream, slow, { mimeType: 'video/webm' });
    await advanceRecording(clock, 2000, () => recording.status().encoderBacklogMs);
    const result = await recording.stop();
    assert.equal(finished, true);
    const bytes = Buffer.concat(chunks);
    assert.equal(result.bytesWritten, bytes.byteLength);
    assert.equal(result.path, undefined);
    writeFileSync(join(directory, 'writable.webm'), bytes);
    const probed = probe(join(directory, 'writable.webm'));
    assert.deepEqual(probed.streams.map((entry) => entry.codec), ['vp8', 'opus']);
    assert.ok(Math.abs((probed.streams[0]?.frames ?? 0) - 61) <= 1);
  });

  test('in-process Opus into a Writable that stops taking data: audio is dropped past 10 s, memory stays bounded, then it all flows again', async () => {
    const { stream, clock } = await capture({ audio: true });
    const chunks: Buffer[] = [];
    // Holds every write's callback until released: the destination takes nothing meanwhile.
    let held: (() => void)[] | undefined = [];
    const stalled = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        if (held === undefined) {
          callback();
        } else {
          held.push(callback);
        }
      },
    });
    const recording = recordToWritable(stream, stalled, { mimeType: 'audio/webm', encoder: 'in-process' });
    for (let step = 0; step < 300; step++) {
      clock.advanceMs(100);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // 30 s recorded into a destination that took one write: the encoder keeps 10 s of packets and drops the rest.
    const stalledStatus = recording.status();
    assert.ok(stalledStatus.droppedAudioChunks > 1000, `${stalledStatus.droppedAudioChunks} chunks dropped`);
    assert.ok(stalledStatus.encoderBacklogMs <= 10_100, `${stalledStatus.encoderBacklogMs} ms of packets wait`);
    assert.ok(stalled.writableLength < 16 * 1024, `${stalled.writableLength} bytes wait in the Writable`);
    // The destination takes data again: what waited flows, and the recording goes on without drops.
    const release = held;
    held = undefined;
    for (const callback of release) {
      callback();
    }
    await waitFor(() => recording.status().encoderBacklogMs === 0, 'the queued packets to flow');
    const dropped = recording.status().droppedAudioChunks;
    await advanceRecording(clock, 2000, () => recording.status().encoderBacklogMs);
    assert.equal(recording.status().droppedAudioChunks, dropped);
    await recording.stop();
    const path = join(directory, 'stalled-writable.webm');
    writeFileSync(path, Buffer.concat(chunks));
    const probed = probe(path);
    assert.deepEqual(probed.streams.map((entry) => entry.codec), ['opus']);
    // What was kept: the 10 s queued before the drops, plus the 2 s after the release (packets are timed by count).
    const endS = probed.streams[0]?.endS ?? 0;
    assert.ok(endS > 11 && endS < 13, `audio ends at ${endS} s`);
  });

  test('in-process Opus into a Writable that stops taking data and then fails: `finished` rejects, nothing waits on', async () => {
    const { stream, clock } = await capture({ audio: true });
    const stalled = new Writable({
      highWaterMark: 1024,
      write() {
        // Never done: the destination takes nothing more.
      },
    });
    const recording = recordToWritable(stream, stalled, { mimeType: 'audio/ogg', encoder: 'in-process' });
    for (let step = 0; step < 50; step++) {
      clock.advanceMs(100);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(recording.status().encoderBacklogMs > 1000);
    stalled.destroy(new Error('connection reset'));
    await assert.rejects(recording.finished, (error: DOMException) => error.name === 'UnknownError' && /connection reset/.test(error.message));
    assert.equal(recording.state, 'inactive');
  });

  test('a Writable that fails rejects `finished` with an UnknownError and stops the encoder', async () => {
    const { stream, clock } = await capture({ audio: true });
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    const recording = recordToWritable(stream, failing, { mimeType: 'audio/webm' });
    clock.advanceMs(500);
    await assert.rejects(recording.finished, (error: DOMException) => error.name === 'UnknownError' && /disk full/.test(error.message));
    assert.equal(recording.state, 'inactive');
    await waitFor(() => ffmpegChildren().length === 0, 'ffmpeg to exit');
  });

  test('recordToFile whose ffmpeg is killed rejects `finished` with an UnknownError', { skip: process.platform !== 'linux' }, async () => {
    const { stream, clock } = await capture({ audio: true, video: { width: 160, height: 120 } });
    const recording = recordToFile(stream, join(directory, 'killed.webm'));
    await advanceRecording(clock, 500, () => recording.status().encoderBacklogMs);
    await waitFor(() => ffmpegChildren().length === 1, 'one ffmpeg child');
    const children = ffmpegChildren();
    process.kill(children[0] as number, 'SIGKILL');
    await assert.rejects(recording.finished, (error: DOMException) => error.name === 'UnknownError' && /killed by SIGKILL/.test(error.message));
    assert.equal(recording.state, 'inactive');
  });

  test('a file that cannot be created rejects `finished` with an UnknownError naming it, with either encoder', async () => {
    const { stream, clock } = await capture({ audio: true });
    for (const encoder of ['ffmpeg', 'in-process'] as const) {
      const recording = recordToFile(stream, join(directory, 'missing', 'x.webm'), { encoder });
      // ffmpeg opens its output once it has read some input.
      clock.advanceMs(500);
      await assert.rejects(recording.finished, (error: DOMException) => error.name === 'UnknownError' && /missing\/x\.webm/.test(error.message), encoder);
      assert.equal(recording.state, 'inactive');
    }
  });

  test('recordToFile needs a known extension or a mimeType', async () => {
    const { stream } = await capture({ audio: true });
    assert.throws(() => recordToFile(stream, join(directory, 'sound.xyz')), { name: 'NotSupportedError' });
    assert.throws(() => recordToFile(stream, join(directory, 'sound.webm'), { encoder: 'lame' as 'auto' }), TypeError);
  });

  test('a stream without a live track is a NotSupportedError, a destination that is not a Writable a TypeError', async () => {
    const { stream } = await capture({ audio: true });
    assert.throws(() => recordToWritable(stream, {} as Writable), { name: 'TypeError', message: /writable is not a Writable stream/ });
    assert.throws(() => recordToWritable(stream, null as unknown as Writable), TypeError);
    for (const track of stream.getTracks()) {
      track.stop();
    }
    assert.throws(() => recordToFile(stream, join(directory, 'nothing.webm')), { name: 'NotSupportedError', message: /the stream has no live track/ });
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    assert.throws(() => recordToWritable(stream, sink), { name: 'NotSupportedError', message: /the stream has no live track/ });
  });

  test('a FileRecording cannot be constructed from script', async () => {
    const { stream, clock } = await capture({ audio: true });
    const recording = recordToFile(stream, join(directory, 'constructed.webm'), { encoder: 'in-process' });
    const FileRecording = recording.constructor as new (...args: unknown[]) => unknown;
    assert.throws(() => new FileRecording(), { name: 'TypeError', message: /Illegal constructor/ });
    assert.throws(() => new FileRecording(undefined, stream, join(directory, 'forged.webm'), {}, 'forged'), { name: 'TypeError', message: /Illegal constructor/ });
    clock.advanceMs(100);
    await recording.stop();
  });

  test('an extension of audio files with a video track to record is a NotSupportedError, as in the CLI', async () => {
    const { stream } = await capture({ audio: true, video: { width: 160, height: 120 } });
    for (const name of ['movie.mka', 'movie.m4a', 'movie.weba', 'movie.ogg', 'movie.opus']) {
      assert.throws(() => recordToFile(stream, join(directory, name)), { name: 'NotSupportedError', message: /hold audio only/ }, name);
    }
  });
});

