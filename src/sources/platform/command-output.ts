/**
 * Runs a system tool (v4l2-ctl, ffmpeg's device listing) once and collects what it prints. Platform
 * providers parse that output with pure functions, so they take a {@link CommandRunner} and tests give
 * them recorded outputs instead.
 *
 * @module
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { hostClearTimeout, hostSetTimeout } from '../../media/host-timers.js';

/** What a finished command printed and how it ended. */
export interface CommandOutput {
  /** The exit code; null when the command was killed (it timed out). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command` with `args` (an argument array, never a shell). Resolves to undefined when the command
 * cannot be run at all (not installed), so callers can fall back to another tool.
 */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandOutput | undefined>;

/** How long a listing command may take before it is killed. */
const COMMAND_TIMEOUT_MS = 10_000;
/** Output kept per stream; device listings are a few kilobytes. */
const MAX_OUTPUT_CHARS = 1 << 20;

/**
 * Collects what `child` (spawned with stdout and stderr piped) prints, as UTF-8, until it closes, killing it
 * (SIGKILL) after `timeoutMs`, when the result has code null. Resolves with the spawn error instead when the
 * child never started (not installed, not executable).
 */
export function collectOutput(child: ChildProcess, timeoutMs: number): Promise<CommandOutput | { readonly spawnError: NodeJS.ErrnoException }> {
  return new Promise((resolveOutput) => {
    let stdout = '';
    let stderr = '';
    const timer = hostSetTimeout(() => child.kill('SIGKILL'), timeoutMs);
    timer.unref();
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout = (stdout + text).slice(0, MAX_OUTPUT_CHARS);
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(0, MAX_OUTPUT_CHARS);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Only a failed spawn (ENOENT, EACCES) ends without 'close'.
      if (child.pid === undefined) {
        hostClearTimeout(timer);
        resolveOutput({ spawnError: error });
      }
    });
    child.once('close', (code: number | null) => {
      hostClearTimeout(timer);
      resolveOutput({ code, stdout, stderr });
    });
  });
}

/**
 * The real {@link CommandRunner}: spawns the command with stdin closed, collects stdout and stderr as
 * UTF-8, and kills it (SIGKILL) after 10 s; the result then has code null.
 */
export const runCommand: CommandRunner = async (command, args) => {
  const output = await collectOutput(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true }), COMMAND_TIMEOUT_MS);
  return 'spawnError' in output ? undefined : output;
};

/** The lines of a tool's log without ffmpeg's `[name @ 0x…]` prefix (ffmpeg 7 may print `[in#0 @ …]`). */
export function logLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\[[^\]]*@ ?(?:0x)?[0-9a-fA-F]+\]\s?/, ''))
    .filter((line) => line.trim().length > 0);
}

/** The last line of ffmpeg's log, without its `[v4l2 @ 0x…]` prefix: what it says when it gives up. */
export function lastLogLine(stderr: string): string | undefined {
  return logLines(stderr).at(-1)?.trim();
}
