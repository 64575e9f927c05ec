#!/usr/bin/env node
/**
 * One measured run of the built package, meant to run in its own process (bench/run.mjs spawns it) so that
 * its CPU time and startup are its own. Prints one JSON line on stdout.
 *
 *   node bench/capture.mjs --mode paced   --width 1280 --height 720 [--duration 10] [--clones 0] [--no-audio] [--copy-every 30]
 *                          [--touch-every 0]
 *   node bench/capture.mjs --mode unpaced --width 1280 --height 720 [--duration 3] [--crop-clone]
 *   node bench/capture.mjs --mode floor   --width 1280 --height 720 [--duration 10] [--no-audio] [--copy-every 30]
 *
 * paced:   the real clock (MonotonicClock). createMediaDevices({ devices: 'fps=30' }), getUserMedia({ audio: true,
 *          video: { width, height, frameRate: 30 } }), then MediaStreamTrackProcessor readers on the video track
 *          (or on `--clones N` clones of it, each with its own processor) and on the audio track, for `duration`
 *          seconds from the first video frame. Every frame is closed; like chrome-anchor's page, every
 *          `copy-every`th video frame is copied out with copyTo and every audio chunk is copied to a Float32Array.
 *          With `--touch-every N`, a 2x2 corner of every Nth video frame is copied out too: the fake camera paints a
 *          frame's pixels only when they are first read, so `--touch-every 1` has it paint every frame, as
 *          Chromium's fake camera does.
 *          CPU is the process's own (process.cpuUsage) over the same window chrome-anchor measures: from the first
 *          video frame for `duration` seconds.
 * floor:   Node's floor (node-floor.mjs): the paced run's schedule, streams and reader, with plain objects for frames
 *          and no media library in use (it is imported all the same, so the heap and its collections are the
 *          same). gumMs and firstFrameMs are then the stand-in's start and first frame.
 * unpaced: a VirtualClock advanced one frame period at a time as fast as the reader takes the frames, video only
 *          (plus a 320x240 crop-and-scale clone read at the same time with --crop-clone), for `duration` wall
 *          seconds: how many frames per second the pipeline can move. The reader copies a 2x2 corner of each
 *          frame, so that every frame is painted.
 */

import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startNodeFloor } from './node-floor.mjs';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'paced' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '720' },
    fps: { type: 'string', default: '30' },
    duration: { type: 'string', default: '10' },
    clones: { type: 'string', default: '0' },
    'no-audio': { type: 'boolean', default: false },
    'copy-every': { type: 'string', default: '30' },
    'touch-every': { type: 'string', default: '0' },
    'crop-clone': { type: 'boolean', default: false },
  },
});

const width = Number(args.width);
const height = Number(args.height);
const fps = Number(args.fps);
const durationS = Number(args.duration);
/** USER_HZ: the unit of /proc's CPU times (100 on every Linux that Node supports). */
const CLOCK_TICKS_PER_SECOND = 100;
const cpuSeconds = (usage) => (usage.user + usage.system) / 1e6;
const round = (value, digits = 2) => (value === undefined || value === null ? value : Number(value.toFixed(digits)));

// Startup: what importing the built package costs this process.
const importStart = performance.now();
const cpuBeforeImport = process.cpuUsage();
const { createMediaDevices, MediaStreamTrackProcessor } = await import('mediacapture');
const { VirtualClock, openFrameCounts } = await import('mediacapture/testing');
const startup = {
  importMs: round(performance.now() - importStart, 1),
  importCpuS: round(cpuSeconds(process.cpuUsage(cpuBeforeImport)), 3),
  processUptimeMs: round(process.uptime() * 1000, 1),
};

if (!['paced', 'unpaced', 'floor'].includes(args.mode)) {
  throw new Error(`capture.mjs: --mode must be paced, unpaced or floor, not ${args.mode}`);
}
const result = args.mode === 'unpaced' ? await unpaced() : await paced();
process.stdout.write(`${JSON.stringify({ ...result, startup, openFramesAtEnd: openFrameCounts(), pid: process.pid })}\n`);

/** CPU seconds per thread name of this process (Linux /proc; empty elsewhere): main, GC helpers, libuv pool. */
function threadCpu() {
  const byName = {};
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Node's V8 platform workers (GC, JIT) are unnamed and show the process's own name.
      const name = tid === String(process.pid) ? 'main' : comm === 'node' ? 'V8 workers' : comm;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    }
  } catch {
    // Not Linux.
  }
  return byName;
}

function threadCpuDelta(before, after) {
  const delta = {};
  for (const [name, seconds] of Object.entries(after)) {
    const value = seconds - (before[name] ?? 0);
    if (value > 0) {
      delta[name] = round(value, 2);
    }
  }
  return delta;
}

/** Busy and total jiffies of the whole machine (/proc/stat), to tell how busy other processes were. */
function machineTicks() {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + fields[4];
    const total = fields.reduce((sum, x) => sum + x, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Cores kept busy by everything but this process over a window. */
function otherCores(before, after, ownCpuS, wallS) {
  if (before === undefined || after === undefined) {
    return undefined;
  }
  return round(Math.max(0, (after.busy - before.busy) / CLOCK_TICKS_PER_SECOND - ownCpuS) / wallS, 2);
}

/** Turns `perf record --control` on or off when bench/run.mjs --profile runs us under it, so it sees only the window. */
function perfControl(command) {
  if (process.env.BENCH_PERF_CONTROL !== undefined) {
    fs.writeFileSync(process.env.BENCH_PERF_CONTROL, `${command}\n`);
  }
}

/** Copies out a 2x2 corner of `frame`'s pixels: enough to make the fake camera paint the frame. */
async function touchPixels(frame) {
  const rect = { x: 0, y: 0, width: 2, height: 2 };
  await frame.copyTo(new Uint8Array(frame.allocationSize({ rect })), { rect });
}

/** Reads `reader` until done, calling `onFrame` with each frame before closing it. */
async function drain(reader, onFrame) {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    try {
      await onFrame(value);
    } finally {
      value.close();
    }
  }
}

/**
 * Readables for `stream`'s video track (or for `clones` clones of it, each through its own processor) and its audio
 * track, the video track's settings, and stop() for every track.
 */
function processorsOf(stream, clones) {
  const [videoTrack] = stream.getVideoTracks();
  const [audioTrack] = stream.getAudioTracks();
  const readTracks = clones > 0 ? Array.from({ length: clones }, () => videoTrack.clone()) : [videoTrack];
  return {
    video: readTracks.map((track) => new MediaStreamTrackProcessor({ track }).readable),
    audio: audioTrack === undefined ? undefined : new MediaStreamTrackProcessor({ track: audioTrack }).readable,
    settings: videoTrack.getSettings(),
    stop() {
      for (const track of [...stream.getTracks(), ...readTracks]) {
        track.stop();
      }
    },
  };
}

async function paced() {
  const clones = Number(args.clones);
  const audio = !args['no-audio'];
  const copyEvery = Number(args['copy-every']);
  const touchEvery = Number(args['touch-every']);
  const floor = args.mode === 'floor';
  const mediaDevices = floor ? undefined : createMediaDevices({ devices: `fps=${fps}` });

  const cpuAtCall = process.cpuUsage();
  const callAt = performance.now();
  // --mode floor: Node's floor (node-floor.mjs), the same schedule and reader with no media library.
  const stream = floor
    ? startNodeFloor({ width, height, fps, audio, videoReaders: Math.max(1, clones) })
    : await mediaDevices.getUserMedia({ audio, video: { width, height, frameRate: fps } });
  const gumMs = performance.now() - callAt;
  const sources = floor ? { ...stream, settings: { width, height, frameRate: fps } } : processorsOf(stream, clones);
  const { settings, video: videoReadables, audio: audioReadable } = sources;

  let firstFrameAt;
  let cpuAtFirstFrame;
  let threadsAtFirstFrame;
  let machineAtFirstFrame;
  let resolveFirst;
  const firstFrame = new Promise((resolve) => {
    resolveFirst = resolve;
  });
  const copyMs = [];
  const perReader = videoReadables.map(() => ({ frames: 0, sizes: {}, intervalsUs: [], lastTimestamp: undefined }));
  const videoLoops = videoReadables.map((readable, index) => {
    const stats = perReader[index];
    const reader = readable.getReader();
    return drain(reader, async (frame) => {
      if (firstFrameAt === undefined) {
        firstFrameAt = performance.now();
        cpuAtFirstFrame = process.cpuUsage();
        threadsAtFirstFrame = threadCpu();
        perfControl('enable');
        machineAtFirstFrame = machineTicks();
        resolveFirst();
      }
      stats.frames++;
      const size = `${frame.codedWidth}x${frame.codedHeight}`;
      stats.sizes[size] = (stats.sizes[size] ?? 0) + 1;
      if (stats.lastTimestamp !== undefined) {
        stats.intervalsUs.push(frame.timestamp - stats.lastTimestamp);
      }
      stats.lastTimestamp = frame.timestamp;
      if (index === 0 && touchEvery > 0 && stats.frames % touchEvery === 0) {
        await touchPixels(frame);
      }
      if (index === 0 && copyEvery > 0 && stats.frames % copyEvery === 0) {
        const buffer = new Uint8Array(frame.allocationSize());
        const copyStart = performance.now();
        await frame.copyTo(buffer);
        copyMs.push(performance.now() - copyStart);
      }
    });
  });
  const audioStats = { chunks: 0, frames: 0, sampleRate: undefined, channels: undefined, format: undefined };
  const audioLoop =
    audioReadable === undefined
      ? Promise.resolve()
      : drain(audioReadable.getReader(), (chunk) => {
          audioStats.chunks++;
          audioStats.frames += chunk.numberOfFrames;
          audioStats.sampleRate = chunk.sampleRate;
          audioStats.channels = chunk.numberOfChannels;
          audioStats.format = chunk.format;
          const samples = new Float32Array(chunk.numberOfFrames);
          chunk.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
        });

  await firstFrame;
  const windowStart = firstFrameAt;
  // The second half of the window, without the warm-up (JIT) of the first seconds.
  let cpuAtHalf;
  const half = setTimeout(() => {
    cpuAtHalf = process.cpuUsage();
  }, (durationS * 1000) / 2 - (performance.now() - windowStart));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, durationS * 1000 - (performance.now() - windowStart))));
  perfControl('disable');
  clearTimeout(half);
  const secondHalf = cpuAtHalf === undefined ? undefined : cpuSeconds(process.cpuUsage(cpuAtHalf));
  const cpuWindowUsage = process.cpuUsage(cpuAtFirstFrame);
  const cpuWindow = cpuSeconds(cpuWindowUsage);
  const threadsWindow = threadCpuDelta(threadsAtFirstFrame, threadCpu());
  const machineAtEnd = machineTicks();
  const windowMs = performance.now() - windowStart;
  const cpuFromCall = cpuSeconds(process.cpuUsage(cpuAtCall));
  sources.stop();
  await Promise.all([...videoLoops, audioLoop]);

  // Later getUserMedia calls in the same process (the source was stopped, so each opens it again): the cost
  // without first-call work (lazy compilation, JIT warm-up). The median of 5.
  const warmCalls = [];
  for (let i = 0; i < (floor ? 0 : 5); i++) {
    const warmCallAt = performance.now();
    const again = await mediaDevices.getUserMedia({ audio, video: { width, height, frameRate: fps } });
    warmCalls.push(performance.now() - warmCallAt);
    for (const track of again.getTracks()) {
      track.stop();
    }
  }
  const warmGumMs = floor ? undefined : warmCalls.sort((a, b) => a - b)[2];

  const intervals = perReader[0].intervalsUs.map((us) => us / 1000).sort((a, b) => a - b);
  const usage = process.resourceUsage();
  return {
    mode: args.mode,
    request: { width, height, frameRate: fps, audio, clones, copyEvery, touchEvery },
    settings: { width: settings.width, height: settings.height, frameRate: settings.frameRate },
    gumMs: round(gumMs, 2),
    warmGumMs: round(warmGumMs, 2),
    firstFrameMs: round(firstFrameAt - callAt, 2),
    windowS: round(windowMs / 1000, 3),
    video: {
      readers: perReader.length,
      framesPerReader: perReader.map((s) => s.frames),
      frames: perReader[0].frames,
      fps: round(perReader[0].frames / (windowMs / 1000), 2),
      sizes: perReader[0].sizes,
      intervalMs: {
        mean: round(intervals.reduce((sum, x) => sum + x, 0) / Math.max(1, intervals.length), 2),
        p95: round(intervals[Math.floor(0.95 * (intervals.length - 1))], 2),
        max: round(intervals.at(-1), 2),
      },
      copyToMs: copyMs.length > 0 ? round(copyMs.reduce((sum, x) => sum + x, 0) / copyMs.length, 2) : null,
    },
    audio: audioReadable === undefined ? null : audioStats,
    cpu: {
      windowS: round(cpuWindow, 3),
      cores: round(cpuWindow / (windowMs / 1000), 4),
      secondHalfCores: secondHalf === undefined ? undefined : round(secondHalf / (windowMs / 2000), 4),
      userS: round(cpuWindowUsage.user / 1e6, 3),
      systemS: round(cpuWindowUsage.system / 1e6, 3),
      byThread: threadsWindow,
      otherProcessesCores: otherCores(machineAtFirstFrame, machineAtEnd, cpuWindow, windowMs / 1000),
      fromCallS: round(cpuFromCall, 3),
      processTotalS: round(cpuSeconds(process.cpuUsage()), 3),
    },
    maxRssMB: round(usage.maxRSS / 1024, 1),
  };
}

async function unpaced() {
  const cropClone = args['crop-clone'];
  const clock = new VirtualClock();
  const mediaDevices = createMediaDevices({ devices: `fps=${fps}`, clock });
  const stream = await mediaDevices.getUserMedia({ video: { width, height, frameRate: fps } });
  const [track] = stream.getVideoTracks();
  const tracks = [track];
  if (cropClone) {
    const clone = track.clone();
    await clone.applyConstraints({ width: 320, height: 240, resizeMode: 'crop-and-scale' });
    tracks.push(clone);
  }
  const readers = tracks.map((t) => new MediaStreamTrackProcessor({ track: t }).readable.getReader());
  const sizes = tracks.map(() => ({}));
  // Frame slots are at start + n * period (fractional µs); summing advanceMs(1000 / fps) drifts below them by
  // rounding (the 10th slot would never fall due), so each step advances to the next slot's exact time.
  const startUs = clock.nowUs();
  const periodUs = 1e6 / fps;
  let slot = 0;
  const advanceOneFrame = () => {
    slot++;
    clock.advanceTo(Math.ceil(startUs + slot * periodUs));
  };
  const readOne = async (reader, index) => {
    const { value, done } = await reader.read();
    if (done) {
      throw new Error('unpaced: the stream ended early');
    }
    const size = `${value.codedWidth}x${value.codedHeight}`;
    sizes[index][size] = (sizes[index][size] ?? 0) + 1;
    await touchPixels(value);
    value.close();
  };

  // Warm up (JIT, allocation) before the timed part.
  for (let i = 0; i < 10; i++) {
    advanceOneFrame();
    await Promise.all(readers.map(readOne));
  }
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let frames = 0;
  while (performance.now() - start < durationS * 1000) {
    advanceOneFrame();
    await Promise.all(readers.map(readOne));
    frames++;
  }
  const wallS = (performance.now() - start) / 1000;
  const cpuS = cpuSeconds(process.cpuUsage(cpuStart));
  for (const t of tracks) {
    t.stop();
  }
  return {
    mode: 'unpaced',
    request: { width, height, frameRate: fps, cropClone },
    frames,
    wallS: round(wallS, 3),
    fps: round(frames / wallS, 1),
    msPerFrame: round((wallS * 1000) / frames, 3),
    cpuS: round(cpuS, 3),
    sizes,
  };
}
