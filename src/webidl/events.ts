/**
 * The one event system: `on*` event handler attributes on the global `EventTarget`, firing
 * events, and a task queue.
 *
 * @see https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes
 * @module
 */
import timers from 'node:timers';

import { typeError } from './errors.js';
import { isObject, toBoolean } from './converters.js';

/**
 * The type to `declare` an event handler attribute with, e.g.
 * `declare onended: EventHandler<MediaStreamTrack>;`.
 *
 * The type parameters document the target and the event type the handler receives; the handler itself
 * is typed `(this: EventTarget, event: Event)`, the widest form, so that this package's objects stay
 * assignable to lib.dom.d.ts's interfaces of the same name (whose handlers are typed with their own
 * target and event interfaces, which this package's classes, having private fields, cannot match).
 *
 * @typeParam T - the target the handler is installed on.
 * @typeParam E - the event type the handler receives.
 */
export type EventHandler<T extends EventTarget = EventTarget, E extends Event = Event> =
  | ((this: EventTarget, event: Event) => unknown)
  | null;

/**
 * An event handler of one target for one type: its current value and, while the value is not
 * null, the listener that was registered for it.
 *
 * @see https://html.spec.whatwg.org/multipage/webappapis.html#event-handlers
 */
interface EventHandlerState {
  /** Always an object: non-objects are null per [LegacyTreatNonObjectAsNull] and delete the state. */
  value: object;
  readonly listener: (event: Event) => void;
}

/**
 * Event handlers by target, then by event type. Node's EventTarget keeps its listeners in
 * internals we cannot reach, so the handlers live here; a WeakMap lets targets be collected.
 */
const eventHandlers = new WeakMap<EventTarget, Map<string, EventHandlerState>>();

// The intrinsic methods, so that a subclass overriding them cannot intercept internal use.
const { addEventListener, removeEventListener, dispatchEvent } = EventTarget.prototype;

/** The interface name for error messages, read when the error happens. */
function interfaceName(proto: object): string {
  const tag: unknown = (proto as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  if (typeof tag === 'string') {
    return tag;
  }
  const ctor: unknown = (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' ? ctor.name : 'EventTarget';
}

/**
 * The event handler processing algorithm: call the handler's current value with `this` = the
 * target, and cancel the event when it returns `false`. An exception propagates out of the
 * listener, where Node's EventTarget reports it as it does for any listener.
 *
 * @see https://html.spec.whatwg.org/multipage/webappapis.html#the-event-handler-processing-algorithm
 */
function processEventHandler(target: EventTarget, state: EventHandlerState, event: Event): void {
  const callback = state.value;
  // A non-callable object can be stored ([LegacyTreatNonObjectAsNull]); invoking it does nothing.
  if (typeof callback !== 'function') {
    return;
  }
  const returnValue: unknown = Reflect.apply(callback, target, [event]);
  if (returnValue === false) {
    event.preventDefault();
  }
}

/**
 * Sets an event handler, registering its listener when it becomes non-null and removing it when
 * it becomes null.
 *
 * @see https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-idl-attributes
 */
function setEventHandler(target: EventTarget, type: string, value: unknown): void {
  let handlers = eventHandlers.get(target);
  if (handlers === undefined) {
    handlers = new Map();
    eventHandlers.set(target, handlers);
  }
  const state = handlers.get(type);
  // [LegacyTreatNonObjectAsNull]: any non-object is null.
  if (!isObject(value)) {
    // Deactivate an event handler.
    if (state !== undefined) {
      handlers.delete(type);
      Reflect.apply(removeEventListener, target, [type, state.listener]);
    }
    return;
  }
  if (state !== undefined) {
    // The listener keeps its place; only the value changes.
    state.value = value;
    return;
  }
  // Activate an event handler: one listener, added now, at the end of the list.
  const newState: EventHandlerState = {
    value,
    listener: (event: Event): void => {
      processEventHandler(target, newState, event);
    },
  };
  handlers.set(type, newState);
  Reflect.apply(addEventListener, target, [type, newState.listener]);
}

/**
 * Installs `on${type}` event handler IDL attributes on `proto`, one per type, as enumerable,
 * configurable accessors (so call it before `configureInterface`, or after; both work).
 *
 * HTML semantics: setting an object registers one listener the first time; later assignments
 * replace the value while the listener keeps its original place among the target's listeners;
 * setting `null` or any non-object ([LegacyTreatNonObjectAsNull]) removes it, and a later
 * assignment adds a new listener at the end. The getter returns the current value or `null`.
 * The handler runs with `this` = the target and the event as argument; returning `false`
 * cancels the event. A handler that throws is reported by Node like any throwing listener.
 * Accessors brand-check `this` against `proto` (`TypeError: Illegal invocation` otherwise).
 *
 * Subclasses must not define the attribute as a class field (with ES2022 class fields it would
 * become an own property shadowing the accessor); `declare` it instead:
 *
 * ```ts
 * class MediaStreamTrack extends EventTarget {
 *   declare onended: EventHandler<MediaStreamTrack>;
 * }
 * defineEventHandlers(MediaStreamTrack.prototype, ['mute', 'unmute', 'ended']);
 * ```
 *
 * @param proto - the interface's prototype, whose instances are `EventTarget`s.
 * @param types - the event types, e.g. `['addtrack', 'removetrack']`.
 * @see https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-idl-attributes
 */
export function defineEventHandlers(proto: EventTarget, types: readonly string[]): void {
  for (const type of types) {
    const key = `on${type}`;
    const checkBrand = (self: unknown): EventTarget => {
      if (!isObject(self) || !Object.prototype.isPrototypeOf.call(proto, self)) {
        throw typeError(`${interfaceName(proto)}.${key}`, 'Illegal invocation');
      }
      return self as EventTarget;
    };
    // An object literal gives the accessors the names "get onfoo" and "set onfoo".
    const accessors = {
      get [key](): unknown {
        const target = checkBrand(this);
        return eventHandlers.get(target)?.get(type)?.value ?? null;
      },
      set [key](value: unknown) {
        setEventHandler(checkBrand(this), type, value);
      },
    };
    const { get, set } = Object.getOwnPropertyDescriptor(accessors, key) as PropertyDescriptor;
    Object.defineProperty(proto, key, { get, set, enumerable: true, configurable: true });
  }
}

/**
 * Dispatches `event` at `target` and returns the result (false if a listener canceled it). The
 * one place events are fired. Uses the intrinsic `EventTarget.prototype.dispatchEvent`, so a
 * subclass overriding `dispatchEvent` does not intercept it (as in browsers).
 *
 * @see https://dom.spec.whatwg.org/#concept-event-fire
 */
export function fireEvent(target: EventTarget, event: Event): boolean {
  return Reflect.apply(dispatchEvent, target, [event]) as boolean;
}

/**
 * `setImmediate` as `node:timers` gives it when the package loads: a browser queues its tasks on its own event
 * loop, which fake timers in a test (Jest's, Vitest's, node:test's) do not stop. The package's other real-time
 * work takes its timers from media/host-timers.ts, which this layer may not import.
 */
const hostSetImmediate: typeof timers.setImmediate = timers.setImmediate;

/**
 * Queues a task: `task` runs as its own macrotask (via `setImmediate`) after the current task
 * and all pending microtasks, in FIFO order across all calls, like the HTML event loop's task
 * queue. Microtasks queued by a task run before the next task.
 *
 * @see https://html.spec.whatwg.org/multipage/webappapis.html#queue-a-task
 */
export function queueTask(task: () => void): void {
  hostSetImmediate(task);
}

/**
 * Creates a plain `Event` of `type` with `bubbles` and `cancelable` false, as "fire an event
 * named type" does.
 *
 * @see https://dom.spec.whatwg.org/#concept-event-fire
 */
export function createEvent(type: string): Event {
  return new Event(type, { bubbles: false, cancelable: false });
}

/** https://dom.spec.whatwg.org/#dictdef-eventinit (Node's types do not declare it globally). */
export interface EventInit {
  bubbles?: boolean;
  cancelable?: boolean;
  composed?: boolean;
}

/**
 * The EventInit members of an event's init dictionary, each read once and in WebIDL order. An event's
 * constructor converts these first (inherited members come first), then its own members, and passes the
 * result, not the script's object, to `Event`.
 */
export function toEventInit(init: Readonly<Record<string, unknown>>): EventInit {
  const bubbles = toBoolean(init['bubbles']);
  const cancelable = toBoolean(init['cancelable']);
  const composed = toBoolean(init['composed']);
  return { bubbles, cancelable, composed };
}
