/**
 * Helpers the bench scripts share: rounding for printed numbers, medians, and running a child process to completion.
 */

import { spawn } from 'node:child_process';

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
