// Shared by the tests that check child processes start, end and are reaped, and that poll for a state.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

/** Whether a process with id `pid` exists (signal 0); any answer but "no such process" fails the test. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ESRCH');
    return false;
  }
}

/** A process as /proc/PID/stat shows it. */
export interface ProcessEntry {
  readonly pid: number;
  /** The command name (at most 15 characters), as ps shows it. */
  readonly command: string;
  /** The state letter: R, S, D, Z (a zombie, exited and not reaped) … */
  readonly state: string;
}

/** The processes whose parent is `parent` (default: this process), zombies included (Linux /proc; empty elsewhere). */
export function childProcesses(parent = process.pid): ProcessEntry[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const children: ProcessEntry[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const [state, ppid] = stat.slice(close + 2).split(' ');
      if (Number(ppid) === parent) {
        children.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close), state: state as string });
      }
    } catch {
      // The process ended while we read.
    }
  }
  return children;
}

/** Whether process `pid` runs (a zombie waiting to be reaped counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes (a guard against hangs); returns whether it held. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) {
      return true;
    }
    if (Date.now() >= deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until `condition()` holds, polling; throws naming `what` after `timeoutMs` (a guard against hangs). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (!(await eventually(condition, timeoutMs))) {
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}
