#!/usr/bin/env node
/**
 * `npm run bench`: the fake camera at each size, 30 fps, with audio, read through MediaStreamTrackProcessor
 * (bench/capture.mjs, one child process per run), next to headless Chromium's fake devices measured by
 * ../shared/tools/chrome-anchor with the same request where Chromium is installed. Prints tables and writes
 * bench/results/latest.json.
 *
 *   node bench/run.mjs [--duration 10] [--sizes 640x480,1280x720,1920x1080] [--clones 4] [--unpaced-duration 3]
 *                      [--copy-every 30] [--no-chromium] [--chromium /usr/bin/chromium] [--profile] [--quiet-wait 60] [--repeat 1]
 *                      [--sequential] [--out FILE]
 *
 * --duration S       the paced window in seconds, from the first video frame (default 10, as Chromium's reference)
 * --sizes LIST       camera sizes, WIDTHxHEIGHT separated by commas
 * --clones N         the clone variant reads N clones of the video track, each through its own processor
 * --copy-every N     copy every Nth video frame out with copyTo, on both sides (chrome-anchor's default 30; 0: never)
 * --no-chromium      skip Chromium; otherwise it runs when --chromium, $CHROMIUM or /usr/bin/chromium exists
 * --no-pulse         skip the real microphone: getUserMedia → first audio chunk on PulseAudio's vmic, with and
 *                    without a feeder playing into vsink (bench/pulse-first-audio.mjs)
 * --profile          also profile one paced run per size: `perf record -g` over the window where perf works
 *                    (page faults, wakeups, JIT and GC included), else node --cpu-prof; summaries are printed and
 *                    the files kept under bench/results/profiles/
 * --repeat N         measure ours (1 reader), Node's floor, Chromium, ours with every frame painted and ours with the
 *                    clones N times each, and report the run of median CPU for each (the CPU of every run is listed
 *                    too), so that every ratio compares medians: one run varies by ±15% here
 * --sequential       run those one after another, as the bench did before, instead of at once (below)
 * --quiet-wait S     before each measured run (or group of runs), wait up to S seconds for other processes to use
 *                    less than 0.3 of a core (this machine has 2), so that the CPU and latency numbers are ours and
 *                    not a neighbour's; the load seen is recorded either way. 0 turns the wait off.
 *
 * The CPU runs of a repetition go at once: Chromium first, then 4.5 s later (its launch and page are over by then,
 * its window about to open) ours, the floor, the every-frame-painted run and the clones run, 0.5 s apart. Their
 * 10 s windows overlap for 7 s or more, so each ratio compares processes that saw the machine in the same state:
 * this machine's speed drifts by a third or more within minutes, and one-after-another runs carried that drift
 * into their ratios. Together they keep about 0.3 of the 2 cores busy.
 *
 * getUserMedia latency and time to first frame are the medians of fresh processes that each time their first call
 * and frame alone on a quiet machine, 3 per repetition (with --sequential: every paced run of the size), all
 * listed: one cold call varies by a millisecond or two from process to process here.
 *
 * Each size also runs ours with a 2x2 corner of every video frame read (capture.mjs --touch-every 1): the fake
 * camera paints a frame's pixels only when something first reads them, so the main run paints only the frames it
 * copies, while Chromium's fake camera paints every frame. That run is the comparison with painting on both sides.
 *
 * Node's floor (capture.mjs --mode floor, bench/node-floor.mjs) is the same schedule of wakes, the same
 * processor-shaped streams and the same reader, copies included, with plain objects for frames and no media library
 * at work: what any Node implementation spends before its own. The report gives it, and ours above it.
 *
 * Then the recording bench (bench/recording.mjs): 10 s of 720p30 VP8+Opus recorded to a WebM file, paced and unpaced.
 *
 * Run it through `npm run bench` (which builds first), or after `npm run build`.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromiumVersion, findChromium, prepareAnchor, runAnchor } from './chromium-anchor.mjs';
import { formatPerfSummary, perfAvailable, perfRecordArgs, summarisePerf } from './perf-summary.mjs';
import { formatSummary, summarise } from './profile-summary.mjs';
import { recordingBench } from './recording.mjs';
import { formatPulseFirstAudio, measurePulseFirstAudio } from './pulse-first-audio.mjs';
import { median, round, run } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FPS = 30;
/** Chromium's CPU over 10 s at 720p30 and 1080p30 with audio (REFERENCES.md): the yardstick when Chromium is absent. */
const REFERENCE_CHROMIUM_CORES = 0.1;
/** Fresh processes per repetition that time the first getUserMedia and frame (when the CPU runs go at once). */
const LATENCY_RUNS = 3;
/** When the CPU runs go at once: Chromium's launch, page and first frame take 2-3 s here before its window opens. */
const CHROMIUM_HEAD_START_MS = 4500;
/** When the CPU runs go at once: between the starts of our processes (import, first call and frame take ~0.1 s). */
const STAGGER_MS = 500;
/** Other processes may use this much of the machine (cores) before a measured run starts. */
const QUIET_CORES = 0.3;
const TARGETS = {
  cpuShareOfChromium: 0.25,
  gumMs: 5,
  firstFrameMs: 40,
  clonesCostRatio: 1.3,
};

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    sizes: { type: 'string', default: '640x480,1280x720,1920x1080' },
    clones: { type: 'string', default: '4' },
    'unpaced-duration': { type: 'string' },
    'copy-every': { type: 'string', default: '30' },
    'no-chromium': { type: 'boolean', default: false },
    'no-pulse': { type: 'boolean', default: false },
    chromium: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'quiet-wait': { type: 'string', default: '60' },
    repeat: { type: 'string', default: '1' },
    sequential: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(here, 'results', 'latest.json') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (options.help) {
  console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
  process.exit(0);
}

const duration = positiveNumber(options.duration, '--duration');
const clones = positiveNumber(options.clones, '--clones');
const unpacedDuration = positiveNumber(options['unpaced-duration'] ?? String(Math.min(3, duration)), '--unpaced-duration');
const copyEvery = Number(options['copy-every']);
const repeat = positiveNumber(options.repeat, '--repeat');
if (!Number.isInteger(repeat)) {
  fail(`--repeat must be a whole number, not "${options.repeat}"`);
}
const sizes = options.sizes.split(',').map((text) => {
  const match = /^\s*(\d+)x(\d+)\s*$/.exec(text);
  if (match === null) {
    fail(`--sizes: "${text}" is not WIDTHxHEIGHT`);
  }
  return { width: Number(match[1]), height: Number(match[2]), label: `${match[1]}x${match[2]}` };
});
if (!fs.existsSync(path.join(here, '../dist/cjs/mediacapture.js'))) {
  fail('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`');
}

const log = (line) => process.stderr.write(`${line}\n`);

// Chromium, when it is here and its tool can be installed.
let chromium = { available: false, reason: '--no-chromium' };
if (!options['no-chromium']) {
  const executable = findChromium(options.chromium);
  if (executable === undefined) {
    chromium = { available: false, reason: `no Chromium at ${options.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium'}` };
  } else {
    try {
      chromium = { available: true, executable, version: chromiumVersion(executable), folder: prepareAnchor(log) };
    } catch (error) {
      chromium = { available: false, executable, reason: error.message };
    }
  }
}
if (!chromium.available) {
  log(`Chromium comparison off: ${chromium.reason}`);
}

const results = [];
for (const size of sizes) {
  const entry = { size: size.label, width: size.width, height: size.height };
  // Each repetition measures the 1-reader run, Node's floor, Chromium's, the run with every frame painted and the
  // clones' run; the run of median CPU stands for each, so that each ratio compares medians.
  const oursRuns = [];
  const chromiumRuns = [];
  const floorRuns = [];
  const paintAllRuns = [];
  const cloneRuns = [];
  const latencyRuns = [];
  const windowArgs = [...sizeArgs(size), '--duration', String(duration), '--copy-every', String(copyEvery)];
  const kinds = [
    { runs: oursRuns, what: '1 reader + audio', args: ['--mode', 'paced', ...windowArgs] },
    { runs: floorRuns, what: "Node's floor (the same wakes, streams and reader, no media library)", args: ['--mode', 'floor', ...windowArgs] },
    // The fake camera paints a frame only when its pixels are first read; Chromium's paints every frame. This run
    // reads a 2x2 corner of every frame, so every frame is painted, for the comparison with painting on both sides.
    { runs: paintAllRuns, what: '1 reader + audio, every frame painted', args: ['--mode', 'paced', ...windowArgs, '--touch-every', '1'] },
    { runs: cloneRuns, what: `${clones} clones + audio`, args: ['--mode', 'paced', ...windowArgs, '--clones', String(clones)] },
  ];
  const chromiumRun = async (quiet, loadBefore = undefined) => {
    try {
      const backgroundCoresBefore = quiet ? await waitForQuiet() : loadBefore;
      const { raw, ...summary } = await runAnchor({ folder: chromium.folder, executable: chromium.executable, ...size, fps: FPS, seconds: duration, copyEvery });
      chromiumRuns.push({ summary: { ...summary, backgroundCoresBefore }, raw });
    } catch (error) {
      log(`  Chromium run failed: ${error.message}`);
      chromiumRuns.push({ summary: { error: error.message } });
    }
  };
  for (let run = 1; run <= repeat; run++) {
    const of = repeat > 1 ? ` (run ${run} of ${repeat})` : '';
    if (options.sequential) {
      for (const kind of kinds) {
        log(`${size.label}: mediacapture, ${kind.what}, ${duration} s${of}`);
        kind.runs.push(await capture(kind.args));
      }
      if (chromium.available) {
        log(`${size.label}: Chromium (chrome-anchor), ${duration} s${of}`);
        await chromiumRun(true);
      }
      continue;
    }
    // Latency: fresh processes, one at a time on a quiet machine, each timing its first getUserMedia and frame.
    log(`${size.label}: first getUserMedia and frame, ${LATENCY_RUNS} fresh processes${of}`);
    for (let i = 0; i < LATENCY_RUNS; i++) {
      latencyRuns.push(await capture(['--mode', 'paced', ...sizeArgs(size), '--duration', '1', '--copy-every', String(copyEvery)]));
    }
    // CPU: every process of the repetition at once, so that all of them see the machine in the same state (its
    // speed drifts by a third or more within minutes here, which one-after-another runs turned into their ratios).
    // Chromium starts first, so that its launch is over before ours start; ours start a little apart, so that no
    // process's import and first call overlap another's.
    const backgroundCoresBefore = await waitForQuiet();
    log(`${size.label}: at once: ${chromium.available ? 'Chromium (chrome-anchor), ' : ''}${kinds.map((kind) => kind.what).join(', ')}; ${duration} s${of}`);
    const group = [];
    if (chromium.available) {
      group.push(chromiumRun(false, backgroundCoresBefore));
      await sleep(CHROMIUM_HEAD_START_MS);
    }
    for (const [index, kind] of kinds.entries()) {
      if (index > 0) {
        await sleep(STAGGER_MS);
      }
      group.push(capture(kind.args, [], undefined, { quiet: false }).then((result) => kind.runs.push({ ...result, backgroundCoresBefore })));
    }
    await Promise.all(group);
  }
  entry.ours = medianRun(oursRuns, (run) => run.cpu.windowS);
  entry.oursCpuRuns = oursRuns.map((run) => run.cpu.windowS);
  entry.floor = medianRun(floorRuns, (run) => run.cpu.windowS);
  entry.floorCpuRuns = floorRuns.map((run) => run.cpu.windowS);
  if (chromium.available) {
    const measured = chromiumRuns.filter((run) => run.summary.error === undefined);
    const chosen = measured.length > 0 ? medianRun(measured, (run) => run.summary.cpu.windowS) : chromiumRuns[0];
    entry.chromium = chosen.summary;
    entry.chromiumRaw = chosen.raw;
    entry.chromiumCpuRuns = measured.map((run) => run.summary.cpu.windowS);
  }
  entry.oursPaintAll = medianRun(paintAllRuns, (run) => run.cpu.windowS);
  entry.oursPaintAllCpuRuns = paintAllRuns.map((run) => run.cpu.windowS);
  entry.oursClones = medianRun(cloneRuns, (run) => run.cpu.windowS);
  entry.oursClonesCpuRuns = cloneRuns.map((run) => run.cpu.windowS);
  log(`${size.label}: unpaced throughput, ${unpacedDuration} s each`);
  entry.unpaced = await capture(['--mode', 'unpaced', ...sizeArgs(size), '--duration', String(unpacedDuration)]);
  entry.unpacedCrop = await capture(['--mode', 'unpaced', ...sizeArgs(size), '--duration', String(unpacedDuration), '--crop-clone']);
  if (options.profile) {
    entry.profile = await profile(size);
  }
  // Every paced run opens the same camera and microphone as its process's first getUserMedia call: one cold call
  // varies by a millisecond or two here from process to process, so the median of them all stands for the size.
  // Run at once with others, a process's latency would be theirs too: then the latency processes alone count.
  const pacedRuns = options.sequential ? [...oursRuns, ...paintAllRuns, ...cloneRuns] : latencyRuns;
  entry.gumRunsMs = pacedRuns.map((run) => run.gumMs);
  entry.firstFrameRunsMs = pacedRuns.map((run) => run.firstFrameMs);
  entry.gumMs = median(entry.gumRunsMs);
  entry.firstFrameMs = median(entry.firstFrameRunsMs);
  entry.targets = judge(entry);
  results.push(entry);
}

const pulseFirstAudio = options['no-pulse'] ? undefined : await measurePulseFirstAudio({ log });

const report = {
  when: new Date().toISOString(),
  source: gitState(),
  host: { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model, platform: `${os.platform()} ${os.release()}` },
  settings: { quietCores: QUIET_CORES, quietWaitS: Number(options['quiet-wait']), repeat, durationS: duration, fps: FPS, clones, unpacedDurationS: unpacedDuration, copyEvery, audio: true, sequential: options.sequential },
  targets: TARGETS,
  chromium: { available: chromium.available, version: chromium.version, reason: chromium.reason },
  results,
  pulseFirstAudio,
};
report.screenCapture = await (await import('./screen-capture.mjs')).benchScreenCapture({ seconds: duration, log, waitForQuiet });
report.takePhoto = await (await import('./take-photo.mjs')).runTakePhotoBench({ log });
fs.mkdirSync(path.dirname(options.out), { recursive: true });
fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(formatReport(report));
console.log(await recordingBench(log));
console.log(formatPulseFirstAudio(report.pulseFirstAudio).join('\n'));
console.log(`\nJSON: ${path.relative(process.cwd(), options.out)}`);

// ---------------------------------------------------------------------------------------------------------------

/** The commit measured, and whether src/ had uncommitted changes (the build is of the work tree). */
function gitState() {
  const git = (...args) => execFileSync('git', args, { cwd: path.join(here, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), srcChanged: git('status', '--porcelain', '--', 'src') !== '' };
  } catch {
    return undefined;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sizeArgs(size) {
  return ['--width', String(size.width), '--height', String(size.height), '--fps', String(FPS)];
}

/** Cores the whole machine kept busy over `ms` (Linux /proc/stat), or undefined elsewhere. */
async function machineBusyCores(ms) {
  const read = () => {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: fields.reduce((sum, x) => sum + x, 0) - fields[3] - fields[4] };
  };
  try {
    const before = read();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return (read().busy - before.busy) / 100 / (ms / 1000);
  } catch {
    return undefined;
  }
}

/** Waits (up to --quiet-wait seconds) until other processes keep less than QUIET_CORES busy; returns the last load seen. */
async function waitForQuiet() {
  const limitS = Number(options['quiet-wait']);
  const startedAt = performance.now();
  let load = await machineBusyCores(1000);
  let announced = false;
  while (load !== undefined && load > QUIET_CORES && (performance.now() - startedAt) / 1000 < limitS) {
    if (!announced) {
      log(`  waiting for a quieter machine (other processes: ${load.toFixed(2)} cores)…`);
      announced = true;
    }
    load = await machineBusyCores(2000);
  }
  return load === undefined ? undefined : round(load, 2);
}

/** Runs bench/capture.mjs in a fresh process (or under `wrapper`, e.g. perf) and returns its JSON line. */
async function capture(args, nodeArgs = [], wrapper = undefined, { quiet = true } = {}) {
  const backgroundCores = quiet ? await waitForQuiet() : undefined;
  const scriptArgs = [...nodeArgs, path.join(here, 'capture.mjs'), ...args];
  const { code, stdout, stderr } =
    wrapper === undefined
      ? await run(process.execPath, scriptArgs, { cwd: path.join(here, '..') })
      : await run(wrapper.command, [...wrapper.prefix, ...scriptArgs.slice(nodeArgs.length)], { cwd: path.join(here, '..'), env: wrapper.env });
  const line = stdout.trim().split('\n').at(-1);
  if (code !== 0 || line === undefined || line === '') {
    fail(`capture.mjs ${args.join(' ')} exited with ${code}\n${stderr}`);
  }
  return { ...JSON.parse(line), backgroundCoresBefore: backgroundCores };
}

/**
 * A paced single-reader run under a profiler: Linux perf with call graphs where it works (it sees the page faults,
 * wakeups, JIT and GC that V8's profiler does not), else node --cpu-prof. Returns the summary text and the file.
 */
async function profile(size) {
  const dir = path.join(path.dirname(options.out), 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  const captureArgs = ['--mode', 'paced', ...sizeArgs(size), '--duration', String(duration), '--copy-every', String(copyEvery)];
  if (perfAvailable()) {
    const file = path.join(dir, `capture-${size.label}.perf.data`);
    // perf records only the measured window: capture.mjs turns it on at the first frame and off at the end.
    const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mediacapture-bench-perf-')), 'control');
    execFileSync('mkfifo', [fifo]);
    log(`${size.label}: profiling (perf record -g over the window), ${duration} s`);
    try {
      const result = await capture(captureArgs, [], { command: 'perf', prefix: perfRecordArgs(file, [], fifo), env: { BENCH_PERF_CONTROL: fifo } });
      const summary = formatPerfSummary(summarisePerf(file), 20);
      // perf script resolves JIT frames from /tmp/perf-PID.map: keep it beside the data (copy it back to re-read).
      const map = `/tmp/perf-${result.pid}.map`;
      if (fs.existsSync(map)) {
        fs.copyFileSync(map, path.join(dir, path.basename(map)));
        fs.rmSync(map, { force: true });
      }
      return { tool: 'perf (window only)', file: path.relative(process.cwd(), file), jitMap: path.basename(map), summary };
    } finally {
      fs.rmSync(path.dirname(fifo), { recursive: true, force: true });
    }
  }
  const name = `capture-${size.label}.cpuprofile`;
  log(`${size.label}: profiling (node --cpu-prof), ${duration} s`);
  await capture(captureArgs, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name]);
  const file = path.join(dir, name);
  return { tool: 'cpu-prof', file: path.relative(process.cwd(), file), summary: formatSummary(summarise(JSON.parse(fs.readFileSync(file, 'utf8'))), 20) };
}

/** The run whose `value` is the median of `runs` (the lower middle one for an even count). */
function medianRun(runs, value) {
  const sorted = [...runs].sort((a, b) => value(a) - value(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Met or missed for each target of the issue. */
function judge(entry) {
  const chromiumMeasured = entry.chromium !== undefined && entry.chromium.error === undefined;
  const chromiumCpuS = chromiumMeasured ? entry.chromium.cpu.windowS : REFERENCE_CHROMIUM_CORES * entry.ours.windowS;
  const cpuShare = entry.ours.cpu.windowS / chromiumCpuS;
  const clonesRatio = entry.oursClones.cpu.windowS / entry.ours.cpu.windowS;
  const paintAllShare = entry.oursPaintAll.cpu.windowS / chromiumCpuS;
  const referenceCpuS = REFERENCE_CHROMIUM_CORES * entry.ours.windowS;
  return {
    cpuVsReference: {
      value: round(entry.ours.cpu.windowS / referenceCpuS, 3),
      chromiumCpuS: round(referenceCpuS, 3),
      met: entry.ours.cpu.windowS / referenceCpuS <= TARGETS.cpuShareOfChromium,
    },
    cpu: {
      value: round(cpuShare, 3),
      against: chromiumMeasured ? 'Chromium measured now' : `reference ${REFERENCE_CHROMIUM_CORES} core (REFERENCES.md)`,
      chromiumCpuS: round(chromiumCpuS, 3),
      met: cpuShare <= TARGETS.cpuShareOfChromium,
    },
    cpuPaintAll: { value: round(paintAllShare, 3), met: paintAllShare <= TARGETS.cpuShareOfChromium },
    gum: { value: entry.gumMs, met: entry.gumMs < TARGETS.gumMs },
    firstFrame: { value: entry.firstFrameMs, met: entry.firstFrameMs < TARGETS.firstFrameMs },
    clones: { value: round(clonesRatio, 3), met: clonesRatio < TARGETS.clonesCostRatio },
  };
}

function formatReport(report) {
  const lines = [];
  const { durationS, clones: n, unpacedDurationS } = report.settings;
  const cr = report.chromium.available;
  lines.push(
    `# mediacapture bench: fake camera @${FPS} fps + fake microphone, MediaStreamTrackProcessor readers, ${durationS} s windows`,
    `Node ${report.host.node}, ${report.host.cpus} CPUs (${report.host.model}); ` +
      (report.source === undefined ? '' : `built from ${report.source.commit}${report.source.srcChanged ? ' + uncommitted src/ changes' : ''}; `) +
      (cr ? `Chromium: ${report.chromium.version}` : `Chromium: not run (${report.chromium.reason})`),
    '',
  );
  const header = ['metric', ...report.results.flatMap((r) => (cr ? [`${r.size} ours`, 'Chromium', 'ours/Cr'] : [`${r.size} ours`]))];
  const rows = [];
  const row = (name, ours, theirs, ratio = true) => {
    rows.push([
      name,
      ...report.results.flatMap((r) => {
        const a = ours(r);
        if (!cr) {
          return [fmt(a)];
        }
        const b = r.chromium?.error === undefined ? theirs?.(r) : undefined;
        return [fmt(a), fmt(b), ratio && typeof a === 'number' && typeof b === 'number' && b !== 0 ? `${(a / b).toFixed(2)}x` : ''];
      }),
    ]);
  };
  row('getUserMedia call, ms (ours: median of the processes)', (r) => r.gumMs, (r) => r.chromium.gumMs);
  row('  ours: every process, in run order', (r) => r.gumRunsMs.join(' '), undefined, false);
  row('  same, later calls in process (median of 5), ms', (r) => r.ours.warmGumMs, undefined, false);
  row('first video frame from the call, ms (ours: median)', (r) => r.firstFrameMs, (r) => r.chromium.firstFrameMs);
  row('  ours: every process, in run order', (r) => r.firstFrameRunsMs.join(' '), undefined, false);
  row('video frames delivered', (r) => r.ours.video.frames, (r) => r.chromium.video.frames);
  row('audio chunks delivered', (r) => r.ours.audio?.chunks, (r) => r.chromium.audio?.chunks);
  row('frame size', (r) => Object.keys(r.ours.video.sizes).join(' '), (r) => Object.keys(r.chromium.video.sizes).join(' '), false);
  row(`copyTo every ${report.settings.copyEvery}th frame, ms`, (r) => r.ours.video.copyToMs, (r) => r.chromium.video.copyToMs);
  row(`CPU-s in the ${durationS} s window`, (r) => r.ours.cpu.windowS, (r) => r.chromium.cpu.windowS);
  if (report.results.some((r) => r.oursCpuRuns.length > 1)) {
    row('  every run (the median one is shown)', (r) => r.oursCpuRuns.join(' '), (r) => (r.chromiumCpuRuns ?? []).join(' '), false);
  }
  row('  = cores busy', (r) => r.ours.cpu.cores, (r) => r.chromium.cpu.cores);
  row('  ours: cores in the 2nd half (warmed up)', (r) => r.ours.cpu.secondHalfCores, undefined, false);
  row('  ours: CPU-s by thread', (r) => Object.entries(r.ours.cpu.byThread).map(([k, v]) => `${k} ${v}`).join(', '), undefined, false);
  row("Node's floor, CPU-s: the same wakes, streams and reader, no media library", (r) => r.floor.cpu.windowS, (r) => r.chromium.cpu.windowS);
  if (report.results.some((r) => r.floorCpuRuns.length > 1)) {
    row('  every run (the median one is shown)', (r) => r.floorCpuRuns.join(' '), undefined, false);
  }
  row('  ours above the floor, CPU-s', (r) => round(r.ours.cpu.windowS - r.floor.cpu.windowS, 3), (r) => r.chromium.cpu.windowS);
  row('CPU-s, every frame painted (a 2x2 corner of each read)', (r) => r.oursPaintAll.cpu.windowS, (r) => r.chromium.cpu.windowS);
  if (report.results.some((r) => r.oursPaintAllCpuRuns.length > 1)) {
    row('  every run (the median one is shown)', (r) => r.oursPaintAllCpuRuns.join(' '), undefined, false);
  }
  row(`CPU-s with ${n} clones read at once`, (r) => r.oursClones.cpu.windowS, undefined, false);
  if (report.results.some((r) => r.oursClonesCpuRuns.length > 1)) {
    row('  every run (the median one is shown)', (r) => r.oursClonesCpuRuns.join(' '), undefined, false);
  }
  row(`  ${n} clones / 1 reader`, (r) => `${(r.oursClones.cpu.windowS / r.ours.cpu.windowS).toFixed(2)}x`, undefined, false);
  row(`  frames per clone`, (r) => r.oursClones.video.framesPerReader.join('/'), undefined, false);
  row(`other processes, cores (ours: during${report.settings.sequential ? '' : ', the runs beside it included'}; Cr: before)`, (r) => r.ours.cpu.otherProcessesCores, (r) => r.chromium.backgroundCoresBefore, false);
  row('max RSS, MB', (r) => r.ours.maxRssMB, undefined, false);
  row(`unpaced fps, video only (${unpacedDurationS} s)`, (r) => r.unpaced.fps, undefined, false);
  row('unpaced fps, + 320x240 crop-and-scale clone', (r) => r.unpacedCrop.fps, undefined, false);
  row('unpaced ms/frame, video only', (r) => r.unpaced.msPerFrame, undefined, false);
  lines.push(...table(header, rows));

  lines.push('', '## Targets', '');
  const targetRows = [
    [`CPU ≤ ${TARGETS.cpuShareOfChromium}x Chromium's`, (t) => `${t.cpu.met ? 'met' : 'MISSED'} (${t.cpu.value.toFixed(3)}x of ${t.cpu.chromiumCpuS} CPU-s${t.cpu.against.startsWith('reference') ? ', reference' : ''})`],
    [
      `  same against REFERENCES.md (${REFERENCE_CHROMIUM_CORES} core)`,
      (t) => `${t.cpuVsReference.met ? 'met' : 'MISSED'} (${t.cpuVsReference.value.toFixed(2)}x of ${t.cpuVsReference.chromiumCpuS} CPU-s)`,
    ],
    ['  same, every frame painted', (t) => `${t.cpuPaintAll.met ? 'met' : 'MISSED'} (${t.cpuPaintAll.value.toFixed(2)}x)`],
    [`getUserMedia < ${TARGETS.gumMs} ms`, (t) => `${t.gum.met ? 'met' : 'MISSED'} (${t.gum.value} ms)`],
    [`first frame < ${TARGETS.firstFrameMs} ms`, (t) => `${t.firstFrame.met ? 'met' : 'MISSED'} (${t.firstFrame.value} ms)`],
    [`${n} clones < ${TARGETS.clonesCostRatio}x one`, (t) => `${t.clones.met ? 'met' : 'MISSED'} (${t.clones.value.toFixed(2)}x)`],
  ];
  lines.push(...table(['target', ...report.results.map((r) => r.size)], targetRows.map(([name, cell]) => [name, ...report.results.map((r) => cell(r.targets))])));

  if (cr && report.results.some((r) => r.chromium?.cpu !== undefined)) {
    lines.push('', "Chromium's CPU by process (s): " + report.results
      .filter((r) => r.chromium?.cpu !== undefined)
      .map((r) => `${r.size} ${Object.entries(r.chromium.cpu.byProcess).filter(([, s]) => s > 0).map(([k, s]) => `${k.replace(/^utility:|\.mojom\..*$/g, '')} ${s}`).join(', ')}`)
      .join('; '));
  }
  for (const r of report.results) {
    if (r.chromium?.error !== undefined) {
      lines.push(`Chromium at ${r.size} failed: ${r.chromium.error}`);
    }
    if (r.profile !== undefined) {
      lines.push('', `## Profile ${r.size}, ${r.profile.tool} (${r.profile.file})`, '', '```', r.profile.summary, '```');
    }
  }
  return lines.join('\n');
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)];
}

function fmt(value) {
  if (value === undefined || value === null) {
    return '–';
  }
  return typeof value === 'number' ? String(Number.isInteger(value) ? value : Number(value.toFixed(3))) : String(value);
}

function positiveNumber(text, name) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    fail(`${name} must be a positive number, not "${text}"`);
  }
  return value;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}
