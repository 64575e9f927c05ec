// MediaDevices.getDisplayMedia() option checks
// (https://w3c.github.io/mediacapture-screen-share/#dom-mediadevices-getdisplaymedia) and
// MediaDevices.selectAudioOutput() (https://w3c.github.io/mediacapture-output/#dom-mediadevices-selectaudiooutput).
// Screen capture and output selection are not implemented yet: valid calls reject with NotSupportedError.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createMediaDevices, type MediaDevices } from '../../../src/index.js';

function fake(): MediaDevices {
  return createMediaDevices({ devices: 'fake', permission: 'granted' });
}

function getDisplayMedia(md: MediaDevices, options?: unknown): Promise<unknown> {
  return (md.getDisplayMedia as (options?: unknown) => Promise<unknown>).call(md, options);
}

async function rejectsNamed(promise: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DOMException, `expected a DOMException, got ${String(error)}`);
    assert.equal(error.name, name);
    return true;
  });
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

  it('rejects a constraint with min or exact with a TypeError', async () => {
    const md = fake();
    await assert.rejects(getDisplayMedia(md, { video: { width: { min: 640 } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { width: { exact: 1280 } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { frameRate: { min: 1, max: 30 } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: { deviceId: { exact: 'screen' } } }), TypeError);
    await assert.rejects(getDisplayMedia(md, { video: true, audio: { sampleRate: { exact: 48000 } } }), TypeError);
  });

  it('rejects a non-object argument with a TypeError', async () => {
    const md = fake();
    await assert.rejects(getDisplayMedia(md, 5), TypeError);
    await assert.rejects(getDisplayMedia(md, 'screen'), TypeError);
  });

  it('rejects with the TypeError even with no devices and permission denied', async () => {
    const md = createMediaDevices({ devices: 'system', permission: 'denied' });
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

describe('getDisplayMedia() with valid options', () => {
  it('rejects with NotSupportedError when no options are given (video defaults to true)', async () => {
    await rejectsNamed(getDisplayMedia(fake()), 'NotSupportedError');
    await rejectsNamed(getDisplayMedia(fake(), {}), 'NotSupportedError');
    await rejectsNamed(getDisplayMedia(fake(), null), 'NotSupportedError');
  });

  it('rejects with NotSupportedError for video: true, with or without audio', async () => {
    const md = fake();
    await rejectsNamed(getDisplayMedia(md, { video: true }), 'NotSupportedError');
    await rejectsNamed(getDisplayMedia(md, { audio: true }), 'NotSupportedError');
    await rejectsNamed(getDisplayMedia(md, { video: true, audio: false }), 'NotSupportedError');
  });

  it('accepts max and ideal, and bare values, before rejecting with NotSupportedError', async () => {
    const md = fake();
    await rejectsNamed(
      getDisplayMedia(md, { video: { width: { max: 1920, ideal: 1280 }, frameRate: 30 }, audio: { channelCount: 2 } }),
      'NotSupportedError',
    );
  });

  it('ignores members that are undefined and constraints it does not know', async () => {
    const md = fake();
    await rejectsNamed(getDisplayMedia(md, { video: { width: { min: undefined, max: 1920 } } }), 'NotSupportedError');
    await rejectsNamed(getDisplayMedia(md, { video: { cursor: { exact: 'always' } } }), 'NotSupportedError');
    await rejectsNamed(getDisplayMedia(md, { video: { advanced: undefined } }), 'NotSupportedError');
  });
});

describe('selectAudioOutput()', () => {
  it('rejects with NotSupportedError', async () => {
    const md = fake();
    await rejectsNamed(md.selectAudioOutput(), 'NotSupportedError');
    await rejectsNamed(md.selectAudioOutput({}), 'NotSupportedError');
    await rejectsNamed(md.selectAudioOutput({ deviceId: 'default' }), 'NotSupportedError');
  });

  it('rejects a non-object argument with a TypeError', async () => {
    await assert.rejects(fake().selectAudioOutput(5 as never), TypeError);
  });

  it('rejects with a TypeError when called on an object that is not a MediaDevices', async () => {
    await assert.rejects(fake().selectAudioOutput.call({} as MediaDevices), TypeError);
  });
});
