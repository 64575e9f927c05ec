/**
 * https://w3c.github.io/mediacapture-extensions/#the-mediastreamtrackaudiostats-interface
 *
 * @module
 */

import type { AudioFrameCounters } from '../pipeline/track-counters.js';
import { queueTask } from '../webidl/events.js';
import { INTERNAL, assertInternal, brandCheck, configureInterface } from '../webidl/interface.js';

interface AudioSnapshot {
  readonly deliveredFrames: number;
  readonly deliveredFramesDuration: number;
  readonly totalFrames: number;
  readonly totalFramesDuration: number;
  readonly latency: number;
  readonly averageLatency: number;
  readonly minimumLatency: number;
  readonly maximumLatency: number;
}

/** Frame counters and input latency of an audio MediaStreamTrack. */
export class MediaStreamTrackAudioStats {
  readonly #counters: AudioFrameCounters;
  // [[LastTask]]: the snapshot stays the same until the current task (and its microtasks) ends.
  #snapshot: AudioSnapshot | undefined;

  /** Not constructible from script. */
  constructor(token: typeof INTERNAL, counters: AudioFrameCounters) {
    assertInternal(token);
    this.#counters = counters;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dfn-expose-audio-frame-counters-steps */
  #expose(): AudioSnapshot {
    if (this.#snapshot === undefined) {
      const c = this.#counters;
      this.#snapshot = {
        deliveredFrames: c.delivered,
        deliveredFramesDuration: c.deliveredDurationMs,
        totalFrames: c.delivered + c.dropped,
        totalFramesDuration: c.deliveredDurationMs + c.droppedDurationMs,
        latency: c.latencyMs,
        averageLatency: c.averageLatencyMs,
        minimumLatency: c.minimumLatencyMs,
        maximumLatency: c.maximumLatencyMs,
      };
      queueTask(() => {
        this.#snapshot = undefined;
      });
    }
    return this.#snapshot;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-deliveredframes */
  get deliveredFrames(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.deliveredFrames');
    return this.#expose().deliveredFrames;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-deliveredframesduration */
  get deliveredFramesDuration(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.deliveredFramesDuration');
    return this.#expose().deliveredFramesDuration;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-totalframes */
  get totalFrames(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.totalFrames');
    return this.#expose().totalFrames;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-totalframesduration */
  get totalFramesDuration(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.totalFramesDuration');
    return this.#expose().totalFramesDuration;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-latency */
  get latency(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.latency');
    return this.#expose().latency;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-averagelatency */
  get averageLatency(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.averageLatency');
    return this.#expose().averageLatency;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-minimumlatency */
  get minimumLatency(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.minimumLatency');
    return this.#expose().minimumLatency;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-maximumlatency */
  get maximumLatency(): number {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.maximumLatency');
    return this.#expose().maximumLatency;
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrackaudiostats-resetlatency */
  resetLatency(): void {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.resetLatency');
    // 1-2. Expose, then restart average, minimum and maximum from the exposed latency.
    const { latency } = this.#expose();
    this.#counters.resetLatency(latency);
    this.#snapshot = { ...this.#expose(), averageLatency: latency, minimumLatency: latency, maximumLatency: latency };
  }

  /** WebIDL default toJSON. */
  toJSON(): AudioSnapshot {
    brandCheck(#counters in this, 'MediaStreamTrackAudioStats.toJSON');
    return { ...this.#expose() };
  }
}
configureInterface(MediaStreamTrackAudioStats, 'MediaStreamTrackAudioStats', 0);
