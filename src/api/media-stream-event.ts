/**
 * MediaStreamEvent, from the engines' legacy WebRTC IDL (the `addstream`/`removestream` events).
 *
 * @module
 */

import { toEventInit, type EventInit } from '../webidl/events.js';
import { requireDictionary, toDOMString, toInterface } from '../webidl/converters.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { MediaStream } from './media-stream.js';

/** The legacy `MediaStreamEventInit`: `stream` defaults to null. */
export interface MediaStreamEventInit extends EventInit {
  stream?: MediaStream | null;
}

/** An event about a MediaStream (legacy). */
export class MediaStreamEvent extends Event {
  readonly #stream: MediaStream | null;

  /** `new MediaStreamEvent(type, { stream })` */
  constructor(type: string, eventInitDict: MediaStreamEventInit = {}) {
    const context = 'MediaStreamEvent';
    if (arguments.length < 1) {
      throw new TypeError(`${context}: 1 argument required, but only 0 present`);
    }
    const typeString = toDOMString(type, context, 'type');
    const init = requireDictionary(eventInitDict, context, 'eventInitDict') ?? {};
    const eventInit = toEventInit(init);
    const raw = init['stream'];
    const stream = raw === undefined || raw === null ? null : toInterface(MediaStream, raw, context, 'stream');
    super(typeString, eventInit);
    this.#stream = stream;
  }

  /** The stream the event is about, or null. */
  get stream(): MediaStream | null {
    brandCheck(#stream in this, 'MediaStreamEvent.stream');
    return this.#stream;
  }
}
configureInterface(MediaStreamEvent);
