// The README's quick start on a fresh copy: clones this repository (its HEAD commit) into a temporary folder
// and runs the quick start's first command exactly as README.md writes it (`npm ci && npx mediacapture
// record --fake demo.webm`), then checks the recording. The second command must be what CI runs.
// Needs the npm registry; skipped with the reason when it cannot be reached or this is not a git checkout.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';

import { decodeFile, noFfmpeg, probeStreams, REPOSITORY } from './cli-process.js';

/** The lines of the first `sh` block under "## Quick start" in README.md. */
function quickStartCommands(readme: string): string[] {
  const section = readme.split(/^## Quick start\s*$/m)[1];
  assert.ok(section !== undefined, 'README.md has a "## Quick start" section');
  const block = /^```sh\n([\s\S]*?)^```/m.exec(section.split(/^## /m)[0] ?? '');
  assert.ok(block !== null, 'the quick start has a sh code block');
  return (block[1] ?? '').split('\n').filter((line) => line.trim() !== '');
}

/** npm's settings worth passing on (the registry, its cache, proxies); not the ones `npm test` set for this package. */
const NPM_SETTINGS = /^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i;

function freshEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if ((!/^npm_/i.test(name) || NPM_SETTINGS.test(name)) && !name.startsWith('MEDIACAPTURE_') && name !== 'INIT_CWD') {
      env[name] = value;
    }
  }
  return env;
}

/**
 * A folder of links to every program on PATH but ffmpeg and ffprobe, to stand for PATH on a machine where
 * nothing but Node was installed: the quick start must find its ffmpeg in the package's dependencies.
 */
function pathWithoutFfmpeg(directory: string): string {
  const bin = join(directory, 'bin');
  mkdirSync(bin);
  const linked = new Set(['ffmpeg', 'ffprobe']);
  for (const folder of (process.env['PATH'] ?? '').split(delimiter)) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!linked.has(name)) {
        linked.add(name);
        symlinkSync(join(folder, name), join(bin, name));
      }
    }
  }
  return bin;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  path?: string,
): Promise<{ code: number | null; output: string }> {
  const env = { ...freshEnvironment(), ...(path === undefined ? {} : { PATH: path }) };
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, output: `${stdout}${stderr}` });
    });
  });
}

test('the quick start is two commands: the main job on the fake devices, and the test command CI runs', () => {
  const commands = quickStartCommands(readFileSync(join(REPOSITORY, 'README.md'), 'utf8'));
  assert.equal(commands.length, 2);
  assert.match(commands[0] ?? '', /^npm ci && npx mediacapture record --fake \S+\.webm$/);
  assert.equal(commands[1], 'npm test');
  assert.match(readFileSync(join(REPOSITORY, '.ci', 'run'), 'utf8'), /^npm ci\b.*\n(?:.*\n)*?npm test\b/m);
});

test("the quick start's first command works in a fresh clone", { timeout: 300_000 }, async (t) => {
  const [main] = quickStartCommands(readFileSync(join(REPOSITORY, 'README.md'), 'utf8'));
  assert.ok(main !== undefined);
  const head = spawnSync('git', ['-C', REPOSITORY, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) {
    t.skip(head.error === undefined ? `${REPOSITORY} is not a git checkout` : `git cannot be run (${head.error.message})`);
    return;
  }
  const ping = await run('npm', ['ping'], REPOSITORY, 20_000);
  if (ping.code !== 0) {
    t.skip(`the npm registry cannot be reached (npm ping: ${ping.output.trim().split('\n').pop() ?? ''})`);
    return;
  }
  const directory = mkdtempSync(join(tmpdir(), 'mediacapture-clone-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  const clone = join(directory, 'mediacapture');
  // The committed state: a clone of this repository at its HEAD commit, as CI checks out.
  const cloned = spawnSync('git', ['clone', '--quiet', '--no-checkout', REPOSITORY, clone], { encoding: 'utf8' });
  assert.equal(cloned.status, 0, cloned.stderr);
  const checkout = spawnSync('git', ['-C', clone, 'checkout', '--quiet', head.stdout.trim()], { encoding: 'utf8' });
  assert.equal(checkout.status, 0, checkout.stderr);
  // As on a fresh machine: no ffmpeg on PATH, so recording uses the one the optional dependency brings.
  const result = await run('bash', ['-c', main], clone, 240_000, pathWithoutFfmpeg(directory));
  assert.equal(result.code, 0, result.output);
  const file = join(clone, main.split(' ').pop() as string);
  assert.ok(existsSync(file), `${main} wrote no ${file}:\n${result.output}`);
  // A WebM starts with the EBML magic number.
  assert.deepEqual([...readFileSync(file).subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3]);
  if (noFfmpeg === false) {
    assert.deepEqual(
      probeStreams(file).map((s) => [s.codec_type, s.codec_name]),
      [
        ['video', 'vp8'],
        ['audio', 'opus'],
      ],
    );
    assert.ok(decodeFile(file).videoFrames >= 30);
  }
});
