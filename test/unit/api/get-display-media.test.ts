// MediaDevices.getDisplayMedia() (https://w3c.github.io/mediacapture-screen-share/#dom-mediadevices-getdisplaymedia)
// on the fake screen: option checks, permission "display-capture", the track's settings, capabilities and
// constraints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CaptureController, createMediaDevices, OverconstrainedError, type MediaDevices, type MediaStream } from '../../../src/index.js';
import type { PermissionRequest } from '../../../src/devices/permissions.js';
import { fake, rejectsNamed, stopAll } from '../../helpers/devices.js';

function getDisplayMedia(md: MediaDevices, options?: unknown): Promise<MediaStream> {
  return (md.getDisplayMedia as (options?: unknown) => Promise<MediaStream>).call(md, options);
}


describe('getDisplayMedia() option checks', () => {
  it('rejects video: false with a TypeError', async () => {
    const md = fake();
    await assert.rejects(getDisplayMedia(md, { video: false }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: false, audio: true }), TypeError);
  });

  it('rejects constraints with an advanced member with a TypeError', async () => {
    const md = fake();
    await assert.rejects(getDisplayMedia(md, { video: { advanced: [{ width: 1280 }] } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { advanced: [] } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { audio: { advanced: [{ channelCount: 2 }] } }), TypeError);
  });

  it('rejects min or exact on a property that applies to display surfaces with a TypeError', async () => {
    const md = fake();
    await assert.rejects(getDisplayMedia(md, { video: { width: { min: 640 } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { width: { exact: 1280 } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { frameRate: { min: 1, max: 30 } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { aspectRatio: { exact: 1.5 } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { resizeMode: { exact: 'none' } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { cursor: { exact: 'always' } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { displaySurface: { exact: 'monitor' } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { logicalSurface: { exact: true } } }), TypeError);
  });

  it('leaves min and exact on other properties to the constraints, which the surface then fails', async () => {
    const md = fake();
    // deviceId does not apply to display surfaces (their ids are never exposed): no TypeError, and no match.
    await assert.rejects(getDisplayMedia(md, { video: { deviceId: { exact: 'screen' } } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.equal(error.constraint, 'deviceId');
      return true;
    });
    // Audio constraints: audio is not shared, so they cannot fail.
    const stream = await getDisplayMedia(md, { video: true, audio: { sampleRate: { exact: 48000 } } });
    assert.equal(stream.getAudioTracks().length, 0);
    stopAll(stream);
  });

  it('rejects a max below the floor value with an OverconstrainedError naming the constraint', async () => {
    const md = fake();
    for (const name of ['width', 'height', 'frameRate', 'aspectRatio']) {
      await assert.rejects(getDisplayMedia(md, { video: { [name]: { max: 0 } } }), (error: unknown) => {
        assert.ok(error instanceof OverconstrainedError, String(error));
        assert.equal(error.constraint, name);
        return true;
      });
    }
    // One pixel and one frame a minute are allowed.
    const stream = await getDisplayMedia(md, { video: { height: { max: 1 }, frameRate: { max: 1 / 60 } } });
    const settings = stream.getVideoTracks()[0]?.getSettings();
    assert.equal(settings?.height, 1);
    // 1x1 and 2x1 both keep 16:9 to the nearest pixel; the larger is closer to the surface.
    assert.equal(settings?.width, 2);
    stopAll(stream);
  });

  it('rejects invalid enumeration values and a controller with a TypeError', async () => {
    const md = fake();
    await assert.rejects(getDisplayMedia(md, { monitorTypeSurfaces: 'never' }), TypeError);
    await assert.rejects(getDisplayMedia(md, { selfBrowserSurface: 'yes' }), TypeError);
    await assert.rejects(getDisplayMedia(md, { surfaceSwitching: 'on' }), TypeError);
    await assert.rejects(getDisplayMedia(md, { systemAudio: true }), TypeError);
    await assert.rejects(getDisplayMedia(md, { controller: {} }), TypeError);
  });

  it('accepts every valid value of the hint options, converting them (preferCurrentTab to a boolean)', async () => {
    const md = fake();
    let preferCurrentTabReads = 0;
    const options = {
      get preferCurrentTab() {
        preferCurrentTabReads++;
        return 'yes';
      },
      selfBrowserSurface: 'exclude',
      surfaceSwitching: 'include',
      systemAudio: 'exclude',
      monitorTypeSurfaces: 'include',
    };
    const stream = await getDisplayMedia(md, options);
    assert.equal(preferCurrentTabReads, 1);
    assert.equal(stream.getVideoTracks()[0]?.getSettings().displaySurface, 'monitor');
    stopAll(stream);
  });

  it('rejects a non-object argument with a TypeError', async () => {
    const md = fake();
    await assert.rejects(getDisplayMedia(md, 5), TypeError);
    await assert.rejects(getDisplayMedia(md, 'screen'), TypeError);
  });

  it('rejects with the TypeError even with permission denied', async () => {
    const md = createMediaDevices({ devices: 'fake', permission: 'denied' });
    await assert.rejects(getDisplayMedia(md, { video: false }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { height: { exact: 720 } } }), TypeError);
  });

  it('returns a rejected promise rather than throwing', () => {
    const promise = getDisplayMedia(fake(), { video: false });
    assert.ok(promise instanceof Promise);
    return assert.rejects(promise, TypeError);
  });

  it('rejects with a TypeError when called on an object that is not a MediaDevices', async () => {
    await assert.rejects(fake().getDisplayMedia.call({} as MediaDevices), TypeError);
  });
});

describe('getDisplayMedia() on the fake screen', () => {
  it('gives one video track of the whole 1920x1080 monitor when called without options (video defaults to true)', async () => {
    for (const options of [undefined, {}, null, { video: true }, { audio: true }, { video: true, audio: false }]) {
      const stream = await getDisplayMedia(fake(), options);
      assert.equal(stream.getTracks().length, 1);
      const [track] = stream.getVideoTracks();
      assert.ok(track);
      assert.equal(track.kind, 'video');
      assert.equal(track.label, 'screen:0:0');
      const settings = track.getSettings();
      assert.equal(settings.width, 1920);
      assert.equal(settings.height, 1080);
      assert.equal(settings.frameRate, 20);
      assert.equal(settings.resizeMode, 'none');
      assert.equal(settings.displaySurface, 'monitor');
      assert.equal(settings.logicalSurface, true);
      assert.equal(settings.cursor, 'never');
      stopAll(stream);
    }
  });

  it('reports capabilities as the spec says: the surface size, one aspect ratio, both resize modes, the lone surface type', async () => {
    const stream = await getDisplayMedia(fake({ devices: 'fps=30' }));
    const track = stream.getVideoTracks()[0];
    assert.ok(track);
    const capabilities = track.getCapabilities();
    assert.deepEqual(capabilities.width, { min: 1, max: 1920 });
    assert.deepEqual(capabilities.height, { min: 1, max: 1080 });
    assert.deepEqual(capabilities.frameRate, { min: 1 / 60, max: 30 });
    assert.deepEqual(capabilities.aspectRatio, { min: 1.7777777778, max: 1.7777777778 });
    assert.deepEqual(capabilities.resizeMode, ['none', 'crop-and-scale']);
    assert.equal(capabilities.displaySurface, 'monitor');
    assert.equal(capabilities.logicalSurface, true);
    assert.deepEqual(capabilities.cursor, ['never']);
    assert.equal(track.getSettings().frameRate, 30);
    stopAll(stream);
  });

  it('downscales keeping the aspect ratio, never crops, and decimates the frame rate', async () => {
    const md = fake();
    const stream = await getDisplayMedia(md, { video: { width: 640, height: 640, frameRate: 5 } });
    const track = stream.getVideoTracks()[0];
    assert.ok(track);
    let settings = track.getSettings();
    assert.equal(settings.resizeMode, 'crop-and-scale');
    assert.equal(settings.frameRate, 5);
    const [width, height] = [settings.width as number, settings.height as number];
    assert.ok(Math.round((height * 1920) / 1080) === width || Math.round((width * 1080) / 1920) === height, `${width}x${height}`);
    assert.ok(Math.abs((settings.aspectRatio as number) - 1920 / 1080) < 0.01);
    await track.applyConstraints({ height: { max: 101 } });
    settings = track.getSettings();
    assert.equal(settings.height, 101);
    assert.equal(settings.width, 180);
    assert.deepEqual(track.getCapabilities().aspectRatio, { min: settings.aspectRatio, max: settings.aspectRatio });
    stopAll(stream);
  });

  it('lets applyConstraints use min and exact, and fails with OverconstrainedError beyond the surface', async () => {
    const stream = await getDisplayMedia(fake());
    const track = stream.getVideoTracks()[0];
    assert.ok(track);
    await track.applyConstraints({ width: { exact: 960 } });
    assert.equal(track.getSettings().height, 540);
    await assert.rejects(track.applyConstraints({ width: { min: 3840 } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.equal(error.constraint, 'width');
      return true;
    });
    await assert.rejects(track.applyConstraints({ cursor: { exact: 'always' } }), OverconstrainedError);
    assert.equal(track.getSettings().width, 960);
    stopAll(stream);
  });

  it('never fails on the displaySurface constraint, which only states a preference', async () => {
    const stream = await getDisplayMedia(fake(), { video: { displaySurface: 'window' } });
    const track = stream.getVideoTracks()[0];
    assert.ok(track);
    assert.equal(track.getSettings().displaySurface, 'monitor');
    await track.applyConstraints({ displaySurface: { exact: 'browser' } });
    assert.equal(track.getSettings().displaySurface, 'monitor');
    assert.deepEqual(track.getConstraints(), { displaySurface: { exact: 'browser' } });
    stopAll(stream);
  });

  it('opens a new source on each call, shared by clones', async () => {
    const md = fake();
    const first = await getDisplayMedia(md);
    const second = await getDisplayMedia(md, { video: { width: 320 } });
    const [a] = first.getVideoTracks();
    const [b] = second.getVideoTracks();
    assert.ok(a && b);
    assert.equal(a.getSettings().width, 1920);
    assert.equal(b.getSettings().width, 320);
    const clone = a.clone();
    assert.equal(clone.getSettings().width, 1920);
    stopAll(first);
    assert.equal(clone.readyState, 'live');
    clone.stop();
    stopAll(second);
  });

  it('does not list display surfaces in enumerateDevices() nor expose camera information', async () => {
    const md = fake();
    const stream = await getDisplayMedia(md);
    const devices = await md.enumerateDevices();
    assert.ok(devices.every((d) => d.label === '' && d.deviceId === ''), JSON.stringify(devices));
    stopAll(stream);
  });
});

describe('getDisplayMedia() and the "display-capture" permission', () => {
  it('rejects with NotAllowedError when display capture is denied, without asking', async () => {
    let asked = 0;
    const md = createMediaDevices({
      devices: 'fake',
      permission: { camera: 'granted', microphone: 'granted', 'display-capture': 'denied' },
      onPrompt: () => {
        asked++;
        return 'granted';
      },
    });
    await rejectsNamed(getDisplayMedia(md), 'NotAllowedError');
    assert.equal(asked, 0);
    // Cameras are unaffected.
    const camera = await md.getUserMedia({ video: true });
    stopAll(camera);
  });

  it('follows MEDIACAPTURE_PERMISSION-style single answers: denied rejects, granted accepts', async () => {
    await rejectsNamed(getDisplayMedia(createMediaDevices({ devices: 'fake', permission: 'denied' })), 'NotAllowedError');
    const stream = await getDisplayMedia(createMediaDevices({ devices: 'fake', permission: 'granted' }));
    stopAll(stream);
  });

  it('asks the prompt handler on every call, offering the surfaces, and never stores a grant', async () => {
    const requests: PermissionRequest[] = [];
    let answer: 'granted' | 'denied' = 'granted';
    const md = createMediaDevices({
      devices: 'fake',
      permission: 'prompt',
      onPrompt: (request) => {
        requests.push(request);
        return answer;
      },
    });
    const stream = await getDisplayMedia(md);
    assert.deepEqual(requests, [{ name: 'display-capture', deviceLabels: ['screen:0:0'] }]);
    const again = await getDisplayMedia(md);
    assert.equal(requests.length, 2);
    answer = 'denied';
    await rejectsNamed(getDisplayMedia(md), 'NotAllowedError');
    assert.equal(requests.length, 3);
    stopAll(stream);
    stopAll(again);
  });

  it('reads "prompt" for display-capture even when every prompt is accepted', async () => {
    const { controlDevices } = await import('../../../src/testing.js');
    const md = createMediaDevices({ devices: 'fake', permission: 'granted' });
    assert.equal(controlDevices(md).permission('display-capture'), 'prompt');
  });

  it('ends running display captures when display capture becomes denied', async () => {
    const { controlDevices } = await import('../../../src/testing.js');
    const md = createMediaDevices({ devices: 'fake', permission: 'granted' });
    const stream = await getDisplayMedia(md);
    const track = stream.getVideoTracks()[0];
    assert.ok(track);
    const ended = new Promise((resolve) => track.addEventListener('ended', resolve));
    controlDevices(md).setPermission('display-capture', 'denied');
    await ended;
    assert.equal(track.readyState, 'ended');
  });
});

describe('CaptureController', () => {
  it('binds to one getDisplayMedia() call: a second call with it rejects with InvalidStateError', async () => {
    const md = fake();
    const controller = new CaptureController();
    const stream = await getDisplayMedia(md, { controller });
    await rejectsNamed(getDisplayMedia(md, { controller }), 'InvalidStateError');
    stopAll(stream);
  });

  it('stays bound after a call that failed later, and is checked before video: false', async () => {
    const md = createMediaDevices({ devices: 'fake', permission: 'denied' });
    const controller = new CaptureController();
    await rejectsNamed(getDisplayMedia(md, { controller }), 'NotAllowedError');
    await rejectsNamed(getDisplayMedia(md, { controller, video: false }), 'InvalidStateError');
  });

  it('takes a focus behavior before capture, and refuses one for a captured monitor', async () => {
    const controller = new CaptureController();
    controller.setFocusBehavior('no-focus-change');
    assert.throws(() => controller.setFocusBehavior('sideways' as never), TypeError);
    assert.throws(() => (controller.setFocusBehavior as () => void)(), TypeError);
    const stream = await getDisplayMedia(fake(), { controller });
    assert.throws(
      () => controller.setFocusBehavior('focus-captured-surface'),
      (error: unknown) => error instanceof DOMException && error.name === 'InvalidStateError',
    );
    stopAll(stream);
    assert.throws(
      () => controller.setFocusBehavior('focus-capturing-application'),
      (error: unknown) => error instanceof DOMException && error.name === 'InvalidStateError',
    );
  });

  it('is an EventTarget with the WebIDL shape', () => {
    const controller = new CaptureController();
    assert.ok(controller instanceof EventTarget);
    assert.equal(Object.prototype.toString.call(controller), '[object CaptureController]');
    assert.throws(() => CaptureController.prototype.setFocusBehavior.call({}, 'no-focus-change'), TypeError);
  });
});
