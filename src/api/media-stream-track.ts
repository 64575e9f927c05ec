/**
 * https://w3c.github.io/mediacapture-main/#mediastreamtrack
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import type {
  MediaTrackCapabilities,
  MediaTrackConstraints,
  MediaTrackSettings,
} from '../constraints/dictionaries.js';
import type { SettingsDictionary } from '../constraints/fitness.js';
import { normalizeConstraints, type NormalizedConstraints, type SettingValue } from '../constraints/normalize.js';
import { settingsForScript } from '../constraints/points-of-interest.js';
import { CONSTRAINABLE_PROPERTIES, PAN_TILT_ZOOM } from '../constraints/registry.js';
import { SourceFanout, type TrackSelection } from '../pipeline/source-fanout.js';
import type { AudioFrameCounters, VideoFrameCounters } from '../pipeline/track-counters.js';
import type { TrackPipeline } from '../pipeline/track-pipeline.js';
import type { SettingsRegion } from '../constraints/settings-space.js';
import { captureCapabilitiesOf, type CaptureModel, type CaptureRegionTag } from '../sources/capture-model.js';
import type { CaptureSource, SourceConsumer } from '../sources/capture-source.js';
import { toBoolean, toDOMString } from '../webidl/converters.js';
import { createEvent, defineEventHandlers, fireEvent, queueTask, type EventHandler } from '../webidl/events.js';
import { INTERNAL, assertInternal, brandCheck, configureInterface } from '../webidl/interface.js';
import { displaySelectionConstraints, isDisplayModel } from './display-media-options.js';
import { convertMediaTrackConstraints, copyConstraints } from './media-track-constraints.js';
import { MediaStreamTrackAudioStats } from './media-stream-track-audio-stats.js';
import { MediaStreamTrackVideoStats } from './media-stream-track-video-stats.js';
import { OverconstrainedError } from './overconstrained-error.js';
import { cloneStructured } from '../media/structured-clone.js';

/** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrackstate */
export type MediaStreamTrackState = 'live' | 'ended';

/** https://w3c.github.io/mediacapture-content-hints/#video-content-hints and #audio-content-hints */
const CONTENT_HINTS = {
  audio: ['', 'speech', 'speech-recognition', 'music'],
  video: ['', 'motion', 'detail', 'text'],
} as const;

export type { TrackSelection };

/** What creating a track needs beyond its source. */
export interface TrackInit {
  /** The constraints as converted from script, for getConstraints(). */
  readonly constraints: MediaTrackConstraints;
  /** The same constraints in the engine's form. */
  readonly normalized: NormalizedConstraints;
  readonly selection: TrackSelection;
  /**
   * Whether the track exposes pan, tilt and zoom: getUserMedia requested `{ name: "camera", panTiltZoom: true }`
   * and it was granted (https://w3c.github.io/mediacapture-image/#dom-mediatrackcapabilities-pan). Default false.
   */
  readonly panTiltZoom?: boolean;
}

/** Internal access to tracks for other api modules. */
export interface TrackInternals {
  /** https://w3c.github.io/mediacapture-main/#dfn-create-a-mediastreamtrack */
  create(source: CaptureSource, init: TrackInit): MediaStreamTrack;
  source(track: MediaStreamTrack): CaptureSource;
  /** The track's pipeline, where sinks attach. */
  pipeline(track: MediaStreamTrack): TrackPipeline;
}

/** Set in MediaStreamTrack's static block. */
export let trackInternals: TrackInternals;

/** A single audio or video track, fed by a source. */
export class MediaStreamTrack extends EventTarget {
  readonly #source: CaptureSource;
  readonly #id: string = randomUUID();
  readonly #kind: 'audio' | 'video';
  readonly #label: string;
  #readyState: MediaStreamTrackState = 'live';
  #enabled = true;
  #muted: boolean;
  #contentHint = '';
  /**
   * The source's model and settings space when the capabilities were last taken (at creation, and when the user
   * agent chose new settings); the capabilities themselves are computed from them on first use.
   */
  #capabilitiesOf: { readonly model: CaptureModel; readonly regions: readonly SettingsRegion<CaptureRegionTag>[] };
  #capabilities: MediaTrackCapabilities | undefined;
  #constraints: MediaTrackConstraints;
  #normalized: NormalizedConstraints;
  #selection: TrackSelection;
  readonly #pipeline: TrackPipeline;
  /** Settings kept after the track ended: the inherent constrainable properties only. */
  #endedSettings: MediaTrackSettings | undefined;
  readonly #stats: MediaStreamTrackAudioStats | MediaStreamTrackVideoStats;
  readonly #consumer: SourceConsumer;
  /** applyConstraints() calls run in call order. */
  #applyChain: Promise<unknown> = Promise.resolve();
  /** Whether pan, tilt and zoom are exposed (PTZ permission requested and granted). */
  readonly #panTiltZoom: boolean;

  declare onmute: EventHandler<MediaStreamTrack>;
  declare onunmute: EventHandler<MediaStreamTrack>;
  declare onended: EventHandler<MediaStreamTrack>;

  /** Not constructible from script: tracks come from getUserMedia(), clone() and generators. */
  constructor(token: typeof INTERNAL, source: CaptureSource, init: TrackInit) {
    assertInternal(token);
    super();
    this.#source = source;
    this.#kind = source.kind;
    this.#label = source.label;
    this.#muted = source.muted;
    this.#panTiltZoom = init.panTiltZoom ?? false;
    this.#capabilitiesOf = { model: source.model, regions: source.settingsSpace };
    this.#constraints = copyConstraints(init.constraints);
    this.#normalized = init.normalized;
    this.#selection = init.selection;
    const { pipeline, counters } = SourceFanout.of(source).addTrack(this.#kind, init.normalized, init.selection, (selection) =>
      // The user agent chose new settings (the source switched native mode for another track, or what
      // the source can produce changed).
      queueTask(() => {
        if (this.#readyState === 'live') {
          this.#selection = selection;
          this.#capabilitiesOf = { model: source.model, regions: source.settingsSpace };
          this.#capabilities = undefined;
        }
      }),
      this.#panTiltZoom,
    );
    this.#pipeline = pipeline;
    pipeline.setMuted(this.#muted);
    this.#stats =
      this.#kind === 'audio'
        ? new MediaStreamTrackAudioStats(INTERNAL, counters as AudioFrameCounters)
        : new MediaStreamTrackVideoStats(INTERNAL, counters as VideoFrameCounters);
    this.#consumer = {
      sourceMutedChanged: (muted) => {
        // Media stops at once; the attribute and event follow in a task.
        pipeline.setMuted(muted);
        queueTask(() => this.#setMutedState(muted));
      },
      sourceEnded: () => {
        pipeline.close();
        queueTask(() => this.#endedByUserAgent());
      },
    };
    if (source.state === 'live') {
      source.attach(this.#consumer);
    } else {
      this.#end();
    }
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-kind */
  get kind(): string {
    brandCheck(#kind in this, 'MediaStreamTrack.kind');
    return this.#kind;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-id */
  get id(): string {
    brandCheck(#id in this, 'MediaStreamTrack.id');
    return this.#id;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-label */
  get label(): string {
    brandCheck(#label in this, 'MediaStreamTrack.label');
    return this.#label;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-enabled */
  get enabled(): boolean {
    brandCheck(#enabled in this, 'MediaStreamTrack.enabled');
    return this.#enabled;
  }

  set enabled(value: boolean) {
    brandCheck(#enabled in this, 'MediaStreamTrack.enabled');
    this.#setEnabled(toBoolean(value));
  }

  #setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    // An ended track keeps the value but does nothing with it.
    if (this.#readyState === 'live') {
      this.#pipeline.setEnabled(enabled);
    }
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-muted */
  get muted(): boolean {
    brandCheck(#muted in this, 'MediaStreamTrack.muted');
    return this.#muted;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-readystate */
  get readyState(): MediaStreamTrackState {
    brandCheck(#readyState in this, 'MediaStreamTrack.readyState');
    return this.#readyState;
  }

  /** https://w3c.github.io/mediacapture-content-hints/#dom-mediastreamtrack-contenthint */
  get contentHint(): string {
    brandCheck(#contentHint in this, 'MediaStreamTrack.contentHint');
    return this.#contentHint;
  }

  set contentHint(value: string) {
    brandCheck(#contentHint in this, 'MediaStreamTrack.contentHint');
    const hint = toDOMString(value, 'MediaStreamTrack.contentHint', 'value');
    // A value that is not a hint for this kind of track is ignored.
    if ((CONTENT_HINTS[this.#kind] as readonly string[]).includes(hint)) {
      this.#contentHint = hint;
    }
  }

  /** https://w3c.github.io/mediacapture-extensions/#dom-mediastreamtrack-stats */
  get stats(): MediaStreamTrackAudioStats | MediaStreamTrackVideoStats {
    brandCheck(#stats in this, 'MediaStreamTrack.stats');
    return this.#stats;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-clone */
  clone(): MediaStreamTrack {
    brandCheck(#source in this, 'MediaStreamTrack.clone');
    return this.#cloneTrack();
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-stop */
  stop(): void {
    brandCheck(#source in this, 'MediaStreamTrack.stop');
    // 2. Nothing to do for an ended track; 3-4. otherwise release the source and end, with no event.
    if (this.#readyState === 'ended') {
      return;
    }
    this.#end();
  }

  /** https://w3c.github.io/mediacapture-main/#dom-constrainablepattern-getcapabilities */
  getCapabilities(): MediaTrackCapabilities {
    brandCheck(#capabilities in this, 'MediaStreamTrack.getCapabilities');
    this.#capabilities ??= this.#capabilitiesOfSource();
    const capabilities = cloneStructured(this.#capabilities);
    // https://w3c.github.io/mediacapture-screen-share/#constrainable-properties-for-captured-display-surfaces:
    // a display track's aspectRatio capability is its current setting.
    const ratio = this.#selection.settings['aspectRatio'];
    if (capabilities.displaySurface !== undefined && typeof ratio === 'number') {
      capabilities.aspectRatio = { min: ratio, max: ratio };
    }
    return capabilities;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-constrainablepattern-getconstraints */
  getConstraints(): MediaTrackConstraints {
    brandCheck(#constraints in this, 'MediaStreamTrack.getConstraints');
    return copyConstraints(this.#constraints);
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-getsettings */
  getSettings(): MediaTrackSettings {
    brandCheck(#selection in this, 'MediaStreamTrack.getSettings');
    if (this.#readyState === 'ended') {
      return { ...this.#endedSettings };
    }
    return trackSettingsForScript(this.#selection.settings, this.#source.controlValues);
  }

  /**
   * The source's capabilities when they were taken (see #capabilitiesOf), without pan, tilt and zoom unless the
   * track exposes them.
   */
  #capabilitiesOfSource(): MediaTrackCapabilities {
    const { model, regions } = this.#capabilitiesOf;
    // The source computes its capabilities once per model; a model it has since replaced is computed here.
    const current = model === this.#source.model && regions === this.#source.settingsSpace;
    const capabilities = (current ? cloneStructured(this.#source.capabilities) : captureCapabilitiesOf(model, regions)) as Record<string, unknown>;
    if (!this.#panTiltZoom) {
      for (const name of PAN_TILT_ZOOM) {
        delete capabilities[name];
      }
    }
    return capabilities as MediaTrackCapabilities;
  }

  /** https://w3c.github.io/mediacapture-main/#dom-mediastreamtrack-applyconstraints */
  async applyConstraints(constraints: MediaTrackConstraints = {}): Promise<void> {
    brandCheck(#source in this, 'MediaStreamTrack.applyConstraints');
    const context = 'MediaStreamTrack.applyConstraints';
    const newConstraints = convertMediaTrackConstraints(constraints, context, 'constraints');
    // 2. An ended track resolves at once.
    if (this.#readyState === 'ended') {
      return;
    }
    const run = this.#applyChain.then(() => this.#applyConstraintsTemplate(newConstraints));
    this.#applyChain = run.catch(() => undefined);
    return run;
  }

  /** https://w3c.github.io/mediacapture-main/#dfn-applyconstraints-template-method */
  #applyConstraintsTemplate(newConstraints: MediaTrackConstraints): Promise<void> {
    // In parallel: the ApplyConstraints algorithm. The source's settings space already offers every
    // "none" settings dictionary again with "crop-and-scale".
    const requested = normalizeConstraints(newConstraints, this.#kind);
    const normalized = isDisplayModel(this.#source.model) ? displaySelectionConstraints(requested) : requested;
    const result = SourceFanout.of(this.#source).select(normalized, this.#kind, this.#pipeline);
    return new Promise((resolve, reject) => {
      queueTask(() => {
        if (!result.ok) {
          // The existing constraints remain in effect.
          reject(new OverconstrainedError(result.failedConstraint, overconstrainedMessage(result.failedConstraint)));
          return;
        }
        if (this.#readyState === 'live') {
          this.#constraints = newConstraints;
          this.#normalized = normalized;
          this.#selection = { settings: result.settings, tag: result.tag };
          SourceFanout.of(this.#source).updateTrack(this.#pipeline, normalized, this.#selection);
        }
        resolve();
      });
    });
  }

  /** https://w3c.github.io/mediacapture-main/#clone-a-track */
  #cloneTrack(): MediaStreamTrack {
    const clone = new MediaStreamTrack(INTERNAL, this.#source, {
      constraints: this.#constraints,
      normalized: this.#normalized,
      selection: this.#selection,
      panTiltZoom: this.#panTiltZoom,
    });
    if (this.#readyState === 'ended' && clone.#readyState === 'live') {
      clone.#end();
    }
    clone.#endedSettings = this.#endedSettings;
    // The same capabilities (never changed in place: getCapabilities() returns copies).
    clone.#capabilitiesOf = this.#capabilitiesOf;
    clone.#capabilities = this.#capabilities;
    // As browsers do, and as the spec's "unless stated otherwise (for example when cloned)" allows.
    clone.#setEnabled(this.#enabled);
    clone.#contentHint = this.#contentHint;
    return clone;
  }

  /** https://w3c.github.io/mediacapture-main/#set-track-muted-state */
  #setMutedState(newState: boolean): void {
    if (this.#readyState === 'ended' || this.#muted === newState) {
      return;
    }
    this.#muted = newState;
    fireEvent(this, createEvent(newState ? 'mute' : 'unmute'));
  }

  /** https://w3c.github.io/mediacapture-main/#track-ended: the source ended without stop() being called. */
  #endedByUserAgent(): void {
    if (this.#readyState === 'ended') {
      return;
    }
    this.#end();
    fireEvent(this, createEvent('ended'));
  }

  /** Sets [[ReadyState]] to "ended", keeps the inherent settings, and tells the source. */
  #end(): void {
    const settings: Record<string, unknown> = {};
    for (const prop of CONSTRAINABLE_PROPERTIES) {
      if (prop.inherent && this.#selection.settings[prop.name] !== undefined) {
        settings[prop.name] = this.#selection.settings[prop.name];
      }
    }
    this.#endedSettings = settings as MediaTrackSettings;
    this.#readyState = 'ended';
    this.#pipeline.close();
    this.#source.detach(this.#consumer);
  }

  static {
    trackInternals = {
      create: (source, init) => new MediaStreamTrack(INTERNAL, source, init),
      source: (track) => track.#source,
      pipeline: (track) => track.#pipeline,
    };
  }
}
defineEventHandlers(MediaStreamTrack.prototype, ['mute', 'unmute', 'ended']);
configureInterface(MediaStreamTrack, 'MediaStreamTrack', 0);

/**
 * A track's settings as getSettings() returns them: device controls (zoom, exposure…) at the source's current
 * values, which every track of the source shares, and points of interest as Point2D dictionaries.
 */
function trackSettingsForScript(settings: SettingsDictionary, controls: ReadonlyMap<string, SettingValue>): MediaTrackSettings {
  const current: Record<string, SettingValue> = {};
  for (const [name, value] of Object.entries(settings)) {
    current[name] = controls.get(name) ?? value;
  }
  return settingsForScript(current);
}

/** The message of an OverconstrainedError for `constraint`. */
export function overconstrainedMessage(constraint: string): string {
  return constraint === ''
    ? 'no settings satisfy the required constraints together'
    : `no settings satisfy the required constraint "${constraint}"`;
}
