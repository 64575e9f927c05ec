/**
 * The capture-source contract: one source per device per MediaDevices object, shared by every track on
 * that device (clones and later getUserMedia calls alike), reference counted, and stopped for good when
 * its last track ends (https://w3c.github.io/mediacapture-main/#source-stopped).
 *
 * Sources report changes (muted, ended) to their consumers through callbacks; the api layer turns those
 * into spec events.
 *
 * @module
 */

import type { SettingsRegion } from '../constraints/settings-space.js';
import type { Clock } from '../media/clock.js';
import type { CaptureModel, CaptureRegionTag, DeviceIdentity } from './capture-model.js';
import { settingsSpaceOf } from './capture-model.js';

/** What a source tells each track it feeds. */
export interface SourceConsumer {
  /** The source became muted or unmuted. */
  sourceMutedChanged(muted: boolean): void;
  /** The source permanently stopped producing media (device gone, failed, permission revoked). */
  sourceEnded(): void;
}

/** Where a source is in its life. */
export type SourceState = 'live' | 'stopped';

/** Why a source ended without its tracks asking. */
export type SourceEndReason = 'device-removed' | 'device-failed' | 'permission-revoked' | 'ended';

/** A capture source: what a MediaStreamTrack's [[Source]] slot holds. */
export class CaptureSource {
  readonly #kind: 'audio' | 'video';
  readonly #label: string;
  readonly #identity: DeviceIdentity;
  readonly #model: CaptureModel;
  readonly #regions: readonly SettingsRegion<CaptureRegionTag>[];
  readonly #clock: Clock;
  readonly #consumers = new Set<SourceConsumer>();
  readonly #stopListeners = new Set<(reason: SourceEndReason | 'unused') => void>();
  #muted = false;
  #state: SourceState = 'live';

  /** A live source for a device with `model`, exposed with `identity`, timing its media with `clock`. */
  constructor(label: string, model: CaptureModel, identity: DeviceIdentity, clock: Clock) {
    this.#clock = clock;
    this.#kind = model.kind;
    this.#label = label;
    this.#identity = identity;
    this.#model = model;
    this.#regions = settingsSpaceOf(model, identity);
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

  /** https://w3c.github.io/mediacapture-main/#source-muted */
  get muted(): boolean {
    return this.#muted;
  }

  /** "live" until the last track detaches or the source ends. */
  get state(): SourceState {
    return this.#state;
  }

  /** How many tracks the source feeds. */
  get consumerCount(): number {
    return this.#consumers.size;
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

  /** Registers a callback for when the source stops, whatever the reason. */
  onStop(listener: (reason: SourceEndReason | 'unused') => void): void {
    this.#stopListeners.add(listener);
  }

  #stop(reason: SourceEndReason | 'unused'): void {
    this.#state = 'stopped';
    for (const listener of this.#stopListeners) {
      listener(reason);
    }
    this.#stopListeners.clear();
  }
}
