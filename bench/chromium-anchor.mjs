/**
 * Runs ../shared/tools/chrome-anchor (headless Chromium's fake devices, read through MediaStreamTrackProcessor)
 * with the same request as a mediacapture run, from a temporary copy with its own `npm ci`, so nothing of it
 * lands in this package.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, run } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ANCHOR_SOURCE = path.resolve(here, '../../shared/tools/chrome-anchor');
const ANCHOR_COPY = path.join(os.tmpdir(), 'mediacapture-bench-chrome-anchor');
const ANCHOR_FILES = ['anchor.mjs', 'page.html', 'package.json', 'package-lock.json'];

/** The Chromium executable to use: CHROMIUM, else /usr/bin/chromium; undefined when there is none. */
export function findChromium(explicit) {
  const candidate = explicit ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/** Chromium's version line, or undefined. */
export function chromiumVersion(executable) {
  try {
    return execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Copies the anchor tool to a temporary folder and installs its dependency (playwright-core, no browser download).
 * Returns the folder, or throws an Error saying why it could not.
 */
export function prepareAnchor(log) {
  if (!fs.existsSync(path.join(ANCHOR_SOURCE, 'anchor.mjs'))) {
    throw new Error(`chrome-anchor not found at ${ANCHOR_SOURCE}`);
  }
  fs.mkdirSync(ANCHOR_COPY, { recursive: true });
  let changed = false;
  for (const file of ANCHOR_FILES) {
    const source = fs.readFileSync(path.join(ANCHOR_SOURCE, file));
    const target = path.join(ANCHOR_COPY, file);
    if (!fs.existsSync(target) || !fs.readFileSync(target).equals(source)) {
      fs.writeFileSync(target, source);
      changed = true;
    }
  }
  const installed = path.join(ANCHOR_COPY, 'node_modules', 'playwright-core', 'package.json');
  if (changed || !fs.existsSync(installed)) {
    log(`chrome-anchor: npm ci in ${ANCHOR_COPY}`);
    try {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: ANCHOR_COPY,
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 180_000,
      });
    } catch (error) {
      const stderr = error.stderr?.toString().trim().split('\n').slice(-3).join(' ') ?? '';
      throw new Error(`npm ci for chrome-anchor failed (offline, or the npm registry unreachable?): ${stderr || error.message}`);
    }
  }
  return ANCHOR_COPY;
}

/**
 * One anchor run: `node anchor.mjs --width W --height H --fps F --seconds S --fake-opts fps=F --no-baseline`, with the
 * PNG snapshot off (it is not part of our work either) and `copyEvery` as ours. Resolves to the summary used by
 * the bench, with the anchor's full JSON under `raw`.
 */
export async function runAnchor({ folder, executable, width, height, fps, seconds, copyEvery }) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mediacapture-bench-anchor-out-'));
  const args = [
    'anchor.mjs',
    '--width', String(width),
    '--height', String(height),
    '--fps', String(fps),
    '--seconds', String(seconds),
    '--fake-opts', `fps=${fps}`,
    '--no-baseline',
    '--copy-every', String(copyEvery),
    '--snapshot-ms', '1000000000',
    '--exe', executable,
    '--out', out,
  ];
  try {
    const { code, stderr } = await run(process.execPath, args, { cwd: folder, timeoutMs: (seconds * 2 + 90) * 1000 });
    const file = fs.readdirSync(out).find((name) => name.startsWith('results-') && name.endsWith('.json'));
    if (code !== 0 || file === undefined) {
      throw new Error(`anchor.mjs exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    }
    const raw = JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'));
    const page = raw.page;
    return {
      chromiumVersion: raw.chromiumVersion,
      gumMs: round(page.gumMs),
      firstFrameMs: round(page.gumMs + page.gumToFirstFrameMs),
      windowS: round(page.windowMs / 1000, 3),
      video: {
        frames: page.videoStats.frames,
        fps: round(page.videoStats.fps),
        sizes: page.videoStats.sizes,
        formats: page.videoStats.formats,
        copyToMs: page.videoStats.copyToMs === null ? null : round(page.videoStats.copyToMs.mean),
      },
      audio: page.audioStats === null ? null : { chunks: page.audioStats.chunks, sampleRate: page.audioStats.sampleRate },
      cpu: {
        windowS: raw.cpuCaptureWindow.cpuSeconds,
        cores: raw.cpuCaptureWindow.coresBusy,
        byProcess: raw.cpuCaptureWindow.byType,
      },
      raw,
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
