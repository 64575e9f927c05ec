/**
 * The engine of one MediaRecorder recording (https://w3c.github.io/mediacapture-record/#mediarecorder-api):
 * frame sinks on the recorded tracks' pipelines feed an {@link FfmpegEncoder}; encoded bytes collect until
 * MediaRecorder takes them (timeslice, requestData, stop).
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

import { audioDataInternals, type AudioData } from '../../media/audio-data.js';
import type { Clock } from '../../media/clock.js';
import { i420Layout } from '../../media/i420.js';
import { videoFrameInternals, type VideoFrame } from '../../media/video-frame.js';
import { adaptVideoFrame } from '../../pipeline/frame-adapter.js';
import type { FrameSink } from '../../pipeline/frame-sink.js';
import type { TrackPipeline } from '../../pipeline/track-pipeline.js';
import { FfmpegEncoder, type EncoderAudioConfig, type EncoderVideoConfig } from './ffmpeg-encoder.js';
import type { RecordingFormat } from './recording-formats.js';

/** What is recorded and how. */
export interface RecordingConfig {
  readonly ffmpeg: string;
  readonly format: RecordingFormat;
  /** The clock the tracks' frames are timestamped by (for paused time). */
  readonly clock: Clock;
  readonly video: (Omit<EncoderVideoConfig, 'codec'> & { readonly pipeline: TrackPipeline }) | undefined;
  readonly audio: (Omit<EncoderAudioConfig, 'codec'> & { readonly pipeline: TrackPipeline }) | undefined;
}

/** How a recording reports to MediaRecorder. */
export interface RecordingCallbacks {
  /** The encoder failed; the data encoded so far can still be taken. */
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

/** A timestamp jump beyond this is not filled with repeated frames or silence: the timeline moves on. */
const MAX_GAP_US = 10_000_000;
/** Audio this far off its place on the timeline is padded or cut. */
const AUDIO_TOLERANCE_US = 20_000;

/** One recording: sinks on the tracks, an ffmpeg child, the bytes it produced. */
export class Recording {
  readonly #config: RecordingConfig;
  readonly #callbacks: RecordingCallbacks;
  readonly #encoder: FfmpegEncoder;
  readonly #sinks: { pipeline: TrackPipeline; sink: FrameSink }[] = [];
  #openSinks = 0;
  #chunks: Uint8Array[] = [];
  #firstChunkTimeMs: number | undefined;
  #gathering = true;
  #failed = false;
  #pausedAtUs: number | undefined;
  #pausedUs = 0;
  /** The timeline's origin: the first recorded timestamp (paused time subtracted). */
  #originUs: number | undefined;
  #nextSlot = 0;
  #lastFrame: Uint8Array | undefined;
  #lastVideoUs: number | undefined;
  #samplesWritten = 0;

  /** Starts the encoder and attaches to the tracks. */
  constructor(config: RecordingConfig, callbacks: RecordingCallbacks) {
    this.#config = config;
    this.#callbacks = callbacks;
    const { video, audio, format } = config;
    this.#encoder = new FfmpegEncoder(
      {
        ffmpeg: config.ffmpeg,
        container: format.container,
        h264Level: format.h264Level,
        video: video === undefined || format.videoCodec === undefined ? undefined : { ...video, codec: format.videoCodec },
        audio: audio === undefined || format.audioCodec === undefined ? undefined : { ...audio, codec: format.audioCodec },
      },
      {
        data: (chunk) => {
          this.#firstChunkTimeMs ??= performance.now();
          this.#chunks.push(chunk);
        },
        failed: (reason) => {
          if (this.#gathering) {
            this.#failed = true;
            this.#stopGathering();
            callbacks.failed(reason);
          }
        },
      },
    );
    if (video !== undefined) {
      this.#attach(video.pipeline, (frame) => this.#videoFrame(frame as VideoFrame));
    }
    if (audio !== undefined) {
      this.#attach(audio.pipeline, (chunk) => this.#audioChunk(chunk as AudioData));
    }
  }

  /** Video frames and audio chunks dropped because the encoder fell behind. */
  get dropped(): { video: number; audio: number } {
    return this.#encoder.dropped;
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
   * flush and exit. Resolves when every byte is there to be taken (also after a failure).
   */
  async finish(): Promise<void> {
    if (this.#gathering) {
      this.#padVideoToEnd();
      this.#stopGathering();
    }
    if (this.#failed) {
      await this.#encoder.kill();
    } else {
      await this.#encoder.finish();
    }
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
          // Not from inside the constructor (a pipeline that is already closed closes its sink at once).
          queueMicrotask(() => this.#callbacks.tracksEnded());
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
      const repeat = this.#lastFrame ?? bytes;
      if (repeat !== undefined) {
        this.#encoder.writeVideo(repeat);
      }
      this.#nextSlot++;
    }
    if (bytes === undefined) {
      return;
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
    for (let channel = 0; channel < channels && planes.length > 0; channel++) {
      // Fewer planes than channels: the last plane is repeated (mono to stereo); more: the rest are left out.
      const plane = planes[Math.min(channel, planes.length - 1)] as Float32Array;
      for (let frame = 0; frame < count; frame++) {
        samples[frame * channels + channel] = plane[start + frame] as number;
      }
    }
    this.#samplesWritten += count;
    // f32le: typed arrays use the platform's byte order, little-endian on every platform Node supports.
    this.#encoder.writeAudio(new Uint8Array(samples.buffer));
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

/**
 * A copy of `frame` as packed I420 of exactly width x height (adapted when its size differs); undefined
 * when it cannot be made that size (adaptation never upscales).
 */
function packI420(frame: VideoFrame, width: number, height: number): Uint8Array | undefined {
  const adapted = adaptVideoFrame(frame, width, height);
  try {
    const rect = videoFrameInternals.visibleRect(adapted);
    const data = videoFrameInternals.data(adapted);
    if (rect.width !== width || rect.height !== height || data.format !== 'I420') {
      return undefined;
    }
    const layout = i420Layout(width, height);
    const out = new Uint8Array(layout.byteLength);
    const planes = [
      { offset: layout.yOffset, columns: width, rows: height, x: rect.x, y: rect.y },
      { offset: layout.uOffset, columns: layout.chromaWidth, rows: layout.chromaHeight, x: rect.x >> 1, y: rect.y >> 1 },
      { offset: layout.vOffset, columns: layout.chromaWidth, rows: layout.chromaHeight, x: rect.x >> 1, y: rect.y >> 1 },
    ];
    planes.forEach((plane, index) => {
      const source = data.layout[index] as { offset: number; stride: number };
      for (let row = 0; row < plane.rows; row++) {
        const from = source.offset + (plane.y + row) * source.stride + plane.x;
        out.set(data.bytes.subarray(from, from + plane.columns), plane.offset + row * plane.columns);
      }
    });
    return out;
  } finally {
    adapted.close();
  }
}
