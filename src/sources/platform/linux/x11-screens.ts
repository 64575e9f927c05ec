/**
 * The monitors of an X11 display: `xrandr --listmonitors` for their names and geometry (the primary one
 * marked), `xrandr --query` for the current mode's refresh rate of their outputs. Without xrandr (or
 * RandR), the whole X screen is one monitor whose size ffmpeg's x11grab input reports, so listing works
 * with nothing but ffmpeg and an X server.
 *
 * @module
 */

import { execFile } from 'node:child_process';

/** One monitor of an X screen, in root-window pixels. */
export interface X11Monitor {
  /** The RandR monitor name ("DP-1", "screen"), or "screen" for a whole screen without RandR. */
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly isPrimary: boolean;
  /** The refresh rate of the monitor's output in Hz; undefined when the server reports none (Xvfb says 0). */
  readonly refreshRate: number | undefined;
}

/** How long a listing command may take before it is killed. */
const COMMAND_TIMEOUT_MS = 5000;

/**
 * Parses `xrandr --listmonitors`: lines like ` 0: +*DP-1 1920/527x1080/296+0+0  DP-1` ("+" automatic,
 * "*" primary; then width/mm x height/mm + x + y, then the outputs). Monitors without a size are left out.
 */
export function parseXrandrMonitors(text: string): { name: string; x: number; y: number; width: number; height: number; isPrimary: boolean; outputs: string[] }[] {
  const monitors = [];
  const pattern = /^\s*\d+:\s+([+*]*)(\S+)\s+(\d+)\/\d+x(\d+)\/\d+([+-]\d+)([+-]\d+)\s*(.*)$/;
  for (const line of text.split('\n')) {
    const match = pattern.exec(line);
    if (match === null) {
      continue;
    }
    const [, flags = '', name = '', width = '0', height = '0', x = '0', y = '0', outputs = ''] = match;
    if (Number(width) < 1 || Number(height) < 1) {
      continue;
    }
    monitors.push({
      name,
      x: Number(x),
      y: Number(y),
      width: Number(width),
      height: Number(height),
      isPrimary: flags.includes('*'),
      outputs: outputs.split(/\s+/).filter((o) => o.length > 0),
    });
  }
  return monitors;
}

/**
 * Parses `xrandr --query` for the current refresh rate of each connected output: an output line
 * (`DP-1 connected primary 1920x1080+0+0 …`) is followed by its modes, the current rate marked with "*".
 * A rate of 0 (Xvfb) counts as unknown and is left out.
 */
export function parseXrandrRefreshRates(text: string): Map<string, number> {
  const rates = new Map<string, number>();
  let output: string | undefined;
  for (const line of text.split('\n')) {
    const outputLine = /^(\S+)\s+connected\b/.exec(line);
    if (outputLine !== null) {
      output = outputLine[1];
      continue;
    }
    if (!/^\s/.test(line)) {
      output = undefined;
      continue;
    }
    const current = /([\d.]+)\*/.exec(line);
    if (output !== undefined && current !== null && !rates.has(output)) {
      const rate = Number(current[1]);
      if (Number.isFinite(rate) && rate > 0) {
        rates.set(output, rate);
      }
    }
  }
  return rates;
}

/** Parses the frame size from ffmpeg's description of its x11grab input (`…, bgr0, 1280x720, …`). */
export function parseX11grabSize(stderr: string): { width: number; height: number } | undefined {
  const match = /Stream #\d+:\d+: Video: .*?, (\d+)x(\d+)/.exec(stderr);
  if (match === null) {
    return undefined;
  }
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** The monitors from xrandr's two reports, clamped to nothing: xrandr reports what the server has. */
export function monitorsFromXrandr(listMonitors: string, query: string): X11Monitor[] {
  const rates = parseXrandrRefreshRates(query);
  return parseXrandrMonitors(listMonitors).map(({ outputs, ...monitor }) => {
    const output = outputs.find((o) => rates.has(o));
    return { ...monitor, refreshRate: output === undefined ? undefined : rates.get(output) };
  });
}

interface CommandResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env, timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true }, (error, stdout, stderr) => {
      resolve({ ok: error === null, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * The monitors of X display `display`: from xrandr when it runs and reports some, else the whole screen
 * as ffmpeg sees it. Resolves to an empty list with a reason when the display cannot be reached.
 */
export async function listX11Monitors(
  display: string,
  ffmpeg: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ monitors: X11Monitor[]; reason?: string }> {
  const withDisplay = { ...env, DISPLAY: display };
  const [listed, query] = await Promise.all([
    run('xrandr', ['--listmonitors'], withDisplay),
    run('xrandr', ['--query'], withDisplay),
  ]);
  if (listed.ok) {
    const monitors = monitorsFromXrandr(listed.stdout, query.ok ? query.stdout : '');
    if (monitors.length > 0) {
      return { monitors };
    }
  }
  // No xrandr, or no RandR on the server: ask ffmpeg for the screen's size.
  const probe = await run(
    ffmpeg,
    ['-hide_banner', '-nostdin', '-f', 'x11grab', '-framerate', '1', '-i', display, '-frames:v', '1', '-f', 'null', '-'],
    withDisplay,
  );
  const size = parseX11grabSize(probe.stderr);
  if (size === undefined) {
    const last = probe.stderr.trim().split('\n').slice(-1)[0] ?? '';
    return { monitors: [], reason: `cannot open X display ${display}${last === '' ? '' : ` (${last})`}` };
  }
  return { monitors: [{ name: 'screen', x: 0, y: 0, ...size, isPrimary: true, refreshRate: undefined }] };
}
