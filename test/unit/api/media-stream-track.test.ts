import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMediaDevices,
  type InputDeviceInfo,
  MediaStreamTrack,
  MediaStreamTrackAudioStats,
  MediaStreamTrackVideoStats,
  OverconstrainedError,
  type MediaDevices,
} from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';
import { drainTasks } from '../../helpers/devices.js';

/** One track of `kind` from a fresh MediaDevices object with the fake devices. */
async function capture(
  kind: 'audio' | 'video',
  constraints: boolean | Record<string, unknown> = true,
): Promise<{ md: MediaDevices; track: MediaStreamTrack }> {
  const md = createMediaDevices({ devices: 'fake' });
  const track = await trackFrom(md, kind, constraints);
  return { md, track };
}

async function trackFrom(
  md: MediaDevices,
  kind: 'audio' | 'video',
  constraints: boolean | Record<string, unknown> = true,
): Promise<MediaStreamTrack> {
  const stream = await md.getUserMedia({ [kind]: constraints });
  const [track] = stream.getTracks();
  assert.ok(track !== undefined);
  return track;
}

/** Counts the events of `type` at `track`, through a listener. */
function countEvents(track: MediaStreamTrack, type: string): { count: number } {
  const counter = { count: 0 };
  track.addEventListener(type, () => counter.count++);
  return counter;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('MediaStreamTrack interface shape', () => {
  it('has every IDL member as an enumerable property of the prototype', () => {
    const members = [
      'kind',
      'id',
      'label',
      'enabled',
      'muted',
      'onmute',
      'onunmute',
      'readyState',
      'onended',
      'clone',
      'stop',
      'getCapabilities',
      'getConstraints',
      'getSettings',
      'applyConstraints',
      'contentHint',
      'stats',
    ];
    for (const member of members) {
      const descriptor = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, member);
      assert.ok(descriptor !== undefined, `${member} is missing`);
      assert.equal(descriptor.enumerable, true, `${member} is not enumerable`);
    }
  });

  it('has setters only for enabled, contentHint and the event handlers', () => {
    const settable = new Set(['enabled', 'contentHint', 'onmute', 'onunmute', 'onended']);
    for (const name of ['kind', 'id', 'label', 'enabled', 'muted', 'readyState', 'contentHint', 'stats', 'onmute', 'onunmute', 'onended']) {
      const descriptor = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, name);
      assert.equal(typeof descriptor?.get, 'function', `${name} has no getter`);
      assert.equal(descriptor?.set !== undefined, settable.has(name), `${name} setter`);
    }
  });

  it('extends EventTarget and is tagged "MediaStreamTrack" by Object.prototype.toString', async () => {
    const { track } = await capture('audio');
    assert.ok(track instanceof EventTarget);
    assert.ok(track instanceof MediaStreamTrack);
    assert.equal(Object.prototype.toString.call(track), '[object MediaStreamTrack]');
  });

  it('cannot be constructed from script', () => {
    const Ctor = MediaStreamTrack as unknown as new (...args: unknown[]) => unknown;
    assert.throws(() => new Ctor(), { name: 'TypeError', message: 'Illegal constructor' });
    assert.throws(() => new Ctor(Symbol('mediacapture.internal'), {}, {}), { name: 'TypeError', message: 'Illegal constructor' });
  });

  it('throws a TypeError from getters, setters and methods called on something that is not a track', async () => {
    const proto = MediaStreamTrack.prototype;
    const accessor = (name: string): PropertyDescriptor => Object.getOwnPropertyDescriptor(proto, name) as PropertyDescriptor;
    for (const name of ['kind', 'id', 'label', 'enabled', 'muted', 'readyState', 'contentHint', 'stats', 'onended']) {
      assert.throws(() => accessor(name).get?.call({}), TypeError, name);
    }
    assert.throws(() => accessor('enabled').set?.call({}, false), TypeError);
    assert.throws(() => accessor('contentHint').set?.call({}, 'speech'), TypeError);
    assert.throws(() => accessor('onmute').set?.call({}, () => {}), TypeError);
    for (const method of ['clone', 'stop', 'getCapabilities', 'getConstraints', 'getSettings'] as const) {
      assert.throws(() => (proto[method] as () => unknown).call({}), TypeError, method);
    }
    await assert.rejects(proto.applyConstraints.call({} as MediaStreamTrack, {}), TypeError);
  });
});

describe('MediaStreamTrack kind, id and label', () => {
  it('gives "audio" for a microphone track and "video" for a camera track', async () => {
    assert.equal((await capture('audio')).track.kind, 'audio');
    assert.equal((await capture('video')).track.kind, 'video');
  });

  it('gives every track a unique 36-character UUID id', async () => {
    const { md, track } = await capture('video');
    const second = await trackFrom(md, 'video');
    assert.match(track.id, UUID);
    assert.match(second.id, UUID);
    assert.notEqual(track.id, second.id);
    assert.equal(track.id, track.id);
  });

  it('labels the track with the label of its device', async () => {
    const { md, track } = await capture('video');
    const camera = controlDevices(md)
      .devices()
      .find((d) => d.kind === 'videoinput');
    assert.equal(track.label, camera?.label);
    assert.equal((await capture('audio')).track.label, 'Fake Default Audio Input');
  });
});

describe('MediaStreamTrack.enabled', () => {
  it('is true on a new track and reflects what is set', async () => {
    const { track } = await capture('video');
    assert.equal(track.enabled, true);
    track.enabled = false;
    assert.equal(track.enabled, false);
    track.enabled = true;
    assert.equal(track.enabled, true);
  });

  it('converts the value with ToBoolean', async () => {
    const { track } = await capture('audio');
    (track as unknown as { enabled: unknown }).enabled = 0;
    assert.equal(track.enabled, false);
    (track as unknown as { enabled: unknown }).enabled = 'yes';
    assert.equal(track.enabled, true);
    (track as unknown as { enabled: unknown }).enabled = '';
    assert.equal(track.enabled, false);
  });

  it('still changes value after the track ended', async () => {
    const { track } = await capture('audio');
    track.stop();
    track.enabled = false;
    assert.equal(track.enabled, false);
    track.enabled = true;
    assert.equal(track.enabled, true);
  });

  it('does not change muted or readyState', async () => {
    const { track } = await capture('video');
    track.enabled = false;
    await drainTasks();
    assert.equal(track.muted, false);
    assert.equal(track.readyState, 'live');
  });
});

describe('MediaStreamTrack.contentHint', () => {
  it('is the empty string on a new track', async () => {
    assert.equal((await capture('audio')).track.contentHint, '');
    assert.equal((await capture('video')).track.contentHint, '');
  });

  it('takes "speech", "speech-recognition", "music" and "" on an audio track and ignores video hints', async () => {
    const { track } = await capture('audio');
    for (const hint of ['speech', 'speech-recognition', 'music', '']) {
      track.contentHint = hint;
      assert.equal(track.contentHint, hint);
    }
    track.contentHint = 'music';
    for (const hint of ['motion', 'detail', 'text', 'Music', 'noise', ' music']) {
      track.contentHint = hint;
      assert.equal(track.contentHint, 'music', `"${hint}" was not ignored`);
    }
  });

  it('takes "motion", "detail", "text" and "" on a video track and ignores audio hints', async () => {
    const { track } = await capture('video');
    for (const hint of ['motion', 'detail', 'text', '']) {
      track.contentHint = hint;
      assert.equal(track.contentHint, hint);
    }
    track.contentHint = 'detail';
    for (const hint of ['speech', 'speech-recognition', 'music', 'DETAIL', 'sharp']) {
      track.contentHint = hint;
      assert.equal(track.contentHint, 'detail', `"${hint}" was not ignored`);
    }
  });

  it('converts the value to a string first, so null is an ignored "null" and a symbol throws', async () => {
    const { track } = await capture('video');
    track.contentHint = 'text';
    (track as unknown as { contentHint: unknown }).contentHint = null;
    assert.equal(track.contentHint, 'text');
    assert.throws(() => {
      (track as unknown as { contentHint: unknown }).contentHint = Symbol('motion');
    }, TypeError);
    assert.equal(track.contentHint, 'text');
  });
});

describe('MediaStreamTrack.clone', () => {
  it('gives a new live track with a new id and the same kind and label', async () => {
    for (const kind of ['audio', 'video'] as const) {
      const { track } = await capture(kind);
      const clone = track.clone();
      assert.ok(clone instanceof MediaStreamTrack);
      assert.notEqual(clone, track);
      assert.notEqual(clone.id, track.id);
      assert.match(clone.id, UUID);
      assert.equal(clone.kind, track.kind);
      assert.equal(clone.label, track.label);
      assert.equal(clone.readyState, 'live');
    }
  });

  it('copies the settings, constraints and capabilities', async () => {
    const { track } = await capture('video', { width: 320, height: 240 });
    await track.applyConstraints({ width: { exact: 320 }, height: 240, frameRate: { max: 10 } });
    const clone = track.clone();
    assert.deepEqual(clone.getSettings(), track.getSettings());
    assert.deepEqual(clone.getConstraints(), track.getConstraints());
    assert.deepEqual(clone.getConstraints(), { width: { exact: 320 }, height: 240, frameRate: { max: 10 } });
    assert.deepEqual(clone.getCapabilities(), track.getCapabilities());
    assert.equal(clone.getSettings().width, 320);
  });

  it('copies enabled and contentHint', async () => {
    const { track } = await capture('audio');
    track.enabled = false;
    track.contentHint = 'speech';
    const clone = track.clone();
    assert.equal(clone.enabled, false);
    assert.equal(clone.contentHint, 'speech');
    track.enabled = true;
    assert.equal(clone.enabled, false);
  });

  it('is independent of the original: constraints, enabled and stop() apply to one track only', async () => {
    const { track } = await capture('video');
    const clone = track.clone();
    await clone.applyConstraints({ width: 320, height: 240 });
    assert.equal(clone.getSettings().width, 320);
    assert.deepEqual(track.getConstraints(), {});
    assert.equal(track.getSettings().width, 640);
    clone.enabled = false;
    assert.equal(track.enabled, true);
    clone.stop();
    assert.equal(clone.readyState, 'ended');
    assert.equal(track.readyState, 'live');
  });

  it('clones an ended track into an ended track that keeps the ended settings', async () => {
    const { track } = await capture('video');
    track.stop();
    const clone = track.clone();
    assert.equal(clone.readyState, 'ended');
    assert.notEqual(clone.id, track.id);
    assert.deepEqual(clone.getSettings(), track.getSettings());
    assert.deepEqual(Object.keys(clone.getSettings()).sort(), ['deviceId', 'groupId']);
  });

  it('shares the source: when the device goes away, the original and the clone both end', async () => {
    const { md, track } = await capture('video');
    const clone = track.clone();
    const ended = [countEvents(track, 'ended'), countEvents(clone, 'ended')];
    controlDevices(md).removeDevice(track.label);
    await drainTasks();
    assert.equal(track.readyState, 'ended');
    assert.equal(clone.readyState, 'ended');
    assert.deepEqual(
      ended.map((e) => e.count),
      [1, 1],
    );
  });

  it('starts muted when the shared source is muted', async () => {
    const { md, track } = await capture('video');
    controlDevices(md).setMuted(track.label, true);
    await drainTasks();
    assert.equal(track.muted, true);
    assert.equal(track.clone().muted, true);
  });
});

describe('MediaStreamTrack.stop', () => {
  it('ends the track synchronously', async () => {
    const { track } = await capture('video');
    track.stop();
    assert.equal(track.readyState, 'ended');
  });

  it('fires no ended event', async () => {
    const { track } = await capture('audio');
    const ended = countEvents(track, 'ended');
    let handlerCalls = 0;
    track.onended = () => handlerCalls++;
    track.stop();
    await drainTasks();
    assert.equal(ended.count, 0);
    assert.equal(handlerCalls, 0);
  });

  it('is idempotent', async () => {
    const { track } = await capture('video');
    const ended = countEvents(track, 'ended');
    track.stop();
    assert.doesNotThrow(() => track.stop());
    track.stop();
    await drainTasks();
    assert.equal(track.readyState, 'ended');
    assert.equal(ended.count, 0);
  });

  it('wins over a source that ends in the same task: no ended event follows', async () => {
    const { md, track } = await capture('video');
    const ended = countEvents(track, 'ended');
    controlDevices(md).removeDevice(track.label);
    track.stop();
    await drainTasks();
    assert.equal(track.readyState, 'ended');
    assert.equal(ended.count, 0);
  });

  it('leaves other tracks of the same source live, and the source keeps running for them', async () => {
    const { md, track } = await capture('video');
    const clone = track.clone();
    track.stop();
    assert.equal(clone.readyState, 'live');
    const mute = countEvents(clone, 'mute');
    const stoppedMute = countEvents(track, 'mute');
    controlDevices(md).setMuted(track.label, true);
    await drainTasks();
    assert.equal(mute.count, 1);
    assert.equal(stoppedMute.count, 0);
    assert.equal(track.muted, false);
  });

  it('stops the source when the last track using it ends: a new capture gets a fresh source', async () => {
    const { md, track } = await capture('video');
    const clone = track.clone();
    controlDevices(md).setMuted(track.label, true);
    await drainTasks();
    track.stop();
    // The clone keeps the (muted) source alive, so a new track shares it.
    const shared = await trackFrom(md, 'video');
    assert.equal(shared.muted, true);
    clone.stop();
    shared.stop();
    // No track uses the source any more: it stopped, and the next capture opens a new, unmuted one.
    const fresh = await trackFrom(md, 'video');
    assert.equal(fresh.muted, false);
  });
});

describe('MediaStreamTrack ended by the user agent', () => {
  const causes: [string, (md: MediaDevices, track: MediaStreamTrack) => void][] = [
    ['the device is removed', (md, track) => controlDevices(md).removeDevice(track.label)],
    ['the device fails', (md, track) => controlDevices(md).failDevice(track.label)],
    ['the device ends', (md, track) => controlDevices(md).endDevice(track.label)],
    ['camera permission is revoked', (md) => controlDevices(md).setPermission('camera', 'denied')],
  ];
  for (const [cause, end] of causes) {
    it(`fires one ended event, in a later task, when ${cause}`, async () => {
      const { md, track } = await capture('video');
      const seen: string[] = [];
      track.addEventListener('ended', (event) => {
        seen.push(`${event.type}:${track.readyState}:${event.bubbles}:${event.cancelable}`);
      });
      end(md, track);
      // The track ends in a queued task, not synchronously.
      assert.equal(track.readyState, 'live');
      assert.deepEqual(seen, []);
      await drainTasks();
      await drainTasks();
      assert.equal(track.readyState, 'ended');
      assert.deepEqual(seen, ['ended:ended:false:false']);
    });
  }

  it('calls onended with the track as this', async () => {
    const { md, track } = await capture('audio');
    const calls: unknown[] = [];
    track.onended = function (this: EventTarget, event: Event) {
      calls.push(this, event.type);
    };
    assert.equal(typeof track.onended, 'function');
    controlDevices(md).removeDevice(track.label);
    await drainTasks();
    assert.deepEqual(calls, [track, 'ended']);
  });

  it('ends only the tracks of the kind whose permission was revoked', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const stream = await md.getUserMedia({ audio: true, video: true });
    const [audio] = stream.getAudioTracks();
    const [video] = stream.getVideoTracks();
    assert.ok(audio !== undefined && video !== undefined);
    controlDevices(md).setPermission('microphone', 'denied');
    await drainTasks();
    assert.equal(audio.readyState, 'ended');
    assert.equal(video.readyState, 'live');
  });

  it('fires nothing at a track that was already stopped', async () => {
    const { md, track } = await capture('video');
    track.stop();
    const ended = countEvents(track, 'ended');
    controlDevices(md).setPermission('camera', 'denied');
    await drainTasks();
    assert.equal(ended.count, 0);
  });
});

describe('MediaStreamTrack.muted and the mute and unmute events', () => {
  it('is false on a track from an unmuted source', async () => {
    assert.equal((await capture('video')).track.muted, false);
  });

  it('follows the source in a queued task, firing mute then unmute', async () => {
    const { md, track } = await capture('audio');
    const control = controlDevices(md);
    const seen: string[] = [];
    track.addEventListener('mute', (event) => seen.push(`${event.type}:${track.muted}`));
    track.addEventListener('unmute', (event) => seen.push(`${event.type}:${track.muted}`));
    control.setMuted(track.label, true);
    assert.equal(track.muted, false);
    await drainTasks();
    assert.equal(track.muted, true);
    control.setMuted(track.label, false);
    await drainTasks();
    assert.equal(track.muted, false);
    assert.deepEqual(seen, ['mute:true', 'unmute:false']);
  });

  it('calls onmute and onunmute, and fires once per change', async () => {
    const { md, track } = await capture('video');
    const control = controlDevices(md);
    const calls: string[] = [];
    track.onmute = function (this: EventTarget, event: Event) {
      assert.equal(this, track);
      calls.push(event.type);
    };
    track.onunmute = (event: Event) => calls.push(event.type);
    control.setMuted(track.label, true);
    control.setMuted(track.label, true);
    await drainTasks();
    control.setMuted(track.label, true);
    await drainTasks();
    control.setMuted(track.label, false);
    await drainTasks();
    assert.deepEqual(calls, ['mute', 'unmute']);
  });

  it('does not change and fires nothing on an ended track', async () => {
    const { md, track } = await capture('video');
    const clone = track.clone();
    track.stop();
    const mute = countEvents(track, 'mute');
    controlDevices(md).setMuted(clone.label, true);
    await drainTasks();
    assert.equal(track.muted, false);
    assert.equal(mute.count, 0);
    assert.equal(clone.muted, true);
  });

  it('is not changed by disabling the track', async () => {
    const { track } = await capture('video');
    const mute = countEvents(track, 'mute');
    track.enabled = false;
    await drainTasks();
    assert.equal(track.muted, false);
    assert.equal(mute.count, 0);
  });
});

describe('MediaStreamTrack.getSettings', () => {
  it('gives the settings of a live video track, with deviceId and groupId', async () => {
    const { track } = await capture('video');
    const settings = track.getSettings();
    assert.equal(settings.width, 640);
    assert.equal(settings.height, 480);
    assert.equal(typeof settings.frameRate, 'number');
    assert.equal(typeof settings.deviceId, 'string');
    assert.notEqual(settings.deviceId, '');
    assert.equal(typeof settings.groupId, 'string');
  });

  it('returns a new object on every call', async () => {
    const { track } = await capture('audio');
    const settings = track.getSettings();
    assert.notEqual(track.getSettings(), settings);
    (settings as Record<string, unknown>)['sampleRate'] = 1;
    assert.notEqual(track.getSettings().sampleRate, 1);
  });

  it('keeps only deviceId and groupId once a track without facingMode has ended', async () => {
    for (const kind of ['audio', 'video'] as const) {
      const { track } = await capture(kind);
      const { deviceId, groupId } = track.getSettings();
      track.stop();
      assert.deepEqual(track.getSettings(), { deviceId, groupId });
    }
  });

  it('keeps deviceId, groupId and facingMode once a track with facingMode has ended', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const front = controlDevices(md).addDevice({ kind: 'videoinput', label: 'Front', facingMode: 'user' });
    const track = await trackFrom(md, 'video', { deviceId: { exact: front.deviceId } });
    assert.equal(track.label, 'Front');
    const live = track.getSettings();
    assert.equal(live.facingMode, 'user');
    track.stop();
    assert.deepEqual(track.getSettings(), { deviceId: live.deviceId, groupId: live.groupId, facingMode: 'user' });
  });

  it('keeps the inherent properties when the user agent ends the track', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const front = controlDevices(md).addDevice({ kind: 'videoinput', label: 'Front', facingMode: 'user' });
    const track = await trackFrom(md, 'video', { deviceId: front.deviceId });
    const live = track.getSettings();
    controlDevices(md).removeDevice(front);
    await drainTasks();
    assert.equal(track.readyState, 'ended');
    assert.deepEqual(track.getSettings(), { deviceId: live.deviceId, groupId: live.groupId, facingMode: 'user' });
  });
});

describe('MediaStreamTrack.getConstraints', () => {
  it('gives the constraints the track was created with', async () => {
    assert.deepEqual((await capture('video')).track.getConstraints(), {});
    const { track } = await capture('video', { width: 320, frameRate: { max: 15 } });
    assert.deepEqual(track.getConstraints(), { width: 320, frameRate: { max: 15 } });
  });

  it('returns a copy that does not change the track when modified', async () => {
    const { track } = await capture('video', { width: { min: 320 } });
    const constraints = track.getConstraints();
    (constraints.width as { min: number }).min = 1;
    constraints.height = 99;
    assert.deepEqual(track.getConstraints(), { width: { min: 320 } });
  });
});

describe('MediaStreamTrack.getCapabilities', () => {
  it('describes the device: ranges for video and the track\'s deviceId', async () => {
    const { track } = await capture('video');
    const capabilities = track.getCapabilities();
    assert.equal(capabilities.deviceId, track.getSettings().deviceId);
    assert.equal(capabilities.groupId, track.getSettings().groupId);
    assert.ok(capabilities.width !== undefined && capabilities.width.max !== undefined);
    assert.ok(capabilities.width.max >= 640);
  });

  it('returns a fresh copy each time: changing one does not affect the next call', async () => {
    const { track } = await capture('video');
    const first = track.getCapabilities();
    const expected = structuredClone(first);
    assert.notEqual(track.getCapabilities(), first);
    (first.width as { max: number }).max = 1;
    (first.resizeMode as string[]).push('bogus');
    first.deviceId = 'changed';
    assert.deepEqual(track.getCapabilities(), expected);
  });
});

describe('MediaStreamTrack.applyConstraints', () => {
  it('returns a promise and changes the constraints and settings once it resolves', async () => {
    const { track } = await capture('video');
    const promise = track.applyConstraints({ width: 320, height: 240 });
    assert.ok(promise instanceof Promise);
    // The change happens in a queued task, not during the call.
    assert.deepEqual(track.getConstraints(), {});
    assert.equal(track.getSettings().width, 640);
    assert.equal(await promise, undefined);
    assert.deepEqual(track.getConstraints(), { width: 320, height: 240 });
    assert.equal(track.getSettings().width, 320);
    assert.equal(track.getSettings().height, 240);
  });

  it('applies audio constraints', async () => {
    const { track } = await capture('audio');
    await track.applyConstraints({ channelCount: { exact: 2 } });
    assert.equal(track.getSettings().channelCount, 2);
  });

  it('resolves at once on an ended track, whatever the constraints, and changes nothing', async () => {
    const { track } = await capture('video', { width: 320 });
    track.stop();
    const before = track.getSettings();
    assert.equal(await track.applyConstraints({ width: { exact: 99999 } }), undefined);
    assert.deepEqual(track.getConstraints(), { width: 320 });
    assert.deepEqual(track.getSettings(), before);
  });

  it('rejects an impossible required constraint with an OverconstrainedError naming it', async () => {
    const { track } = await capture('video');
    await assert.rejects(track.applyConstraints({ width: { exact: 99999 } }), (error: unknown) => {
      assert.ok(error instanceof OverconstrainedError);
      assert.ok(error instanceof DOMException);
      assert.equal(error.name, 'OverconstrainedError');
      assert.equal(error.constraint, 'width');
      assert.equal(error.code, 0);
      return true;
    });
    const { track: audio } = await capture('audio');
    await assert.rejects(audio.applyConstraints({ sampleRate: { exact: 8000 } }), { name: 'OverconstrainedError', constraint: 'sampleRate' });
  });

  it('keeps the previous constraints and settings after a failure', async () => {
    const { track } = await capture('video');
    await track.applyConstraints({ width: 320, height: 240 });
    const settings = track.getSettings();
    await assert.rejects(track.applyConstraints({ width: { min: 5000 }, height: 240 }), OverconstrainedError);
    assert.deepEqual(track.getConstraints(), { width: 320, height: 240 });
    assert.deepEqual(track.getSettings(), settings);
  });

  it('completes calls in call order: the last call wins', async () => {
    const { track } = await capture('video');
    const order: number[] = [];
    const widths = [320, 1280, 96, 640, 1920];
    const calls = widths.map((width, index) =>
      track.applyConstraints({ width: { exact: width } }).then(() => order.push(index)),
    );
    await Promise.all(calls);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.deepEqual(track.getConstraints(), { width: { exact: 1920 } });
    assert.equal(track.getSettings().width, 1920);
  });

  it('settles calls in order when one in the middle fails, and the failure does not stop the others', async () => {
    const { track } = await capture('video');
    const order: string[] = [];
    const first = track.applyConstraints({ width: { exact: 320 } }).then(() => order.push('first'));
    const failing = track.applyConstraints({ width: { exact: 99999 } }).catch((e: unknown) => {
      order.push(`failing:${(e as OverconstrainedError).constraint}`);
    });
    const last = track.applyConstraints({ height: { exact: 720 } }).then(() => order.push('last'));
    await Promise.all([first, failing, last]);
    assert.deepEqual(order, ['first', 'failing:width', 'last']);
    assert.deepEqual(track.getConstraints(), { height: { exact: 720 } });
    assert.equal(track.getSettings().height, 720);
  });

  it('keeps its own copy of the constraints: changing the argument afterwards changes nothing', async () => {
    const { track } = await capture('video');
    const constraints = { width: { min: 320 }, advanced: [{ height: 240 }] };
    await track.applyConstraints(constraints);
    constraints.width.min = 1;
    constraints.advanced.push({ height: 1 });
    assert.deepEqual(track.getConstraints(), { width: { min: 320 }, advanced: [{ height: 240 }] });
  });

  it('with no argument, or undefined, resets the constraints to {}', async () => {
    const { track } = await capture('video', { width: 320 });
    await track.applyConstraints();
    assert.deepEqual(track.getConstraints(), {});
    await track.applyConstraints({ height: 240 });
    await track.applyConstraints(undefined);
    assert.deepEqual(track.getConstraints(), {});
    await track.applyConstraints({ height: 240 });
    await track.applyConstraints(null as never);
    assert.deepEqual(track.getConstraints(), {});
  });

  it('never fails because of ideal values or advanced sets', async () => {
    const { track } = await capture('video');
    await track.applyConstraints({ width: { ideal: 99999 }, frameRate: 1000 });
    await track.applyConstraints({ width: 320, advanced: [{ width: { exact: 99999 } }, { height: { min: 9999 } }] });
    assert.equal(track.getSettings().width, 320);
  });

  it('ignores constraint names it does not know', async () => {
    const { track } = await capture('video');
    await track.applyConstraints({ width: 320, noSuchConstraint: { exact: 1 } } as Record<string, unknown>);
    assert.deepEqual(track.getConstraints(), { width: 320 });
  });

  it('rejects (does not throw) a TypeError for an argument that is not a dictionary', async () => {
    const { track } = await capture('video');
    let promise: Promise<void> | undefined;
    assert.doesNotThrow(() => {
      promise = track.applyConstraints(42 as never);
    });
    await assert.rejects(promise as Promise<void>, TypeError);
    assert.deepEqual(track.getConstraints(), {});
  });

  it('converts the argument before looking at the ready state', async () => {
    const { track } = await capture('video');
    track.stop();
    await assert.rejects(track.applyConstraints('width' as never), TypeError);
  });
});

describe('MediaStreamTrack.stats', () => {
  it('is a MediaStreamTrackAudioStats on an audio track and a MediaStreamTrackVideoStats on a video track', async () => {
    assert.ok((await capture('audio')).track.stats instanceof MediaStreamTrackAudioStats);
    assert.ok((await capture('video')).track.stats instanceof MediaStreamTrackVideoStats);
  });

  it('is the same object every time ([SameObject]) and a different one for a clone', async () => {
    const { track } = await capture('video');
    assert.equal(track.stats, track.stats);
    assert.notEqual(track.clone().stats, track.stats);
  });
});

describe('MediaStreamTrack facingMode capability', () => {
  it('is [] for a camera that does not know which way it faces, with no facingMode setting', async () => {
    const { track } = await capture('video');
    assert.deepEqual(track.getCapabilities().facingMode, []);
    assert.equal(track.getSettings().facingMode, undefined);
    track.stop();
  });

  it('lists the direction a camera reports, in capabilities, settings and its InputDeviceInfo', async () => {
    const md = createMediaDevices({ devices: 'fake', permission: 'granted' });
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'Front camera', facingMode: 'user', isDefault: true });
    const stream = await md.getUserMedia({ video: { facingMode: { exact: 'user' } } });
    const [track] = stream.getVideoTracks();
    assert.ok(track !== undefined);
    assert.deepEqual(track.getCapabilities().facingMode, ['user']);
    assert.equal(track.getSettings().facingMode, 'user');
    const infos = await md.enumerateDevices();
    const front = infos.find((info) => info.label === 'Front camera') as InputDeviceInfo;
    const other = infos.find((info) => info.label === 'fake_device_0') as InputDeviceInfo;
    assert.deepEqual(front.getCapabilities().facingMode, ['user']);
    assert.deepEqual(other.getCapabilities().facingMode, []);
    track.stop();
  });

  it('is absent for microphones', async () => {
    const { track } = await capture('audio');
    assert.equal('facingMode' in track.getCapabilities(), false);
    track.stop();
  });
});
