/**
 * The engine of MediaStreamTrackProcessor (https://w3c.github.io/mediacapture-transform/#track-processor):
 * a bounded queue of frames fed by a track's pipeline, read on demand. When full, the oldest
 * frame is dropped (closed) to make room, so a slow reader never grows memory.
 *
 * @module
 */

import type { AudioData } from '../../media/audio-data.js';
import type { VideoFrame } from '../../media/video-frame.js';
import type { FrameSink } from '../../pipeline/frame-sink.js';

type Frame = VideoFrame | AudioData;

/** What the queue needs from the stream it feeds. */
export interface ProcessorOutput {
  /** Hands a frame to the reader (ReadableStream enqueue). */
  enqueue(frame: Frame): void;
  /** Closes the stream. */
  close(): void;
  /** Schedules `task` as a separate task (the spec's "queue a task"). */
  queueTask(task: () => void): void;
}

/** What a processor's queue holds and has dropped (for `processorStatus` in `mediacapture/testing`). */
export interface ProcessorStatus {
  /** Frames waiting to be read: at most the processor's maxBufferSize. */
  readonly queuedFrames: number;
  /** Frames closed unread, oldest first, because a new frame came while the queue was full. */
  readonly droppedFrames: number;
  /** Whether the processor has closed: its track ended or its readable was cancelled. */
  readonly closed: boolean;
}

/** The [[queue]], [[numPendingReads]] and [[isClosed]] of a processor, as a frame sink. */
export class ProcessorQueue implements FrameSink {
  readonly #maxBufferSize: number;
  readonly #queue: Frame[] = [];
  readonly #output: ProcessorOutput;
  readonly #onClosed: () => void;
  #numPendingReads = 0;
  #isClosed = false;
  #dropped = 0;
  /** maybeReadFrame as a task, made once. */
  readonly #maybeReadFrameTask = (): void => this.#maybeReadFrame();

  /** A queue of at most `maxBufferSize` frames; `onClosed` runs once when it closes. */
  constructor(maxBufferSize: number, output: ProcessorOutput, onClosed: () => void) {
    this.#maxBufferSize = maxBufferSize;
    this.#output = output;
    this.#onClosed = onClosed;
  }

  /** What the queue holds now and has dropped so far. */
  status(): ProcessorStatus {
    return { queuedFrames: this.#queue.length, droppedFrames: this.#dropped, closed: this.#isClosed };
  }

  /** https://w3c.github.io/mediacapture-transform/#handlenewframe */
  push(frame: Frame): void {
    if (this.#isClosed) {
      frame.close();
      return;
    }
    if (this.#queue.length >= this.#maxBufferSize) {
      this.#queue.shift()?.close();
      this.#dropped++;
    }
    this.#queue.push(frame);
    this.#output.queueTask(this.#maybeReadFrameTask);
  }

  /** https://w3c.github.io/mediacapture-transform/#processorpull */
  pull(): void {
    this.#numPendingReads++;
    // maybeReadFrame does nothing on an empty queue; the next frame's arrival queues it.
    if (this.#queue.length > 0) {
      this.#output.queueTask(this.#maybeReadFrameTask);
    }
  }

  /** https://w3c.github.io/mediacapture-transform/#processorclose (also the track's end) */
  close(): void {
    if (this.#isClosed) {
      return;
    }
    this.#isClosed = true;
    this.#onClosed();
    this.#output.close();
    for (const frame of this.#queue.splice(0)) {
      frame.close();
    }
  }

  /** https://w3c.github.io/mediacapture-transform/#maybereadframe */
  #maybeReadFrame(): void {
    while (!this.#isClosed && this.#queue.length > 0 && this.#numPendingReads > 0) {
      this.#output.enqueue(this.#queue.shift() as Frame);
      this.#numPendingReads--;
    }
  }
}
