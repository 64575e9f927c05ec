/**
 * https://w3c.github.io/mediacapture-record/#blobevent-section
 *
 * @module
 */

import { requireDictionary, toBoolean, toDOMString, toInterface, toDouble } from '../webidl/converters.js';
import { typeError } from '../webidl/errors.js';
import type { EventInit } from '../webidl/events.js';
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
    const eventInit: EventInit = {
      bubbles: toBoolean(init['bubbles']),
      cancelable: toBoolean(init['cancelable']),
      composed: toBoolean(init['composed']),
    };
    if (init['data'] === undefined) {
      throw typeError(context, 'required member data is undefined');
    }
    const data = toInterface(Blob, init['data'], context, 'data');
    const timecode = init['timecode'] === undefined ? 0 : toDouble(init['timecode'], context, 'timecode');
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
