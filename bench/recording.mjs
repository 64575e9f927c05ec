#!/usr/bin/env node
/**
 * The recording bench: 10 s of 1280x720 at 30 fps with audio from the fake devices recorded to WebM (VP8 +
 * Opus) through `recordToFile`, in a fresh process per run.
 *
 * - paced: on the real clock, as a live recording runs. CPU seconds of Node and of its ffmpeg child, cores
 *   busy (CPU-s per media second: the share of the machine a live recording takes), frames encoded and
 *   dropped, the time stop() takes to finalize the file, and the duration ffprobe reads from it.
 * - unpaced: on a virtual clock advanced as fast as the encoder takes the media; the real-time factor is
 *   media seconds per wall second (how much faster than live the whole chain can go).
 *
 *   node bench/recording.mjs                 both runs, a table on stdout
 *   node bench/recording.mjs --run paced     one run in this process, one JSON line on stdout
 *
 * bench/run.mjs calls {@link recordingBench} after the capture bench.
 */

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SECONDS = 10;
const SIZE = { width: 1280, height: 720 };
const FPS = 30;

/** CPU seconds of this process and of its reaped children (Linux /proc/self/stat), or undefined elsewhere. */
function cpuSeconds() {
  const own = process.cpuUsage();
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // Fields 16 and 17 (cutime, cstime) are at 13 and 14 after the command name, in clock ticks.
    return { node: (own.user + own.system) / 1e6, children: (fields[13] + fields[14]) / 100 };
  } catch {
    return { node: (own.user + own.system) / 1e6, children: undefined };
  }
}

async function runOnce(mode) {
  const { createMediaDevices, recordToFile } = await import('mediacapture');
  const { VirtualClock } = await import('mediacapture/testing');
  const clock = mode === 'unpaced' ? new VirtualClock() : undefined;
  const md = createMediaDevices({ devices: `fps=${FPS}`, ...(clock === undefined ? {} : { clock }) });
  const stream = await md.getUserMedia({ audio: true, video: { ...SIZE, frameRate: FPS } });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mediacapture-bench-recording-'));
  const file = path.join(directory, 'bench.webm');
  try {
    const before = cpuSeconds();
    const startedAt = performance.now();
    const recording = recordToFile(stream, file, { mimeType: 'video/webm;codecs=vp8,opus' });
    if (clock === undefined) {
      await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    } else {
      for (let ms = 0; ms < SECONDS * 1000; ms += 100) {
        clock.advanceMs(100);
        while (recording.status().encoderBacklogMs > 100) {
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
    }
    const stopAt = performance.now();
    const result = await recording.stop();
    const endedAt = performance.now();
    for (const track of stream.getTracks()) {
      track.stop();
    }
    const after = cpuSeconds();
    let probedS;
    try {
      probedS = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
    } catch {
      probedS = undefined;
    }
    return {
      mode,
      mimeType: result.mimeType,
      mediaS: result.durationMs / 1000,
      wallS: (endedAt - startedAt) / 1000,
      finalizeMs: endedAt - stopAt,
      cpu: { node: after.node - before.node, ffmpeg: after.children === undefined ? undefined : after.children - before.children },
      videoFrames: result.videoFrames,
      droppedVideoFrames: result.droppedVideoFrames,
      droppedAudioChunks: result.droppedAudioChunks,
      bytes: result.bytesWritten,
      probedS,
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function runChild(mode) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--run', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').at(-1))) : reject(new Error(`recording bench (${mode}) exited with ${code}`))));
  });
}

const round = (value, digits = 2) => (value === undefined ? '–' : String(Number(value.toFixed(digits))));

/** Runs both recording runs in child processes and returns the table to print. */
export async function recordingBench(log = (line) => process.stderr.write(`${line}\n`)) {
  log(`recording: ${SECONDS} s of ${SIZE.width}x${SIZE.height}@${FPS} VP8+Opus to WebM, paced (real clock)`);
  const paced = await runChild('paced');
  log('recording: the same unpaced (virtual clock, as fast as the encoder goes)');
  const unpaced = await runChild('unpaced');
  const cpuTotal = (run) => run.cpu.node + (run.cpu.ffmpeg ?? 0);
  const rows = [
    ['media recorded, s', round(paced.mediaS), round(unpaced.mediaS)],
    ['duration ffprobe reads from the file, s', round(paced.probedS, 3), round(unpaced.probedS, 3)],
    ['video frames encoded / dropped', `${paced.videoFrames} / ${paced.droppedVideoFrames}`, `${unpaced.videoFrames} / ${unpaced.droppedVideoFrames}`],
    ['audio chunks dropped', String(paced.droppedAudioChunks), String(unpaced.droppedAudioChunks)],
    ['CPU-s Node / ffmpeg', `${round(paced.cpu.node)} / ${round(paced.cpu.ffmpeg)}`, `${round(unpaced.cpu.node)} / ${round(unpaced.cpu.ffmpeg)}`],
    ['cores busy (CPU-s per media s)', round(cpuTotal(paced) / paced.mediaS), round(cpuTotal(unpaced) / unpaced.mediaS)],
    ['real-time factor (media s per wall s)', round(paced.mediaS / paced.wallS), round(unpaced.mediaS / unpaced.wallS)],
    ['stop() to finalized file, ms', round(paced.finalizeMs, 0), round(unpaced.finalizeMs, 0)],
    ['file size, MB', round(paced.bytes / 1e6), round(unpaced.bytes / 1e6)],
  ];
  const header = ['recording 720p30 VP8+Opus → WebM file', 'paced', 'unpaced'];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index].length)));
  const line = (cells) => `| ${cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join(' | ')} |`;
  return ['', `## Recording (${paced.mimeType})`, '', line(header), `|${widths.map((width, index) => (index === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf('--run');
  if (index > 0) {
    console.log(JSON.stringify(await runOnce(process.argv[index + 1] === 'unpaced' ? 'unpaced' : 'paced')));
    process.exit(0);
  }
  console.log(await recordingBench());
}
