import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaStream, MediaStreamEvent } from '../../../src/index.js';

type AnyConstructor = new (...args: unknown[]) => MediaStreamEvent;
const Ctor = MediaStreamEvent as unknown as AnyConstructor;

describe('MediaStreamEvent interface shape', () => {
  it('extends Event and is tagged "MediaStreamEvent" by Object.prototype.toString', () => {
    const event = new MediaStreamEvent('addstream');
    assert.ok(event instanceof Event);
    assert.equal(Object.prototype.toString.call(event), '[object MediaStreamEvent]');
    assert.equal(MediaStreamEvent.name, 'MediaStreamEvent');
  });

  it('has an enumerable, read-only stream attribute on the prototype', () => {
    const descriptor = Object.getOwnPropertyDescriptor(MediaStreamEvent.prototype, 'stream');
    assert.equal(descriptor?.enumerable, true);
    assert.equal(typeof descriptor?.get, 'function');
    assert.equal(descriptor?.set, undefined);
    const event = new MediaStreamEvent('addstream', { stream: new MediaStream() });
    assert.throws(() => {
      (event as unknown as { stream: unknown }).stream = null;
    }, TypeError);
  });

  it('has a constructor length of 1: the init dictionary is optional', () => {
    assert.equal(MediaStreamEvent.length, 1);
  });

  it('throws a TypeError from the stream getter on something that is not a MediaStreamEvent', () => {
    const getter = Object.getOwnPropertyDescriptor(MediaStreamEvent.prototype, 'stream')?.get;
    assert.throws(() => getter?.call(new Event('addstream')), TypeError);
    assert.throws(() => getter?.call({}), TypeError);
  });
});

describe('MediaStreamEvent constructor', () => {
  it('requires the type', () => {
    assert.throws(() => new Ctor(), TypeError);
  });

  it('defaults stream to null, with or without an init dictionary', () => {
    assert.equal(new MediaStreamEvent('addstream').stream, null);
    assert.equal(new MediaStreamEvent('addstream', {}).stream, null);
    assert.equal(new MediaStreamEvent('addstream', { stream: null }).stream, null);
    assert.equal(new Ctor('addstream', undefined).stream, null);
    assert.equal(new Ctor('addstream', null).stream, null);
  });

  it('gives the stream it was created with, the same object every time', () => {
    const stream = new MediaStream();
    const event = new MediaStreamEvent('removestream', { stream });
    assert.equal(event.type, 'removestream');
    assert.equal(event.stream, stream);
    assert.equal(event.stream, event.stream);
  });

  it('throws a TypeError when stream is not a MediaStream', () => {
    for (const stream of ['stream', 1, {}, [], new EventTarget()]) {
      assert.throws(() => new Ctor('addstream', { stream }), TypeError);
    }
  });

  it('throws a TypeError when the init dictionary is not an object', () => {
    assert.throws(() => new Ctor('addstream', 1), TypeError);
    assert.throws(() => new Ctor('addstream', 'stream'), TypeError);
  });

  it('does not bubble and is not cancelable by default, and honors the EventInit members', () => {
    const plain = new MediaStreamEvent('addstream');
    assert.equal(plain.bubbles, false);
    assert.equal(plain.cancelable, false);
    const custom = new MediaStreamEvent('addstream', { bubbles: true, cancelable: true });
    assert.equal(custom.bubbles, true);
    assert.equal(custom.cancelable, true);
    assert.equal(custom.isTrusted, false);
  });

  it('converts the type to a string', () => {
    assert.equal(new MediaStreamEvent(7 as unknown as string).type, '7');
  });

  it('can be dispatched to listeners', () => {
    const target = new EventTarget();
    const stream = new MediaStream();
    const received: unknown[] = [];
    target.addEventListener('addstream', (event) => received.push((event as MediaStreamEvent).stream));
    target.dispatchEvent(new MediaStreamEvent('addstream', { stream }));
    assert.deepEqual(received, [stream]);
  });
});
