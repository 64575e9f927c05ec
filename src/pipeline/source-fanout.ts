/**
 * The fan-out of one source: the source's only frame listener, it hands each frame to the pipeline of
 * every track of the source, sharing adaptations between them, keeps the source running exactly while a
 * track needs media, and arbitrates the source's native mode between its tracks' constraints.
 *
 * Native mode policy: a track's settings are selected among those the source's current native mode can
 * serve (crop-and-scale from it, or the mode itself) whenever they fit the track's constraints as well as
 * any mode's would (same fitness distance). Otherwise the source switches mode, but only to a mode that
 * still satisfies every other live track's constraints, whose settings are then selected anew in it; if
 * another track pins the current mode, the track gets the current mode's best, or the request fails when
 * that cannot meet its required constraints, as the spec's example of conflicting constraints says.
 *
 * Device controls (mediacapture-image's exposure, focus, pan, tilt, zoom…) are source properties: one value for
 * all tracks, the source's. Selection prefers the current value, so constraints that do not name a control keep
 * it; a track that selects another value changes it for every track, unless that breaks another live track's
 * required constraint on it (then the request fails with that constraint, as for native modes). A track created
 * without pan-tilt-zoom permission selects from a space without pan, tilt and zoom.
 *
 * @module
 */

import type { SettingsDictionary } from '../constraints/fitness.js';
import { satisfiesRequirement } from '../constraints/fitness.js';
import { interpretConstraint, type NormalizedConstraints, type SettingValue } from '../constraints/normalize.js';
import { findProperty, type TrackKind } from '../constraints/registry.js';
import {
  failedConstraint,
  selectSettings,
  selectSettingsAgain,
  type MadeSelection,
  type SelectResult,
} from '../constraints/select-settings.js';
import type { SettingsRegion } from '../constraints/settings-space.js';
import type { AudioData } from '../media/audio-data.js';
import type { Clock } from '../media/clock.js';
import type { VideoFrame } from '../media/video-frame.js';
import { withoutPanTiltZoom } from '../sources/camera-controls.js';
import type { CaptureRegionTag, NativeVideoMode } from '../sources/capture-model.js';
import type { CaptureSource, SourceFrame } from '../sources/capture-source.js';
import { AdaptedFrames, AudioAdapter } from './frame-adapter.js';
import {
  AudioTrackPipeline,
  VideoTrackPipeline,
  type AudioOutput,
  type PipelineHost,
  type TrackPipeline,
  type VideoOutput,
} from './track-pipeline.js';
import { AudioFrameCounters, VideoFrameCounters } from './track-counters.js';

/** Settings selected for a track, and the region (native mode) they come from. */
export interface TrackSelection {
  readonly settings: SettingsDictionary;
  readonly tag: CaptureRegionTag;
}

/** What the fan-out knows of each track: its pipeline and its constraints. */
interface TrackEntry {
  readonly pipeline: TrackPipeline;
  constraints: NormalizedConstraints;
  selection: TrackSelection;
  /** Told when the fan-out re-selects the track's settings after a mode switch. */
  readonly settingsChanged: (selection: TrackSelection) => void;
  /** Whether the track exposes pan, tilt and zoom. */
  readonly panTiltZoom: boolean;
}

const fanouts = new WeakMap<CaptureSource, SourceFanout>();

/** Fitness distances closer than this count as equal when deciding whether to switch native mode. */
const FITNESS_TOLERANCE = 1e-9;

/** The fan-out of a source and its tracks' pipelines. */
export class SourceFanout implements PipelineHost {
  readonly #source: CaptureSource;
  readonly #entries = new Map<TrackPipeline, TrackEntry>();
  readonly #audioAdapters = new Map<string, AudioAdapter>();
  /** A snapshot of the entries' pipelines, dropped when they change. */
  #pipelineList: readonly TrackPipeline[] | undefined;
  /** The adaptations of the frame being handed out, kept for the next frame's. */
  #adapted: AdaptedFrames | undefined = new AdaptedFrames();
  /** Whether the source is a generator (its frames' sizes are whatever was written). */
  readonly #generated: boolean;
  /** Whether the source captures a display surface (frames are scaled whole, never cropped). */
  readonly #display: boolean;

  private constructor(source: CaptureSource) {
    this.#source = source;
    this.#generated = 'generated' in source.model;
    this.#display = source.model.kind === 'video' && 'display' in source.model && source.model.display !== undefined;
    source.setFrameListener((frame) => this.#onFrame(frame));
    source.setModelListener(() => this.#modelChanged());
  }

  /** The fan-out of `source`, made on first use. */
  static of(source: CaptureSource): SourceFanout {
    let fanout = fanouts.get(source);
    if (fanout === undefined) {
      fanout = new SourceFanout(source);
      fanouts.set(source, fanout);
    }
    return fanout;
  }

  /** The source's clock. */
  get clock(): Clock {
    return this.#source.clock;
  }

  /** Whether the source produces media now. */
  get producing(): boolean {
    return this.#source.producing;
  }

  /**
   * Selects settings for a track with `constraints`, following the native mode policy. `self` is the
   * track's own pipeline when it already exists (applyConstraints), so its old constraints do not count.
   * On success with a mode switch, the other tracks' settings are updated through their callbacks. `made` is a
   * selection getUserMedia already made for the constraints, taken as it is when made from the same regions and
   * the source's control values are their defaults.
   */
  select(
    constraints: NormalizedConstraints,
    kind: TrackKind,
    self?: TrackPipeline,
    panTiltZoom = true,
    made?: MadeSelection<CaptureRegionTag>,
  ): SelectResult<CaptureRegionTag> {
    const exposesPanTiltZoom = self === undefined ? panTiltZoom : (this.#entries.get(self)?.panTiltZoom ?? panTiltZoom);
    const space = this.#spaceFor(exposesPanTiltZoom);
    const preferred = this.#source.controlValues;
    let own = constraints;
    let anywhere = selectSettingsAgain(made, space, own, kind, preferred);
    // A control value that breaks another track's required constraint: the track's own ideal (or advanced) value
    // yields, keeping the current one; its own required constraint fails.
    for (let conflict = anywhere.ok ? this.#controlConflict(anywhere.settings, self) : undefined; conflict !== undefined; ) {
      const mine = own.basic.get(conflict);
      if (mine !== undefined && interpretConstraint(mine, 'basic').required) {
        return { ok: false, failedConstraint: conflict };
      }
      own = withoutConstraint(own, conflict);
      anywhere = selectSettings(space, own, kind, preferred);
      conflict = anywhere.ok ? this.#controlConflict(anywhere.settings, self) : undefined;
    }
    const result = this.#selectMode(space, anywhere, own, kind, self);
    if (result.ok) {
      this.#source.setControlValues(controlsOf(result.settings));
    }
    return result;
  }

  /** The settings space of a track that does or does not expose pan, tilt and zoom. */
  #spaceFor(panTiltZoom: boolean): readonly SettingsRegion<CaptureRegionTag>[] {
    const space = this.#source.settingsSpace;
    return panTiltZoom ? space : withoutPanTiltZoom(space);
  }

  /** The first required constraint of another live track that the device control values of `settings` break. */
  #controlConflict(settings: SettingsDictionary, self: TrackPipeline | undefined): string | undefined {
    const current = this.#source.controlValues;
    for (const [name, value] of controlsOf(settings)) {
      if (current.get(name) === value) {
        continue;
      }
      for (const entry of this.#entries.values()) {
        const constraint = entry.pipeline === self ? undefined : entry.constraints.basic.get(name);
        if (constraint !== undefined && !satisfiesRequirement(value, interpretConstraint(constraint, 'basic'))) {
          return name;
        }
      }
    }
    return undefined;
  }

  /** The native mode part of {@link select}. */
  #selectMode(
    space: readonly SettingsRegion<CaptureRegionTag>[],
    anywhere: SelectResult<CaptureRegionTag>,
    constraints: NormalizedConstraints,
    kind: TrackKind,
    self: TrackPipeline | undefined,
  ): SelectResult<CaptureRegionTag> {
    const preferred = this.#source.controlValues;
    const mode = this.#source.nativeMode;
    if (kind === 'audio' || mode === undefined) {
      if (anywhere.ok && anywhere.tag.kind === 'video') {
        this.#source.setNativeMode(anywhere.tag.mode);
      }
      return anywhere;
    }
    // Stay in the current native mode when it serves the track as well as any mode could.
    const inMode = selectSettings(regionsOf(space, mode), constraints, kind, preferred);
    if (inMode.ok && (!anywhere.ok || inMode.fitness <= anywhere.fitness + FITNESS_TOLERANCE)) {
      return inMode;
    }
    if (!anywhere.ok || anywhere.tag.kind !== 'video') {
      return anywhere;
    }
    return this.#switchModeFor(space, anywhere, anywhere.tag.mode, inMode, constraints, self);
  }

  /**
   * Moves the source to `newMode`, the native mode of a track's best settings (`anywhere`), and reselects the
   * other tracks in it; unless one of them cannot be served there, which pins the current mode: then the track
   * gets its settings in the current mode (`inMode`) if it can, or conflicts.
   */
  #switchModeFor(
    space: readonly SettingsRegion<CaptureRegionTag>[],
    anywhere: SelectResult<CaptureRegionTag>,
    newMode: NativeVideoMode,
    inMode: SelectResult<CaptureRegionTag>,
    constraints: NormalizedConstraints,
    self: TrackPipeline | undefined,
  ): SelectResult<CaptureRegionTag> {
    const preferred = this.#source.controlValues;
    const mode = this.#source.nativeMode as NativeVideoMode;
    const others = [...this.#entries.values()].filter((e) => e.pipeline !== self);
    const reselected = others.map((entry) => ({
      entry,
      result: selectSettings(regionsOf(this.#spaceFor(entry.panTiltZoom), newMode), entry.constraints, 'video', preferred),
    }));
    if (reselected.some(({ result }) => !result.ok)) {
      // Other tracks' constraints pin the current mode: serve this track there if it can be, else it
      // conflicts with them.
      return inMode.ok ? inMode : { ok: false, failedConstraint: failedConstraint(regionsOf(space, mode), constraints.basic) };
    }
    this.#source.setNativeMode(newMode);
    for (const { entry, result } of reselected) {
      if (result.ok) {
        entry.selection = { settings: result.settings, tag: result.tag };
        this.#applyOutput(entry);
        entry.settingsChanged(entry.selection);
      }
    }
    return anywhere;
  }

  /** Adds a track: its pipeline is made with the selected settings. */
  addTrack(
    kind: TrackKind,
    constraints: NormalizedConstraints,
    selection: TrackSelection,
    settingsChanged: (selection: TrackSelection) => void,
    panTiltZoom = true,
  ): { pipeline: TrackPipeline; counters: VideoFrameCounters | AudioFrameCounters } {
    let pipeline: TrackPipeline;
    let counters: VideoFrameCounters | AudioFrameCounters;
    if (kind === 'video') {
      counters = new VideoFrameCounters();
      pipeline = new VideoTrackPipeline(this, videoOutputOf(selection.settings, this.#generated, constraints, this.#display), counters);
    } else {
      counters = new AudioFrameCounters();
      pipeline = new AudioTrackPipeline(this, audioOutputOf(selection.settings), counters);
    }
    this.#entries.set(pipeline, { pipeline, constraints, selection, settingsChanged, panTiltZoom });
    this.#pipelineList = undefined;
    this.demandChanged();
    return { pipeline, counters };
  }

  /** A track's applyConstraints succeeded: record its constraints and settings. */
  updateTrack(pipeline: TrackPipeline, constraints: NormalizedConstraints, selection: TrackSelection): void {
    const entry = this.#entries.get(pipeline);
    if (entry === undefined) {
      return;
    }
    entry.constraints = constraints;
    entry.selection = selection;
    this.#applyOutput(entry);
  }

  /** The shared adapter for an audio output (one per rate and channel count, keeping resampler state). */
  audioAdapter(output: AudioOutput): AudioAdapter {
    const key = `${output.sampleRate ?? 'source'}/${output.channels ?? 'source'}`;
    let adapter = this.#audioAdapters.get(key);
    if (adapter === undefined) {
      adapter = new AudioAdapter(output.sampleRate, output.channels);
      this.#audioAdapters.set(key, adapter);
    }
    return adapter;
  }

  /** Recomputes whether the source must produce, and tells pipelines when that changes. */
  demandChanged(): void {
    const before = this.#source.producing;
    let demand = false;
    for (const pipeline of this.#entries.keys()) {
      demand ||= pipeline.needsMedia;
    }
    this.#source.setDemand(demand);
    if (this.#source.producing !== before) {
      for (const pipeline of this.#entries.keys()) {
        pipeline.sourceProductionChanged();
      }
    }
  }

  /** A pipeline closed. */
  removed(pipeline: TrackPipeline): void {
    this.#entries.delete(pipeline);
    this.#pipelineList = undefined;
  }

  /**
   * The source's model changed: the first track's constraints choose the native mode, then every track's
   * settings are selected anew within it. A track whose required constraints the new model cannot meet
   * gets the settings closest to the defaults in that mode (its constraints stay as they were).
   */
  #modelChanged(): void {
    const entries = [...this.#entries.values()];
    const space = this.#source.settingsSpace;
    const [first] = entries;
    if (first === undefined) {
      return;
    }
    const kind = this.#source.kind;
    const preferred = this.#source.controlValues;
    const lead = selectSettings(space, first.constraints, kind, preferred);
    const fallback = selectSettings(space, { basic: new Map(), advanced: [] }, kind, preferred);
    const chosen = lead.ok ? lead : fallback;
    if (!chosen.ok) {
      return;
    }
    const regions = chosen.tag.kind === 'video' ? regionsOf(space, chosen.tag.mode) : [...space];
    if (chosen.tag.kind === 'video') {
      this.#source.setNativeMode(chosen.tag.mode);
    }
    for (const entry of entries) {
      const own = entry.panTiltZoom ? regions : withoutPanTiltZoom(regions);
      let result = selectSettings(own, entry.constraints, kind, preferred);
      if (!result.ok) {
        result = selectSettings(own, { basic: new Map(), advanced: [] }, kind, preferred);
      }
      if (result.ok) {
        entry.selection = { settings: result.settings, tag: result.tag };
        this.#applyOutput(entry);
        entry.settingsChanged(entry.selection);
      }
    }
  }

  #applyOutput(entry: TrackEntry): void {
    if (entry.pipeline instanceof VideoTrackPipeline) {
      entry.pipeline.setOutput(videoOutputOf(entry.selection.settings, this.#generated, entry.constraints, this.#display));
    } else if (entry.pipeline instanceof AudioTrackPipeline) {
      entry.pipeline.setOutput(audioOutputOf(entry.selection.settings));
    }
  }

  #onFrame(frame: SourceFrame): void {
    // The adaptations of one frame are reused for the next, unless a frame arrives while one is handled.
    const adapted = this.#adapted ?? new AdaptedFrames();
    this.#adapted = undefined;
    try {
      // A snapshot: pipelines added or removed while the frame is handed out do not change who gets it.
      for (const pipeline of this.#pipelines()) {
        if (pipeline instanceof VideoTrackPipeline) {
          pipeline.onFrame(frame as VideoFrame, adapted);
        } else if (pipeline instanceof AudioTrackPipeline) {
          pipeline.onFrame(frame as AudioData, adapted);
        }
      }
    } finally {
      adapted.close(frame);
      this.#adapted = adapted;
    }
  }

  /** The pipelines, as an array that is replaced (never changed) when they change. */
  #pipelines(): readonly TrackPipeline[] {
    this.#pipelineList ??= [...this.#entries.keys()];
    return this.#pipelineList;
  }
}

/** `constraints` without any constraint on `name`. */
function withoutConstraint(constraints: NormalizedConstraints, name: string): NormalizedConstraints {
  const drop = (set: NormalizedConstraints['basic']): NormalizedConstraints['basic'] =>
    new Map([...set].filter(([key]) => key !== name));
  return { basic: drop(constraints.basic), advanced: constraints.advanced.map(drop) };
}

/** The device control values of a settings dictionary. */
function controlsOf(settings: SettingsDictionary): Map<string, SettingValue> {
  const controls = new Map<string, SettingValue>();
  for (const [name, value] of Object.entries(settings)) {
    if (findProperty(name)?.deviceControl === true) {
      controls.set(name, value);
    }
  }
  return controls;
}

function regionsOf(
  space: readonly SettingsRegion<CaptureRegionTag>[],
  mode: NativeVideoMode,
): SettingsRegion<CaptureRegionTag>[] {
  return space.filter(
    (region) =>
      region.tag.kind === 'video' &&
      region.tag.mode.width === mode.width &&
      region.tag.mode.height === mode.height &&
      region.tag.mode.frameRate === mode.frameRate &&
      region.tag.mode.cursor === mode.cursor,
  );
}

function videoOutputOf(
  settings: SettingsDictionary,
  generated: boolean,
  constraints: NormalizedConstraints,
  display: boolean,
): VideoOutput {
  // A generator's frameRate setting is an estimate of what is written; only a frameRate constraint
  // makes its tracks drop frames.
  const rateConstrained = constraints.basic.has('frameRate') || constraints.advanced.some((set) => set.has('frameRate'));
  return {
    width: settings['width'] as number | undefined,
    height: settings['height'] as number | undefined,
    frameRate: generated && !rateConstrained ? undefined : (settings['frameRate'] as number | undefined),
    // A generator's "none" means frames exactly as written; a camera's "none" is its native mode.
    passThrough: generated && settings['resizeMode'] === 'none',
    ...(display ? { wholeFrame: true } : {}),
  };
}

function audioOutputOf(settings: SettingsDictionary): AudioOutput {
  return { sampleRate: settings['sampleRate'] as number | undefined, channels: settings['channelCount'] as number | undefined };
}
