#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the samples fall, by category (idle, GC, the
 * package's code by src/ file, Node internals, the rest) and by function (self and total time), with the
 * package's built code named by its src/*.ts source.
 *
 *   node bench/profile-summary.mjs FILE.cpuprofile [--top 25]
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { packageSourceOf } from './util.mjs';

/** { file: "src/pipeline/x.ts", line } for a frame of the package's build, else undefined. */
function sourceOf(frame) {
  return frame.url === '' ? undefined : packageSourceOf(frame.url, frame.lineNumber + 1, frame.columnNumber + 1);
}

function categoryOf(frame) {
  const name = frame.functionName;
  if (name === '(idle)') {
    return 'idle';
  }
  if (name === '(garbage collector)') {
    return 'GC';
  }
  if (name === '(program)') {
    return 'V8/native (program)';
  }
  const source = sourceOf(frame);
  if (source !== undefined) {
    return source.file;
  }
  if (frame.url.startsWith('node:')) {
    return `node:${frame.url.slice(5).split('/')[0]}`;
  }
  return frame.url === '' ? `native: ${name || '(anonymous)'}` : path.basename(frame.url);
}

/** Self and total milliseconds per function and self milliseconds per category. */
export function summarise(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i + 1] is the time the sample i covered; the last sample gets the previous delta.
    const delta = timeDeltas[i + 1] ?? timeDeltas[i] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + delta);
  }
  const totalUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  const byCategory = new Map();
  const byFunction = new Map();
  const keyOf = (frame) => {
    const source = sourceOf(frame);
    if (source !== undefined) {
      return `${frame.functionName || '(anonymous)'}  ${source.file}:${source.line}`;
    }
    const where = frame.url === '' ? '' : frame.url.replace(/^file:\/\//, '');
    return `${frame.functionName || '(anonymous)'}  ${where}${where === '' ? '' : `:${frame.lineNumber + 1}`}`;
  };
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    const category = categoryOf(frame);
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    const key = keyOf(frame);
    const entry = byFunction.get(key) ?? { selfUs: 0, totalUs: 0 };
    entry.selfUs += us;
    byFunction.set(key, entry);
    // Total time: once per distinct function on the sample's stack.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const stackKey = keyOf(nodes.get(at).callFrame);
      if (seen.has(stackKey)) {
        continue;
      }
      seen.add(stackKey);
      const stackEntry = byFunction.get(stackKey) ?? { selfUs: 0, totalUs: 0 };
      stackEntry.totalUs += us;
      byFunction.set(stackKey, stackEntry);
    }
  }
  return { totalUs, byCategory, byFunction };
}

export function formatSummary({ totalUs, byCategory, byFunction }, top = 25) {
  const ms = (us) => (us / 1000).toFixed(1).padStart(8);
  const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
  const busyUs = totalUs - (byCategory.get('idle') ?? 0);
  const lines = [`profile: ${(totalUs / 1e6).toFixed(2)} s sampled, ${(busyUs / 1e6).toFixed(3)} s not idle (main thread)`];
  lines.push('', 'self time by category (not idle):');
  for (const [category, us] of [...byCategory].filter(([c]) => c !== 'idle').sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${ms(us)} ms ${`${((100 * us) / busyUs).toFixed(1)}%`.padStart(6)}  ${category}`);
  }
  const functions = [...byFunction].filter(([key]) => !key.startsWith('(idle)') && !key.startsWith('(root)'));
  lines.push('', 'functions by self time:');
  for (const [key, entry] of functions.sort((a, b) => b[1].selfUs - a[1].selfUs).slice(0, top)) {
    lines.push(`${ms(entry.selfUs)} ms ${pct(entry.selfUs)}  ${key}`);
  }
  lines.push('', 'package functions by total time (self + callees):');
  for (const [key, entry] of functions
    .filter(([key]) => key.includes(' src/'))
    .sort((a, b) => b[1].totalUs - a[1].totalUs)
    .slice(0, top)) {
    lines.push(`${ms(entry.totalUs)} ms ${pct(entry.totalUs)}  ${key}`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  if (positionals.length !== 1) {
    console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [--top 25]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));
  console.log(formatSummary(summarise(profile), Number(values.top)));
}
