#!/usr/bin/env node
/**
 * Where a capture process spends its CPU, from Linux `perf` with call graphs: V8's own profiler (--cpu-prof) sees
 * only JavaScript on the main thread, and most of a paced capture's time is outside it (page faults on new frame
 * buffers, waking up, the event loop, JIT, GC). Each sample is charged to the innermost function of the package
 * on its stack (with the builtins, allocations and kernel work under it), or else to a category.
 *
 *   node bench/perf-summary.mjs FILE.perf.data [--top 25]
 *
 * bench/run.mjs --profile records it (`perf record -g` of `node --perf-basic-prof bench/capture.mjs …`) when perf
 * works here, and falls back to --cpu-prof otherwise.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { packageSourceOf } from './util.mjs';

/** Whether `perf record` works here (installed, and perf events allowed). */
export function perfAvailable() {
  const result = spawnSync('perf', ['record', '-q', '-o', '/dev/null', '--', 'true'], { stdio: 'ignore' });
  return result.status === 0;
}

/**
 * The perf command line that records `nodeArgs` (node runs with --perf-basic-prof and
 * --interpreted-frames-native-stack so JIT-compiled and interpreted frames have names). With a
 * control FIFO, recording starts disabled and the process turns it on and off (`enable` / `disable` written to it).
 */
export function perfRecordArgs(output, nodeArgs, controlFifo) {
  const control = controlFifo === undefined ? [] : ['--control', `fifo:${controlFifo}`, '-D', '-1'];
  const node = [process.execPath, '--perf-basic-prof', '--interpreted-frames-native-stack'];
  return ['record', '-q', '-g', '-F', '1999', ...control, '-o', output, '--', ...node, ...nodeArgs];
}

function packageFunction(frame) {
  // perf's JIT map names a frame "JS:*name /path/file.js:line:column" (file: URLs for ES modules).
  const match = /JS:[*~^+-]?(\S*) (?:file:\/\/)?(\/\S+?):(\d+)(?::(\d+))?/.exec(frame);
  const source = match === null ? undefined : packageSourceOf(match[2], Number(match[3]), Number(match[4] ?? 1));
  return source === undefined ? undefined : { file: source.file, name: match[1] || '(anonymous)' };
}

function categoryOf(frames) {
  const joined = frames.join('\n');
  if (frames.some((f) => f.includes('JS:'))) {
    return 'other JavaScript (Node internals, the bench script)';
  }
  if (/Scaveng|MarkCompact|ConcurrentMarking|Sweep|Heap::|Evacuat/.test(joined)) {
    return 'V8 GC (no JavaScript on the stack)';
  }
  if (/compiler::|Compile|maglev|Turbofan/i.test(joined)) {
    return 'V8 JIT compiler';
  }
  if (/uv_run|uv__/.test(joined)) {
    return 'libuv event loop, waking up (no JavaScript)';
  }
  if (/page_fault/.test(joined)) {
    return 'kernel page faults (no package function on the stack)';
  }
  if (/\[kernel/.test(frames[0] ?? '')) {
    return 'kernel (scheduling, wakeups; no JavaScript)';
  }
  return `native: ${(frames[0] ?? '?').replace(/\s*\(.*$/, '').slice(0, 60)}`;
}

/** Milliseconds of samples per src file, per package function and per category. */
export function summarisePerf(file) {
  const text = execFileSync('perf', ['script', '-i', file], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const byFile = new Map();
  const byFunction = new Map();
  let totalNs = 0;
  let pageFaultNs = 0;
  const add = (map, key, ns) => map.set(key, (map.get(key) ?? 0) + ns);
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    const head = /^\s*\S.*?\s+\d+\s+[\d.]+:\s+(\d+)\s/.exec(lines[0] ?? '');
    if (head === null) {
      continue;
    }
    const ns = Number(head[1]);
    totalNs += ns;
    const frames = lines.slice(1).map((line) => line.trim().replace(/^[0-9a-f]+\s+/, '').replace(/\+0x[0-9a-f]+/, ''));
    if (frames.some((frame) => frame.includes('page_fault'))) {
      pageFaultNs += ns;
    }
    let owner;
    for (const frame of frames) {
      owner = packageFunction(frame);
      if (owner !== undefined) {
        break;
      }
    }
    if (owner === undefined) {
      const category = categoryOf(frames);
      add(byFile, category, ns);
      add(byFunction, category, ns);
    } else {
      add(byFile, owner.file, ns);
      add(byFunction, `${owner.name}  ${owner.file}`, ns);
    }
  }
  return { totalNs, pageFaultNs, byFile, byFunction };
}

export function formatPerfSummary({ totalNs, pageFaultNs, byFile, byFunction }, top = 25) {
  const row = ([key, ns]) => `${(ns / 1e6).toFixed(1).padStart(8)} ms ${((100 * ns) / totalNs).toFixed(1).padStart(5)}%  ${key}`;
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `perf: ${(totalNs / 1e9).toFixed(3)} CPU-s sampled (all threads); ${((100 * pageFaultNs) / totalNs).toFixed(1)}% of it in page faults`,
    '',
    'by src file (the innermost package function on the stack, with what it calls) or category:',
    ...sorted(byFile).map(row),
    '',
    'by function:',
    ...sorted(byFunction).map(row),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  if (positionals.length !== 1) {
    console.error('usage: node bench/perf-summary.mjs FILE.perf.data [--top 25]');
    process.exit(2);
  }
  console.log(formatPerfSummary(summarisePerf(positionals[0]), Number(values.top)));
}
