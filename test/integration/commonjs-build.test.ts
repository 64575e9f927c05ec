// The package's runtime build (dist/cjs, scripts/build-cjs.mjs): one CommonJS bundle of the modules of src/, with
// its source map, entry points for require() (Jest in its default mode, CommonJS programs), and ES-module entry
// points that re-export them for import, so both load one instance. It must export what the sources export and work as they do: the same frames, bit for bit, at the same
// virtual times as the ES modules of src/ that the rest of the suite tests. The package refers to itself by name,
// so these load the build in dist/ that `npm test` makes first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as sourcePackage from '../../src/index.js';
import * as sourceTesting from '../../src/testing.js';

type Package = typeof sourcePackage;
type Testing = typeof sourceTesting;

const require = createRequire(import.meta.url);
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const CJS_DIR = join(REPOSITORY, 'dist', 'cjs');

/** The package's names, without the `default` that import() adds to a namespace. */
function names(module: object): string[] {
  return Object.keys(module)
    .filter((name) => name !== 'default')
    .sort();
}

/** The bytes of the fake camera's 320x240 frame at 1 s (slot 30), through `pkg` and `testing` (one build). */
async function frameAtOneSecond(pkg: Package, testing: Testing): Promise<{ bytes: Uint8Array; timestamp: number }> {
  const clock = new testing.VirtualClock();
  const md = pkg.createMediaDevices({ devices: 'fps=30', clock });
  const stream = await md.getUserMedia({ video: { width: 320, height: 240 } });
  const [track] = stream.getVideoTracks();
  assert.ok(track !== undefined);
  const reader = new pkg.MediaStreamTrackProcessor({ track }).readable.getReader();
  // The processor keeps the newest frame (maxBufferSize 1): the pending read gets the one at 1 s.
  const read = reader.read();
  clock.advanceMs(1000);
  const { value: frame } = await read;
  assert.ok(frame instanceof pkg.VideoFrame, 'a VideoFrame of the same build');
  const bytes = new Uint8Array(frame.allocationSize());
  await frame.copyTo(bytes);
  const timestamp = frame.timestamp;
  frame.close();
  track.stop();
  await reader.cancel();
  assert.deepEqual(testing.openFrameCounts(), { videoFrames: 0, audioData: 0 });
  return { bytes, timestamp };
}

test('require() and import resolve the package and its subpaths to the build in dist/cjs', () => {
  for (const entry of ['index', 'testing', 'global']) {
    const specifier = entry === 'index' ? 'mediacapture' : `mediacapture/${entry}`;
    assert.equal(require.resolve(specifier), join(CJS_DIR, `${entry}.js`), specifier);
    assert.equal(fileURLToPath(import.meta.resolve(specifier)), join(CJS_DIR, `${entry}.mjs`), specifier);
  }
  assert.deepEqual(JSON.parse(readFileSync(join(CJS_DIR, 'package.json'), 'utf8')), { type: 'commonjs' });
});

test('require() and import give the names the sources export, and the same objects', async () => {
  const sources: Record<string, object> = {
    mediacapture: sourcePackage,
    'mediacapture/testing': sourceTesting,
    'mediacapture/global': await import('../../src/global.js'),
  };
  for (const [specifier, source] of Object.entries(sources)) {
    const required = require(specifier) as Record<string, unknown>;
    const imported = (await import(specifier)) as Record<string, unknown>;
    assert.deepEqual(names(required), names(source), specifier);
    assert.deepEqual(names(imported), names(source), specifier);
    for (const name of names(source)) {
      assert.equal(imported[name], required[name], `${specifier}: ${name}`);
    }
  }
});

/** The .ts files of src/ that the build holds (all but the command's), as paths under src/. */
function sourceModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string, relative: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== 'cli') {
          walk(join(dir, entry.name), path);
        }
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        found.push(path);
      }
    }
  };
  walk(join(REPOSITORY, 'src'), '');
  return found.sort();
}

test('the build is one bundle of every module of src/, with no import.meta, import() or ES module statement left', () => {
  const javascript = readdirSync(CJS_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => /\.m?js$/.test(file));
  assert.deepEqual(javascript.sort(), ['global.js', 'global.mjs', 'index.js', 'index.mjs', 'load.js', 'mediacapture.js', 'testing.js', 'testing.mjs']);
  const bundle = readFileSync(join(CJS_DIR, 'mediacapture.js'), 'utf8');
  const bundled = [...bundle.matchAll(/^"([^"]+)\.js": \[/gm)].map((match) => `${match[1]}.ts`);
  assert.deepEqual(bundled.sort(), sourceModules());
  assert.doesNotMatch(bundle, /\bimport\.meta\b/);
  // load.js runs the bundle as a vm.Script, which has no loader for import() on Node 20.
  assert.doesNotMatch(bundle, /\bimport\s*\(/);
  assert.doesNotMatch(bundle, /^\s*(import|export)\s[^(]/m);
});

test('dist/ holds one copy of the package: the command is the only other JavaScript, and it loads the package by name', () => {
  const dist = join(REPOSITORY, 'dist');
  const javascript = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => /\.m?js$/.test(file));
  const outside = javascript.filter((file) => !file.startsWith(`cjs${sep}`) && !file.startsWith(`cli${sep}`));
  assert.deepEqual(outside, []);
  for (const file of javascript.filter((name) => name.startsWith(`cli${sep}`))) {
    const code = readFileSync(join(dist, file), 'utf8');
    assert.doesNotMatch(code, /from '\.\.\//, `${file} imports the package by name, not by path`);
  }
  assert.match(readFileSync(join(dist, 'cli', 'main.js'), 'utf8'), /from 'mediacapture\/testing'/);
});

test("the bundle's source map leads each declaration to its line in src/", () => {
  const bundle = readFileSync(join(CJS_DIR, 'mediacapture.js'), 'utf8').split('\n');
  const map = new SourceMap(JSON.parse(readFileSync(join(CJS_DIR, 'mediacapture.js.map'), 'utf8')) as SourceMapPayload);
  const sourceLines = new Map<string, string[]>();
  const checked = new Set<string>();
  bundle.forEach((line, index) => {
    const declaration = /^\s*(?:export\s+)?(?:async\s+)?(function\*?|class)\s+([A-Za-z_$][\w$]*)/.exec(line);
    if (declaration === null) {
      return;
    }
    const entry = map.findEntry(index, line.search(/\S/)) as { originalSource?: string; originalLine?: number };
    assert.ok(entry.originalSource !== undefined && entry.originalLine !== undefined, `bundle line ${index + 1}: ${line}`);
    const source = join(CJS_DIR, entry.originalSource);
    let lines = sourceLines.get(source);
    if (lines === undefined) {
      lines = readFileSync(source, 'utf8').split('\n');
      sourceLines.set(source, lines);
    }
    const [, keyword = '', name = ''] = declaration;
    const declared = `${keyword === 'class' ? 'class' : 'function\\*?'}\\s+${name.replaceAll('$', '\\$')}(?![\\w$])`;
    assert.match(lines[entry.originalLine] ?? '', new RegExp(declared), `${name} at ${source}:${entry.originalLine + 1}`);
    checked.add(source);
  });
  assert.ok(checked.size > 100, `declarations checked in ${checked.size} files`);
  // The loader and the lines between modules come from no source.
  const loader = bundle.findIndex((line) => line.startsWith('module.exports = function load('));
  assert.equal((map.findEntry(loader + 1, 2) as { originalSource?: string }).originalSource, undefined);
});

test('the bundle is ASCII: other characters become escapes that mean the same, and the map still leads to their columns', () => {
  const text = readFileSync(join(CJS_DIR, 'mediacapture.js'), 'utf8');
  // One character outside ASCII would make V8 keep the whole source as a two-byte string.
  assert.doesNotMatch(text, /[^\x00-\x7f]/);
  const map = new SourceMap(JSON.parse(readFileSync(join(CJS_DIR, 'mediacapture.js.map'), 'utf8')) as SourceMapPayload);
  let checked = 0;
  text.split('\n').forEach((line, index) => {
    const escape = /\\u(?!00[0-7])[0-9a-f]{4}/g;
    let last = -1;
    for (const match of line.matchAll(escape)) {
      last = (match.index ?? 0) + match[0].length;
    }
    if (last < 0) {
      return;
    }
    // A template's substitution after the last escape: the map must lead to that identifier in the source.
    const after = /\$\{([A-Za-z_$][\w$]*)/g;
    after.lastIndex = last;
    const substitution = after.exec(line);
    if (substitution === null) {
      return;
    }
    const column = (substitution.index ?? 0) + 2;
    const entry = map.findEntry(index, column) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    assert.ok(entry.originalSource !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined);
    const sourceLine = readFileSync(join(CJS_DIR, entry.originalSource), 'utf8').split('\n')[entry.originalLine] ?? '';
    assert.equal(sourceLine.slice(entry.originalColumn, entry.originalColumn + (substitution[1] ?? '').length), substitution[1], `bundle line ${index + 1}`);
    checked++;
  });
  assert.ok(checked >= 2, `${checked} escaped lines checked`);
  // The escape is the same character at run time.
  const load = require(join(CJS_DIR, 'mediacapture.js')) as (id: string) => Record<string, (...args: unknown[]) => void>;
  const { drawFakeCameraFrame } = load('sources/fake/camera-pattern.js');
  assert.throws(() => drawFakeCameraFrame?.(new Uint8Array(64 * 64 * 2), 64, 64, -1, 0), { message: /finite number ≥ 0, got -1$/ });
});

/** In a fresh Node (with `flags`), what load.js in `dir` said of the code cache, a getUserMedia's tracks and the message of `new MediaStreamTrack()`. */
function loadIn(dir: string, flags: string[] = []): { codeCache: string; kinds: string; illegal: string } {
  const script = `
    const { load, codeCache } = require(${JSON.stringify(join(dir, 'load.js'))});
    const { createMediaDevices, MediaStreamTrack } = load('index.js');
    let illegal = '';
    try { new MediaStreamTrack(); } catch (error) { illegal = error.message; }
    createMediaDevices({ devices: 'fps=30' }).getUserMedia({ audio: true, video: true }).then((stream) => {
      const kinds = stream.getTracks().map((track) => track.kind).join(',');
      stream.getTracks().forEach((track) => track.stop());
      console.log(JSON.stringify({ codeCache, kinds, illegal }));
    });
  `;
  return JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', timeout: 30_000 })) as { codeCache: string; kinds: string; illegal: string };
}

test("the bundle runs with the build's V8 code cache wherever the package is, and compiles as usual where the cache does not fit", () => {
  assert.deepEqual(loadIn(CJS_DIR), { codeCache: 'used', kinds: 'audio,video', illegal: 'Illegal constructor' });
  const scratch = mkdtempSync(join(tmpdir(), 'mediacapture-code-cache-'));
  try {
    const copy = (name: string): string => {
      const dir = join(scratch, name);
      cpSync(CJS_DIR, dir, { recursive: true });
      return dir;
    };
    // The cache is not tied to where the package is installed.
    assert.equal(loadIn(copy('moved')).codeCache, 'used');
    // A bundle edited in place (as patch-package does), even to the same length, runs as edited.
    const edited = copy('edited');
    const bundle = join(edited, 'mediacapture.js');
    const text = readFileSync(bundle, 'latin1');
    assert.ok(text.includes("'Illegal constructor'"));
    writeFileSync(bundle, text.replaceAll("'Illegal constructor'", "'Illegal Constructor'"), 'latin1');
    assert.deepEqual(loadIn(edited), { codeCache: 'not used: the bundle is not the one it was made from', kinds: 'audio,video', illegal: 'Illegal Constructor' });
    // Damaged data never reaches V8.
    const damaged = copy('damaged');
    const cache = readFileSync(join(damaged, 'mediacapture.js.cache'));
    cache[cache.length - 100] = (cache[cache.length - 100] ?? 0) ^ 0xff;
    writeFileSync(join(damaged, 'mediacapture.js.cache'), cache);
    assert.equal(loadIn(damaged).codeCache, 'not used: the cache file is damaged');
    // V8 refuses a cache made under other flags, and compiles the bundle.
    assert.deepEqual(loadIn(CJS_DIR, ['--max-old-space-size=200']), { codeCache: 'rejected by V8', kinds: 'audio,video', illegal: 'Illegal constructor' });
    // A bundler may copy load.js and the cache and inline the bundle's require: then the bundle is not beside them.
    const inlined = copy('inlined');
    const loader = join(inlined, 'load.js');
    writeFileSync(loader, readFileSync(loader, 'utf8').replace('require("./mediacapture.js")', `require(${JSON.stringify(join(CJS_DIR, 'mediacapture.js'))})`));
    rmSync(join(inlined, 'mediacapture.js'));
    assert.deepEqual(loadIn(inlined), { codeCache: 'not used: no bundle file beside it', kinds: 'audio,video', illegal: 'Illegal constructor' });
    const without = copy('without');
    rmSync(join(without, 'mediacapture.js.cache'));
    assert.deepEqual(loadIn(without), { codeCache: 'not used: no cache file', kinds: 'audio,video', illegal: 'Illegal constructor' });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('with --enable-source-maps, a stack leads into src/', () => {
  assert.equal(loadIn(CJS_DIR, ['--enable-source-maps']).codeCache, 'not used: source maps are enabled');
  const script = `
    const { MediaStreamTrack } = require('mediacapture');
    try { new MediaStreamTrack(); } catch (error) { console.log(error.stack); }
  `;
  const stack = execFileSync(process.execPath, ['--enable-source-maps', '-e', script], { cwd: REPOSITORY, encoding: 'utf8', timeout: 30_000 });
  const frame = /\((\/[^()]+\/src\/api\/media-stream-track\.ts):(\d+):\d+\)/.exec(stack);
  assert.ok(frame !== null, stack);
  const [, file = '', line] = frame;
  assert.match(readFileSync(file, 'utf8').split('\n')[Number(line) - 1] ?? '', /assertInternal|constructor|super/, stack);
});

test('the build gives the same frames as the sources, bit for bit', async () => {
  const built = await frameAtOneSecond(require('mediacapture') as Package, require('mediacapture/testing') as Testing);
  const source = await frameAtOneSecond(sourcePackage, sourceTesting);
  assert.equal(built.timestamp, 1_000_000);
  assert.equal(source.timestamp, 1_000_000);
  assert.equal(built.bytes.length, (320 * 240 * 3) / 2);
  assert.ok(Buffer.from(built.bytes).equals(Buffer.from(source.bytes)), 'the same pixels');
  // A painted picture (field, wedge, text, squares), not a buffer left empty.
  assert.ok(new Set(built.bytes.subarray(0, 320 * 240)).size > 3);
});

test('the build finds its optional packages and ffmpeg as the sources do (import.meta.url replaced)', () => {
  const built = require('mediacapture') as Package;
  for (const type of ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'video/webm;codecs=vp8,opus', 'video/mp4']) {
    assert.equal(built.MediaRecorder.isTypeSupported(type), sourcePackage.MediaRecorder.isTypeSupported(type), type);
  }
});

test('importing mediacapture/global installs the instance that require() gives', () => {
  // In a process of its own: this one has imported src/global.js, which installs the sources' instance.
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(process.cwd() + '/');
    const before = typeof globalThis.MediaStream;
    const global = await import('mediacapture/global');
    const pkg = require('mediacapture');
    console.log(JSON.stringify({
      before,
      sameInstall: global.installGlobals === require('mediacapture/global').installGlobals,
      mediaDevices: navigator.mediaDevices === pkg.mediaDevices && navigator.mediaDevices instanceof pkg.MediaDevices,
      mediaStream: globalThis.MediaStream === pkg.MediaStream,
    }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPOSITORY, encoding: 'utf8', timeout: 30_000 });
  assert.deepEqual(JSON.parse(output), { before: 'undefined', sameInstall: true, mediaDevices: true, mediaStream: true });
});
