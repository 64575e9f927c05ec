/**
 * Child processes of the Linux capture systems (pactl, parec, arecord): spawned with argument arrays
 * (never a shell), and tied to the Node process so they never outlive it, even when Node is killed with
 * SIGKILL. A child that writes to a pipe dies of EPIPE once Node is gone, but one that only reads (`pactl
 * subscribe` waits on the sound server) would live on; so every child runs under util-linux's
 * `setpriv --pdeathsig KILL`, which asks the kernel (PR_SET_PDEATHSIG) to kill it when its parent dies and
 * then executes the program in place (same pid). Without setpriv, children are spawned directly.
 *
 * @module
 */

import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { collectOutput } from '../command-output.js';

/** How long a listing command may take before it is killed. */
const COMMAND_TIMEOUT_MS = 5_000;

let setprivPath: string | null | undefined;

/** The absolute path of `name` on PATH, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const directory of (env['PATH'] ?? '').split(path.delimiter)) {
    if (directory === '') {
      continue;
    }
    const candidate = path.join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** setpriv when it is installed and knows --pdeathsig (util-linux 2.33 and later); checked once. */
function setpriv(): string | undefined {
  if (setprivPath === undefined) {
    const found = findOnPath('setpriv');
    const help = found === undefined ? undefined : spawnSync(found, ['--help'], { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
    setprivPath = found !== undefined && help?.stdout.includes('--pdeathsig') === true ? found : null;
  }
  return setprivPath ?? undefined;
}

/** Whether children are tied to the Node process (setpriv --pdeathsig is available). */
export function childrenDieWithParent(): boolean {
  return setpriv() !== undefined;
}

/**
 * Spawns `command` with `args` (no shell), killed by the kernel if the Node process dies. The returned
 * child's pid is the program's own (setpriv executes it in place).
 */
export function spawnGuarded(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const guard = setpriv();
  const env = { ...(options.env ?? process.env), LC_ALL: 'C' };
  if (guard === undefined) {
    return spawn(command, args, { ...options, env, windowsHide: true });
  }
  return spawn(guard, ['--pdeathsig', 'KILL', '--', command, ...args], { ...options, env, windowsHide: true });
}

/** How a command run to completion ended. */
export type CommandResult =
  | { readonly type: 'missing' }
  | { readonly type: 'exited'; readonly code: number | null; readonly stdout: string; readonly stderr: string };

/**
 * Runs `command` to completion (killed after 5 s) with `env` and collects its output; "missing" when it
 * is not installed. Never rejects.
 */
export async function runCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  let child: ChildProcess;
  try {
    child = spawnGuarded(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  } catch {
    return { type: 'missing' };
  }
  const output = await collectOutput(child, COMMAND_TIMEOUT_MS);
  if ('spawnError' in output) {
    return output.spawnError.code === 'ENOENT' ? { type: 'missing' } : { type: 'exited', code: null, stdout: '', stderr: output.spawnError.message };
  }
  const { code, stdout, stderr } = output;
  // setpriv exits 127 when it cannot execute the program.
  return code === 127 && setpriv() !== undefined && /No such file/i.test(stderr) ? { type: 'missing' } : { type: 'exited', code, stdout, stderr };
}
