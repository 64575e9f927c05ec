import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaDevices, MediaStream, MediaStreamTrack, MediaStreamTrackEvent } from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';
import { drainTasks } from '../../helpers/devices.js';

/** A fresh MediaDevices object with the fake devices and a stream with one audio and one video track. */
async function captureBoth(): Promise<{ stream: MediaStream; audio: MediaStreamTrack; video: MediaStreamTrack }> {
  const md = createMediaDevices({ devices: 'fake' });
  const stream = await md.getUserMedia({ audio: true, video: true });
  const [audio] = stream.getAudioTracks();
  const [video] = stream.getVideoTracks();
  assert.ok(audio !== undefined && video !== undefined);
  return { stream, audio, video };
}

/** Records every event of the given types dispatched at `target`, by listener and by handler attribute. */
function recordEvents(target: EventTarget, types: readonly string[]): string[] {
  const seen: string[] = [];
  for (const type of types) {
    target.addEventListener(type, () => seen.push(type));
  }
  return seen;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STREAM_EVENTS = ['addtrack', 'removetrack', 'active', 'inactive'] as const;

describe('MediaStream interface shape', () => {
  it('has every IDL member as an enumerable property of the prototype', () => {
    const members = [
      'id',
      'getAudioTracks',
      'getVideoTracks',
      'getTracks',
      'getTrackById',
      'addTrack',
      'removeTrack',
      'clone',
      'active',
      'onaddtrack',
      'onremovetrack',
    ];
    for (const member of members) {
      const descriptor = Object.getOwnPropertyDescriptor(MediaStream.prototype, member);
      assert.ok(descriptor !== undefined, `${member} is missing`);
      assert.equal(descriptor.enumerable, true, `${member} is not enumerable`);
    }
  });

  it('extends EventTarget and is tagged "MediaStream" by Object.prototype.toString', () => {
    const stream = new MediaStream();
    assert.ok(stream instanceof EventTarget);
    assert.equal(Object.prototype.toString.call(stream), '[object MediaStream]');
    assert.equal(MediaStream.name, 'MediaStream');
  });

  it('has a constructor length of 0, the shortest overload', () => {
    assert.equal(MediaStream.length, 0);
  });

  it('has read-only id and active attributes', () => {
    for (const name of ['id', 'active']) {
      const descriptor = Object.getOwnPropertyDescriptor(MediaStream.prototype, name);
      assert.equal(typeof descriptor?.get, 'function');
      assert.equal(descriptor?.set, undefined);
    }
    const stream = new MediaStream();
    assert.throws(() => {
      (stream as unknown as { id: string }).id = 'x';
    }, TypeError);
  });

  it('throws a TypeError from getters and methods called on something that is not a MediaStream', () => {
    const proto = MediaStream.prototype;
    const getter = (name: string): ((this: unknown) => unknown) =>
      Object.getOwnPropertyDescriptor(proto, name)?.get as (this: unknown) => unknown;
    assert.throws(() => getter('id').call({}), TypeError);
    assert.throws(() => getter('active').call(new EventTarget()), TypeError);
    assert.throws(() => getter('onaddtrack').call({}), TypeError);
    assert.throws(() => proto.getTracks.call({} as MediaStream), TypeError);
    assert.throws(() => proto.getAudioTracks.call({} as MediaStream), TypeError);
    assert.throws(() => proto.getVideoTracks.call({} as MediaStream), TypeError);
    assert.throws(() => proto.getTrackById.call({} as MediaStream, 'x'), TypeError);
    assert.throws(() => proto.clone.call({} as MediaStream), TypeError);
  });
});

describe('MediaStream constructors', () => {
  it('creates an empty, inactive stream with no argument', () => {
    const stream = new MediaStream();
    assert.deepEqual(stream.getTracks(), []);
    assert.equal(stream.active, false);
  });

  it('creates a stream holding the same track objects as another stream', async () => {
    const { stream, audio, video } = await captureBoth();
    const copy = new MediaStream(stream);
    assert.notEqual(copy.id, stream.id);
    assert.equal(copy.getTracks().length, 2);
    assert.ok(copy.getTracks().includes(audio));
    assert.ok(copy.getTracks().includes(video));
  });

  it('creates a stream from a sequence of tracks and drops duplicates', async () => {
    const { audio, video } = await captureBoth();
    const stream = new MediaStream([audio, video, audio, video, audio]);
    const tracks = stream.getTracks();
    assert.equal(tracks.length, 2);
    assert.ok(tracks.includes(audio) && tracks.includes(video));
  });

  it('accepts any iterable of tracks as the sequence', async () => {
    const { audio } = await captureBoth();
    const stream = new MediaStream(new Set([audio]) as unknown as MediaStreamTrack[]);
    assert.deepEqual(stream.getTracks(), [audio]);
  });

  it('accepts an empty sequence and gives an empty stream', () => {
    assert.deepEqual(new MediaStream([]).getTracks(), []);
  });

  it('throws a TypeError for an explicit undefined, null, a number, a string or a plain object', () => {
    const bad: unknown[] = [undefined, null, 42, 'track', {}];
    for (const value of bad) {
      assert.throws(() => new MediaStream(value as MediaStream), TypeError, `new MediaStream(${String(value)})`);
    }
  });

  it('throws a TypeError for a sequence containing something that is not a MediaStreamTrack', async () => {
    const { audio } = await captureBoth();
    assert.throws(() => new MediaStream([audio, {} as MediaStreamTrack]), TypeError);
    assert.throws(() => new MediaStream([null as unknown as MediaStreamTrack]), TypeError);
    assert.throws(() => new MediaStream([new MediaStream() as unknown as MediaStreamTrack]), TypeError);
  });

  it('throws a TypeError for a single track instead of a sequence of tracks', async () => {
    const { audio } = await captureBoth();
    assert.throws(() => new MediaStream(audio as unknown as MediaStreamTrack[]), TypeError);
  });
});

describe('MediaStream.id', () => {
  it('is a 36-character UUID (RFC 4122 version 4 or 5)', () => {
    const stream = new MediaStream();
    assert.equal(stream.id.length, 36);
    assert.match(stream.id, UUID);
  });

  it('is unique for every stream and stable for one stream', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      ids.add(new MediaStream().id);
    }
    assert.equal(ids.size, 50);
    const stream = new MediaStream();
    assert.equal(stream.id, stream.id);
  });
});

describe('MediaStream.active', () => {
  it('is false for a stream without tracks', () => {
    assert.equal(new MediaStream().active, false);
  });

  it('is true while at least one track has not ended', async () => {
    const { stream, audio } = await captureBoth();
    assert.equal(stream.active, true);
    audio.stop();
    assert.equal(stream.active, true);
  });

  it('becomes false as soon as every track has ended, and true again when a live track is added', async () => {
    const { stream, audio, video } = await captureBoth();
    const extra = video.clone();
    audio.stop();
    video.stop();
    assert.equal(stream.active, false);
    stream.addTrack(extra);
    assert.equal(stream.active, true);
    stream.removeTrack(extra);
    assert.equal(stream.active, false);
  });

  it('is false for a stream made only of ended tracks', async () => {
    const { audio } = await captureBoth();
    audio.stop();
    assert.equal(new MediaStream([audio]).active, false);
  });

  it('follows tracks ended by the user agent', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const stream = await md.getUserMedia({ video: true });
    const [video] = stream.getVideoTracks();
    assert.ok(video !== undefined);
    controlDevices(md).removeDevice(video.label);
    await drainTasks();
    assert.equal(video.readyState, 'ended');
    assert.equal(stream.active, false);
  });

  it('fires no events when it changes, whatever the cause', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const stream = await md.getUserMedia({ audio: true, video: true });
    const seen = recordEvents(stream, STREAM_EVENTS);
    let handlerCalls = 0;
    stream.onaddtrack = () => handlerCalls++;
    stream.onremovetrack = () => handlerCalls++;
    const [audio] = stream.getAudioTracks();
    const [video] = stream.getVideoTracks();
    assert.ok(audio !== undefined && video !== undefined);
    audio.stop();
    controlDevices(md).removeDevice(video.label);
    await drainTasks();
    assert.equal(stream.active, false);
    assert.deepEqual(seen, []);
    assert.equal(handlerCalls, 0);
  });
});

describe('MediaStream track accessors', () => {
  it('getTracks returns every track, getAudioTracks and getVideoTracks only those of their kind', async () => {
    const { stream, audio, video } = await captureBoth();
    assert.equal(stream.getTracks().length, 2);
    assert.deepEqual(stream.getAudioTracks(), [audio]);
    assert.deepEqual(stream.getVideoTracks(), [video]);
    assert.equal(audio.kind, 'audio');
    assert.equal(video.kind, 'video');
  });

  it('returns a new array (a snapshot) on every call', async () => {
    const { stream, audio } = await captureBoth();
    const tracks = stream.getTracks();
    assert.notEqual(stream.getTracks(), tracks);
    tracks.length = 0;
    assert.equal(stream.getTracks().length, 2);
    const audioTracks = stream.getAudioTracks();
    stream.removeTrack(audio);
    assert.deepEqual(audioTracks, [audio]);
    assert.deepEqual(stream.getAudioTracks(), []);
  });

  it('keeps ended tracks in the track set', async () => {
    const { stream, audio } = await captureBoth();
    audio.stop();
    assert.ok(stream.getTracks().includes(audio));
    assert.deepEqual(stream.getAudioTracks(), [audio]);
  });

  it('getTrackById finds a track by id and returns null when no track has that id', async () => {
    const { stream, audio, video } = await captureBoth();
    assert.equal(stream.getTrackById(audio.id), audio);
    assert.equal(stream.getTrackById(video.id), video);
    assert.equal(stream.getTrackById('no-such-track'), null);
    assert.equal(stream.getTrackById(''), null);
    stream.removeTrack(audio);
    assert.equal(stream.getTrackById(audio.id), null);
  });

  it('getTrackById converts its argument to a string and requires it', async () => {
    const { stream } = await captureBoth();
    assert.equal(stream.getTrackById(undefined as unknown as string), null);
    assert.throws(() => (stream.getTrackById as () => unknown)(), TypeError);
    assert.throws(() => stream.getTrackById(Symbol('x') as unknown as string), TypeError);
  });
});

describe('MediaStream.addTrack and removeTrack', () => {
  it('addTrack adds the track and fires no addtrack event', async () => {
    const { audio } = await captureBoth();
    const stream = new MediaStream();
    const seen = recordEvents(stream, STREAM_EVENTS);
    let handlerCalls = 0;
    stream.onaddtrack = () => handlerCalls++;
    stream.addTrack(audio);
    assert.deepEqual(stream.getTracks(), [audio]);
    await drainTasks();
    assert.deepEqual(seen, []);
    assert.equal(handlerCalls, 0);
  });

  it('removeTrack removes the track and fires no removetrack event', async () => {
    const { stream, audio, video } = await captureBoth();
    const seen = recordEvents(stream, STREAM_EVENTS);
    let handlerCalls = 0;
    stream.onremovetrack = () => handlerCalls++;
    stream.removeTrack(audio);
    assert.deepEqual(stream.getTracks(), [video]);
    await drainTasks();
    assert.deepEqual(seen, []);
    assert.equal(handlerCalls, 0);
  });

  it('adding a track that is already in the set keeps one copy', async () => {
    const { stream, audio } = await captureBoth();
    stream.addTrack(audio);
    stream.addTrack(audio);
    assert.equal(stream.getTracks().length, 2);
    assert.equal(stream.getAudioTracks().length, 1);
  });

  it('removing a track that is not in the set does nothing', async () => {
    const { stream, audio } = await captureBoth();
    const other = audio.clone();
    stream.removeTrack(other);
    assert.equal(stream.getTracks().length, 2);
    stream.removeTrack(audio);
    stream.removeTrack(audio);
    assert.equal(stream.getTracks().length, 1);
  });

  it('accepts ended tracks', async () => {
    const { audio } = await captureBoth();
    audio.stop();
    const stream = new MediaStream();
    stream.addTrack(audio);
    assert.deepEqual(stream.getTracks(), [audio]);
    assert.equal(stream.active, false);
  });

  it('does not change the track', async () => {
    const { audio } = await captureBoth();
    const id = audio.id;
    const stream = new MediaStream();
    stream.addTrack(audio);
    stream.removeTrack(audio);
    assert.equal(audio.id, id);
    assert.equal(audio.readyState, 'live');
  });

  it('throw a TypeError for a missing argument or something that is not a MediaStreamTrack', () => {
    const stream = new MediaStream();
    const bad: unknown[] = [null, undefined, {}, 'track', new MediaStream()];
    for (const value of bad) {
      assert.throws(() => stream.addTrack(value as MediaStreamTrack), TypeError);
      assert.throws(() => stream.removeTrack(value as MediaStreamTrack), TypeError);
    }
    assert.throws(() => (stream.addTrack as () => void)(), TypeError);
    assert.throws(() => (stream.removeTrack as () => void)(), TypeError);
    assert.deepEqual(stream.getTracks(), []);
  });
});

describe('MediaStream.clone', () => {
  it('gives a new stream id and new tracks with new ids, of the same kinds', async () => {
    const { stream, audio, video } = await captureBoth();
    const clone = stream.clone();
    assert.ok(clone instanceof MediaStream);
    assert.notEqual(clone, stream);
    assert.notEqual(clone.id, stream.id);
    assert.match(clone.id, UUID);
    const tracks = clone.getTracks();
    assert.equal(tracks.length, 2);
    for (const track of tracks) {
      assert.ok(track !== audio && track !== video);
      assert.notEqual(track.id, audio.id);
      assert.notEqual(track.id, video.id);
    }
    assert.equal(clone.getAudioTracks().length, 1);
    assert.equal(clone.getVideoTracks().length, 1);
    assert.equal(clone.getAudioTracks()[0]?.label, audio.label);
    assert.equal(clone.getVideoTracks()[0]?.label, video.label);
  });

  it('leaves the original stream unchanged and independent', async () => {
    const { stream, audio } = await captureBoth();
    const clone = stream.clone();
    assert.deepEqual(stream.getTracks().length, 2);
    clone.removeTrack(clone.getAudioTracks()[0] as MediaStreamTrack);
    assert.equal(stream.getAudioTracks()[0], audio);
    for (const track of clone.getTracks()) {
      track.stop();
    }
    assert.equal(audio.readyState, 'live');
    assert.equal(stream.active, true);
  });

  it('clones an empty stream into an empty, inactive stream', () => {
    const clone = new MediaStream().clone();
    assert.deepEqual(clone.getTracks(), []);
    assert.equal(clone.active, false);
  });

  it('clones ended tracks into ended tracks, so an inactive stream clones inactive', async () => {
    const { stream, audio, video } = await captureBoth();
    audio.stop();
    video.stop();
    const clone = stream.clone();
    assert.equal(clone.active, false);
    for (const track of clone.getTracks()) {
      assert.equal(track.readyState, 'ended');
    }
  });
});

describe('MediaStream event handler attributes', () => {
  it('onaddtrack and onremovetrack default to null and keep the assigned function', () => {
    const stream = new MediaStream();
    assert.equal(stream.onaddtrack, null);
    assert.equal(stream.onremovetrack, null);
    const handler = (): void => {};
    stream.onaddtrack = handler;
    stream.onremovetrack = handler;
    assert.equal(stream.onaddtrack, handler);
    assert.equal(stream.onremovetrack, handler);
    stream.onaddtrack = null;
    assert.equal(stream.onaddtrack, null);
  });

  it('call the handler with the stream as this for addtrack and removetrack events dispatched at it', async () => {
    const { audio } = await captureBoth();
    const stream = new MediaStream();
    const calls: [string, unknown, MediaStreamTrack][] = [];
    const handler = function (this: EventTarget, event: Event): void {
      calls.push([event.type, this, (event as MediaStreamTrackEvent).track]);
    };
    stream.onaddtrack = handler;
    stream.onremovetrack = handler;
    stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track: audio }));
    stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track: audio }));
    assert.deepEqual(calls, [
      ['addtrack', stream, audio],
      ['removetrack', stream, audio],
    ]);
    // Dispatching an event changes nothing about the track set.
    assert.deepEqual(stream.getTracks(), []);
  });
});
