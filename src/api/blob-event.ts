/**
 * https://w3c.github.io/mediacapture-record/#blobevent-section
 *
 * @module
 */

import { requireDictionary, toDOMString, toInterface, toDouble } from '../webidl/converters.js';
import { typeError } from '../webidl/errors.js';
import { toEventInit, type EventInit } from '../webidl/events.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';

/** https://w3c.github.io/mediacapture-record/#dictdef-blobeventinit */
export interface BlobEventInit extends EventInit {
  data: Blob;
  timecode?: number;
}

/** The event of dataavailable: a Blob of recorded data and its timecode. */
export class BlobEvent extends Event {
  readonly #data: Blob;
  readonly #timecode: number;

  /** https://w3c.github.io/mediacapture-record/#dom-blobevent-blobevent */
  constructor(type: string, eventInitDict: BlobEventInit) {
    const context = 'BlobEvent';
    if (arguments.length < 2) {
      throw typeError(context, `2 arguments required, but only ${arguments.length} present`);
    }
    const typeString = toDOMString(type, context, 'type');
    const init = requireDictionary(eventInitDict, context, 'eventInitDict') ?? {};
    // WebIDL order: the inherited EventInit members first, then data and timecode.
    const eventInit = toEventInit(init);
    const rawData = init['data'];
    if (rawData === undefined) {
      throw typeError(context, 'required member data is undefined');
    }
    const data = toInterface(Blob, rawData, context, 'data');
    const rawTimecode = init['timecode'];
    const timecode = rawTimecode === undefined ? 0 : toDouble(rawTimecode, context, 'timecode');
    super(typeString, eventInit);
    this.#data = data;
    this.#timecode = timecode;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-blobevent-data */
  get data(): Blob {
    brandCheck(#data in this, 'BlobEvent.data');
    return this.#data;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-blobevent-timecode */
  get timecode(): number {
    brandCheck(#timecode in this, 'BlobEvent.timecode');
    return this.#timecode;
  }
}
configureInterface(BlobEvent);
