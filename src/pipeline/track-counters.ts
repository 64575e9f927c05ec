/**
 * Frame counters a track's pipeline keeps for MediaStreamTrack.stats
 * (https://w3c.github.io/mediacapture-extensions/#mediastreamtrack-statistics). The pipeline increments
 * them as frames flow; the api layer exposes snapshots of them.
 *
 * @module
 */

/** Counters of a video track. */
export class VideoFrameCounters {
  /** Frames delivered to sinks (or that would have been, had one been connected). */
  delivered = 0;
  /** Frames dropped to reach the track's frameRate setting. */
  discarded = 0;
  /** Every frame the source produced for this track while it was unmuted and enabled. */
  total = 0;
}

/** Counters of an audio track; durations in milliseconds, latencies in milliseconds. */
export class AudioFrameCounters {
  delivered = 0;
  deliveredDurationMs = 0;
  dropped = 0;
  droppedDurationMs = 0;
  /** The latest input latency; 0 until a measurement exists. */
  latencyMs = 0;
  averageLatencyMs = 0;
  minimumLatencyMs = 0;
  maximumLatencyMs = 0;
  #latencySamples = 0;

  /** Records one input latency measurement. */
  recordLatency(latencyMs: number): void {
    this.latencyMs = latencyMs;
    if (this.#latencySamples === 0) {
      this.averageLatencyMs = latencyMs;
      this.minimumLatencyMs = latencyMs;
      this.maximumLatencyMs = latencyMs;
    } else {
      this.averageLatencyMs += (latencyMs - this.averageLatencyMs) / (this.#latencySamples + 1);
      this.minimumLatencyMs = Math.min(this.minimumLatencyMs, latencyMs);
      this.maximumLatencyMs = Math.max(this.maximumLatencyMs, latencyMs);
    }
    this.#latencySamples++;
  }

  /** Starts the average, minimum and maximum over from `latencyMs` (resetLatency()). */
  resetLatency(latencyMs: number): void {
    this.averageLatencyMs = latencyMs;
    this.minimumLatencyMs = latencyMs;
    this.maximumLatencyMs = latencyMs;
    this.#latencySamples = 1;
  }
}
