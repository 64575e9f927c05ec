/**
 * A track's pipeline: takes its source's frames, adapts them to the track's settings (crop-and-scale and
 * frame-rate decimation for video; channel mix and resampling for audio), replaces them with black
 * frames or silence while the track is disabled or muted, counts them for MediaStreamTrack.stats, and
 * hands a clone of each to every sink.
 *
 * Black frames and silence: a disabled or muted track delivers zero-information content instead of the
 * source's media, as https://w3c.github.io/mediacapture-main/#media-flow says. Audio keeps its pace (a
 * silent chunk for each chunk, so recorders stay continuous); video sends one black frame when it turns
 * disabled or muted and then one a second (the spec sets no rate; this keeps sinks current without
 * spending a frame rate's worth of work on black). When no track of a source is enabled the source stops,
 * and the pipeline keeps that pace from its own clock timer while it has a sink to feed.
 *
 * @module
 */

import { audioDataInternals, type AudioData } from '../media/audio-data.js';
import type { Clock } from '../media/clock.js';
import type { VideoFrame } from '../media/video-frame.js';
import type { AudioAdapter, AdaptedFrames } from './frame-adapter.js';
import { blackVideoFrame, silentAudioData } from './frame-adapter.js';
import type { FrameSink } from './frame-sink.js';
import type { AudioFrameCounters, VideoFrameCounters } from './track-counters.js';

/**
 * What a video track outputs. Without a size (a generator before its first frame) or with resizeMode
 * "none" on a generator, frames pass unmodified; without a frame rate, none are dropped for rate.
 */
export interface VideoOutput {
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  /** Frames go out as the source made them (resizeMode "none" of a generator). */
  readonly passThrough: boolean;
  /**
   * The whole frame is scaled to the size, never cropped (display capture, whose sizes keep the surface's
   * aspect ratio to the nearest pixel); otherwise frames are centre-cropped to the size's aspect ratio.
   */
  readonly wholeFrame?: boolean;
}

/** What an audio track outputs; without a format, chunks pass unmodified. */
export interface AudioOutput {
  readonly sampleRate?: number;
  readonly channels?: number;
}

/** How a pipeline reaches its source's fan-out. */
export interface PipelineHost {
  readonly clock: Clock;
  /** The pipeline's enabled state changed: recompute the source's demand. */
  demandChanged(): void;
  /** The pipeline closed. */
  removed(pipeline: TrackPipeline): void;
  /** Whether the source is producing media now. */
  readonly producing: boolean;
  /** The shared adapter for an audio output. */
  audioAdapter(output: AudioOutput): AudioAdapter;
}

const BLACK_FRAME_INTERVAL_US = 1_000_000;
const SILENCE_CHUNK_US = 10_000;
/** A frame up to this fraction of a period early still counts as on time for decimation. */
const DECIMATION_TOLERANCE = 0.1;

/** The part of a pipeline the fan-out and the track use, whatever the kind. */
export abstract class TrackPipeline {
  protected readonly host: PipelineHost;
  protected readonly sinks = new Set<FrameSink>();
  /** A snapshot of the sinks, dropped when they change. */
  #sinkList: readonly FrameSink[] | undefined;
  #enabled = true;
  #muted = false;
  #closed = false;
  #fillerCancel: (() => void) | undefined;

  constructor(host: PipelineHost) {
    this.host = host;
  }

  /** Live and enabled: the source must produce for this track. */
  get needsMedia(): boolean {
    return !this.#closed && this.#enabled;
  }

  /** Whether the track ended. */
  protected get closed(): boolean {
    return this.#closed;
  }

  /** Whether frames pass (enabled and not muted) or zero-information content replaces them. */
  protected get flowing(): boolean {
    return this.#enabled && !this.#muted;
  }

  /** Sets the track's enabled state. */
  setEnabled(enabled: boolean): void {
    if (this.#closed || this.#enabled === enabled) {
      return;
    }
    this.#enabled = enabled;
    this.host.demandChanged();
    this.zeroContentChanged();
  }

  /** Sets the track's muted state (the source's). */
  setMuted(muted: boolean): void {
    if (this.#closed || this.#muted === muted) {
      return;
    }
    this.#muted = muted;
    this.zeroContentChanged();
  }

  /** Adds a sink; it receives clones of every frame from now on. */
  addSink(sink: FrameSink): void {
    if (this.#closed) {
      sink.close();
      return;
    }
    this.sinks.add(sink);
    this.#sinkList = undefined;
    this.#updateFiller();
  }

  /** Removes a sink without closing it. */
  removeSink(sink: FrameSink): void {
    this.sinks.delete(sink);
    this.#sinkList = undefined;
    this.#updateFiller();
  }

  /** The track ended: every sink is closed and no more frames come. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#stopFiller();
    for (const sink of [...this.sinks]) {
      sink.close();
    }
    this.sinks.clear();
    this.#sinkList = undefined;
    this.host.removed(this);
    this.host.demandChanged();
  }

  /** The source's demand or production changed: run or stop the zero-content filler. */
  sourceProductionChanged(): void {
    this.zeroContentChanged();
  }

  /** Hands clones of `frame` to every sink; the caller still owns `frame`. */
  protected deliver(frame: VideoFrame | AudioData): void {
    // A snapshot: a sink added or removed by another's push does not change who gets this frame.
    this.#sinkList ??= [...this.sinks];
    for (const sink of this.#sinkList) {
      sink.push(frame.clone());
    }
  }

  /** Zero-information content is due now (the filler calls this without a source frame). */
  protected abstract emitZeroContent(timestampUs: number): void;

  /** Microseconds between filler emissions. */
  protected abstract get fillerIntervalUs(): number;

  /** Called when enabled or muted changes. */
  protected zeroContentChanged(): void {
    this.#updateFiller();
  }

  /**
   * Runs the filler exactly while zero-information content must flow from it: the track is live but disabled
   * or muted, its source is not producing (whose frames would pace it otherwise), and some sink would get the
   * content. With no sink it would make nothing, and its timer would keep the process alive for no one.
   */
  #updateFiller(): void {
    const needFiller = !this.#closed && !this.flowing && !this.host.producing && this.sinks.size > 0;
    if (needFiller && this.#fillerCancel === undefined) {
      this.#startFiller();
    } else if (!needFiller) {
      this.#stopFiller();
    }
  }

  #startFiller(): void {
    const clock = this.host.clock;
    let next = clock.nowUs();
    const tick = (): void => {
      this.emitZeroContent(next);
      next += this.fillerIntervalUs;
      this.#fillerCancel = clock.schedule(next, tick);
    };
    this.#fillerCancel = clock.schedule(next, tick);
  }

  #stopFiller(): void {
    this.#fillerCancel?.();
    this.#fillerCancel = undefined;
  }
}

/** A video track's pipeline. */
export class VideoTrackPipeline extends TrackPipeline {
  #output: VideoOutput;
  readonly #counters: VideoFrameCounters;
  #nextDueUs: number | undefined;
  #lastBlackUs = -Infinity;

  constructor(host: PipelineHost, output: VideoOutput, counters: VideoFrameCounters) {
    super(host);
    this.#output = output;
    this.#counters = counters;
  }

  /** New settings take effect from the next frame. */
  setOutput(output: VideoOutput): void {
    if (output.frameRate !== this.#output.frameRate) {
      this.#nextDueUs = undefined;
    }
    this.#output = output;
  }

  /** A source frame arrives; `adapted` shares adaptations with the source's other tracks. */
  onFrame(frame: VideoFrame, adapted: AdaptedFrames): void {
    if (this.closed) {
      return;
    }
    if (!this.flowing) {
      this.emitZeroContent(frame.timestamp);
      return;
    }
    this.#counters.total++;
    if (!this.#onTime(frame.timestamp)) {
      this.#counters.discarded++;
      return;
    }
    this.#counters.delivered++;
    if (this.sinks.size > 0) {
      const { width, height, passThrough, wholeFrame } = this.#output;
      this.deliver(passThrough || width === undefined || height === undefined ? frame : adapted.video(frame, width, height, wholeFrame === true));
    }
  }

  /** Frame-rate decimation: whether a frame at `timestampUs` is due at the track's frame rate. */
  #onTime(timestampUs: number): boolean {
    const { frameRate } = this.#output;
    if (frameRate === undefined) {
      return true;
    }
    if (frameRate <= 0) {
      return false;
    }
    const periodUs = 1e6 / frameRate;
    if (this.#nextDueUs !== undefined && timestampUs < this.#nextDueUs - periodUs * DECIMATION_TOLERANCE) {
      return false;
    }
    // Keep the cadence; resynchronise after a gap longer than a period.
    const next = (this.#nextDueUs ?? timestampUs) + periodUs;
    this.#nextDueUs = next <= timestampUs ? timestampUs + periodUs : next;
    return true;
  }

  protected emitZeroContent(timestampUs: number): void {
    if (timestampUs - this.#lastBlackUs < BLACK_FRAME_INTERVAL_US || this.sinks.size === 0) {
      return;
    }
    const { width, height } = this.#output;
    if (width === undefined || height === undefined) {
      return;
    }
    this.#lastBlackUs = timestampUs;
    const black = blackVideoFrame(width, height, timestampUs);
    try {
      this.deliver(black);
    } finally {
      black.close();
    }
  }

  protected override zeroContentChanged(): void {
    this.#lastBlackUs = -Infinity;
    super.zeroContentChanged();
  }

  protected get fillerIntervalUs(): number {
    return BLACK_FRAME_INTERVAL_US;
  }
}

/** An audio track's pipeline. */
export class AudioTrackPipeline extends TrackPipeline {
  #output: AudioOutput;
  #adapter: AudioAdapter;
  readonly #counters: AudioFrameCounters;

  constructor(host: PipelineHost, output: AudioOutput, counters: AudioFrameCounters) {
    super(host);
    this.#output = output;
    this.#adapter = host.audioAdapter(output);
    this.#counters = counters;
  }

  /** New settings take effect from the next chunk. */
  setOutput(output: AudioOutput): void {
    this.#output = output;
    this.#adapter = this.host.audioAdapter(output);
  }

  /** A source chunk arrives; `adapted` shares adaptations with the source's other tracks. */
  onFrame(chunk: AudioData, adapted: AdaptedFrames): void {
    if (this.closed) {
      return;
    }
    if (!this.flowing) {
      this.#emitSilence(chunk.timestamp, chunk.duration);
      return;
    }
    const output = adapted.audio(chunk, this.#adapter);
    // The internal data, read once, rather than the getters (each checks the brand): this runs for every chunk.
    const { numberOfFrames, sampleRate } = audioDataInternals.data(output);
    if (numberOfFrames === 0) {
      return;
    }
    this.#counters.delivered += numberOfFrames;
    this.#counters.deliveredDurationMs += (numberOfFrames * 1000) / sampleRate;
    // Input latency: from the capture of the chunk's first sample to its delivery.
    this.#counters.recordLatency(Math.max(0, this.host.clock.nowUs() - chunk.timestamp) / 1000);
    if (this.sinks.size > 0) {
      this.deliver(output);
    }
  }

  #emitSilence(timestampUs: number, durationUs: number): void {
    if (this.sinks.size === 0) {
      return;
    }
    const { sampleRate, channels } = this.#output;
    if (sampleRate === undefined || channels === undefined) {
      return;
    }
    const frames = Math.round((durationUs * sampleRate) / 1e6);
    if (frames === 0) {
      return;
    }
    const silence = silentAudioData(sampleRate, channels, frames, timestampUs);
    try {
      this.deliver(silence);
    } finally {
      silence.close();
    }
  }

  protected emitZeroContent(timestampUs: number): void {
    this.#emitSilence(timestampUs, SILENCE_CHUNK_US);
  }

  protected get fillerIntervalUs(): number {
    return SILENCE_CHUNK_US;
  }
}
