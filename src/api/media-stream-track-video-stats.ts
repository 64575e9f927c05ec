/**
 * https://w3c.github.io/mediacapture-extensions/#the-mediastreamtrackvideostats-interface
 *
 * @module
 */

import type { VideoFrameCounters } from '../pipeline/track-counters.js';
import { queueTask } from '../webidl/events.js';
import { INTERNAL, assertInternal, brandCheck, configureInterface } from '../webidl/interface.js';

interface VideoSnapshot {
  readonly deliveredFrames: number;
  readonly discardedFrames: number;
  readonly totalFrames: number;
}

/** Frame counters of a video MediaStreamTrack. */
export class MediaStreamTrackVideoStats {
  readonly #counters: VideoFrameCounters;
  // [[LastTask]]: the snapshot stays the same until the current task (and its microtasks) ends.
  #snapshot: VideoSnapshot | undefined;

  /** Not constructible from script. */
  constructor(token: typeof INTERNAL, counters: VideoFrameCounters) {
    assertInternal(token);
    this.#counters = counters;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dfn-expose-video-frame-counters-steps */
  #expose(): VideoSnapshot {
    if (this.#snapshot === undefined) {
      const { delivered, discarded, total } = this.#counters;
      this.#snapshot = { deliveredFrames: delivered, discardedFrames: discarded, totalFrames: total };
      queueTask(() => {
        this.#snapshot = undefined;
      });
    }
    return this.#snapshot;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackvideostats-deliveredframes */
  get deliveredFrames(): number {
    brandCheck(#counters in this, 'MediaStreamTrackVideoStats.deliveredFrames');
    return this.#expose().deliveredFrames;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackvideostats-discardedframes */
  get discardedFrames(): number {
    brandCheck(#counters in this, 'MediaStreamTrackVideoStats.discardedFrames');
    return this.#expose().discardedFrames;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackvideostats-totalframes */
  get totalFrames(): number {
    brandCheck(#counters in this, 'MediaStreamTrackVideoStats.totalFrames');
    return this.#expose().totalFrames;
  }

  /** WebIDL default toJSON. */
  toJSON(): VideoSnapshot {
    brandCheck(#counters in this, 'MediaStreamTrackVideoStats.toJSON');
    return { ...this.#expose() };
  }
}
configureInterface(MediaStreamTrackVideoStats, 'MediaStreamTrackVideoStats', 0);
