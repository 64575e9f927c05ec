/**
 * https://w3c.github.io/mediacapture-main/#mediastream
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import { takesSequence, toDOMString, toInterface, toSequence } from '../webidl/converters.js';
import { defineEventHandlers, type EventHandler } from '../webidl/events.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { MediaStreamTrack } from './media-stream-track.js';
import type { MediaStreamTrackEvent } from './media-stream-track-event.js';

/** Internal access to streams for other api modules. */
export interface StreamInternals {
  /** Calls `observer` after each change of the stream's track set; returns a function that stops it. */
  observeTrackSet(stream: MediaStream, observer: () => void): () => void;
}

/** Set in MediaStream's static block. */
export let streamInternals: StreamInternals;

/** A set of tracks. */
export class MediaStream extends EventTarget {
  readonly #id: string = randomUUID();
  /** The track set; insertion order is the order getTracks() returns. */
  readonly #trackSet = new Set<MediaStreamTrack>();
  /** Internal observers of the track set (recorders), told after each change. */
  readonly #trackSetObservers = new Set<() => void>();

  declare onaddtrack: EventHandler<MediaStream, MediaStreamTrackEvent>;
  declare onremovetrack: EventHandler<MediaStream, MediaStreamTrackEvent>;

  /**
   * https://w3c.github.io/mediacapture-main/#dom-mediastream-constructor: `new MediaStream()`,
   * `new MediaStream(stream)` or `new MediaStream(tracks)`. The default value keeps `MediaStream.length`
   * at 0, the argument count of the shortest overload (WebIDL).
   */
  constructor(streamOrTracks: MediaStream | readonly MediaStreamTrack[] | undefined = undefined) {
    const context = 'MediaStream';
    // Overload resolution on the argument count and the type of the first argument.
    let tracks: MediaStreamTrack[] = [];
    if (arguments.length > 0) {
      if (streamOrTracks instanceof MediaStream) {
        tracks = [...streamOrTracks.#trackSet];
      } else if (takesSequence(streamOrTracks, context, 'argument 1')) {
        tracks = toSequence(streamOrTracks, context, 'tracks', (item, index) =>
          toInterface(MediaStreamTrack, item, context, `tracks[${index}]`),
        );
      } else {
        throw new TypeError(`${context}: argument 1 is neither a MediaStream nor a sequence of MediaStreamTrack`);
      }
    }
    super();
    for (const track of tracks) {
      this.#trackSet.add(track);
    }
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-id */
  get id(): string {
    brandCheck(#id in this, 'MediaStream.id');
    return this.#id;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-getaudiotracks */
  getAudioTracks(): MediaStreamTrack[] {
    brandCheck(#trackSet in this, 'MediaStream.getAudioTracks');
    return [...this.#trackSet].filter((track) => track.kind === 'audio');
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-getvideotracks */
  getVideoTracks(): MediaStreamTrack[] {
    brandCheck(#trackSet in this, 'MediaStream.getVideoTracks');
    return [...this.#trackSet].filter((track) => track.kind === 'video');
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-gettracks */
  getTracks(): MediaStreamTrack[] {
    brandCheck(#trackSet in this, 'MediaStream.getTracks');
    return [...this.#trackSet];
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-gettrackbyid */
  getTrackById(trackId: string): MediaStreamTrack | null {
    brandCheck(#trackSet in this, 'MediaStream.getTrackById');
    requireArguments(arguments.length, 'MediaStream.getTrackById');
    const id = toDOMString(trackId, 'MediaStream.getTrackById', 'trackId');
    for (const track of this.#trackSet) {
      if (track.id === id) {
        return track;
      }
    }
    return null;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-addtrack: no addtrack event for script calls. */
  addTrack(track: MediaStreamTrack): void {
    brandCheck(#trackSet in this, 'MediaStream.addTrack');
    requireArguments(arguments.length, 'MediaStream.addTrack');
    const converted = toInterface(MediaStreamTrack, track, 'MediaStream.addTrack', 'track');
    if (!this.#trackSet.has(converted)) {
      this.#trackSet.add(converted);
      this.#trackSetChanged();
    }
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-removetrack: no removetrack event for script calls. */
  removeTrack(track: MediaStreamTrack): void {
    brandCheck(#trackSet in this, 'MediaStream.removeTrack');
    requireArguments(arguments.length, 'MediaStream.removeTrack');
    if (this.#trackSet.delete(toInterface(MediaStreamTrack, track, 'MediaStream.removeTrack', 'track'))) {
      this.#trackSetChanged();
    }
  }

  #trackSetChanged(): void {
    for (const observer of [...this.#trackSetObservers]) {
      observer();
    }
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-clone */
  clone(): MediaStream {
    brandCheck(#trackSet in this, 'MediaStream.clone');
    return new MediaStream([...this.#trackSet].map((track) => track.clone()));
  }

  static {
    streamInternals = {
      observeTrackSet: (stream, observer) => {
        stream.#trackSetObservers.add(observer);
        return () => stream.#trackSetObservers.delete(observer);
      },
    };
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastream-active: computed, so no events. */
  get active(): boolean {
    brandCheck(#trackSet in this, 'MediaStream.active');
    for (const track of this.#trackSet) {
      if (track.readyState !== 'ended') {
        return true;
      }
    }
    return false;
  }
}
defineEventHandlers(MediaStream.prototype, ['addtrack', 'removetrack']);
configureInterface(MediaStream);

function requireArguments(count: number, context: string): void {
  if (count < 1) {
    throw new TypeError(`${context}: 1 argument required, but only 0 present`);
  }
}
