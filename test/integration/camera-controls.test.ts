// The camera controls of mediacapture-image on the fake camera (https://w3c.github.io/mediacapture-image/#extensions):
// capabilities and settings as Chromium's fake camera reports them, applyConstraints on them, pan-tilt-zoom
// permission, one value per device shared by clones and later tracks, and pan, tilt and zoom visibly moving the
// picture of frames read through MediaStreamTrackProcessor.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';

import { createMediaDevices, OverconstrainedError, type MediaStreamTrack } from '../../src/index.js';
import { VirtualClock } from '../../src/testing.js';
import { drawFakeCameraFrame } from '../../src/sources/fake/camera-pattern.js';
import { DEFAULT_FAKE_CAMERA_VIEW, type FakeCameraView } from '../../src/sources/fake/camera-wedge.js';
import { closeAll, i420Bytes, patternOf, remember, stopAndCheckLeaks, stopEverything, Tap, captureTrack, fakeCapture } from './media-helpers.js';

afterEach(stopEverything);

const FPS = 30;

/** Asserts that applyConstraints rejects with an OverconstrainedError naming `constraint`. */
async function rejectsOverconstrained(promise: Promise<unknown>, constraint: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OverconstrainedError, String(error));
    assert.equal(error.constraint, constraint);
    return true;
  });
}

describe('camera controls of the fake camera', () => {
  test('a track without pan-tilt-zoom permission reports Chromium\'s exposure and focus controls, and no pan, tilt or zoom', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: true });
    const capabilities = track.getCapabilities();
    assert.deepEqual(capabilities.exposureMode, ['manual', 'continuous']);
    assert.deepEqual(capabilities.focusMode, ['manual', 'continuous']);
    assert.deepEqual(capabilities.exposureTime, { min: 10, max: 100, step: 5 });
    assert.deepEqual(capabilities.focusDistance, { min: 10, max: 100, step: 5 });
    for (const name of ['pan', 'tilt', 'zoom', 'torch', 'iso', 'whiteBalanceMode', 'pointsOfInterest']) {
      assert.equal(name in capabilities, false, name);
    }
    const settings = track.getSettings();
    assert.equal(settings.exposureMode, 'manual');
    assert.equal(settings.focusMode, 'manual');
    assert.equal(settings.exposureTime, 50);
    assert.equal(settings.focusDistance, 50);
    assert.deepEqual(settings.pointsOfInterest, []);
    assert.equal('zoom' in settings, false);
    await stopAndCheckLeaks(track);
  });

  test('{pan: true} asks for pan-tilt-zoom permission; granted, the track has pan, tilt and zoom 100–400 at 100', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { pan: true } });
    const capabilities = track.getCapabilities();
    for (const name of ['pan', 'tilt', 'zoom'] as const) {
      assert.deepEqual(capabilities[name], { min: 100, max: 400, step: 1 }, name);
      assert.equal(track.getSettings()[name], 100, name);
    }
    await stopAndCheckLeaks(track);
  });

  test('the camera prompt carries panTiltZoom when the constraints name pan, tilt or zoom other than false', async () => {
    const requests: unknown[] = [];
    const md = createMediaDevices({
      devices: 'fake',
      clock: new VirtualClock(),
      permission: 'prompt',
      onPrompt: (request) => {
        requests.push({ name: request.name, panTiltZoom: request.panTiltZoom === true });
        return 'granted';
      },
    });
    const plain = await captureTrack(md, { video: { zoom: false } });
    const ptz = await captureTrack(md, { video: { advanced: [{ tilt: 150 }] } });
    assert.deepEqual(requests, [
      { name: 'camera', panTiltZoom: false },
      { name: 'camera', panTiltZoom: true },
    ]);
    assert.equal('tilt' in plain.getSettings(), false);
    assert.equal(ptz.getSettings().tilt, 150);
    await stopAndCheckLeaks(plain, ptz);
  });

  test('with pan-tilt-zoom denied getUserMedia still succeeds, and the track does not support pan, tilt or zoom', async () => {
    const md = createMediaDevices({
      devices: `fps=${FPS}`,
      clock: new VirtualClock(),
      permission: { camera: 'granted', microphone: 'granted', panTiltZoom: 'denied' },
    });
    const track = await captureTrack(md, { video: { pan: 200, zoom: true } });
    assert.equal('pan' in track.getCapabilities(), false);
    assert.equal('pan' in track.getSettings(), false);
    await rejectsOverconstrained(track.applyConstraints({ pan: { exact: 200 } }), 'pan');
    await track.applyConstraints({ zoom: 300, exposureTime: 20 });
    assert.equal('zoom' in track.getSettings(), false);
    assert.equal(track.getSettings().exposureTime, 20);
    await stopAndCheckLeaks(track);
  });

  test('hardware-support (Chromium\'s fake option) leaves out the controls it does not name', async () => {
    const zoomOnly = createMediaDevices({ devices: 'hardware-support=zoom', clock: new VirtualClock(), permission: 'granted' });
    const track = await captureTrack(zoomOnly, { video: { pan: true } });
    assert.deepEqual(track.getCapabilities().zoom, { min: 100, max: 400, step: 1 });
    assert.equal('pan' in track.getCapabilities(), false);
    assert.equal('tilt' in track.getSettings(), false);
    const none = createMediaDevices({ devices: { hardwareSupport: [] }, clock: new VirtualClock(), permission: 'granted' });
    const plain = await captureTrack(none, { video: { zoom: 200 } });
    assert.equal('zoom' in plain.getSettings(), false);
    assert.equal(plain.getSettings().exposureTime, 50);
    await stopAndCheckLeaks(track, plain);
  });

  test('getUserMedia applies ideal values of the controls, and refuses required ones as for any non-selection property', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { zoom: 250, exposureMode: 'continuous', focusDistance: 33 } });
    const settings = track.getSettings();
    assert.deepEqual([settings.zoom, settings.exposureMode, settings.focusDistance], [250, 'continuous', 35]);
    await assert.rejects(md.getUserMedia({ video: { exposureTime: { exact: 50 } } }), TypeError);
    await stopAndCheckLeaks(track);
  });
});

describe('applyConstraints with camera controls', () => {
  test('values round-trip through getSettings, and getConstraints returns what was applied', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { pan: true } });
    const constraints = {
      exposureMode: 'continuous',
      exposureTime: 75,
      focusMode: { exact: 'continuous' },
      focusDistance: { min: 60, ideal: 10 },
      pointsOfInterest: [{ x: 2, y: 0.5 }, { x: 0.25 }],
      pan: 120,
      tilt: { exact: 399 },
      zoom: 101.6,
    };
    await track.applyConstraints(constraints);
    const settings = track.getSettings();
    assert.deepEqual(
      [settings.exposureMode, settings.exposureTime, settings.focusMode, settings.focusDistance, settings.pan, settings.tilt, settings.zoom],
      ['continuous', 75, 'continuous', 60, 120, 399, 102],
    );
    assert.deepEqual(settings.pointsOfInterest, [{ x: 1, y: 0.5 }, { x: 0.25, y: 0 }]);
    assert.deepEqual(track.getConstraints().pointsOfInterest, [{ x: 2, y: 0.5 }, { x: 0.25, y: 0 }]);
    await stopAndCheckLeaks(track);
  });

  test('exact values off the grid or outside the range reject with OverconstrainedError and change nothing', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { pan: true } });
    await track.applyConstraints({ exposureTime: 30, zoom: 150 });
    await rejectsOverconstrained(track.applyConstraints({ exposureTime: { exact: 52 } }), 'exposureTime');
    await rejectsOverconstrained(track.applyConstraints({ exposureTime: { exact: 105 } }), 'exposureTime');
    await rejectsOverconstrained(track.applyConstraints({ zoom: { exact: 50 }, focusDistance: 20 }), 'zoom');
    await rejectsOverconstrained(track.applyConstraints({ exposureMode: { exact: 'single-shot' } }), 'exposureMode');
    await rejectsOverconstrained(track.applyConstraints({ torch: { exact: true } }), 'torch');
    const settings = track.getSettings();
    assert.deepEqual([settings.exposureTime, settings.zoom, settings.focusDistance], [30, 150, 50]);
    assert.deepEqual(track.getConstraints(), { exposureTime: 30, zoom: 150 });
    await stopAndCheckLeaks(track);
  });

  test('constraints that do not name a control keep its current value', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { pan: true } });
    await track.applyConstraints({ zoom: 300, exposureTime: 15 });
    await track.applyConstraints({ width: 320, height: 240 });
    const settings = track.getSettings();
    assert.deepEqual([settings.width, settings.zoom, settings.exposureTime], [320, 300, 15]);
    await stopAndCheckLeaks(track);
  });

  test('controls belong to the device: clones and later tracks of it see one value', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { pan: true } });
    const clone = remember(track.clone());
    await track.applyConstraints({ zoom: 300, focusMode: 'continuous' });
    assert.equal(clone.getSettings().zoom, 300);
    assert.equal(clone.getSettings().focusMode, 'continuous');
    assert.deepEqual(clone.getCapabilities().zoom, { min: 100, max: 400, step: 1 });
    await clone.applyConstraints({ tilt: 222 });
    assert.equal(track.getSettings().tilt, 222);
    const later = await captureTrack(md, { video: { pan: true } });
    assert.equal(later.getSettings().zoom, 300);
    await stopAndCheckLeaks(track, clone, later);
  });

  test('a value that breaks another live track\'s required constraint on the control is refused until that track ends', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { pan: true } });
    const clone = remember(track.clone());
    await clone.applyConstraints({ zoom: { exact: 300 } });
    await rejectsOverconstrained(track.applyConstraints({ zoom: { exact: 200 } }), 'zoom');
    await track.applyConstraints({ zoom: 200 });
    assert.equal(track.getSettings().zoom, 300, 'an ideal value yields to the other track\'s exact one');
    clone.stop();
    await track.applyConstraints({ zoom: { exact: 200 } });
    assert.equal(track.getSettings().zoom, 200);
    await stopAndCheckLeaks(track);
  });

  test('an ended track keeps only its inherent settings', async () => {
    const { md } = fakeCapture();
    const track = await captureTrack(md, { video: { pan: true } });
    track.stop();
    assert.deepEqual(Object.keys(track.getSettings()).sort(), ['deviceId', 'groupId']);
    await stopAndCheckLeaks(track);
  });
});

/** The Y, U and V bytes the fake camera draws for frame `slot` in `view`. */
function expectedFrame(width: number, height: number, slot: number, view: FakeCameraView): Uint8Array {
  const bytes = new Uint8Array((width * height * 3) / 2);
  drawFakeCameraFrame(bytes, width, height, (slot * 1e6) / FPS, slot, view);
  return bytes;
}

/** A frame's slot and luma plane. */
interface Frame {
  readonly slot: number;
  readonly luma: Uint8Array;
}

/** Reads the frames of the next `ms`, and checks each is exactly the drawing of its slot in `view`. */
async function checkFrames(tap: Tap, clock: VirtualClock, ms: number, view: FakeCameraView): Promise<Frame[]> {
  clock.advanceMs(ms);
  const frames = await tap.drainVideo();
  assert.ok(frames.length >= 2, `only ${frames.length} frames`);
  const lumas: Frame[] = [];
  try {
    for (const frame of frames) {
      assert.deepEqual([frame.displayWidth, frame.displayHeight], [640, 480]);
      // The slot from the timestamp (the virtual clock starts at 0); the printed counter agrees where it reads (a
      // big wedge next to the text can hide it from the reader).
      const slot = Math.round((frame.timestamp * FPS) / 1e6);
      const printed = await patternOf(frame);
      assert.ok(printed === undefined || printed.frameNumber === slot, `frame ${slot} reads ${JSON.stringify(printed)}`);
      const bytes = await i420Bytes(frame);
      const expected = expectedFrame(640, 480, slot, view);
      assert.ok(Buffer.from(bytes).equals(Buffer.from(expected)), `frame ${slot} is not the drawing in ${JSON.stringify(view)}`);
      lumas.push({ slot, luma: bytes.subarray(0, 640 * 480) });
    }
  } finally {
    closeAll(frames);
  }
  return lumas;
}

/** pan and tilt 400 move the wedge a whole frame right and down: the picture without it. */
const NO_WEDGE: FakeCameraView = { pan: 400, tilt: 400, zoom: 100 };

/**
 * The wedge's pixels in a frame (the luma samples that differ from the drawing of the same slot without the wedge),
 * counted inside and outside the disc at (centreX, centreY) of `radius`.
 */
function wedgeWithin(frame: Frame, centreX: number, centreY: number, radius: number): { inside: number; outside: number } {
  const bare = expectedFrame(640, 480, frame.slot, NO_WEDGE);
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < 480; y++) {
    for (let x = 0; x < 640; x++) {
      if (frame.luma[y * 640 + x] !== bare[y * 640 + x]) {
        if (Math.hypot(x + 0.5 - centreX, y + 0.5 - centreY) <= radius + 1) {
          inside++;
        } else {
          outside++;
        }
      }
    }
  }
  return { inside, outside };
}

describe('pan, tilt and zoom move the fake camera\'s picture', () => {
  test('zoom scales the wedge from the top-left corner, pan and tilt shift it, as Chromium\'s matrix does; frames stay exact', async () => {
    const { clock, md } = fakeCapture(FPS);
    const track = await captureTrack(md, { video: { width: 640, height: 480, pan: true } });
    const tap = new Tap(track);
    const before = await checkFrames(tap, clock, 200, DEFAULT_FAKE_CAMERA_VIEW);
    await track.applyConstraints({ zoom: 200 });
    const zoomed = await checkFrames(tap, clock, 200, { pan: 100, tilt: 100, zoom: 200 });
    // The disc of radius 120 at (320, 240) becomes one of radius 240 at (640, 480).
    // Only the disc's upper-left quarter is in the frame, so a sweep under 180° shows nothing.
    assert.ok(zoomed.every((frame) => wedgeWithin(frame, 640, 480, 240).outside === 0));
    assert.ok(zoomed.some((frame) => wedgeWithin(frame, 640, 480, 240).inside > 0));
    assert.ok(before.some((frame) => wedgeWithin(frame, 640, 480, 240).outside > 0), 'the unzoomed wedge lies elsewhere');
    // pan 250 shifts right by (250 - 100) * 640 / 300 = 320; tilt 175 down by 75 * 480 / 300 = 120.
    await track.applyConstraints({ zoom: 100, pan: 250, tilt: 175 });
    const moved = await checkFrames(tap, clock, 200, { pan: 250, tilt: 175, zoom: 100 });
    assert.ok(moved.every((frame) => wedgeWithin(frame, 640, 360, 120).outside === 0));
    assert.ok(moved.some((frame) => wedgeWithin(frame, 640, 360, 120).inside > 0));
    // Back to the start: pooled buffers drawn in another view are drawn whole again.
    await track.applyConstraints({ pan: 100, tilt: 100 });
    await checkFrames(tap, clock, 300, DEFAULT_FAKE_CAMERA_VIEW);
    await stopAndCheckLeaks(track);
  });

  test('a clone without constraints of its own sees the zoom another track applied', async () => {
    const { clock, md } = fakeCapture(FPS);
    const track = await captureTrack(md, { video: { width: 640, height: 480, zoom: 300 } });
    const clone = remember(track.clone());
    const tap = new Tap(clone);
    await checkFrames(tap, clock, 200, { pan: 100, tilt: 100, zoom: 300 });
    await stopAndCheckLeaks(track, clone);
  });
});
