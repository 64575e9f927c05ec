/**
 * Helpers the bench scripts share: rounding for printed numbers, medians, running a child process to completion,
 * and the source file of a position in the package's build.
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = `${path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist')}/`;
const BUNDLE = `${DIST}cjs/mediacapture.js`;
let bundleMap;

/** `value` rounded to `digits` decimals, as a number. */
export function round(value, digits = 2) {
  return Number(value.toFixed(digits));
}

/** The median of `values` (the mean of the middle two, rounded, for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : round((sorted[middle - 1] + sorted[middle]) / 2, 2);
}

/**
 * Where a position (1-based line and column) in a file of the package's build comes from in src/, as
 * { file: "src/pipeline/x.ts", line }, else undefined: the bundle the package runs (dist/cjs/mediacapture.js)
 * through its source map; tsc's ES modules of the command (dist/cli/*.js, file: URLs too) by their path, with the
 * built file's line.
 */
export function packageSourceOf(file, line, column = 1) {
  const filePath = file.startsWith('file://') ? fileURLToPath(file) : file;
  if (filePath === BUNDLE) {
    bundleMap ??= new SourceMap(JSON.parse(fs.readFileSync(`${BUNDLE}.map`, 'utf8')));
    const entry = bundleMap.findEntry(line - 1, column - 1);
    return entry.originalSource === undefined
      ? undefined
      : { file: path.relative(path.dirname(DIST), path.resolve(path.dirname(BUNDLE), entry.originalSource)), line: entry.originalLine + 1 };
  }
  if (filePath.startsWith(`${DIST}cli/`) && filePath.endsWith('.js')) {
    return { file: `src/${filePath.slice(DIST.length).replace(/\.js$/, '.ts')}`, line };
  }
  return undefined;
}

/**
 * Runs `command` with `args` and resolves with its exit code and whole output once it closes; rejects when it
 * cannot start. `timeoutMs` sends it SIGTERM if it runs that long.
 */
export function run(command, args, { cwd, env, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env === undefined ? process.env : { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
