import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaDevices, MediaStream, MediaStreamTrack, MediaStreamTrackEvent } from '../../../src/index.js';

let track: MediaStreamTrack;

before(async () => {
  const stream = await createMediaDevices({ devices: 'fake' }).getUserMedia({ audio: true });
  const [first] = stream.getTracks();
  assert.ok(first !== undefined);
  track = first;
});

describe('MediaStreamTrackEvent interface shape', () => {
  it('extends Event and is tagged "MediaStreamTrackEvent" by Object.prototype.toString', () => {
    const event = new MediaStreamTrackEvent('addtrack', { track });
    assert.ok(event instanceof Event);
    assert.equal(Object.prototype.toString.call(event), '[object MediaStreamTrackEvent]');
    assert.equal(MediaStreamTrackEvent.name, 'MediaStreamTrackEvent');
  });

  it('has an enumerable, read-only track attribute on the prototype', () => {
    const descriptor = Object.getOwnPropertyDescriptor(MediaStreamTrackEvent.prototype, 'track');
    assert.equal(descriptor?.enumerable, true);
    assert.equal(typeof descriptor?.get, 'function');
    assert.equal(descriptor?.set, undefined);
    const event = new MediaStreamTrackEvent('addtrack', { track });
    assert.throws(() => {
      (event as unknown as { track: unknown }).track = null;
    }, TypeError);
    assert.equal(event.track, track);
  });

  it('has a constructor length of 2: type and the required init dictionary', () => {
    assert.equal(MediaStreamTrackEvent.length, 2);
  });

  it('throws a TypeError from the track getter on something that is not a MediaStreamTrackEvent', () => {
    const getter = Object.getOwnPropertyDescriptor(MediaStreamTrackEvent.prototype, 'track')?.get;
    assert.throws(() => getter?.call(new Event('addtrack')), TypeError);
    assert.throws(() => getter?.call({}), TypeError);
  });
});

describe('MediaStreamTrackEvent constructor', () => {
  it('requires the init dictionary', () => {
    const Ctor = MediaStreamTrackEvent as unknown as new (...args: unknown[]) => MediaStreamTrackEvent;
    assert.throws(() => new Ctor(), TypeError);
    assert.throws(() => new Ctor('addtrack'), TypeError);
  });

  it('requires the track member', () => {
    const Ctor = MediaStreamTrackEvent as unknown as new (...args: unknown[]) => MediaStreamTrackEvent;
    assert.throws(() => new Ctor('addtrack', {}), TypeError);
    assert.throws(() => new Ctor('addtrack', { track: undefined }), TypeError);
    assert.throws(() => new Ctor('addtrack', undefined), TypeError);
    assert.throws(() => new Ctor('addtrack', null), TypeError);
  });

  it('throws a TypeError when track is not a MediaStreamTrack', () => {
    const Ctor = MediaStreamTrackEvent as unknown as new (...args: unknown[]) => MediaStreamTrackEvent;
    for (const value of [null, 'track', 1, {}, new MediaStream()]) {
      assert.throws(() => new Ctor('addtrack', { track: value }), TypeError);
    }
  });

  it('throws a TypeError when the init dictionary is not an object', () => {
    const Ctor = MediaStreamTrackEvent as unknown as new (...args: unknown[]) => MediaStreamTrackEvent;
    assert.throws(() => new Ctor('addtrack', 'track'), TypeError);
    assert.throws(() => new Ctor('addtrack', 5), TypeError);
  });

  it('gives the type and the track, the same object every time ([SameObject])', () => {
    const event = new MediaStreamTrackEvent('removetrack', { track });
    assert.equal(event.type, 'removetrack');
    assert.equal(event.track, track);
    assert.equal(event.track, event.track);
  });

  it('converts the type to a string', () => {
    const event = new MediaStreamTrackEvent(42 as unknown as string, { track });
    assert.equal(event.type, '42');
  });

  it('does not bubble and is not cancelable by default, and honors the EventInit members', () => {
    const plain = new MediaStreamTrackEvent('addtrack', { track });
    assert.equal(plain.bubbles, false);
    assert.equal(plain.cancelable, false);
    assert.equal(plain.composed, false);
    const custom = new MediaStreamTrackEvent('addtrack', { track, bubbles: true, cancelable: true, composed: true });
    assert.equal(custom.bubbles, true);
    assert.equal(custom.cancelable, true);
    assert.equal(custom.composed, true);
  });

  it('is not trusted when created by script', () => {
    assert.equal(new MediaStreamTrackEvent('addtrack', { track }).isTrusted, false);
  });

  it('can be dispatched at a stream and reaches its listeners with the track', () => {
    const stream = new MediaStream();
    const received: MediaStreamTrack[] = [];
    stream.addEventListener('addtrack', (event) => received.push((event as MediaStreamTrackEvent).track));
    stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
    assert.deepEqual(received, [track]);
  });
});
