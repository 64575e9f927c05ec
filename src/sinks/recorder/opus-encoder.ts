/**
 * In-process Opus for audio-only recordings without ffmpeg: `@evan/opus` (libopus, native inside the
 * package with a WASM fallback) encodes 20 ms packets, `mediabunny` muxes them into WebM or Ogg. Both are
 * optional dependencies, loaded synchronously on first use (MediaRecorder.isTypeSupported must answer at
 * once).
 *
 * @module
 */

import { WritableStream } from 'node:stream/web';
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StreamResampler } from '../../media/audio-processing.js';
import type { EncoderAudioConfig } from './ffmpeg-encoder.js';
import type { EncoderCallbacks, EncoderCounters, EncoderOutput, RecordingEncoder } from './recording-encoder.js';

/** The part of `@evan/opus` used here. */
interface OpusLibrary {
  Encoder: new (options: { channels: 1 | 2; sample_rate: number; application: 'audio' }) => {
    bitrate: number;
    vbr: boolean;
    ctl(cmd: number, value?: number): number;
    encode(pcm: Int16Array): Uint8Array;
  };
}

/** The part of `mediabunny` used here. */
interface Mediabunny {
  Output: new (options: { format: unknown; target: unknown }) => {
    addAudioTrack(source: unknown): void;
    start(): Promise<void>;
    finalize(): Promise<void>;
    cancel(): Promise<void>;
  };
  WebMOutputFormat: new (options: { appendOnly: boolean }) => unknown;
  OggOutputFormat: new () => unknown;
  StreamTarget: new (writable: WritableStream<{ type: 'write'; data: Uint8Array; position: number }>) => unknown;
  EncodedAudioPacketSource: new (codec: 'opus') => { add(packet: unknown, meta?: unknown): Promise<void> };
  EncodedPacket: new (data: Uint8Array, type: 'key', timestamp: number, duration: number) => unknown;
}

/** The containers the in-process encoder writes. */
export const IN_PROCESS_CONTAINERS = ['audio/webm', 'audio/ogg'] as const;
/** The sample rates libopus encodes; audio at any other rate is resampled to 48 kHz. */
const OPUS_SAMPLE_RATES: readonly number[] = [8000, 12_000, 16_000, 24_000, 48_000];

const FRAME_MS = 20;
/** OPUS_GET_LOOKAHEAD: the encoder's delay in samples, the pre-skip of OpusHead. */
const OPUS_GET_LOOKAHEAD = 4027;
/** Packets waiting for the muxer above which audio is dropped (10 s). */
const MAX_PENDING_PACKETS = 500;

let libraries: { opus: OpusLibrary; mediabunny: Mediabunny } | string | undefined;
let installed: boolean | undefined;

/**
 * Whether both packages are installed (resolved, not loaded: loading mediabunny takes ~30 ms, too much
 * for MediaRecorder.isTypeSupported). Asked once.
 */
export function inProcessOpusInstalled(): boolean {
  if (installed === undefined) {
    const require = createRequire(import.meta.url);
    try {
      require.resolve('@evan/opus');
      require.resolve('mediabunny');
      installed = true;
    } catch {
      installed = false;
    }
  }
  return installed;
}

/** The two packages, or why they cannot be loaded (asked once). */
export function inProcessOpus(): { opus: OpusLibrary; mediabunny: Mediabunny } | string {
  if (libraries === undefined) {
    const require = createRequire(import.meta.url);
    try {
      libraries = { opus: require('@evan/opus') as OpusLibrary, mediabunny: require('mediabunny') as Mediabunny };
    } catch (error) {
      libraries = error instanceof Error ? error.message : String(error);
    }
  }
  return libraries;
}

/** What the in-process encoder records. */
export interface OpusEncoderConfig {
  readonly container: (typeof IN_PROCESS_CONTAINERS)[number];
  readonly audio: EncoderAudioConfig;
  readonly output: EncoderOutput;
}

/** The OpusHead identification header (RFC 7845 §5.1): Ogg needs it, WebM's CodecPrivate holds it. */
function opusHead(channels: number, preSkip: number, inputSampleRate: number): Uint8Array {
  const head = new Uint8Array(19);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode('OpusHead'));
  head[8] = 1;
  head[9] = channels;
  view.setUint16(10, preSkip, true);
  view.setUint32(12, inputSampleRate, true);
  return head;
}

/** Encodes audio to Opus in this process and muxes it into WebM or Ogg. */
export class OpusEncoder implements RecordingEncoder {
  readonly #callbacks: EncoderCallbacks;
  readonly #channels: number;
  readonly #inputChannels: number;
  readonly #resampler: StreamResampler | undefined;
  readonly #encoder: InstanceType<OpusLibrary['Encoder']>;
  readonly #mediabunny: Mediabunny;
  readonly #output: InstanceType<Mediabunny['Output']>;
  readonly #source: InstanceType<Mediabunny['EncodedAudioPacketSource']>;
  readonly #decoderConfig: unknown;
  readonly #fd: number | undefined;
  readonly #pcm: Int16Array;
  #filled = 0;
  #packets = 0;
  #pending = 0;
  #dropped = 0;
  #queue: Promise<void>;
  #done = false;
  #failed = false;
  #fileOpen: boolean;
  /** While the destination applies backpressure: resolves when it takes data again. */
  #outputGate: { readonly opened: Promise<void>; readonly open: () => void } | undefined;
  /** After kill(): what the muxer still writes is thrown away. */
  #discardOutput = false;

  /** Starts the muxer; `failed` is called when the packages are missing or the file cannot be written. */
  constructor(config: OpusEncoderConfig, callbacks: EncoderCallbacks) {
    const libs = inProcessOpus();
    if (typeof libs === 'string') {
      throw new Error(`in-process Opus needs @evan/opus and mediabunny: ${libs}`);
    }
    const { audio, output } = config;
    this.#callbacks = callbacks;
    // Opus takes one or two channels: more are cut to the first two.
    this.#inputChannels = audio.channels;
    this.#channels = Math.min(2, Math.max(1, audio.channels));
    const encodeRate = OPUS_SAMPLE_RATES.includes(audio.sampleRate) ? audio.sampleRate : 48_000;
    this.#resampler = encodeRate === audio.sampleRate ? undefined : new StreamResampler(audio.sampleRate, encodeRate, this.#channels);
    this.#pcm = new Int16Array(((encodeRate * FRAME_MS) / 1000) * this.#channels);
    this.#mediabunny = libs.mediabunny;
    this.#encoder = new libs.opus.Encoder({ channels: this.#channels as 1 | 2, sample_rate: encodeRate, application: 'audio' });
    this.#encoder.bitrate = Math.round(Math.min(510_000, Math.max(6000, audio.bitsPerSecond)));
    this.#encoder.vbr = audio.bitrateMode === 'variable';
    // Pre-skip is counted at 48 kHz whatever the input rate (RFC 7845).
    const preSkip = Math.round((this.#encoder.ctl(OPUS_GET_LOOKAHEAD) * 48_000) / encodeRate);
    this.#decoderConfig = {
      decoderConfig: { codec: 'opus', numberOfChannels: this.#channels, sampleRate: 48_000, description: opusHead(this.#channels, preSkip, audio.sampleRate) },
    };
    let fd: number | undefined;
    let openError: unknown;
    if (output.kind === 'file') {
      try {
        fd = openSync(output.path, 'w');
      } catch (error) {
        openError = error;
      }
    }
    this.#fd = fd;
    this.#fileOpen = fd !== undefined;
    const handOut = (chunk: { data: Uint8Array; position: number }): void => {
      if ((output.kind === 'file' && fd === undefined) || this.#discardOutput) {
        return;
      }
      if (fd === undefined) {
        callbacks.data(chunk.data.slice());
      } else {
        writeSync(fd, chunk.data, 0, chunk.data.byteLength, chunk.position);
      }
    };
    // While the destination holds back (pauseOutput), a write waits: the muxer waits for it, the packets wait
    // for the muxer, and past MAX_PENDING_PACKETS new audio is dropped, so memory stays bounded.
    const writable = new WritableStream<{ type: 'write'; data: Uint8Array; position: number }>({
      write: (chunk) => {
        const gate = this.#outputGate;
        if (gate === undefined) {
          handOut(chunk);
          return undefined;
        }
        return gate.opened.then(() => handOut(chunk));
      },
    });
    const { Output, WebMOutputFormat, OggOutputFormat, StreamTarget, EncodedAudioPacketSource } = libs.mediabunny;
    // A stream is written append-only (no duration); a file gets duration and cues written back at the end.
    const format = config.container === 'audio/ogg' ? new OggOutputFormat() : new WebMOutputFormat({ appendOnly: fd === undefined });
    this.#output = new Output({ format, target: new StreamTarget(writable) });
    this.#source = new EncodedAudioPacketSource('opus');
    this.#output.addAudioTrack(this.#source);
    this.#queue = this.#output.start().catch((error: unknown) => this.#fail(error));
    if (openError !== undefined) {
      // Reported like any other failure, after the caller has its recording.
      this.#queue = this.#queue.then(() => this.#fail(openError));
    }
  }

  /** Audio packets waiting for the muxer count as backlog; nothing is video. */
  get counters(): EncoderCounters {
    return { videoFrames: 0, droppedVideoFrames: 0, droppedAudioChunks: this.#dropped, encoderBacklogMs: this.#pending * FRAME_MS };
  }


  /** There is no video in an in-process recording. */
  writeVideo(): void {}

  /** Encodes every complete 20 ms frame; dropped when 10 s of packets wait for the muxer. */
  writeAudio(samples: Float32Array): void {
    if (this.#done) {
      return;
    }
    if (this.#pending > MAX_PENDING_PACKETS) {
      this.#dropped++;
      return;
    }
    const channels = this.#channels;
    const frames = Math.floor(samples.length / this.#inputChannels);
    const planes = Array.from({ length: channels }, () => new Float32Array(frames));
    for (let frame = 0; frame < frames; frame++) {
      for (let channel = 0; channel < channels; channel++) {
        (planes[channel] as Float32Array)[frame] = samples[frame * this.#inputChannels + channel] as number;
      }
    }
    const encoded = this.#resampler === undefined ? planes : this.#resampler.process(planes);
    const frameValues = this.#pcm.length;
    const count = (encoded[0] as Float32Array).length;
    for (let frame = 0; frame < count; frame++) {
      for (let channel = 0; channel < channels; channel++) {
        const sample = (encoded[channel] as Float32Array)[frame] as number;
        this.#pcm[this.#filled++] = Math.round(Math.max(-1, Math.min(1, sample)) * 32_767);
      }
      if (this.#filled === frameValues) {
        this.#encodeFrame();
      }
    }
  }

  /** Holds the muxer's output until {@link resumeOutput}; packets queue behind it, then audio is dropped. */
  pauseOutput(): void {
    if (this.#outputGate === undefined) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      this.#outputGate = { opened, open };
    }
  }

  resumeOutput(): void {
    const gate = this.#outputGate;
    this.#outputGate = undefined;
    gate?.open();
  }

  /** Encodes the last partial frame (padded with silence), finalizes the container, closes the file. */
  async finish(): Promise<void> {
    if (!this.#done) {
      if (this.#filled > 0) {
        this.#pcm.fill(0, this.#filled);
        this.#encodeFrame();
      }
      this.#done = true;
      this.#queue = this.#queue.then(() => this.#output.finalize()).catch((error: unknown) => this.#fail(error));
    }
    await this.#queue;
    this.#closeFile();
  }

  /** Cancels the muxer (the output stays as far as it got) and closes the file. */
  async kill(): Promise<void> {
    // Output held back by the destination is dropped, so the muxer is not left waiting for it.
    this.#discardOutput = true;
    this.resumeOutput();
    if (!this.#done) {
      this.#done = true;
      this.#queue = this.#queue.then(() => this.#output.cancel()).catch(() => {});
    }
    await this.#queue;
    this.#closeFile();
  }

  #encodeFrame(): void {
    this.#filled = 0;
    const bytes = this.#encoder.encode(this.#pcm).slice();
    const { EncodedPacket } = this.#mediabunny;
    const packet = new EncodedPacket(bytes, 'key', (this.#packets * FRAME_MS) / 1000, FRAME_MS / 1000);
    const meta = this.#packets === 0 ? this.#decoderConfig : undefined;
    this.#packets++;
    this.#pending++;
    this.#queue = this.#queue
      .then(() => (this.#failed ? undefined : this.#source.add(packet, meta)))
      .then(() => {
        this.#pending--;
      })
      .catch((error: unknown) => this.#fail(error));
  }

  #fail(error: unknown): void {
    if (!this.#failed) {
      this.#failed = true;
      this.#done = true;
      this.#callbacks.failed(`the in-process Opus encoder failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #closeFile(): void {
    if (this.#fd !== undefined && this.#fileOpen) {
      this.#fileOpen = false;
      closeSync(this.#fd);
    }
  }
}
