// `mediacapture/global`: navigator.mediaDevices, the legacy navigator.getUserMedia, the interfaces on
// globalThis, and the opt-in URL.createObjectURL(stream). This file runs in its own process, so it may
// change globals.
import assert from 'node:assert/strict';
import { resolveObjectURL } from 'node:buffer';
import { describe, it } from 'node:test';

// A MediaStreamTrack from somewhere else exists before the import; it must survive it.
class ForeignMediaStreamTrack {}
Object.defineProperty(globalThis, 'MediaStreamTrack', {
  value: ForeignMediaStreamTrack,
  writable: true,
  enumerable: false,
  configurable: true,
});
const navigatorExisted = 'navigator' in globalThis;

const api = await import('../../../src/index.js');
const { exportedInterfaces } = await import('../../helpers/interfaces.js');
const { installGlobals, installLegacyObjectURL, mediaStreamFromObjectURL } = await import('../../../src/global.js');

interface LegacyNavigator {
  mediaDevices: InstanceType<typeof api.MediaDevices>;
  getUserMedia(constraints: unknown, success: (s: unknown) => void, failure: (e: DOMException) => void): void;
}

const globals = globalThis as unknown as Record<string, unknown> & { navigator: LegacyNavigator };

/** The classes index.js exports that browsers expose on the global object. */
function globalInterfaces(): [string, Function][] {
  return exportedInterfaces(api).filter(([name]) => name !== 'NavigatorUserMediaError');
}

function legacyError(constraints: unknown): Promise<DOMException> {
  return new Promise((resolve, reject) => {
    globals.navigator.getUserMedia(constraints, () => reject(new Error('unexpected success')), resolve);
  });
}

describe('navigator', () => {
  it('exists after the import, even where Node has none', () => {
    if (!navigatorExisted) {
      assert.equal(typeof globals.navigator, 'object');
      assert.equal(Object.prototype.toString.call(globals.navigator), '[object Navigator]');
      assert.equal(String(globals.navigator), '[object Navigator]');
      assert.equal(Object.getPrototypeOf(globals.navigator), Object.prototype);
      assert.equal(Object.prototype.hasOwnProperty.call(globals.navigator, 'mediaDevices'), true);
    }
    assert.ok(globals.navigator !== undefined);
  });

  it('has mediaDevices: the default MediaDevices object, the same each time', () => {
    assert.ok(globals.navigator.mediaDevices instanceof api.MediaDevices);
    assert.equal(globals.navigator.mediaDevices, api.mediaDevices);
    assert.equal(globals.navigator.mediaDevices, globals.navigator.mediaDevices);
  });

  it('defines mediaDevices as a read-only, enumerable, configurable accessor', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globals.navigator, 'mediaDevices');
    assert.equal(typeof descriptor?.get, 'function');
    assert.equal(descriptor?.set, undefined);
    assert.equal(descriptor?.enumerable, true);
    assert.equal(descriptor?.configurable, true);
  });

  it('has the legacy getUserMedia as a writable, enumerable, configurable method', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globals.navigator, 'getUserMedia');
    assert.equal(typeof descriptor?.value, 'function');
    assert.equal(descriptor?.writable, true);
    assert.equal(descriptor?.enumerable, true);
    assert.equal(descriptor?.configurable, true);
  });
});

describe('interfaces on globalThis', () => {
  it('installs every exported interface as a writable, configurable, non-enumerable property', () => {
    const interfaces = globalInterfaces().filter(([name]) => name !== 'MediaStreamTrack');
    assert.ok(interfaces.length >= 10);
    for (const [name, value] of interfaces) {
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
      assert.ok(descriptor !== undefined, `${name} is not on globalThis`);
      assert.equal(descriptor.value, value, name);
      assert.equal(descriptor.writable, true, name);
      assert.equal(descriptor.enumerable, false, name);
      assert.equal(descriptor.configurable, true, name);
    }
  });

  it('does not install the legacy NavigatorUserMediaError, which had no interface object', () => {
    assert.equal('NavigatorUserMediaError' in globalThis, false);
  });

  it('does not install the package’s helpers', () => {
    for (const name of ['createMediaDevices', 'mediaDevices', 'installGlobals', 'controlDevices']) {
      assert.equal(name in globalThis, false, name);
    }
  });

  it('leaves a property that existed before the import in place', () => {
    assert.equal(globals['MediaStreamTrack'], ForeignMediaStreamTrack);
  });

  it('leaves existing properties in place when installGlobals() runs again', () => {
    const before = globals['MediaStream'];
    globals['MediaStream'] = ForeignMediaStreamTrack;
    installGlobals();
    assert.equal(globals['MediaStreamTrack'], ForeignMediaStreamTrack);
    assert.equal(globals['MediaStream'], ForeignMediaStreamTrack);
    globals['MediaStream'] = before;
  });

  it('replaces existing properties with installGlobals({ replace: true })', () => {
    installGlobals({ replace: true });
    assert.equal(globals['MediaStreamTrack'], api.MediaStreamTrack);
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'MediaStreamTrack');
    assert.equal(descriptor?.enumerable, false);
    assert.equal(descriptor?.writable, true);
    assert.equal(descriptor?.configurable, true);
    assert.equal(globals.navigator.mediaDevices, api.mediaDevices);
  });
});

describe('installGlobals() and navigator.mediaDevices', () => {
  it('keeps the installed mediaDevices unless asked to replace it', () => {
    const other = api.createMediaDevices({ devices: 'fake' });
    installGlobals({ mediaDevices: other });
    assert.equal(globals.navigator.mediaDevices, api.mediaDevices);
  });

  it('installs another MediaDevices object, for mediaDevices and getUserMedia, with replace', async () => {
    const other = api.createMediaDevices({ devices: 'fake', permission: 'denied' });
    installGlobals({ replace: true, mediaDevices: other });
    try {
      assert.equal(globals.navigator.mediaDevices, other);
      const error = await legacyError({ video: true });
      assert.equal(error.name, 'NotAllowedError');
    } finally {
      installGlobals({ replace: true });
    }
    assert.equal(globals.navigator.mediaDevices, api.mediaDevices);
  });
});

describe('URL.createObjectURL(stream)', () => {
  it('is not accepted before installLegacyObjectURL()', () => {
    assert.throws(() => URL.createObjectURL(new api.MediaStream() as never), TypeError);
  });

  it('returns a blob: URL that resolves to the stream after installLegacyObjectURL()', () => {
    installLegacyObjectURL();
    const stream = new api.MediaStream();
    const url = URL.createObjectURL(stream as never);
    assert.match(url, /^blob:/);
    assert.equal(mediaStreamFromObjectURL(url), stream);
  });

  it('gives a new URL each time, even for the same stream', () => {
    const stream = new api.MediaStream();
    const first = URL.createObjectURL(stream as never);
    const second = URL.createObjectURL(stream as never);
    assert.notEqual(first, second);
    assert.equal(mediaStreamFromObjectURL(second), stream);
  });

  it('releases the stream when the URL is revoked, and only that URL', () => {
    const stream = new api.MediaStream();
    const revoked = URL.createObjectURL(stream as never);
    const kept = URL.createObjectURL(stream as never);
    URL.revokeObjectURL(revoked);
    assert.equal(mediaStreamFromObjectURL(revoked), undefined);
    assert.equal(mediaStreamFromObjectURL(kept), stream);
    URL.revokeObjectURL(kept);
  });

  it('still creates and revokes URLs for Blobs', async () => {
    const url = URL.createObjectURL(new Blob(['x']));
    assert.match(url, /^blob:/);
    assert.equal(await resolveObjectURL(url)?.text(), 'x');
    assert.equal(mediaStreamFromObjectURL(url), undefined);
    URL.revokeObjectURL(url);
    assert.equal(resolveObjectURL(url), undefined);
  });

  it('still rejects what is neither a Blob nor a MediaStream', () => {
    assert.throws(() => URL.createObjectURL({} as never), TypeError);
    assert.throws(() => URL.createObjectURL('blob' as never), TypeError);
  });

  it('does nothing when installed twice', () => {
    const createObjectURL = URL.createObjectURL;
    const revokeObjectURL = URL.revokeObjectURL;
    installLegacyObjectURL();
    assert.equal(URL.createObjectURL, createObjectURL);
    assert.equal(URL.revokeObjectURL, revokeObjectURL);
  });

  it('ignores revoking a URL it never made', () => {
    assert.doesNotThrow(() => URL.revokeObjectURL('blob:nodedata:00000000-0000-0000-0000-000000000000'));
    assert.doesNotThrow(() => URL.revokeObjectURL('not a url'));
    assert.equal(mediaStreamFromObjectURL('not a url'), undefined);
  });

  it('keeps URL.createObjectURL and URL.revokeObjectURL writable and configurable', () => {
    for (const name of ['createObjectURL', 'revokeObjectURL']) {
      const descriptor = Object.getOwnPropertyDescriptor(URL, name);
      assert.equal(descriptor?.writable, true, name);
      assert.equal(descriptor?.configurable, true, name);
      assert.equal(descriptor?.value.length, 1, name);
    }
  });
});
