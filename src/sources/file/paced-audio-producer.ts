/**
 * The producer of a file microphone: samples of a file as 10 ms chunks of f32-planar audio at the file's
 * rate and channel count, paced and timestamped by the source clock exactly like the fake microphone
 * (chunk n is emitted when its last sample has been "captured" and stamped startUs + n × 10 ms).
 *
 * A {@link SampleSupply} holds the samples (a WAV file in memory) or decodes ahead (ffmpeg), so a tick
 * never waits. A tick that finds too few samples ready owes its chunk; owed chunks are emitted, with
 * their own timestamps, as soon as samples arrive (at most {@link MAX_OWED_CHUNKS}; older ones are
 * dropped). A file that does not loop ends the source at the tick after its last samples: when the next
 * chunk would have been due, so the last chunk reaches the tracks' sinks before they close.
 *
 * @module
 */

import { audioDataInternals } from '../../media/audio-data.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../capture-source.js';
import { PacedRun, type SupplyListener } from './paced-run.js';

/** Audio chunk length, as Chromium's capture (and the fake microphone) delivers it. */
export const FILE_AUDIO_CHUNK_MS = 10;

/** Owed chunks kept while samples are late (200 ms); older ones are dropped. */
export const MAX_OWED_CHUNKS = 20;

/** The rate and channel count a file microphone plays at: the file's own. */
export interface AudioFileFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

/** Samples read from a supply: `frames` sample frames, one plane per channel. */
export interface SampleRead {
  readonly planes: Float32Array[];
  /** Fewer than asked only at the end of a file that does not loop; 0 only then. */
  readonly frames: number;
  /** Whether these are the file's last samples (a file that does not loop). */
  readonly last: boolean;
}

/** Samples of a file in play order (looping unless told otherwise), read ahead of the ticks. */
export interface SampleSupply {
  /** The next `frames` sample frames, or undefined when they are not decoded yet. */
  read(frames: number): SampleRead | undefined;
  /** Stops reading and releases the file or child process. */
  close(): void;
}

/** Opens a supply that reports to `listener`. */
export type SampleSupplyFactory = (listener: SupplyListener) => SampleSupply;

/** Makes producers emitting the samples of `openSupply` at `format`'s rate and channel count. */
export function pacedAudioProducer(format: AudioFileFormat, openSupply: SampleSupplyFactory): ProducerFactory {
  return (context) => new PacedAudioProducer(context, format, openSupply);
}

class PacedAudioProducer implements MediaProducer {
  readonly #context: ProducerContext;
  readonly #format: AudioFileFormat;
  readonly #openSupply: SampleSupplyFactory;
  #run: PacedRun<SampleSupply> | undefined;

  constructor(context: ProducerContext, format: AudioFileFormat, openSupply: SampleSupplyFactory) {
    this.#context = context;
    this.#format = format;
    this.#openSupply = openSupply;
  }

  start(): void {
    this.stop();
    const clock = this.#context.clock;
    const { sampleRate } = this.#format;
    const chunkFrames = Math.max(1, Math.round((sampleRate * FILE_AUDIO_CHUNK_MS) / 1000));
    const startUs = clock.nowUs();
    const chunkEndUs = (chunk: number): number => startUs + ((chunk + 1) * chunkFrames * 1e6) / sampleRate;
    /** Chunk numbers whose tick came before their samples. */
    const owed: number[] = [];
    /** The last samples of a file that does not loop are out. */
    let finished = false;
    const pay = (): void => {
      while (run.active && !finished && owed.length > 0) {
        const read = run.supply.read(chunkFrames);
        if (read === undefined) {
          return;
        }
        const chunk = owed.shift() as number;
        if (read.frames > 0) {
          const timestampUs = Math.round(startUs + (chunk * chunkFrames * 1e6) / sampleRate);
          const data = { sampleRate, numberOfFrames: read.frames, planes: read.planes };
          this.#context.emit(audioDataInternals.create(data, timestampUs));
        }
        finished = read.last;
      }
    };
    const run = new PacedRun(this.#context, this.#openSupply, pay);
    this.#run = run;
    let chunk = 0;
    const tick = (): void => {
      if (finished) {
        // A file that does not loop ends its tracks once its last samples have had their time.
        this.#context.fail('ended');
        return;
      }
      owed.push(chunk);
      if (owed.length > MAX_OWED_CHUNKS) {
        owed.shift();
      }
      pay();
      if (!run.active) {
        return;
      }
      chunk++;
      run.cancel = clock.schedule(chunkEndUs(chunk), tick);
    };
    run.cancel = clock.schedule(chunkEndUs(0), tick);
  }

  stop(): void {
    const run = this.#run;
    this.#run = undefined;
    run?.end();
  }
}
