// The legacy navigator.getUserMedia(constraints, successCallback, errorCallback)
// (https://w3c.github.io/mediacapture-main/#navigatorusermedia-interface-extensions), as installed by
// `mediacapture/global` on the default MediaDevices object. This file runs in its own process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

// The default instance reads the environment when first imported: give it the fake devices.
process.env['MEDIACAPTURE_FAKE_DEVICES'] = '1';
process.env['MEDIACAPTURE_PERMISSION'] = 'granted';
await import('../../../src/global.js');
const { MediaStream, NavigatorUserMediaError, mediaDevices } = await import('../../../src/index.js');
const { controlDevices } = await import('../../../src/testing.js');

type Callback = (value: unknown) => void;
type LegacyGetUserMedia = (constraints: unknown, success?: unknown, failure?: unknown) => void;

const navigatorObject = (globalThis as unknown as { navigator: { getUserMedia: LegacyGetUserMedia } }).navigator;

/** Calls navigator.getUserMedia and settles with whichever callback is called first. */
function legacyCall(constraints: unknown): Promise<{ outcome: 'success' | 'error'; value: unknown }> {
  return new Promise((resolve) => {
    navigatorObject.getUserMedia(
      constraints,
      ((value) => resolve({ outcome: 'success', value })) as Callback,
      ((value) => resolve({ outcome: 'error', value })) as Callback,
    );
  });
}

async function legacyError(constraints: unknown): Promise<InstanceType<typeof NavigatorUserMediaError>> {
  const { outcome, value } = await legacyCall(constraints);
  assert.equal(outcome, 'error');
  assert.ok(value instanceof NavigatorUserMediaError);
  return value;
}

function stopAll(stream: InstanceType<typeof MediaStream>): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}

describe('navigator.getUserMedia()', () => {
  it('is a method of navigator that takes three arguments', () => {
    assert.equal(typeof navigatorObject.getUserMedia, 'function');
    assert.equal(navigatorObject.getUserMedia.length, 3);
  });

  it('calls the success callback with a MediaStream and returns undefined', async () => {
    let stream: unknown;
    const done = new Promise<void>((resolve) => {
      const result: unknown = navigatorObject.getUserMedia(
        { video: true, audio: true },
        (value: unknown) => {
          stream = value;
          resolve();
        },
        () => assert.fail('the error callback was called'),
      );
      assert.equal(result, undefined);
    });
    await done;
    assert.ok(stream instanceof MediaStream);
    assert.deepEqual(
      stream.getTracks().map((t) => t.kind),
      ['audio', 'video'],
    );
    stopAll(stream);
  });

  it('calls back later, never before returning', () => {
    let called = false;
    navigatorObject.getUserMedia(
      { video: true },
      (stream: InstanceType<typeof MediaStream>) => {
        called = true;
        stopAll(stream);
      },
      () => {
        called = true;
      },
    );
    assert.equal(called, false);
  });

  it('uses the same devices as navigator.mediaDevices', async () => {
    const { outcome, value } = await legacyCall({ video: true });
    assert.equal(outcome, 'success');
    const stream = value as InstanceType<typeof MediaStream>;
    const cameras = (await mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    assert.equal(stream.getVideoTracks()[0]?.getSettings().deviceId, cameras[0]?.deviceId);
    stopAll(stream);
  });

  it('throws a TypeError at once when callbacks are missing, and calls nothing', () => {
    assert.throws(() => navigatorObject.getUserMedia({ video: true }), TypeError);
    assert.throws(
      () =>
        navigatorObject.getUserMedia({ video: true }, () => {
          assert.fail('the success callback was called');
        }),
      TypeError,
    );
    assert.throws(() => navigatorObject.getUserMedia({ video: true }, undefined, undefined), TypeError);
  });

  it('throws a TypeError at once when a callback is not callable', () => {
    const ok = (): void => {};
    assert.throws(() => navigatorObject.getUserMedia({ video: true }, 'success', ok), TypeError);
    assert.throws(() => navigatorObject.getUserMedia({ video: true }, ok, {}), TypeError);
    assert.throws(() => navigatorObject.getUserMedia({ video: true }, null, ok), TypeError);
  });

  it('throws a TypeError at once when the constraints are not a dictionary, and calls nothing', async () => {
    let calls = 0;
    const count = (): void => {
      calls++;
    };
    assert.throws(() => navigatorObject.getUserMedia(5, count, count), TypeError);
    assert.throws(() => navigatorObject.getUserMedia('video', count, count), TypeError);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls, 0);
  });

  it('reads the constraints dictionary once, when called', async () => {
    let reads = 0;
    const constraints = {
      get video(): boolean {
        reads++;
        return true;
      },
    };
    const done = new Promise<void>((resolve) => {
      navigatorObject.getUserMedia(
        constraints,
        (stream: InstanceType<typeof MediaStream>) => {
          stopAll(stream);
          resolve();
        },
        () => resolve(),
      );
      assert.equal(reads, 1);
    });
    await done;
    assert.equal(reads, 1);
  });

  it('calls the error callback with a TypeError-named error when nothing is requested', async () => {
    const error = await legacyError({});
    assert.equal(error.name, 'TypeError');
    assert.equal(error.constraintName, '');
  });

  it('calls the error callback with a NavigatorUserMediaError, a DOMException, for NotFoundError', async () => {
    const control = controlDevices(mediaDevices);
    const camera = control.devices().find((d) => d.kind === 'videoinput');
    assert.ok(camera !== undefined);
    control.removeDevice(camera);
    try {
      const error = await legacyError({ video: true });
      assert.ok(error instanceof DOMException);
      assert.equal(error.name, 'NotFoundError');
      assert.equal(error.constraintName, '');
      assert.notEqual(error.message, '');
    } finally {
      control.addDevice({ kind: 'videoinput', label: camera.label, id: camera.id, isDefault: true });
    }
  });

  it('calls the error callback with NotAllowedError when permission is denied', async () => {
    const control = controlDevices(mediaDevices);
    control.setPermission('microphone', 'denied');
    try {
      const error = await legacyError({ audio: true });
      assert.equal(error.name, 'NotAllowedError');
      assert.equal(error.constraintName, '');
    } finally {
      control.setPermission('microphone', 'granted');
    }
  });

  it('gives the failed constraint in constraintName for an OverconstrainedError after a capture', async () => {
    const { value } = await legacyCall({ video: true });
    stopAll(value as InstanceType<typeof MediaStream>);
    const error = await legacyError({ video: { width: { exact: 99999 } } });
    assert.equal(error.name, 'OverconstrainedError');
    assert.equal(error.constraintName, 'width');
  });
});
