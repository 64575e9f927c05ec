// A private Xvfb display for the system tests (not the shared :99, whose screen other tests may look at),
// colours drawn on its root window with xsetroot, and the x11grab children of this process.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { childProcesses } from '../helpers/processes.js';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

/** A running Xvfb of our own. */
export interface PrivateDisplay {
  /** ":N" */
  readonly display: string;
  readonly width: number;
  readonly height: number;
  /** Stops the server and waits until it has exited. */
  stop(): Promise<void>;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Why the X11 system tests cannot run here, or false when they can. */
export function missingForX11(): string | false {
  for (const command of ['Xvfb', 'ffmpeg', 'xsetroot', 'xrandr']) {
    if (!has(command)) {
      return `${command} is not installed (.ci/run installs it)`;
    }
  }
  return false;
}

/**
 * Starts a private Xvfb of width x height before the tests of the calling `describe`, points DISPLAY at it
 * (running `setup` on it), and stops it and puts DISPLAY back after them; returns a getter for it.
 */
export function privateDisplayForSuite(width: number, height: number, setup?: (screen: PrivateDisplay) => void): () => PrivateDisplay {
  let screen: PrivateDisplay | undefined;
  let savedDisplay: string | undefined;
  before(async () => {
    screen = await startXvfb(width, height);
    savedDisplay = process.env['DISPLAY'];
    process.env['DISPLAY'] = screen.display;
    setup?.(screen);
  });
  after(async () => {
    if (savedDisplay === undefined) {
      delete process.env['DISPLAY'];
    } else {
      process.env['DISPLAY'] = savedDisplay;
    }
    await screen?.stop();
  });
  return () => {
    assert.ok(screen !== undefined, 'the private display has not started');
    return screen;
  };
}

/** Starts `Xvfb :N -noreset` (no reset when the last client leaves, so drawn colours stay) on a free N. */
export async function startXvfb(width: number, height: number): Promise<PrivateDisplay> {
  for (let number = 140 + (process.pid % 40); number < 240; number++) {
    if (existsSync(`/tmp/.X${number}-lock`) || existsSync(`/tmp/.X11-unix/X${number}`)) {
      continue;
    }
    const server: ChildProcess = spawn('Xvfb', [`:${number}`, '-noreset', '-nolisten', 'tcp', '-screen', '0', `${width}x${height}x24`], {
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && server.exitCode === null && !existsSync(`/tmp/.X11-unix/X${number}`)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Another test process may have taken the same number at the same moment: the lock names the owner.
    const owner = existsSync(`/tmp/.X${number}-lock`) ? Number(readFileSync(`/tmp/.X${number}-lock`, 'utf8').trim()) : undefined;
    if (server.exitCode !== null || owner !== server.pid) {
      server.kill('SIGTERM');
      await exited;
      continue;
    }
    return {
      display: `:${number}`,
      width,
      height,
      async stop() {
        server.kill('SIGTERM');
        await exited;
      },
    };
  }
  throw new Error('no free X display number for Xvfb');
}

/** Paints the root window of `display` with a solid colour ("#rrggbb"). */
export function paintRoot(display: string, colour: string): void {
  execFileSync('xsetroot', ['-solid', colour], { env: { ...process.env, DISPLAY: display } });
}

/**
 * Paints the root window of `display` in vertical bands: columns before `split` in `left`, the rest in
 * `right` (a one-row XBM as wide as the screen, tiled down).
 */
export function paintRootBands(display: string, width: number, split: number, left: string, right: string): void {
  const bytes: string[] = [];
  for (let byte = 0; byte < Math.ceil(width / 8); byte++) {
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      if (byte * 8 + bit < split) {
        value |= 1 << bit;
      }
    }
    bytes.push(`0x${value.toString(16).padStart(2, '0')}`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'mediacapture-xbm-')), 'bands.xbm');
  writeFileSync(file, `#define bands_width ${width}\n#define bands_height 1\nstatic unsigned char bands_bits[] = {\n${bytes.join(', ')}};\n`);
  try {
    execFileSync('xsetroot', ['-bitmap', file, '-fg', left, '-bg', right], { env: { ...process.env, DISPLAY: display } });
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

/** Defines a RandR monitor on `display` (a `*` before the name makes it primary). */
export function addMonitor(display: string, name: string, width: number, height: number, x: number, y: number): void {
  execFileSync('xrandr', ['--setmonitor', name, `${width}/${width}x${height}/${height}+${x}+${y}`, 'none'], {
    env: { ...process.env, DISPLAY: display },
  });
}

/** The ids of this process's ffmpeg children that capture an X display (zombies left out). */
export function x11grabChildren(): number[] {
  return childProcesses()
    .filter(({ pid, state }) => {
      try {
        return state !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('x11grab');
      } catch {
        return false; // The process ended while we looked.
      }
    })
    .map(({ pid }) => pid);
}

