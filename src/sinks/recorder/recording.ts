/**
 * The engine of one MediaRecorder recording (https://w3c.github.io/mediacapture-record/#mediarecorder-api):
 * frame sinks on the recorded tracks' pipelines feed a {@link RecordingEncoder} (an ffmpeg child, or
 * in-process Opus for audio alone); encoded bytes collect until MediaRecorder takes them (timeslice,
 * requestData, stop), or go straight to a destination (a Writable, a file the encoder finalizes).
 *
 * Timing: raw video carries no timestamps, so video goes to the encoder at a constant frame rate (the
 * track's frameRate setting), and the frames' own timestamps decide which frame fills each slot: a slot
 * with no new frame repeats the last one, a frame with no free slot is dropped. Audio is placed by its
 * timestamps too: a gap is filled with silence, an overlap is cut. Both kinds share one timeline whose origin
 * is the first frame or chunk recorded, so audio and video stay in sync. While paused nothing is sent and
 * the paused time is subtracted from later timestamps, so the recording has no gap.
 *
 * @module
 */

import { statSync } from 'node:fs';
import { audioDataInternals, type AudioData } from '../../media/audio-data.js';
import type { Clock } from '../../media/clock.js';
import type { VideoFrame } from '../../media/video-frame.js';
import type { FrameSink } from '../../pipeline/frame-sink.js';
import type { TrackPipeline } from '../../pipeline/track-pipeline.js';
import { FfmpegEncoder, type EncoderAudioConfig, type EncoderVideoConfig } from './ffmpeg-encoder.js';
import { packI420 } from './i420-packing.js';
import { OpusEncoder } from './opus-encoder.js';
import type { EncoderOutput, RecordingEncoder } from './recording-encoder.js';
import type { RecordingFormat } from './recording-formats.js';
import { hostNowMs } from '../../media/host-timers.js';

/** Which encoder: an ffmpeg child (at this path), or in-process Opus. */
export type RecordingBackend = { readonly kind: 'ffmpeg'; readonly ffmpeg: string } | { readonly kind: 'in-process' };

/** What is recorded and how. */
export interface RecordingConfig {
  readonly backend: RecordingBackend;
  readonly output: EncoderOutput;
  readonly format: RecordingFormat;
  /** The clock the tracks' frames are timestamped by (for paused time). */
  readonly clock: Clock;
  readonly video: (Omit<EncoderVideoConfig, 'codec'> & { readonly pipeline: TrackPipeline }) | undefined;
  readonly audio: (Omit<EncoderAudioConfig, 'codec'> & { readonly pipeline: TrackPipeline }) | undefined;
}

/** How a recording reports to MediaRecorder. */
export interface RecordingCallbacks {
  /** Given: encoded bytes go here as they come instead of collecting for {@link Recording.takeData}. */
  data?(chunk: Uint8Array): void;
  /**
   * The encoder failed while gathering; the data encoded so far can still be taken. A failure while the
   * encoder flushes after {@link Recording.finish} is what finish() resolves with instead.
   */
  failed(reason: string): void;
  /** Every recorded track ended. */
  tracksEnded(): void;
}

/** Encoded bytes taken out of a recording. */
export interface RecordedData {
  readonly chunks: readonly Uint8Array[];
  /** performance.now() when the first of these chunks arrived; undefined without chunks. */
  readonly firstChunkTimeMs: number | undefined;
}

/** What a recording has done so far, for a status line. */
export interface RecordingStatus {
  /** Media recorded, in milliseconds (the longer of video and audio; paused time is not counted). */
  readonly durationMs: number;
  /** Video frames taken by the encoder. */
  readonly videoFrames: number;
  /** Video frames dropped because the encoder fell behind. */
  readonly droppedVideoFrames: number;
  /** Audio chunks dropped because the encoder fell behind. */
  readonly droppedAudioChunks: number;
  /** Media queued towards the encoder and not yet taken, in milliseconds (how far it lags). */
  readonly encoderBacklogMs: number;
  /** Encoded bytes handed out or written to the file. */
  readonly bytesWritten: number;
  /**
   * The audio's peak level in dBFS, as a peak meter shows it: the highest sample recorded, falling by
   * 20 dB a second after it (-Infinity for silence or no audio).
   */
  readonly audioLevelDb: number;
}

/** A timestamp jump beyond this is not filled with repeated frames or silence: the timeline moves on. */
const MAX_GAP_US = 10_000_000;
/** How fast the audio level falls after a peak. */
const PEAK_FALL_DB_PER_SECOND = 20;
/** Audio this far off its place on the timeline is padded or cut. */
const AUDIO_TOLERANCE_US = 20_000;

/** One recording: sinks on the tracks, an ffmpeg child, the bytes it produced. */
export class Recording {
  readonly #config: RecordingConfig;
  readonly #callbacks: RecordingCallbacks;
  readonly #encoder: RecordingEncoder;
  readonly #sinks: { pipeline: TrackPipeline; sink: FrameSink }[] = [];
  #openSinks = 0;
  #chunks: Uint8Array[] = [];
  #firstChunkTimeMs: number | undefined;
  #gathering = true;
  /** Why the encoder failed, once it has. */
  #failure: string | undefined;
  #pausedAtUs: number | undefined;
  #pausedUs = 0;
  /** The timeline's origin: the first recorded timestamp (paused time subtracted). */
  #originUs: number | undefined;
  #nextSlot = 0;
  #lastFrame: Uint8Array | undefined;
  #lastVideoUs: number | undefined;
  #samplesWritten = 0;
  #bytes = 0;
  #audioPeak = 0;

  /** Starts the encoder and attaches to the tracks. */
  constructor(config: RecordingConfig, callbacks: RecordingCallbacks) {
    this.#config = config;
    this.#callbacks = callbacks;
    const { video, audio, format, backend, output } = config;
    const encoderCallbacks = {
      data: (chunk: Uint8Array) => {
        this.#bytes += chunk.byteLength;
        if (callbacks.data !== undefined) {
          callbacks.data(chunk);
          return;
        }
        this.#firstChunkTimeMs ??= hostNowMs();
        this.#chunks.push(chunk);
      },
      failed: (reason: string) => {
        this.#failure ??= reason;
        if (this.#gathering) {
          this.#stopGathering();
          callbacks.failed(reason);
        }
      },
    };
    const videoConfig = video === undefined || format.videoCodec === undefined ? undefined : { ...video, codec: format.videoCodec };
    const audioConfig = audio === undefined || format.audioCodec === undefined ? undefined : { ...audio, codec: format.audioCodec };
    if (backend.kind === 'ffmpeg') {
      const encoderConfig = { ffmpeg: backend.ffmpeg, container: format.container, h264Level: format.h264Level, output };
      this.#encoder = new FfmpegEncoder({ ...encoderConfig, video: videoConfig, audio: audioConfig }, encoderCallbacks);
    } else {
      const container = format.container === 'audio/ogg' ? 'audio/ogg' : 'audio/webm';
      this.#encoder = new OpusEncoder({ container, output, audio: audioConfig as EncoderAudioConfig }, encoderCallbacks);
    }
    if (video !== undefined) {
      this.#attach(video.pipeline, (frame) => this.#videoFrame(frame as VideoFrame));
    }
    if (audio !== undefined) {
      this.#attach(audio.pipeline, (chunk) => this.#audioChunk(chunk as AudioData));
    }
  }

  /** What has been recorded so far. */
  status(): RecordingStatus {
    const { video, audio, output } = this.#config;
    const videoMs = video === undefined ? 0 : (this.#nextSlot * 1000) / video.frameRate;
    const audioMs = audio === undefined ? 0 : (this.#samplesWritten * 1000) / audio.sampleRate;
    let bytesWritten = this.#bytes;
    if (output.kind === 'file') {
      try {
        bytesWritten = statSync(output.path).size;
      } catch {
        bytesWritten = 0;
      }
    }
    return {
      durationMs: Math.max(videoMs, audioMs),
      ...this.#encoder.counters,
      bytesWritten,
      audioLevelDb: 20 * Math.log10(this.#audioPeak),
    };
  }

  /** Stops or restarts handing out encoded bytes (backpressure from the destination). */
  setOutputFlowing(flowing: boolean): void {
    if (flowing) {
      this.#encoder.resumeOutput();
    } else {
      this.#encoder.pauseOutput();
    }
  }

  /** Whether encoded bytes wait to be taken. */
  get hasData(): boolean {
    return this.#chunks.length > 0;
  }

  /** Stops sending media until resume(); the paused time is cut out of the recording. */
  pause(): void {
    this.#pausedAtUs ??= this.#config.clock.nowUs();
  }

  /** Sends media again. */
  resume(): void {
    if (this.#pausedAtUs !== undefined) {
      this.#pausedUs += this.#config.clock.nowUs() - this.#pausedAtUs;
      this.#pausedAtUs = undefined;
    }
  }

  /** The bytes encoded since the last call. */
  takeData(): RecordedData {
    const data = { chunks: this.#chunks, firstChunkTimeMs: this.#firstChunkTimeMs };
    this.#chunks = [];
    this.#firstChunkTimeMs = undefined;
    return data;
  }

  /**
   * Stops gathering: detaches from the tracks, pads the video to the end of the audio, lets the encoder
   * flush and exit. Resolves when every byte is there to be taken (also after a failure), with the reason
   * the encoder failed while flushing (it died, exited with an error, or could not finalize the output),
   * or undefined when it finished cleanly or had already failed while gathering (reported by `failed`).
   */
  async finish(): Promise<string | undefined> {
    if (this.#gathering) {
      this.#padVideoToEnd();
      this.#stopGathering();
    }
    if (this.#failure !== undefined) {
      await this.#encoder.kill();
      return undefined;
    }
    await this.#encoder.finish();
    return this.#failure;
  }

  /** Stops at once, killing the encoder; no more data or failures are reported. */
  async abort(): Promise<void> {
    this.#stopGathering();
    await this.#encoder.kill();
  }

  #attach(pipeline: TrackPipeline, push: (frame: VideoFrame | AudioData) => void): void {
    const sink: FrameSink = {
      push: (frame) => {
        try {
          if (this.#gathering && this.#pausedAtUs === undefined) {
            push(frame);
          }
        } finally {
          frame.close();
        }
      },
      close: () => {
        pipeline.removeSink(sink);
        this.#openSinks--;
        if (this.#openSinks === 0 && this.#gathering) {
          // Not from inside the constructor (a pipeline that is already closed closes its sink at once). A
          // promise's reaction, not queueMicrotask, which fake timers in a test may hold back (host-timers.ts).
          void Promise.resolve().then(() => this.#callbacks.tracksEnded());
        }
      },
    };
    this.#sinks.push({ pipeline, sink });
    this.#openSinks++;
    pipeline.addSink(sink);
  }

  #stopGathering(): void {
    if (!this.#gathering) {
      return;
    }
    this.#gathering = false;
    for (const { pipeline, sink } of this.#sinks) {
      pipeline.removeSink(sink);
    }
  }

  /** A timestamp on the recording's timeline (paused time removed), starting the timeline if needed. */
  #timelineUs(timestampUs: number): number {
    const us = timestampUs - this.#pausedUs;
    this.#originUs ??= us;
    return us - this.#originUs;
  }

  #videoFrame(frame: VideoFrame): void {
    const video = this.#config.video as NonNullable<RecordingConfig['video']>;
    const bytes = packI420(frame, video.width, video.height);
    const timeUs = this.#timelineUs(frame.timestamp);
    const periodUs = 1e6 / video.frameRate;
    if (timeUs - this.#nextSlot * periodUs > MAX_GAP_US) {
      this.#nextSlot = Math.floor(timeUs / periodUs);
    }
    // Slots before this frame's time repeat the previous frame (this one when there is none yet).
    while (this.#nextSlot * periodUs < timeUs - periodUs / 2) {
      this.#encoder.writeVideo(this.#lastFrame ?? bytes);
      this.#nextSlot++;
    }
    // A frame more than half a period before its slot has no slot of its own: it only becomes the last frame.
    if (this.#nextSlot * periodUs <= timeUs + periodUs / 2) {
      this.#encoder.writeVideo(bytes);
      this.#nextSlot++;
    }
    this.#lastFrame = bytes;
    this.#lastVideoUs = timeUs;
  }

  #audioChunk(chunk: AudioData): void {
    const audio = this.#config.audio as NonNullable<RecordingConfig['audio']>;
    // Deviation: chunks at another sample rate (the track's settings changed) are dropped, not resampled.
    if (chunk.sampleRate !== audio.sampleRate) {
      return;
    }
    const { planes, numberOfFrames } = audioDataInternals.data(chunk);
    const rate = audio.sampleRate;
    const expected = Math.round((this.#timelineUs(chunk.timestamp) * rate) / 1e6);
    const tolerance = (AUDIO_TOLERANCE_US * rate) / 1e6;
    let skip = 0;
    const gap = expected - this.#samplesWritten;
    if (gap > tolerance && gap < (MAX_GAP_US * rate) / 1e6) {
      this.#writeSamples([], 0, gap);
    } else if (-gap > tolerance && -gap < (MAX_GAP_US * rate) / 1e6) {
      skip = Math.min(numberOfFrames, -gap);
    }
    this.#writeSamples(planes, skip, numberOfFrames - skip);
  }

  /** Writes `count` frames of `planes` from `start` interleaved to the configured channels (silence without planes). */
  #writeSamples(planes: readonly Float32Array[], start: number, count: number): void {
    if (count <= 0) {
      return;
    }
    const channels = (this.#config.audio as NonNullable<RecordingConfig['audio']>).channels;
    const samples = new Float32Array(count * channels);
    let peak = 0;
    for (let channel = 0; channel < channels && planes.length > 0; channel++) {
      // Fewer planes than channels: the last plane is repeated (mono to stereo); more: the rest are left out.
      const plane = planes[Math.min(channel, planes.length - 1)] as Float32Array;
      for (let frame = 0; frame < count; frame++) {
        const sample = plane[start + frame] as number;
        samples[frame * channels + channel] = sample;
        peak = Math.max(peak, Math.abs(sample));
      }
    }
    if (planes.length > 0) {
      const fall = 10 ** (-(PEAK_FALL_DB_PER_SECOND * count) / (20 * (this.#config.audio as NonNullable<RecordingConfig['audio']>).sampleRate));
      this.#audioPeak = Math.max(peak, this.#audioPeak * fall);
    }
    this.#samplesWritten += count;
    this.#encoder.writeAudio(samples);
  }

  /** Repeats the last video frame up to the end of the recorded audio, so both streams end together. */
  #padVideoToEnd(): void {
    const { video, audio } = this.#config;
    if (video === undefined || this.#lastFrame === undefined || this.#lastVideoUs === undefined) {
      return;
    }
    const audioEndUs = audio === undefined ? 0 : (this.#samplesWritten * 1e6) / audio.sampleRate;
    const periodUs = 1e6 / video.frameRate;
    const endUs = Math.min(Math.max(this.#lastVideoUs + periodUs, audioEndUs), this.#lastVideoUs + MAX_GAP_US);
    while (this.#nextSlot * periodUs < endUs - periodUs / 2) {
      this.#encoder.writeVideo(this.#lastFrame);
      this.#nextSlot++;
    }
  }
}
