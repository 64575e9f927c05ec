/**
 * The fake camera's producer: frames of the Chromium-style pattern in packed I420 at the native mode's
 * size and rate, seen with the device's current pan, tilt and zoom, timestamped by the source clock,
 * triggering the microphones' beep every BEEP.periodMs.
 *
 * A frame's pixels are painted when something first reads them (a reader's copyTo, a crop-and-scale, a
 * recorder, a photo), from the time, counter and view the frame was made with, so they are the same bytes an
 * eager paint would give; a frame that is closed unread is never painted. Tests and programs that read frames
 * but look at few of their pixels then cost little more than the frames' bookkeeping.
 *
 * @module
 */

import { ON_TIME } from '../../media/clock.js';
import { i420Layout, i420PlaneLayouts } from '../../media/i420.js';
import { videoFrameInternals } from '../../media/video-frame.js';
import type { VideoFrameData } from '../../media/video-frame-data.js';
import type { PlaneLayout } from '../../media/video-pixel-format.js';
import type { NativeVideoMode } from '../capture-model.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../capture-source.js';
import { BEEP } from './beep.js';
import type { BeepBus } from './beep-bus.js';
import { FakeCameraPainter } from './camera-painter.js';
import { DEFAULT_FAKE_CAMERA_VIEW, type FakeCameraView } from './camera-wedge.js';

/** How many frame buffers a running camera keeps for reuse. */
const POOL_SIZE = 8;

/** Makes fake camera producers coupled to `beeps`. */
export function fakeCameraProducer(beeps: BeepBus): ProducerFactory {
  return (context) => new FakeCameraProducer(context, beeps);
}

class FakeCameraProducer implements MediaProducer {
  readonly #context: ProducerContext;
  readonly #beeps: BeepBus;
  #cancel: (() => void) | undefined;
  /** The current run; stop() clears it, so a tick of an earlier run never reschedules. */
  #run: object | undefined;
  #beepToken: object | undefined;

  constructor(context: ProducerContext, beeps: BeepBus) {
    this.#context = context;
    this.#beeps = beeps;
  }

  start(mode: NativeVideoMode | undefined): void {
    if (mode === undefined) {
      throw new Error('FakeCameraProducer.start: a native mode is required');
    }
    const run = {};
    this.#run = run;
    const clock = this.#context.clock;
    const startUs = clock.nowUs();
    // Slot n is due at start + n / frameRate seconds, computed so whole seconds come out exact.
    const slotTimeUs = (n: number): number => startUs + (n * 1e6) / mode.frameRate;
    const beepPeriodUs = BEEP.periodMs * 1000;
    const layout = i420Layout(mode.width, mode.height);
    const planes = i420PlaneLayouts(layout);
    this.#beepToken = this.#beeps.cameraStarted();
    // Buffers come back once every frame over them is closed; reusing them avoids touching fresh memory
    // (page faults) on every frame. The pool holds a few; more are allocated when sinks keep frames.
    const pool: Uint8Array[] = [];
    // A pooled buffer holds an earlier frame: the painter redraws only what changed since. It is made when the
    // first frame is read, not when the camera starts (getUserMedia waits for the start).
    let painter: FakeCameraPainter | undefined;
    const paint = (bytes: Uint8Array, elapsedUs: number, frameNumber: number, view: FakeCameraView): void => {
      painter ??= new FakeCameraPainter(mode.width, mode.height);
      painter.draw(bytes, elapsedUs, frameNumber, view);
    };
    const recycle = (bytes: Uint8Array): void => {
      if (pool.length < POOL_SIZE) {
        pool.push(bytes);
      }
    };
    let slot = 0;
    const tick = (): void => {
      const dueUs = slotTimeUs(slot);
      // Elapsed times from the slot number, not by subtraction, so they are exact.
      const elapsedUs = (slot * 1e6) / mode.frameRate;
      const bytes = pool.pop() ?? new Uint8Array(layout.byteLength);
      const view = this.#view();
      const frameNumber = slot;
      const data = new PaintedOnRead(mode.width, mode.height, bytes, planes, () => paint(bytes, elapsedUs, frameNumber, view));
      const frame = videoFrameInternals.create(data, { timestamp: Math.round(dueUs), duration: null }, () => {
        // Every frame over the buffer is closed: nothing may paint into it once it is reused.
        data.forget();
        recycle(bytes);
      });
      // A beep starts with the first frame of every beep period, as Chromium's camera triggers it.
      const previousElapsedUs = ((slot - 1) * 1e6) / mode.frameRate;
      if (slot === 0 || Math.floor(elapsedUs / beepPeriodUs) > Math.floor(previousElapsedUs / beepPeriodUs)) {
        this.#beeps.trigger(this.#beepToken as object, dueUs);
      }
      this.#context.emit(frame);
      // A sink may stop the source while it handles the frame: then this run is over.
      if (this.#run !== run) {
        return;
      }
      // A tick that runs late skips the slots already past (keeping the latest) rather than bunching frames.
      const latestSlot = Math.floor(((clock.nowUs() - startUs) * mode.frameRate) / 1e6);
      slot = Math.max(slot + 1, latestSlot);
      this.#cancel = clock.schedule(slotTimeUs(slot), tick, ON_TIME);
    };
    this.#cancel = clock.schedule(startUs, tick, ON_TIME);
  }

  /** The device's pan, tilt and zoom now (applyConstraints changes them between frames). */
  #view(): FakeCameraView {
    const controls = this.#context.controlValues;
    if (controls === undefined) {
      return DEFAULT_FAKE_CAMERA_VIEW;
    }
    const value = (name: 'pan' | 'tilt' | 'zoom'): number => {
      const current = controls.get(name);
      return typeof current === 'number' ? current : DEFAULT_FAKE_CAMERA_VIEW[name];
    };
    return { pan: value('pan'), tilt: value('tilt'), zoom: value('zoom') };
  }

  stop(): void {
    this.#run = undefined;
    this.#cancel?.();
    this.#cancel = undefined;
    if (this.#beepToken !== undefined) {
      this.#beeps.cameraStopped(this.#beepToken);
      this.#beepToken = undefined;
    }
  }
}

/**
 * A fake camera frame's pixels, painted into its buffer on the first read of `bytes`. Frames are painted in the
 * order they are read, which the painter allows: it diffs against whatever frame the buffer last held.
 */
class PaintedOnRead implements VideoFrameData {
  readonly format = 'I420';
  readonly codedWidth: number;
  readonly codedHeight: number;
  readonly layout: readonly PlaneLayout[];
  readonly memory: Uint8Array;
  #paint: (() => void) | undefined;

  constructor(width: number, height: number, memory: Uint8Array, layout: readonly PlaneLayout[], paint: () => void) {
    this.codedWidth = width;
    this.codedHeight = height;
    this.memory = memory;
    this.layout = layout;
    this.#paint = paint;
  }

  get bytes(): Uint8Array {
    const paint = this.#paint;
    if (paint !== undefined) {
      this.#paint = undefined;
      paint();
    }
    return this.memory;
  }

  /** The buffer goes back to the pool: a read from now on (a bug) must not paint over its next frame. */
  forget(): void {
    this.#paint = undefined;
  }
}
