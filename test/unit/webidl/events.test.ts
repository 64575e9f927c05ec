import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, defineEventHandlers, fireEvent, queueTask, type EventHandler } from '../../../src/webidl/events.js';
import { configureInterface } from '../../../src/webidl/interface.js';

class Target extends EventTarget {
  declare onx: EventHandler<Target>;
  declare ony: EventHandler<Target>;
}
defineEventHandlers(Target.prototype, ['x', 'y']);
configureInterface(Target);

class SubTarget extends Target {
  readonly label = 'sub';
}

/** Waits until every task queued so far has run (tasks are FIFO). */
function drainTasks(): Promise<void> {
  return new Promise((resolve) => queueTask(resolve));
}

describe('event handler attributes', () => {
  it('installs enumerable, configurable accessors named after the type', () => {
    const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'onx');
    assert.ok(descriptor !== undefined);
    assert.equal(typeof descriptor.get, 'function');
    assert.equal(typeof descriptor.set, 'function');
    assert.equal(descriptor.enumerable, true);
    assert.equal(descriptor.configurable, true);
    assert.equal(descriptor.get?.name, 'get onx');
    assert.equal(Object.hasOwn(new Target(), 'onx'), false);
  });

  it('returns null before a handler is set', () => {
    assert.equal(new Target().onx, null);
  });

  it('keeps the handler at the place of its first assignment', () => {
    const target = new Target();
    const order: string[] = [];
    target.addEventListener('x', () => order.push('A'));
    target.onx = () => order.push('handler 1');
    target.addEventListener('x', () => order.push('B'));
    target.onx = () => order.push('handler 2');
    fireEvent(target, createEvent('x'));
    assert.deepEqual(order, ['A', 'handler 2', 'B']);
  });

  it('removes the handler on null and adds it at the end when set again', () => {
    const target = new Target();
    const order: string[] = [];
    target.onx = () => order.push('handler');
    target.addEventListener('x', () => order.push('A'));
    target.onx = null;
    assert.equal(target.onx, null);
    fireEvent(target, createEvent('x'));
    assert.deepEqual(order, ['A']);
    target.onx = () => order.push('handler again');
    fireEvent(target, createEvent('x'));
    assert.deepEqual(order, ['A', 'A', 'handler again']);
  });

  it('treats a non-object like null, removing the handler', () => {
    const target = new Target();
    let calls = 0;
    target.onx = () => calls++;
    (target as unknown as { onx: unknown }).onx = 'calls++';
    assert.equal(target.onx, null);
    fireEvent(target, createEvent('x'));
    assert.equal(calls, 0);
  });

  it('stores a non-callable object but never calls it', () => {
    const target = new Target();
    const notCallable = { handleEvent: () => assert.fail('must not be called') };
    (target as unknown as { onx: unknown }).onx = notCallable;
    assert.equal(target.onx, notCallable);
    assert.equal(fireEvent(target, createEvent('x')), true);
  });

  it('calls the handler with the target as this and the event', () => {
    const target = new Target();
    const event = createEvent('x');
    let seen: [unknown, unknown] | undefined;
    target.onx = function (this: EventTarget, received: Event) {
      seen = [this, received];
    };
    fireEvent(target, event);
    assert.deepEqual(seen, [target, event]);
  });

  it('cancels a cancelable event when the handler returns false', () => {
    const target = new Target();
    target.onx = () => false;
    assert.equal(fireEvent(target, new Event('x', { cancelable: true })), false);
    target.onx = () => 0;
    assert.equal(fireEvent(target, new Event('x', { cancelable: true })), true);
  });

  it('keeps handlers per target and per type', () => {
    const first = new Target();
    const second = new Target();
    const handler = (): void => undefined;
    first.onx = handler;
    assert.equal(second.onx, null);
    assert.equal(first.ony, null);
    assert.equal(first.onx, handler);
  });

  it('works on instances of a subclass with class fields of its own', () => {
    const target = new SubTarget();
    let calls = 0;
    target.onx = () => calls++;
    fireEvent(target, createEvent('x'));
    assert.equal(calls, 1);
    assert.equal(target.label, 'sub');
    assert.equal(Object.hasOwn(target, 'onx'), false);
  });

  it('throws "Illegal invocation" when the accessor is used on another object', () => {
    const { get, set } = Object.getOwnPropertyDescriptor(Target.prototype, 'onx') ?? {};
    assert.throws(() => get?.call(new EventTarget()), { name: 'TypeError', message: 'Target.onx: Illegal invocation' });
    assert.throws(() => set?.call({}, () => 1), { message: 'Target.onx: Illegal invocation' });
  });
});

describe('firing events', () => {
  it('creates plain events that neither bubble nor cancel', () => {
    const event = createEvent('ended');
    assert.ok(event instanceof Event);
    assert.equal(event.type, 'ended');
    assert.equal(event.bubbles, false);
    assert.equal(event.cancelable, false);
  });

  it('dispatches to listeners and returns whether the event was not canceled', () => {
    const target = new Target();
    let received: Event | undefined;
    target.addEventListener('y', (event) => {
      received = event;
      event.preventDefault();
    });
    const event = new Event('y', { cancelable: true });
    assert.equal(fireEvent(target, event), false);
    assert.equal(received, event);
  });

  it('is not intercepted by a subclass overriding dispatchEvent', () => {
    class Sneaky extends EventTarget {
      override dispatchEvent(): boolean {
        throw new Error('must not be used');
      }
    }
    const target = new Sneaky();
    let calls = 0;
    target.addEventListener('x', () => calls++);
    assert.equal(fireEvent(target, createEvent('x')), true);
    assert.equal(calls, 1);
  });
});

describe('task queue', () => {
  it('runs tasks in the order they were queued, after the current task', async () => {
    const order: string[] = [];
    queueTask(() => order.push('1'));
    queueTask(() => {
      order.push('2');
      queueTask(() => order.push('4'));
    });
    queueTask(() => order.push('3'));
    order.push('sync');
    await drainTasks();
    await drainTasks();
    assert.deepEqual(order, ['sync', '1', '2', '3', '4']);
  });

  it('runs tasks after pending microtasks', async () => {
    const order: string[] = [];
    queueTask(() => order.push('task'));
    void Promise.resolve().then(() => order.push('microtask'));
    queueMicrotask(() => order.push('queueMicrotask'));
    await drainTasks();
    assert.deepEqual(order, ['microtask', 'queueMicrotask', 'task']);
  });

  it('runs microtasks queued by a task before the next task', async () => {
    const order: string[] = [];
    queueTask(() => {
      order.push('task 1');
      void Promise.resolve().then(() => order.push('microtask from task 1'));
    });
    queueTask(() => order.push('task 2'));
    await drainTasks();
    assert.deepEqual(order, ['task 1', 'microtask from task 1', 'task 2']);
  });
});
