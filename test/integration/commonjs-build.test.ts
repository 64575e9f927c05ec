// The CommonJS build (dist/cjs, scripts/build-cjs.mjs), as require() loads the package: Jest in its default mode
// and CommonJS programs. It must export what the ES modules export and work the same: the same frames, bit for
// bit, at the same virtual times. The package refers to itself by name, so these load the build in dist/ that
// `npm test` makes first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

type Package = typeof import('../../src/index.js');
type Testing = typeof import('../../src/testing.js');

const require = createRequire(import.meta.url);
const CJS_DIR = fileURLToPath(new URL('../../../dist/cjs/', import.meta.url));

/** The package's names, without the `default` that import() adds to a namespace. */
function names(module: object): string[] {
  return Object.keys(module)
    .filter((name) => name !== 'default')
    .sort();
}

/** The Y plane of the fake camera's frame at 1 s (slot 30) through `pkg` and `testing` (one build). */
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

test('require() resolves the package and its subpaths to the CommonJS build', () => {
  for (const [specifier, file] of [
    ['mediacapture', 'index.js'],
    ['mediacapture/testing', 'testing.js'],
    ['mediacapture/global', 'global.js'],
  ] as const) {
    assert.equal(require.resolve(specifier), join(CJS_DIR, file), specifier);
  }
  assert.deepEqual(JSON.parse(readFileSync(join(CJS_DIR, 'package.json'), 'utf8')), { type: 'commonjs' });
});

test('the CommonJS build exports the same names as the ES modules', async () => {
  for (const specifier of ['mediacapture', 'mediacapture/testing', 'mediacapture/global']) {
    const cjs = require(specifier) as object;
    const esm = (await import(specifier)) as object;
    assert.deepEqual(names(cjs), names(esm), specifier);
    assert.ok(names(cjs).length > 0, specifier);
  }
});

test('no module of the CommonJS build is left with import.meta or an ES module statement', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith('.js')) {
        files.push(path);
      }
    }
  };
  walk(CJS_DIR);
  assert.ok(files.length > 100, `${files.length} modules`);
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    assert.doesNotMatch(code, /\bimport\.meta\b/, file);
    assert.doesNotMatch(code, /^\s*(import|export)\s[^(]/m, file);
  }
});

test('the CommonJS build gives the same frames as the ES modules, bit for bit', async () => {
  const cjs = await frameAtOneSecond(require('mediacapture') as Package, require('mediacapture/testing') as Testing);
  const esm = await frameAtOneSecond(
    (await import('mediacapture' as string)) as Package,
    (await import('mediacapture/testing' as string)) as Testing,
  );
  assert.equal(cjs.timestamp, 1_000_000);
  assert.equal(esm.timestamp, 1_000_000);
  assert.equal(cjs.bytes.length, (320 * 240 * 3) / 2);
  assert.ok(Buffer.from(cjs.bytes).equals(Buffer.from(esm.bytes)), 'the same pixels');
  // A painted picture (field, wedge, text, squares), not a buffer left empty.
  assert.ok(new Set(cjs.bytes.subarray(0, 320 * 240)).size > 3);
});

test('the CommonJS build finds its optional packages and ffmpeg as the ES modules do (import.meta.url replaced)', async () => {
  const cjs = require('mediacapture') as Package;
  const esm = (await import('mediacapture' as string)) as Package;
  for (const type of ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'video/webm;codecs=vp8,opus', 'video/mp4']) {
    assert.equal(cjs.MediaRecorder.isTypeSupported(type), esm.MediaRecorder.isTypeSupported(type), type);
  }
});

test('each build is its own instance: a frame of one is not an instance of the other (documented in the README)', async () => {
  const cjs = require('mediacapture') as Package;
  const esm = (await import('mediacapture' as string)) as Package;
  assert.notEqual(cjs.VideoFrame, esm.VideoFrame);
  assert.notEqual(cjs.MediaStream, esm.MediaStream);
});
