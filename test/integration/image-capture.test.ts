// ImageCapture on the fake camera: photos (PNG or JPEG through sharp) at the track's size or a requested one, the photo
// capabilities and settings, grabbed frames, the errors of ended and audio tracks, and that nothing leaks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, test } from 'node:test';

import { ImageCapture, videoFrameFromImageBitmap, type MediaStreamTrack } from '../../src/index.js';
import { FAKE_CAMERA_COLOURS } from '../../src/sources/fake/camera-pattern.js';
import { setPhotoType } from '../../src/testing.js';
import { assertNoOpenFrames, captureTrack, fakeCapture, stopAndCheckLeaks, stopEverything } from './media-helpers.js';

afterEach(stopEverything);

/** The part of sharp the tests use to decode photos. */
interface SharpDecoder {
  raw(): SharpDecoder;
  toBuffer(options: { resolveWithObject: true }): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }>;
}
type Sharp = (input: Uint8Array) => SharpDecoder;

async function loadSharp(): Promise<Sharp | undefined> {
  const specifier = 'sharp';
  try {
    return ((await import(specifier)) as { default: Sharp }).default;
  } catch {
    return undefined;
  }
}
const sharp = await loadSharp();
const needsSharp = sharp === undefined ? 'sharp (an optional dependency) cannot be loaded here' : false;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Asserts that pixel (x, y) of an RGB(A) image is within ±6 of the fake camera's green field. */
function assertBackground(data: Uint8Array, width: number, channels: number, x: number, y: number): void {
  const offset = (y * width + x) * channels;
  const { r, g, b } = FAKE_CAMERA_COLOURS.background;
  const pixel = [data[offset], data[offset + 1], data[offset + 2]] as number[];
  for (const [index, expected] of [r, g, b].entries()) {
    assert.ok(Math.abs((pixel[index] ?? -100) - expected) <= 6, `pixel ${x},${y} is ${pixel.join(',')}, not ${r},${g},${b}`);
  }
}

/** Decodes a photo and checks its size and a background pixel (left of the pac-man, below the text). */
async function checkPhoto(photo: Blob, width: number, height: number, type = 'image/png'): Promise<void> {
  assert.equal(photo.type, type);
  const bytes = new Uint8Array(await photo.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, type === 'image/png' ? 8 : 3)], type === 'image/png' ? PNG_SIGNATURE : JPEG_SIGNATURE);
  assert.ok(sharp !== undefined);
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.width, width);
  assert.equal(info.height, height);
  assertBackground(data, info.width, info.channels, Math.round(width * 0.15), Math.round(height / 2));
}

describe('ImageCapture on the fake camera', () => {
  test('the constructor needs a MediaStreamTrack and keeps it as track', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    assert.throws(() => new ImageCapture({} as MediaStreamTrack), TypeError);
    assert.throws(() => new (ImageCapture as unknown as new () => ImageCapture)(), { name: 'TypeError', message: /1 argument required/ });
    assert.equal(new ImageCapture(track).track, track);
    assert.equal(Object.prototype.toString.call(new ImageCapture(track)), '[object ImageCapture]');
  });

  test('the constructor throws NotSupportedError for an audio track', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { audio: true });
    assert.throws(() => new ImageCapture(track), { name: 'NotSupportedError' });
  });

  test('takePhoto() gives a PNG of the next frame at the track size, showing the green field', { skip: needsSharp }, async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const photo = new ImageCapture(track).takePhoto();
    clock.advanceMs(100);
    await checkPhoto(await photo, 640, 480);
    await stopAndCheckLeaks(track);
  });

  test('takePhoto() honours a requested 320x240 and a lone imageWidth (keeping the aspect ratio)', { skip: needsSharp }, async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const capture = new ImageCapture(track);
    const small = capture.takePhoto({ imageWidth: 320, imageHeight: 240 });
    const wide = capture.takePhoto({ imageWidth: 1280 });
    clock.advanceMs(100);
    await checkPhoto(await small, 320, 240);
    await checkPhoto(await wide, 1280, 960);
    await stopAndCheckLeaks(track);
  });

  test('takePhoto() gives a JPEG after setPhotoType(capture, "image/jpeg"), and PNG again after "image/png"', { skip: needsSharp }, async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const capture = new ImageCapture(track);
    setPhotoType(capture, 'image/jpeg');
    const jpeg = capture.takePhoto({ imageWidth: 320, imageHeight: 240 });
    clock.advanceMs(100);
    await checkPhoto(await jpeg, 320, 240, 'image/jpeg');
    setPhotoType(capture, 'image/png');
    const png = capture.takePhoto();
    clock.advanceMs(100);
    await checkPhoto(await png, 640, 480);
    assert.throws(() => setPhotoType(capture, 'image/webp' as 'image/png'), TypeError);
    await stopAndCheckLeaks(track);
  });

  test('takePhoto() rejects settings outside the photo capabilities with UnknownError, taking no frame', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const capture = new ImageCapture(track);
    await assert.rejects(capture.takePhoto({ imageWidth: 4000 }), { name: 'UnknownError' });
    await assert.rejects(capture.takePhoto({ imageHeight: 50 }), { name: 'UnknownError' });
    await assert.rejects(capture.takePhoto({ fillLightMode: 'flash' }), { name: 'UnknownError' });
    await assert.rejects(capture.takePhoto({ redEyeReduction: true }), { name: 'UnknownError' });
    await assert.rejects(capture.takePhoto({ fillLightMode: 'strobe' as 'flash' }), TypeError);
    await stopAndCheckLeaks(track);
  });

  test('getPhotoCapabilities() gives 96–1920 x 96–1080 in steps of 1, no red-eye reduction and no fill light', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    assert.deepEqual(await new ImageCapture(track).getPhotoCapabilities(), {
      redEyeReduction: 'never',
      imageHeight: { min: 96, max: 1080, step: 1 },
      imageWidth: { min: 96, max: 1920, step: 1 },
      fillLightMode: [],
    });
  });

  test('getPhotoSettings() gives the track size and redEyeReduction false', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { width: 320, height: 240 } });
    assert.deepEqual(await new ImageCapture(track).getPhotoSettings(), {
      imageHeight: 240,
      imageWidth: 320,
      redEyeReduction: false,
    });
  });

  test('grabFrame() gives an ImageBitmap of the track size that becomes an RGBA VideoFrame', async () => {
    const { clock, md } = fakeCapture();
    const track = await captureTrack(md, { video: { width: 320, height: 180 } });
    const grabbed = new ImageCapture(track).grabFrame();
    clock.advanceMs(100);
    const bitmap = await grabbed;
    const { width, height } = track.getSettings();
    assert.equal(bitmap.width, width);
    assert.equal(bitmap.height, height);
    const frame = videoFrameFromImageBitmap(bitmap);
    assert.equal(frame.format, 'RGBA');
    const rgba = new Uint8Array(frame.allocationSize());
    await frame.copyTo(rgba);
    frame.close();
    assertBackground(rgba, bitmap.width, 4, Math.round(bitmap.width * 0.15), Math.round(bitmap.height / 2));
    bitmap.close();
    assert.equal(bitmap.width, 0);
    assert.throws(() => videoFrameFromImageBitmap(bitmap), { name: 'InvalidStateError' });
    await stopAndCheckLeaks(track);
  });

  test('every method rejects with InvalidStateError once the track is stopped', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const capture = new ImageCapture(track);
    track.stop();
    await assert.rejects(capture.takePhoto(), { name: 'InvalidStateError' });
    await assert.rejects(capture.grabFrame(), { name: 'InvalidStateError' });
    await assert.rejects(capture.getPhotoCapabilities(), { name: 'InvalidStateError' });
    await assert.rejects(capture.getPhotoSettings(), { name: 'InvalidStateError' });
  });

  test('a photo pending when the track stops rejects with OperationError and leaks no frame', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const photo = new ImageCapture(track).takePhoto();
    track.stop();
    await assert.rejects(photo, { name: 'OperationError' });
    await assertNoOpenFrames();
  });
});

/**
 * Runs `script` (an ES module; the package's index and testing modules are imported as `index` and `testing`) in a
 * child process whose imports of sharp go to `sharpUrl` (a module URL), or fail as a missing package when it is
 * undefined; returns what the child printed as JSON.
 */
function runWithSharp(sharpUrl: string | undefined, script: string): unknown {
  const resolution =
    sharpUrl === undefined
      ? 'throw Object.assign(new Error("Cannot find package \'sharp\'"), { code: "ERR_MODULE_NOT_FOUND" });'
      : `return { url: ${JSON.stringify(sharpUrl)}, shortCircuit: true };`;
  const hooks = `export async function resolve(specifier, context, next) { if (specifier === "sharp") { ${resolution} } return next(specifier, context); }`;
  const preload = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const imports =
    `import * as index from ${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)};\n` +
    `import * as testing from ${JSON.stringify(new URL('../../src/testing.js', import.meta.url).href)};\n`;
  const child = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, '--input-type=module', '-e', imports + script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as unknown;
}

/** Two takePhoto() calls, then grabFrame(): their errors, the bitmap's size and the frames left open. */
const PHOTO_SCRIPT = `
  const md = index.createMediaDevices({ devices: 'fake', permission: 'granted' });
  const stream = await md.getUserMedia({ video: true });
  const [track] = stream.getVideoTracks();
  const capture = new index.ImageCapture(track);
  const errors = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    await capture.takePhoto().then(() => errors.push(null), (error) => errors.push({ name: error.name, message: error.message }));
  }
  const bitmap = await capture.grabFrame();
  console.log(JSON.stringify({ errors, grabbed: [bitmap.width, bitmap.height], open: testing.openFrameCounts() }));
  bitmap.close();
  track.stop();
`;

describe('ImageCapture when sharp is missing or fails', () => {
  for (const [label, sharpUrl, name, message] of [
    [
      'without the optional dependency sharp, takePhoto() rejects with NotSupportedError saying how to install it',
      undefined,
      'NotSupportedError',
      /photos need the optional dependency sharp \(npm install sharp@[\d.]+\): Cannot find package 'sharp'/,
    ],
    [
      'when sharp fails to encode, takePhoto() rejects with UnknownError giving its reason',
      `data:text/javascript,${encodeURIComponent(
        'export default () => { const pipeline = { png: () => pipeline, jpeg: () => pipeline, ' +
          'toBuffer: async () => { throw new Error("simulated: vips ran out of memory"); } }; return pipeline; };',
      )}`,
      'UnknownError',
      /ImageCapture\.takePhoto: encoding failed: simulated: vips ran out of memory/,
    ],
  ] as const) {
    test(label, () => {
      const report = runWithSharp(sharpUrl, PHOTO_SCRIPT) as { errors: { name: string; message: string }[]; grabbed: number[]; open: object };
      assert.equal(report.errors.length, 2);
      for (const error of report.errors) {
        assert.equal(error.name, name);
        assert.match(error.message, message);
      }
      // The camera and grabFrame() go on working, and the frames the photos took are closed.
      assert.deepEqual(report.grabbed, [640, 480]);
      assert.deepEqual(report.open, { videoFrames: 0, audioData: 0 });
    });
  }
});
