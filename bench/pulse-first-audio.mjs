/**
 * The time from getUserMedia() to the first audio chunk on the real PulseAudio microphone (.ci/run's vmic,
 * the monitor of the null sink vsink), in a fresh Node process per run: once with a pacat feeder playing
 * into vsink (the sink is running, as with a real microphone), once without (the null sink wakes from
 * suspend first, ~2 s). Used by run.mjs; skipped when no PulseAudio server answers.
 */

import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = pathToFileURL(path.join(here, '..', 'dist', 'cjs', 'index.mjs')).href;

/** One run: gUM on the default microphone, then the first chunk read through MediaStreamTrackProcessor. */
const CHILD = `
  const { createMediaDevices, MediaStreamTrackProcessor } = await import(${JSON.stringify(entry)});
  const mediaDevices = createMediaDevices({ devices: 'system', permission: 'granted' });
  const t0 = performance.now();
  const stream = await mediaDevices.getUserMedia({ audio: true });
  const t1 = performance.now();
  const track = stream.getAudioTracks()[0];
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  const { value } = await reader.read();
  const t2 = performance.now();
  const result = { label: track.label, gumMs: t1 - t0, firstChunkMs: t2 - t0, sampleRate: value.sampleRate, frames: value.numberOfFrames };
  value.close();
  track.stop();
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
`;

function runOnce() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t) => (err += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`run failed (${code}): ${err.trim().split('\n').pop()}`));
      }
    });
  });
}

/** A pacat feeder playing quiet noise into `sink` until killed. */
function feeder(sink) {
  const child = spawn('pacat', ['--playback', `--device=${sink}`, '--raw', '--format=float32le', '--rate=48000', '--channels=2', '--latency-msec=20'], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const block = Buffer.from(new Float32Array(9600).map(() => (Math.random() - 0.5) * 0.01).buffer);
  const pump = () => {
    while (child.stdin.writable && child.stdin.write(block)) {
      // Fill the pipe.
    }
  };
  child.stdin.on('drain', pump);
  child.stdin.on('error', () => {});
  pump();
  return child;
}

/**
 * Measures `runs` runs with and without a feeder. Resolves to { available: false, reason } without a
 * PulseAudio server, else { available: true, label, withFeeder, withoutFeeder } (medians in ms).
 */
export async function measurePulseFirstAudio({ runs = 3, log = () => {} } = {}) {
  const info = spawnSync('pactl', ['info'], { encoding: 'utf8' });
  if (info.error !== undefined || info.status !== 0) {
    return { available: false, reason: info.error?.message ?? info.stderr.trim() };
  }
  const sinks = spawnSync('pactl', ['list', 'short', 'sinks'], { encoding: 'utf8' }).stdout;
  if (!/^\d+\s+vsink\s/m.test(sinks)) {
    return { available: false, reason: 'no vsink (start PulseAudio as .ci/run does)' };
  }
  const result = { available: true };
  for (const [name, withFeeder] of [['withFeeder', true], ['withoutFeeder', false]]) {
    log(`PulseAudio first audio, ${withFeeder ? 'with' : 'without'} a feeder, ${runs} runs`);
    const play = withFeeder ? feeder('vsink') : undefined;
    try {
      // Let the feeder start (and, without one, the sink suspend again after the last run: 5 s idle).
      await new Promise((resolve) => setTimeout(resolve, withFeeder ? 2_000 : 6_000));
      const samples = [];
      for (let i = 0; i < runs; i++) {
        samples.push(await runOnce());
        if (!withFeeder && i + 1 < runs) {
          await new Promise((resolve) => setTimeout(resolve, 6_000));
        }
      }
      result.label = samples[0].label;
      result[name] = { gumMs: median(samples.map((s) => s.gumMs)), firstChunkMs: median(samples.map((s) => s.firstChunkMs)), runs };
    } catch (error) {
      result[name] = { error: error.message };
    } finally {
      play?.kill();
    }
  }
  return result;
}

/** Table lines for the report. */
export function formatPulseFirstAudio(result) {
  if (result === undefined) {
    return [];
  }
  const lines = ['', '# Real microphone: PulseAudio (parec), getUserMedia → first AudioData, fresh process, median'];
  if (!result.available) {
    lines.push(`not measured: ${result.reason}`);
    return lines;
  }
  const cell = (entry, key) => (entry === undefined ? '' : entry.error !== undefined ? `failed: ${entry.error}` : entry[key].toFixed(1));
  lines.push(`| metric (${result.label}) | with a pacat feeder | without (null sink suspended) |`, '| --- | --- | --- |');
  lines.push(`| getUserMedia call (incl. first listing), ms | ${cell(result.withFeeder, 'gumMs')} | ${cell(result.withoutFeeder, 'gumMs')} |`);
  lines.push(`| first audio chunk from the call, ms | ${cell(result.withFeeder, 'firstChunkMs')} | ${cell(result.withoutFeeder, 'firstChunkMs')} |`);
  return lines;
}
