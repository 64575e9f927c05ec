/**
 * https://w3c.github.io/mediacapture-transform/#track-processor
 *
 * @module
 */

import { ReadableStream } from 'node:stream/web';
import type { AudioData } from '../media/audio-data.js';
import { queueTaskInTurn } from '../media/task-turn.js';
import type { VideoFrame } from '../media/video-frame.js';
import { ProcessorQueue, type ProcessorStatus } from '../sinks/track-processor/processor-queue.js';
import { requireDictionary, toInterface, toUnsignedLong } from '../webidl/converters.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { MediaStreamTrack, trackInternals } from './media-stream-track.js';

/** https://w3c.github.io/mediacapture-transform/#dictdef-mediastreamtrackprocessorinit */
export interface MediaStreamTrackProcessorInit {
  track: MediaStreamTrack;
  maxBufferSize?: number;
}

const MAX_UNSIGNED_SHORT = 0xffff;

/** Internal access for `mediacapture/testing`. */
export let processorInternals: {
  /** What `processor`'s queue holds and has dropped; undefined until its `readable` is first accessed. */
  status(processor: MediaStreamTrackProcessor): ProcessorStatus | undefined;
};

/** Exposes a track's frames (VideoFrame or AudioData) as a ReadableStream. */
export class MediaStreamTrackProcessor {
  readonly #track: MediaStreamTrack;
  readonly #maxBufferSize: number;
  #readable: ReadableStream<VideoFrame | AudioData> | undefined;
  #queue: ProcessorQueue | undefined;

  /** https://w3c.github.io/mediacapture-transform/#dom-mediastreamtrackprocessor-mediastreamtrackprocessor */
  constructor(init: MediaStreamTrackProcessorInit) {
    const context = 'MediaStreamTrackProcessor';
    if (arguments.length < 1) {
      throw new TypeError(`${context}: 1 argument required, but only 0 present`);
    }
    const dict = requireDictionary(init, context, 'init') ?? {};
    let maxBufferSize = 1;
    const rawMaxBufferSize = dict['maxBufferSize'];
    if (rawMaxBufferSize !== undefined) {
      const requested = toUnsignedLong(rawMaxBufferSize, context, 'maxBufferSize', { enforceRange: true });
      if (requested > MAX_UNSIGNED_SHORT) {
        throw new TypeError(`${context}: maxBufferSize ${requested} is outside the range of unsigned short`);
      }
      if (requested > 1) {
        maxBufferSize = requested;
      }
    }
    const rawTrack = dict['track'];
    if (rawTrack === undefined) {
      throw new TypeError(`${context}: required member track is undefined`);
    }
    // 1. track must be a valid MediaStreamTrack.
    this.#track = toInterface(MediaStreamTrack, rawTrack, context, 'track');
    this.#maxBufferSize = maxBufferSize;
  }

  /** https://w3c.github.io/mediacapture-transform/#dom-mediastreamtrackprocessor-readable */
  get readable(): ReadableStream<VideoFrame | AudioData> {
    brandCheck(#track in this, 'MediaStreamTrackProcessor.readable');
    if (this.#readable === undefined) {
      this.#readable = this.#createReadable();
    }
    return this.#readable;
  }

  #createReadable(): ReadableStream<VideoFrame | AudioData> {
    const pipeline = trackInternals.pipeline(this.#track);
    let controller!: ReadableStreamDefaultController<VideoFrame | AudioData>;
    const queue = new ProcessorQueue(
      this.#maxBufferSize,
      {
        enqueue: (frame) => controller.enqueue(frame),
        close: () => {
          try {
            controller.close();
          } catch {
            // Already closed or cancelled.
          }
        },
        // maybeReadFrame's task: right after the clock task that delivered the frame, in the same turn.
        queueTask: queueTaskInTurn,
      },
      () => pipeline.removeSink(queue),
    );
    this.#queue = queue;
    const readable = new ReadableStream<VideoFrame | AudioData>(
      {
        start: (c) => {
          controller = c;
        },
        pull: () => {
          queue.pull();
        },
        cancel: () => {
          queue.close();
        },
      },
      { highWaterMark: 0 },
    );
    // A processor of an ended track closes at once; otherwise it becomes a sink of the track.
    if (this.#track.readyState === 'ended') {
      queue.close();
    } else {
      pipeline.addSink(queue);
    }
    return readable;
  }

  static {
    processorInternals = {
      status(processor) {
        if (typeof processor !== 'object' || processor === null || !(#track in processor)) {
          throw new TypeError('processorStatus: the argument is not a MediaStreamTrackProcessor');
        }
        return processor.#queue?.status();
      },
    };
  }
}
configureInterface(MediaStreamTrackProcessor);
