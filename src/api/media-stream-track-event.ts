/**
 * https://w3c.github.io/mediacapture-main/#mediastreamtrackevent
 *
 * @module
 */

import { toEventInit, type EventInit } from '../webidl/events.js';
import { requireDictionary, toDOMString, toInterface } from '../webidl/converters.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { MediaStreamTrack } from './media-stream-track.js';

/** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrackeventinit */
export interface MediaStreamTrackEventInit extends EventInit {
  track: MediaStreamTrack;
}

/** The event of addtrack and removetrack. */
export class MediaStreamTrackEvent extends Event {
  readonly #track: MediaStreamTrack;

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrackevent-constructor */
  constructor(type: string, eventInitDict: MediaStreamTrackEventInit) {
    const context = 'MediaStreamTrackEvent';
    if (arguments.length < 2) {
      throw new TypeError(`${context}: 2 arguments required, but only ${arguments.length} present`);
    }
    const typeString = toDOMString(type, context, 'type');
    const init = requireDictionary(eventInitDict, context, 'eventInitDict') ?? {};
    const eventInit = toEventInit(init);
    const rawTrack = init['track'];
    if (rawTrack === undefined) {
      throw new TypeError(`${context}: required member track is undefined`);
    }
    const track = toInterface(MediaStreamTrack, rawTrack, context, 'track');
    super(typeString, eventInit);
    this.#track = track;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrackevent-track */
  get track(): MediaStreamTrack {
    brandCheck(#track in this, 'MediaStreamTrackEvent.track');
    return this.#track;
  }
}
configureInterface(MediaStreamTrackEvent);
