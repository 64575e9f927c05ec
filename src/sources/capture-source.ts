/**
 * The capture-source contract: one source per device per MediaDevices object, shared by every track on
 * that device (clones and later getUserMedia calls alike), reference counted, and stopped for good when
 * its last track ends (https://w3c.github.io/mediacapture-main/#source-stopped).
 *
 * A source produces media only while something needs it (a live, enabled track): its frames go to one
 * frame listener (the pipeline's fan-out), which adapts them for every track. Changes that are not media
 * (muted, ended, new settings) go to each track's {@link SourceConsumer}; the api layer turns those into
 * spec events.
 *
 * @module
 */

import type { SettingValue } from '../constraints/normalize.js';
import type { SettingsRegion } from '../constraints/settings-space.js';
import type { AudioData } from '../media/audio-data.js';
import type { Clock } from '../media/clock.js';
import type { VideoFrame } from '../media/video-frame.js';
import type { CaptureModel, CaptureRegionTag, DeviceIdentity, NativeVideoMode } from './capture-model.js';
import { captureCapabilitiesOf, settingsSpaceOf } from './capture-model.js';
import { controlDomains, initialPhotoFeatureValues } from './camera-controls.js';
import { hostClearTimeout, hostSetTimeout } from '../media/host-timers.js';

/** A frame a source produces: video in its native mode, audio in its native rate and channels. */
export type SourceFrame = VideoFrame | AudioData;

/** What a source tells each track it feeds. */
export interface SourceConsumer {
  /** The source became muted or unmuted. */
  sourceMutedChanged(muted: boolean): void;
  /** The source permanently stopped producing media (device gone, failed, permission revoked, EOF). */
  sourceEnded(): void;
}

/** Receives every frame the source produces. It must not keep `frame` without cloning it. */
export type FrameListener = (frame: SourceFrame) => void;

/** Where a source is in its life. */
export type SourceState = 'live' | 'stopped';

/** Why a source ended without its tracks asking. */
export type SourceEndReason = 'device-removed' | 'device-failed' | 'permission-revoked' | 'ended';

/** What a source implementation does when media must start or stop. */
export interface MediaProducer {
  /** Starts producing; `mode` is the native video mode (undefined for audio). */
  start(mode: NativeVideoMode | undefined): void;
  /** Stops producing; no frame may be emitted after it returns. */
  stop(): void;
}

/** The hooks a producer gets from its source. */
export interface ProducerContext {
  readonly clock: Clock;
  /** Hands a frame to the pipeline; the source closes it afterwards. */
  emit(frame: SourceFrame): void;
  /** Ends the source for good (end of file, device error). `error` says why, for logs and tests. */
  fail(reason: SourceEndReason, error?: Error): void;
  /**
   * The device's current control values (pan, tilt, zoom, exposure…), read when they matter (each frame);
   * absent for contexts made outside a source (tests), meaning none.
   */
  readonly controlValues?: ReadonlyMap<string, SettingValue>;
}

/** Makes the producer of a source. */
export type ProducerFactory = (context: ProducerContext) => MediaProducer;

/** A capture source: what a MediaStreamTrack's [[Source]] slot holds. */
export class CaptureSource {
  readonly #kind: 'audio' | 'video';
  readonly #label: string;
  readonly #identity: DeviceIdentity;
  #model: CaptureModel;
  #regions: readonly SettingsRegion<CaptureRegionTag>[];
  #capabilities: Readonly<Record<string, unknown>> | undefined;
  #modelListener: (() => void) | undefined;
  readonly #clock: Clock;
  readonly #consumers = new Set<SourceConsumer>();
  readonly #stopListeners = new Set<(reason: SourceEndReason | 'unused') => void>();
  readonly #producer: MediaProducer | undefined;
  #frameListener: FrameListener | undefined;
  #muted = false;
  #state: SourceState = 'live';
  #producing = false;
  #demand = false;
  #nativeMode: NativeVideoMode | undefined;
  #failure: Error | undefined;
  /** Whether a frame has been emitted since the source opened; and who waits for the first. */
  #emitted = false;
  readonly #firstFrameWaiters = new Set<(error: Error | undefined) => void>();
  /** The device's control values, shared by every track (mediacapture-image's properties). */
  #controls: Map<string, SettingValue>;

  /**
   * A live source for a device with `model`, exposed with `identity`, timing its media with `clock`.
   * Without a producer factory the source has settings but produces no media. `space` is the model's settings
   * space when the caller has it already (settingsSpaceOf(model, identity)).
   */
  constructor(
    label: string,
    model: CaptureModel,
    identity: DeviceIdentity,
    clock: Clock,
    producer?: ProducerFactory,
    space?: readonly SettingsRegion<CaptureRegionTag>[],
  ) {
    this.#kind = model.kind;
    this.#label = label;
    this.#identity = identity;
    this.#model = model;
    this.#clock = clock;
    this.#regions = space ?? settingsSpaceOf(model, identity);
    this.#controls = initialControlValues(model);
    const controls = (): ReadonlyMap<string, SettingValue> => this.#controls;
    this.#producer = producer?.({
      get controlValues() {
        return controls();
      },
      clock,
      emit: (frame) => this.#emit(frame),
      fail: (reason, error) => {
        this.#failure = error;
        this.end(reason);
      },
    });
  }

  /** "audio" or "video". */
  get kind(): 'audio' | 'video' {
    return this.#kind;
  }

  /** The label tracks of this source get. */
  get label(): string {
    return this.#label;
  }

  /** The clock the source's frames are timestamped and paced by. */
  get clock(): Clock {
    return this.#clock;
  }

  /** The exposed deviceId and groupId. */
  get identity(): DeviceIdentity {
    return this.#identity;
  }

  /** What the device can capture. */
  get model(): CaptureModel {
    return this.#model;
  }

  /** Every settings dictionary a track of this source can have, as regions (one per native mode). */
  get settingsSpace(): readonly SettingsRegion<CaptureRegionTag>[] {
    return this.#regions;
  }

  /** The capabilities of the settings space (computed once per model; callers copy before exposing). */
  get capabilities(): Readonly<Record<string, unknown>> {
    if (this.#capabilities === undefined) {
      this.#capabilities = captureCapabilitiesOf(this.#model, this.#regions);
    }
    return this.#capabilities;
  }

  /** https://w3c.github.io/mediacapture-main/#source-muted */
  get muted(): boolean {
    return this.#muted;
  }

  /** "live" until the last track detaches or the source ends. */
  get state(): SourceState {
    return this.#state;
  }

  /** Whether media is being produced now. */
  get producing(): boolean {
    return this.#producing;
  }

  /** The error that ended the source, when a producer failed. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** How many tracks the source feeds. */
  get consumerCount(): number {
    return this.#consumers.size;
  }

  /** The native video mode the source runs (or will run) in; undefined for audio. */
  get nativeMode(): NativeVideoMode | undefined {
    return this.#nativeMode;
  }

  /**
   * The device's control values (https://w3c.github.io/mediacapture-image/#constrainable-properties): source
   * properties, so every track of the source reports these.
   */
  get controlValues(): ReadonlyMap<string, SettingValue> {
    return this.#controls;
  }

  /** Sets some of the device's control values (names it lacks are ignored); the producer sees them from its next frame. */
  setControlValues(values: ReadonlyMap<string, SettingValue>): void {
    const next = new Map(this.#controls);
    for (const [name, value] of values) {
      if (next.has(name)) {
        next.set(name, value);
      }
    }
    this.#controls = next;
  }

  /** Chooses the native video mode; a running source restarts its producer in the new mode. */
  setNativeMode(mode: NativeVideoMode): void {
    const current = this.#nativeMode;
    if (current !== undefined && sameMode(current, mode)) {
      return;
    }
    this.#nativeMode = mode;
    if (this.#producing) {
      this.#producer?.stop();
      this.#producer?.start(mode);
    }
  }

  /**
   * Replaces what the source can produce (a file swapped for another, a generator's frame size). The
   * model listener (the fan-out) then selects every track's settings anew and picks the native mode.
   */
  setModel(model: CaptureModel): void {
    if (model.kind !== this.#kind) {
      throw new Error(`CaptureSource.setModel: a ${this.#kind} source cannot take a ${model.kind} model`);
    }
    this.#model = model;
    this.#regions = settingsSpaceOf(model, this.#identity);
    this.#capabilities = undefined;
    // Controls the new model still has keep their values; new ones start at their initial values.
    const controls = initialControlValues(model);
    for (const name of controls.keys()) {
      const value = this.#controls.get(name);
      if (value !== undefined) {
        controls.set(name, value);
      }
    }
    this.#controls = controls;
    this.#modelListener?.();
  }

  /** Sets who is told when the model changes (the pipeline's fan-out). */
  setModelListener(listener: (() => void) | undefined): void {
    this.#modelListener = listener;
  }

  /** Sets the one listener of the source's frames (the pipeline's fan-out). */
  setFrameListener(listener: FrameListener | undefined): void {
    this.#frameListener = listener;
  }

  /** Whether some live, enabled track needs media; the source produces exactly while this is true. */
  setDemand(demand: boolean): void {
    this.#demand = demand;
    this.#updateProduction();
  }

  /** A track starts using the source. */
  attach(consumer: SourceConsumer): void {
    if (this.#state === 'stopped') {
      throw new Error('CaptureSource.attach: the source is stopped');
    }
    this.#consumers.add(consumer);
  }

  /** A track stops using the source (it ended); the last one to go stops the source. */
  detach(consumer: SourceConsumer): void {
    if (!this.#consumers.delete(consumer) || this.#consumers.size > 0 || this.#state === 'stopped') {
      return;
    }
    this.#stop('unused');
  }

  /** Mutes or unmutes the source, telling every track. */
  setMuted(muted: boolean): void {
    if (this.#state === 'stopped' || this.#muted === muted) {
      return;
    }
    this.#muted = muted;
    for (const consumer of [...this.#consumers]) {
      consumer.sourceMutedChanged(muted);
    }
  }

  /** Ends the source for good: every track it feeds ends. */
  end(reason: SourceEndReason): void {
    if (this.#state === 'stopped') {
      return;
    }
    const consumers = [...this.#consumers];
    this.#consumers.clear();
    this.#stop(reason);
    for (const consumer of consumers) {
      consumer.sourceEnded();
    }
  }

  /**
   * Resolves once the source has emitted a frame (undefined), or with the reason it stopped before one
   * (its failure, or an Error saying it ended); also undefined after `timeoutMs` without either.
   */
  firstFrame(timeoutMs: number): Promise<Error | undefined> {
    if (this.#emitted) {
      return Promise.resolve(undefined);
    }
    if (this.#state === 'stopped') {
      return Promise.resolve(this.#failure ?? new Error(`${this.#label} stopped`));
    }
    return new Promise((resolve) => {
      const done = (error: Error | undefined): void => {
        hostClearTimeout(timer);
        this.#firstFrameWaiters.delete(done);
        resolve(error);
      };
      // The capture itself keeps the process alive; this wait must not.
      const timer = hostSetTimeout(() => done(undefined), timeoutMs).unref();
      this.#firstFrameWaiters.add(done);
    });
  }

  /** Registers a callback for when the source stops, whatever the reason. */
  onStop(listener: (reason: SourceEndReason | 'unused') => void): void {
    this.#stopListeners.add(listener);
  }

  #updateProduction(): void {
    const wanted = this.#state === 'live' && this.#demand && this.#producer !== undefined;
    if (wanted === this.#producing) {
      return;
    }
    this.#producing = wanted;
    if (wanted) {
      this.#producer?.start(this.#nativeMode);
    } else {
      this.#producer?.stop();
    }
  }

  #emit(frame: SourceFrame): void {
    try {
      if (this.#producing) {
        this.#frameListener?.(frame);
        if (!this.#emitted) {
          this.#emitted = true;
          for (const waiter of [...this.#firstFrameWaiters]) {
            waiter(undefined);
          }
        }
      }
    } finally {
      frame.close();
    }
  }

  #stop(reason: SourceEndReason | 'unused'): void {
    this.#state = 'stopped';
    this.#updateProduction();
    this.#frameListener = undefined;
    this.#modelListener = undefined;
    for (const listener of this.#stopListeners) {
      listener(reason);
    }
    this.#stopListeners.clear();
    for (const waiter of [...this.#firstFrameWaiters]) {
      waiter(this.#failure ?? new Error(`${this.#label} stopped`));
    }
  }
}

function sameMode(a: NativeVideoMode, b: NativeVideoMode): boolean {
  return a.width === b.width && a.height === b.height && a.frameRate === b.frameRate && a.cursor === b.cursor;
}

/** The control values a device opens with, and its photo feature settings (see PHOTO_FEATURE_KEYS). */
function initialControlValues(model: CaptureModel): Map<string, SettingValue> {
  if (model.kind !== 'video' || 'generated' in model || model.display !== undefined) {
    return new Map();
  }
  return new Map([...controlDomains(model.controls).initial, ...initialPhotoFeatureValues(model.photo)]);
}
