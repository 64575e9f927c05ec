/**
 * What a recording needs from an encoder, whichever it is: an ffmpeg child ({@link FfmpegEncoder}) or
 * in-process Opus with mediabunny's muxer ({@link OpusEncoder}).
 *
 * @module
 */

/**
 * Where an encoder puts what it makes: `stream` hands the container out in order through
 * {@link EncoderCallbacks.data} as it is muxed (a live stream: WebM and Matroska without duration or cues,
 * fragmented MP4), `file` writes a file at `path` and finalizes it when the encoder finishes (WebM and
 * Matroska with duration and cues, MP4 with its index at the front).
 */
export type EncoderOutput = { readonly kind: 'stream' } | { readonly kind: 'file'; readonly path: string };

/** How an encoder reports. */
export interface EncoderCallbacks {
  /** Encoded bytes, in order (`stream` output only). */
  data(chunk: Uint8Array): void;
  /** The encoder failed (could not start, died, or could not write); nothing more is reported. */
  failed(reason: string): void;
}

/** Counters of an encoder's input. */
export interface EncoderCounters {
  /** Video frames taken by the encoder. */
  readonly videoFrames: number;
  /** Video frames dropped because the encoder fell behind. */
  readonly droppedVideoFrames: number;
  /** Audio chunks dropped because the encoder fell behind. */
  readonly droppedAudioChunks: number;
  /** Media queued towards the encoder and not yet taken, in milliseconds (how far it lags). */
  readonly encoderBacklogMs: number;
}

/** One encoder of one recording. */
export interface RecordingEncoder {
  /** Takes one packed I420 frame (the next constant-rate slot), or drops it when the encoder is behind. */
  writeVideo(frame: Uint8Array): void;
  /** Takes f32 interleaved samples, or drops them when the encoder is behind. */
  writeAudio(samples: Float32Array): void;
  /** What was taken, dropped and is waiting. */
  readonly counters: EncoderCounters;
  /** Stops handing out data until {@link resumeOutput} (backpressure from a slow destination). */
  pauseOutput(): void;
  /** Hands out data again after {@link pauseOutput}. */
  resumeOutput(): void;
  /** Encodes what is left, finalizes the output and resolves when every byte is out (also after a failure). */
  finish(): Promise<void>;
  /** Stops at once; nothing more is reported. */
  kill(): Promise<void>;
}
