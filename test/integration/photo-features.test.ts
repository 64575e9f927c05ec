// Fill light, red-eye reduction and torch (https://w3c.github.io/mediacapture-image/#photocapabilities-section and
// #dom-mediatrackcapabilities-torch) on cameras that have them: what getPhotoCapabilities(), getPhotoSettings() and
// the track report, and takePhoto() honouring (or refusing) the photo settings asked for.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { ImageCapture, OverconstrainedError, type MediaDevices } from '../../src/index.js';
import { controlDevices, type PhotoFeatures } from '../../src/testing.js';
import { captureTrack, fakeCapture, remember, stopAndCheckLeaks, stopEverything } from './media-helpers.js';

afterEach(stopEverything);

const needsSharp = await import('sharp' as string).then(
  () => false,
  () => 'sharp (an optional dependency) cannot be loaded here',
);

/** Adds a camera with `photo` features and a torch, and returns a track from it. */
async function cameraWith(md: MediaDevices, photo: PhotoFeatures, torch: readonly boolean[] = [false, true]) {
  const device = controlDevices(md).addDevice({ kind: 'videoinput', label: 'Flash camera', controls: { torch }, photo });
  return captureTrack(md, { video: { deviceId: { exact: device.deviceId } } });
}

describe('fill light and red-eye reduction', () => {
  test('getPhotoCapabilities() lists the camera\'s fill light modes and red-eye reduction; getPhotoSettings() the first mode', async () => {
    const { md } = fakeCapture();
    const track = await cameraWith(md, { fillLightModes: ['auto', 'off', 'flash'], redEyeReduction: 'controllable' });
    const capture = new ImageCapture(track);
    const capabilities = await capture.getPhotoCapabilities();
    assert.deepEqual(capabilities.fillLightMode, ['auto', 'off', 'flash']);
    assert.equal(capabilities.redEyeReduction, 'controllable');
    const settings = await capture.getPhotoSettings();
    assert.deepEqual(Object.keys(settings), ['fillLightMode', 'imageHeight', 'imageWidth', 'redEyeReduction']);
    assert.equal(settings.fillLightMode, 'auto');
    assert.equal(settings.redEyeReduction, false);
    await stopAndCheckLeaks(track);
  });

  test('takePhoto() with a supported fill light mode and red-eye reduction configures the camera for later photos', { skip: needsSharp }, async () => {
    const { clock, md } = fakeCapture();
    const track = await cameraWith(md, { fillLightModes: ['off', 'flash'], redEyeReduction: 'controllable' });
    const capture = new ImageCapture(track);
    const photo = capture.takePhoto({ fillLightMode: 'flash', redEyeReduction: true });
    clock.advanceMs(100);
    assert.equal((await photo).type, 'image/png');
    const settings = await capture.getPhotoSettings();
    assert.deepEqual([settings.fillLightMode, settings.redEyeReduction], ['flash', true]);
    // Another ImageCapture of the same camera sees the same configuration: it is the device's.
    const clone = remember(track.clone());
    assert.equal((await new ImageCapture(clone).getPhotoSettings()).fillLightMode, 'flash');
    await stopAndCheckLeaks(track, clone);
  });

  test('takePhoto() refuses a mode the camera lacks, and red-eye reduction it cannot switch, with UnknownError', async () => {
    const { md } = fakeCapture();
    const track = await cameraWith(md, { fillLightModes: ['off'], redEyeReduction: 'always' });
    const capture = new ImageCapture(track);
    await assert.rejects(capture.takePhoto({ fillLightMode: 'flash' }), { name: 'UnknownError' });
    await assert.rejects(capture.takePhoto({ redEyeReduction: false }), { name: 'UnknownError' });
    const settings = await capture.getPhotoSettings();
    assert.deepEqual([settings.fillLightMode, settings.redEyeReduction], ['off', true]);
    await stopAndCheckLeaks(track);
  });
});

describe('torch', () => {
  test('a camera that can light reports torch [false, true], starts off, and applyConstraints turns it on', async () => {
    const { md } = fakeCapture();
    const track = await cameraWith(md, { fillLightModes: ['flash'], redEyeReduction: 'never' });
    assert.deepEqual(track.getCapabilities().torch, [false, true]);
    assert.equal(track.getSettings().torch, false);
    await track.applyConstraints({ torch: true });
    assert.equal(track.getSettings().torch, true);
    await stopAndCheckLeaks(track);
  });

  test('a torch that cannot turn off reports [true], and {torch: {exact: false}} is overconstrained', async () => {
    const { md } = fakeCapture();
    const track = await cameraWith(md, { fillLightModes: [], redEyeReduction: 'never' }, [true]);
    assert.deepEqual(track.getCapabilities().torch, [true]);
    await assert.rejects(track.applyConstraints({ torch: { exact: false } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.equal(error.constraint, 'torch');
      return true;
    });
    await stopAndCheckLeaks(track);
  });

  test('the fake camera, as Chromium\'s, has no torch and no fill light', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    assert.equal('torch' in track.getCapabilities(), false);
    assert.deepEqual((await new ImageCapture(track).getPhotoCapabilities()).fillLightMode, []);
    await stopAndCheckLeaks(track);
  });
});
