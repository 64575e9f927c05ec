#!/usr/bin/env node
/**
 * Screen capture bench: CPU per second of a 1280x720 at 30 fps getDisplayMedia() capture of an X11 screen (a
 * private `Xvfb -screen 0 1280x720x24`), our Node process plus its ffmpeg x11grab child, read through
 * MediaStreamTrackProcessor; next to the same ffmpeg command alone with its output drained (the floor).
 *
 *   node bench/screen-capture.mjs [--duration 10]        prints one table (run.mjs calls benchScreenCapture)
 *   node bench/screen-capture.mjs --child --duration 10  one measured capture in this process (DISPLAY set); one JSON line
 */

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { round } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds (Linux /proc). */
function processCpuS(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The pids of this process's ffmpeg children. */
function ffmpegChildren() {
  return fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('x11grab');
    } catch {
      return false;
    }
  });
}

/** One capture, in this process: getDisplayMedia(), then frames for `seconds` from the first one. */
async function measureCapture(seconds) {
  const { createMediaDevices, MediaStreamTrackProcessor } = await import('mediacapture');
  const md = createMediaDevices({ devices: 'system', permission: 'granted' });
  const calledAt = performance.now();
  const stream = await md.getDisplayMedia({ video: { width: WIDTH, height: HEIGHT, frameRate: FPS } });
  const gdmMs = performance.now() - calledAt;
  const [track] = stream.getVideoTracks();
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  let { value } = await reader.read();
  const firstFrameMs = performance.now() - calledAt;
  const size = `${value.codedWidth}x${value.codedHeight}`;
  value.close();
  const [ffmpeg] = ffmpegChildren();
  const startedAt = performance.now();
  const ownStart = process.cpuUsage();
  const ffmpegStart = processCpuS(ffmpeg);
  let frames = 0;
  while (performance.now() - startedAt < seconds * 1000) {
    ({ value } = await reader.read());
    value.close();
    frames++;
  }
  const windowS = (performance.now() - startedAt) / 1000;
  const own = process.cpuUsage(ownStart);
  const ffmpegS = processCpuS(ffmpeg) - ffmpegStart;
  track.stop();
  const nodeS = (own.user + own.system) / 1e6;
  return { gdmMs: round(gdmMs), firstFrameMs: round(firstFrameMs), size, frames, windowS: round(windowS), nodeS: round(nodeS), ffmpegS: round(ffmpegS), cores: round((nodeS + ffmpegS) / windowS, 3) };
}

/** The same ffmpeg x11grab command alone, its output drained, for `seconds`. */
async function measureFfmpegAlone(display, seconds) {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'x11grab', '-draw_mouse', '1', '-framerate', String(FPS),
    '-video_size', `${WIDTH}x${HEIGHT}`, '-i', `${display}+0,0`, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let bytes = 0;
  child.stdout.on('data', (chunk) => {
    bytes += chunk.length;
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const start = processCpuS(child.pid);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const cpuS = processCpuS(child.pid) - start;
  child.kill('SIGKILL');
  return { cpuS: round(cpuS), cores: round(cpuS / seconds, 3), frames: Math.floor(bytes / ((WIDTH * HEIGHT * 3) / 2)) };
}

/** Starts a private Xvfb at 1280x720; returns its display and a stop function. */
async function startXvfb() {
  for (let number = 180; number < 240; number++) {
    if (fs.existsSync(`/tmp/.X${number}-lock`) || fs.existsSync(`/tmp/.X11-unix/X${number}`)) {
      continue;
    }
    const server = spawn('Xvfb', [`:${number}`, '-noreset', '-nolisten', 'tcp', '-screen', '0', `${WIDTH}x${HEIGHT}x24`], { stdio: 'ignore' });
    for (let i = 0; i < 250 && server.exitCode === null && !fs.existsSync(`/tmp/.X11-unix/X${number}`); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      return { display: `:${number}`, stop: async () => { server.kill('SIGTERM'); await exited; } };
    }
  }
  throw new Error('no free X display number');
}

function missing() {
  if (process.platform !== 'linux') {
    return 'X11 capture is Linux only';
  }
  for (const command of ['Xvfb', 'ffmpeg']) {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    } catch {
      return `${command} is not installed`;
    }
  }
  return undefined;
}

/**
 * Runs the screen capture bench (our capture in a child process, then ffmpeg alone), prints its table on stdout
 * and returns the numbers for the JSON report. `waitForQuiet` (from run.mjs) waits for an idle machine first.
 */
export async function benchScreenCapture({ seconds = 10, log = (line) => process.stderr.write(`${line}\n`), waitForQuiet = async () => undefined } = {}) {
  const reason = missing();
  if (reason !== undefined) {
    log(`screen capture bench skipped: ${reason}`);
    return { skipped: reason };
  }
  const screen = await startXvfb();
  try {
    log(`screen ${WIDTH}x${HEIGHT}@${FPS}: getDisplayMedia on Xvfb ${screen.display}, ${seconds} s`);
    const backgroundCoresBefore = await waitForQuiet();
    const line = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--duration', String(seconds)], {
      env: { ...process.env, DISPLAY: screen.display },
      encoding: 'utf8',
    }).trim().split('\n').at(-1);
    const ours = { ...JSON.parse(line), backgroundCoresBefore };
    log(`screen ${WIDTH}x${HEIGHT}@${FPS}: ffmpeg x11grab alone, ${seconds} s`);
    await waitForQuiet();
    const ffmpegAlone = await measureFfmpegAlone(screen.display, seconds);
    const result = { ours, ffmpegAlone };
    console.log(formatScreenCapture(result));
    return result;
  } finally {
    await screen.stop();
  }
}

function formatScreenCapture({ ours, ffmpegAlone }) {
  return [
    `## Screen capture: getDisplayMedia ${WIDTH}x${HEIGHT}@${FPS} of Xvfb via ffmpeg x11grab, ${ours.windowS} s window`,
    '',
    '| metric | ours (Node + ffmpeg) | ffmpeg alone |',
    '|:--|--:|--:|',
    `| getDisplayMedia call, ms | ${ours.gdmMs} | – |`,
    `| first frame from the call, ms | ${ours.firstFrameMs} | – |`,
    `| frames delivered (${ours.size}) | ${ours.frames} | ${ffmpegAlone.frames} |`,
    `| CPU-s: Node / ffmpeg | ${ours.nodeS} / ${ours.ffmpegS} | – / ${ffmpegAlone.cpuS} |`,
    `| cores busy | ${ours.cores} | ${ffmpegAlone.cores} |`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { child: { type: 'boolean', default: false }, duration: { type: 'string', default: '10' } } });
  const seconds = Number(values.duration);
  if (values.child) {
    console.log(JSON.stringify(await measureCapture(seconds)));
    process.exit(0);
  } else {
    await benchScreenCapture({ seconds });
  }
}
