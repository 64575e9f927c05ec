#!/usr/bin/env node
/**
 * V8's code cache for the bundle: dist/cjs/mediacapture.js.cache, which dist/cjs/load.js hands to V8 when it runs
 * the bundle. `npm run build` runs this after build-cjs.mjs. It compiles the bundle as load.js does, runs what
 * most programs run first (importing the package's entry points, enumerateDevices, a getUserMedia for audio and
 * video on the fake devices, a frame and an audio chunk through MediaStreamTrackProcessor, a clone, a
 * crop-and-scale, stop) on a VirtualClock, and writes the bytecode V8 compiled for it. With the cache, importing
 * the package and its first getUserMedia skip parsing and compiling those functions; anything else compiles as
 * usual on first use.
 *
 * The file is one header line, `<SHA-256 of the bundle> <SHA-256 of the data> <V8 version>`, then V8's data. V8
 * checks its own version and flags and the source's length; load.js checks the rest (V8's release builds do not
 * check the data itself). A cache is only good for the V8 that made it: a
 * package built with Node 20 gives no cache to Node 22, which then compiles the bundle as it would without one.
 */

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'cjs');
const bundle = path.join(outDir, 'mediacapture.js');
const require = createRequire(import.meta.url);
// load.js's own wrapper, so that the cache is of the very script load.js compiles.
const { wrap } = require(path.join(outDir, 'load.js'));

const bytes = fs.readFileSync(bundle);
const script = new vm.Script(wrap(bytes.toString('latin1')), { filename: bundle });
const bundleModule = { exports: {} };
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, outDir);
const load = bundleModule.exports;

const { createMediaDevices, MediaStreamTrackProcessor } = load('index.js');
const { VirtualClock } = load('testing.js');
const clock = new VirtualClock();
const mediaDevices = createMediaDevices({ devices: 'fps=30', clock });
await mediaDevices.enumerateDevices();
const stream = await mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480, frameRate: 30 } });
const [video] = stream.getVideoTracks();
const [audio] = stream.getAudioTracks();
const clone = video.clone();
await clone.applyConstraints({ width: 320, height: 240 });
for (const track of [video, clone, audio]) {
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
  const read = reader.read();
  clock.advanceMs(40);
  const { value } = await read;
  if (value === undefined) {
    throw new Error(`build-code-cache: no ${track.kind} frame came`);
  }
  value.close();
  track.getSettings();
  track.getCapabilities();
  reader.releaseLock();
}
for (const track of [...stream.getTracks(), clone]) {
  track.stop();
}

const data = script.createCachedData();
const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');
const header = `${sha256(bytes)} ${sha256(data)} ${process.versions.v8}\n`;
fs.writeFileSync(`${bundle}.cache`, Buffer.concat([Buffer.from(header, 'latin1'), data]));
process.stderr.write(`build-code-cache: ${Math.round(data.length / 1024)} KB of V8 code cache for V8 ${process.versions.v8}\n`);
