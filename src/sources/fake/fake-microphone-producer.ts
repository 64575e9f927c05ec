/**
 * The fake microphone's producer: 10 ms chunks of f32-planar audio at the device's native rate and
 * channel count, silence with the 400 Hz beep, timestamped by the source clock. A chunk is emitted when
 * its last sample has been "captured", so its timestamp is 10 ms before the clock time it arrives at.
 *
 * @module
 */

import { audioDataInternals } from '../../media/audio-data.js';
import type { AudioCaptureModel } from '../capture-model.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../capture-source.js';
import { BeepGenerator, periodicBeepStarts } from './beep.js';
import type { BeepBus } from './beep-bus.js';

/** Audio chunk length, as Chromium's capture delivers it. */
export const AUDIO_CHUNK_MS = 10;

/** Chunks' planes kept for reuse: enough for the chunks of a wake and a reader's queue. */
const PLANES_POOL_SIZE = 8;

/** Makes fake microphone producers for `model`, coupled to `beeps`. */
export function fakeMicrophoneProducer(model: AudioCaptureModel, beeps: BeepBus): ProducerFactory {
  return (context) => new FakeMicrophoneProducer(context, model, beeps);
}

class FakeMicrophoneProducer implements MediaProducer {
  readonly #context: ProducerContext;
  readonly #model: AudioCaptureModel;
  readonly #beeps: BeepBus;
  #cancel: (() => void) | undefined;
  /** The current run; stop() clears it, so a tick of an earlier run never reschedules. */
  #run: object | undefined;
  #unlisten: (() => void) | undefined;

  constructor(context: ProducerContext, model: AudioCaptureModel, beeps: BeepBus) {
    this.#context = context;
    this.#model = model;
    this.#beeps = beeps;
  }

  start(): void {
    const run = {};
    this.#run = run;
    const clock = this.#context.clock;
    const sampleRate = this.#model.defaultSampleRate;
    const channels = this.#model.defaultChannelCount;
    const chunkFrames = Math.round((sampleRate * AUDIO_CHUNK_MS) / 1000);
    const startUs = clock.nowUs();
    const generator = new BeepGenerator(sampleRate);
    // Chunks' planes come back once every AudioData over them is closed and are filled again, rather than
    // allocated for each chunk; more are made while sinks hold chunks.
    const pool: (readonly Float32Array[])[] = [];
    const recycle = (planes: readonly Float32Array[]): void => {
      if (pool.length < PLANES_POOL_SIZE) {
        pool.push(planes);
      }
    };
    const frameAt = (timeUs: number): number => Math.round(((timeUs - startUs) * sampleRate) / 1e6);
    this.#unlisten = this.#beeps.listen({ beepAt: (timeUs) => generator.scheduleBeep(frameAt(timeUs)) });
    let chunk = 0;
    const tick = (): void => {
      const startFrame = chunk * chunkFrames;
      if (!this.#beeps.cameraRunning) {
        for (const frame of periodicBeepStarts(sampleRate, startFrame, startFrame + chunkFrames)) {
          generator.scheduleBeep(frame);
        }
      }
      const planes = pool.pop() ?? Array.from({ length: channels }, () => new Float32Array(chunkFrames));
      // fill() writes every sample of every plane.
      generator.fill(planes, startFrame);
      const timestampUs = Math.round(startUs + (startFrame * 1e6) / sampleRate);
      this.#context.emit(audioDataInternals.create({ sampleRate, numberOfFrames: chunkFrames, planes }, timestampUs, recycle));
      // A sink may stop the source while it handles the frame: then this run is over.
      if (this.#run !== run) {
        return;
      }
      chunk++;
      this.#cancel = clock.schedule(startUs + ((chunk + 1) * chunkFrames * 1e6) / sampleRate, tick);
    };
    this.#cancel = clock.schedule(startUs + (chunkFrames * 1e6) / sampleRate, tick);
  }

  stop(): void {
    this.#run = undefined;
    this.#cancel?.();
    this.#cancel = undefined;
    this.#unlisten?.();
    this.#unlisten = undefined;
  }
}
