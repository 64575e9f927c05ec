/**
 * The fake camera's producer: frames of the Chromium-style pattern in packed I420 at the native mode's
 * size and rate, seen with the device's current pan, tilt and zoom, timestamped by the source clock,
 * triggering the microphones' beep every BEEP.periodMs.
 *
 * @module
 */

import { i420Layout, i420PlaneLayouts } from '../../media/i420.js';
import { videoFrameInternals } from '../../media/video-frame.js';
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
    // A pooled buffer holds an earlier frame: the painter redraws only what changed since.
    const painter = new FakeCameraPainter(mode.width, mode.height);
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
      painter.draw(bytes, elapsedUs, slot, this.#view());
      const frame = videoFrameInternals.create(
        { format: 'I420', codedWidth: mode.width, codedHeight: mode.height, bytes, layout: planes },
        { timestamp: Math.round(dueUs), duration: null },
        () => recycle(bytes),
      );
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
      this.#cancel = clock.schedule(slotTimeUs(slot), tick);
    };
    this.#cancel = clock.schedule(startUs, tick);
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
