/**
 * https://w3c.github.io/mediacapture-transform/#video-track-generator
 *
 * @module
 */

import { MonotonicClock } from '../media/clock.js';
import { VideoFrame } from '../media/video-frame.js';
import { GeneratorFeed } from '../sources/generator/generator-feed.js';
import { toBoolean } from '../webidl/converters.js';
import { queueTask } from '../webidl/events.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { createGeneratorTrack, generatorWritable } from './generator-track.js';
import type { MediaStreamTrack } from './media-stream-track.js';

/** A video source fed by VideoFrames written from script; `track` is its output. */
export class VideoTrackGenerator {
  readonly #feed: GeneratorFeed;
  readonly #track: MediaStreamTrack;
  #writable: WritableStream<VideoFrame> | undefined;
  #isMuted = false;
  #muteQueued = false;

  /** https://w3c.github.io/mediacapture-transform/#dom-videotrackgenerator-videotrackgenerator */
  constructor() {
    this.#feed = new GeneratorFeed('video', new MonotonicClock());
    this.#track = createGeneratorTrack(this.#feed, 'video');
  }

  /** https://w3c.github.io/mediacapture-transform/#dom-videotrackgenerator-writable */
  get writable(): WritableStream<VideoFrame> {
    brandCheck(#feed in this, 'VideoTrackGenerator.writable');
    if (this.#writable === undefined) {
      this.#writable = generatorWritable(this.#feed, 'video', 'VideoTrackGenerator.writable', () => this.#isMuted) as WritableStream<VideoFrame>;
    }
    return this.#writable;
  }

  /** https://w3c.github.io/mediacapture-transform/#dom-videotrackgenerator-muted */
  get muted(): boolean {
    brandCheck(#feed in this, 'VideoTrackGenerator.muted');
    return this.#isMuted;
  }

  set muted(value: boolean) {
    brandCheck(#feed in this, 'VideoTrackGenerator.muted');
    const newValue = toBoolean(value);
    if (newValue === this.#isMuted) {
      return;
    }
    this.#isMuted = newValue;
    // 3. One settling task per turn of the event loop sets the tracks' muted state.
    if (this.#muteQueued) {
      return;
    }
    this.#muteQueued = true;
    queueTask(() => {
      this.#muteQueued = false;
      this.#feed.setMuted(this.#isMuted);
    });
  }

  /** https://w3c.github.io/mediacapture-transform/#dom-videotrackgenerator-track */
  get track(): MediaStreamTrack {
    brandCheck(#feed in this, 'VideoTrackGenerator.track');
    return this.#track;
  }
}
configureInterface(VideoTrackGenerator);
