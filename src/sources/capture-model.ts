/**
 * What a capture source can produce, described independently of how it produces it, and the settings
 * space (https://w3c.github.io/mediacapture-main/#dfn-settings-dictionary) that follows from it.
 *
 * Every provider (fake, file, platform) describes its devices with these models, so constraints,
 * capabilities and settings behave the same whatever the device is.
 *
 * @module
 */

import type { SettingValue } from '../constraints/normalize.js';
import { capabilitiesOf, type Domain, type SettingsRegion } from '../constraints/settings-space.js';
import { controlDomains, type CameraControls, type PhotoFeatures } from './camera-controls.js';
import { displayCapabilities, displaySettingsSpace, nativeModeRegion, type DisplaySurfaceModel } from './display-capture-model.js';

/** A mode the camera (or screen, or file) produces natively. */
export interface NativeVideoMode {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  /** Display capture: whether the producer draws the cursor into the frames (a CursorCaptureConstraint). */
  readonly cursor?: string;
}

/** What a video source can produce. */
export interface VideoCaptureModel {
  readonly kind: 'video';
  /** Native modes; settings never exceed one of these in size or rate. */
  readonly modes: readonly NativeVideoMode[];
  /**
   * Whether the track may crop, downscale and decimate the native frames ("crop-and-scale"); "none" is
   * always offered.
   */
  readonly cropAndScale: boolean;
  /** The direction the camera faces, when the system knows it. */
  readonly facingMode?: string;
  /** The backgroundBlur values the source can apply; `[false]` when it has no blur. */
  readonly backgroundBlur: readonly boolean[];
  /**
   * Present for a display surface (getDisplayMedia): its type and cursor modes. Its settings space is
   * then the aspect-preserving downscales of its one mode (see display-capture-model.ts).
   */
  readonly display?: DisplaySurfaceModel;
  /** The camera's controls (exposure, focus, pan, tilt, zoom, torch…); absent: none. */
  readonly controls?: CameraControls;
  /** Fill light and red-eye reduction for photos; absent: neither. */
  readonly photo?: PhotoFeatures;
}

/** An inclusive range of whole numbers. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** What an audio source can produce. */
export interface AudioCaptureModel {
  readonly kind: 'audio';
  /** Sample rates a track can have: the device's own, or a range reachable by resampling. */
  readonly sampleRate: IntegerRange;
  readonly defaultSampleRate: number;
  readonly channelCount: IntegerRange;
  readonly defaultChannelCount: number;
  readonly sampleSize: number;
  /** Latency in seconds. */
  readonly latency: number;
  /** The echoCancellation values offered, true and false first; the first is the default. */
  readonly echoCancellation: readonly (boolean | string)[];
  /** The autoGainControl values offered; the first is the default. */
  readonly autoGainControl: readonly boolean[];
  readonly noiseSuppression: readonly boolean[];
  readonly voiceIsolation: readonly boolean[];
}

/**
 * What a generator source (VideoTrackGenerator, MediaStreamTrackGenerator) produces: whatever is written
 * to it. Its settings follow the latest frame (https://w3c.github.io/mediacapture-transform/#generator-constrainable-properties);
 * before the first frame it has none of the size, rate or format properties.
 */
export interface GeneratedMediaModel {
  readonly kind: 'audio' | 'video';
  readonly generated: true;
  /** Video: the size of the latest frame written. */
  readonly frameSize?: { readonly width: number; readonly height: number };
  /** Video: the frame rate estimated from the frames written recently. */
  readonly frameRate?: number;
  /** Audio: the format of the latest chunk written. */
  readonly sampleRate?: number;
  readonly channelCount?: number;
}

/** What a device can capture. */
export type DeviceCaptureModel = VideoCaptureModel | AudioCaptureModel;

/** Any model. */
export type CaptureModel = VideoCaptureModel | AudioCaptureModel | GeneratedMediaModel;

/** The largest width or height a generated frame may have (Chromium's limit for a VideoFrame). */
export const MAX_GENERATED_DIMENSION = 32767;
/** The largest frame rate a generator reports (Chromium's limit). */
export const MAX_GENERATED_FRAME_RATE = 1000;

/** The native mode (and resize mode) a region of a video settings space stands for. */
export interface VideoRegionTag {
  readonly kind: 'video';
  readonly mode: NativeVideoMode;
  readonly resizeMode: 'none' | 'crop-and-scale';
}

/** The region tag of an audio settings space. */
export interface AudioRegionTag {
  readonly kind: 'audio';
}

/** Tags of the regions {@link settingsSpaceOf} builds. */
export type CaptureRegionTag = VideoRegionTag | AudioRegionTag;

/** The identity members every settings dictionary of a device has. */
export interface DeviceIdentity {
  readonly deviceId: string;
  readonly groupId: string;
}

/**
 * Default values for properties without a system default, as the spec suggests and as Chromium uses:
 * 640x480 at 30 fps, with audio processing on.
 */
export const USER_AGENT_VIDEO_DEFAULTS = { width: 640, height: 480, frameRate: 30 } as const;

function values(...list: SettingValue[]): Domain {
  return { type: 'values', values: list };
}

function range(min: number, max: number, integer: boolean): Domain {
  return { type: 'range', min, max, integer };
}

/**
 * The settings space of a device: for video, one region per native mode with resizeMode "none" (its
 * exact size and rate) followed, when allowed, by one with "crop-and-scale" (any smaller size, any lower
 * rate: the spec requires never upscaling); for audio, one region.
 */
export function settingsSpaceOf(model: CaptureModel, identity: DeviceIdentity): SettingsRegion<CaptureRegionTag>[] {
  if ('generated' in model) {
    return generatedSettingsSpace(model);
  }
  const common = new Map<string, Domain>([
    ['deviceId', values(identity.deviceId)],
    ['groupId', values(identity.groupId)],
  ]);
  if (model.kind === 'video' && model.display !== undefined) {
    return displaySettingsSpace(model.modes, model.display, identity);
  }
  if (model.kind === 'audio') {
    const domains = new Map<string, Domain>([
      ['sampleRate', range(model.sampleRate.min, model.sampleRate.max, true)],
      ['sampleSize', values(model.sampleSize)],
      ['echoCancellation', values(...model.echoCancellation)],
      ['autoGainControl', values(...model.autoGainControl)],
      ['noiseSuppression', values(...model.noiseSuppression)],
      ['latency', values(model.latency)],
      ['channelCount', range(model.channelCount.min, model.channelCount.max, true)],
      ...common,
      ['voiceIsolation', values(...model.voiceIsolation)],
    ]);
    const defaults = new Map<string, SettingValue>([
      ['sampleRate', model.defaultSampleRate],
      ['channelCount', model.defaultChannelCount],
      ['echoCancellation', model.echoCancellation[0] as boolean | string],
      ['autoGainControl', model.autoGainControl[0] as boolean],
      ['noiseSuppression', model.noiseSuppression[0] as boolean],
      ['voiceIsolation', model.voiceIsolation[0] as boolean],
    ]);
    return [{ tag: { kind: 'audio' }, domains, defaults }];
  }
  const defaults = new Map<string, SettingValue>([
    ['width', USER_AGENT_VIDEO_DEFAULTS.width],
    ['height', USER_AGENT_VIDEO_DEFAULTS.height],
    ['frameRate', USER_AGENT_VIDEO_DEFAULTS.frameRate],
    ['resizeMode', 'none'],
    ['backgroundBlur', model.backgroundBlur[0] as boolean],
  ]);
  const shared = new Map(common);
  if (model.facingMode !== undefined) {
    shared.set('facingMode', values(model.facingMode));
  }
  shared.set('backgroundBlur', values(...model.backgroundBlur));
  // Device controls are the same in every mode; their current values (the source's) are preferred over these.
  const controls = controlDomains(model.controls);
  for (const [name, domain] of controls.domains) {
    shared.set(name, domain);
  }
  for (const [name, value] of controls.initial) {
    defaults.set(name, value);
  }
  const modes = [...model.modes].sort((a, b) => a.width * a.height - b.width * b.height || a.frameRate - b.frameRate);
  const regions: SettingsRegion<CaptureRegionTag>[] = [];
  for (const mode of modes) {
    regions.push(nativeModeRegion(mode, shared, defaults));
  }
  if (model.cropAndScale) {
    for (const mode of modes) {
      regions.push({
        tag: { kind: 'video', mode, resizeMode: 'crop-and-scale' },
        domains: new Map([
          ['width', range(1, mode.width, true)],
          ['height', range(1, mode.height, true)],
          ['frameRate', range(0, mode.frameRate, false)],
          ['resizeMode', values('crop-and-scale')],
          ...shared,
        ]),
        // Among equally fit sizes, keep the native mode's shape.
        defaults: new Map([...defaults, ['aspectRatio', mode.width / mode.height]]),
      });
    }
  }
  return regions;
}

/**
 * The settings space of a generator: one region whose defaults are the latest frame's properties, so a
 * track without constraints reports them; capabilities span what any frame may have (width and height
 * 1–32767, frameRate 0–1000, resizeMode "none" and "crop-and-scale"), as mediacapture-transform says.
 * A generator has no deviceId or groupId.
 */
function generatedSettingsSpace(model: GeneratedMediaModel): SettingsRegion<CaptureRegionTag>[] {
  const domains = new Map<string, Domain>();
  const defaults = new Map<string, SettingValue>();
  if (model.kind === 'audio') {
    if (model.sampleRate !== undefined && model.channelCount !== undefined) {
      domains.set('sampleRate', values(model.sampleRate));
      domains.set('channelCount', range(1, model.channelCount, true));
      defaults.set('channelCount', model.channelCount);
    }
    return [{ tag: { kind: 'audio' }, domains, defaults }];
  }
  const size = model.frameSize;
  if (size !== undefined) {
    domains.set('width', range(1, MAX_GENERATED_DIMENSION, true));
    domains.set('height', range(1, MAX_GENERATED_DIMENSION, true));
    defaults.set('width', size.width);
    defaults.set('height', size.height);
    defaults.set('aspectRatio', size.width / size.height);
  }
  if (model.frameRate !== undefined) {
    domains.set('frameRate', range(0, MAX_GENERATED_FRAME_RATE, false));
    defaults.set('frameRate', model.frameRate);
  }
  domains.set('resizeMode', values('none', 'crop-and-scale'));
  defaults.set('resizeMode', 'none');
  const mode = { width: size?.width ?? 0, height: size?.height ?? 0, frameRate: model.frameRate ?? 0 };
  return [{ tag: { kind: 'video', mode, resizeMode: 'none' }, domains, defaults }];
}

/**
 * A source's capabilities (https://w3c.github.io/mediacapture-main/#dfn-capabilities), from its settings
 * space. A display surface's are as mediacapture-screen-share says (display-capture-model.ts). A camera that
 * does not know which way it faces reports facingMode `[]`, as Chromium does, rather than leaving it out;
 * display surfaces and generators have no facingMode.
 */
export function captureCapabilitiesOf(model: CaptureModel, regions: readonly SettingsRegion[]): Record<string, unknown> {
  const capabilities = capabilitiesOf(regions);
  if (model.kind === 'video' && 'display' in model && model.display !== undefined && model.modes[0] !== undefined) {
    return displayCapabilities(capabilities, model.modes[0], model.display);
  }
  const camera = model.kind === 'video' && !('generated' in model);
  if (camera && capabilities['facingMode'] === undefined) {
    capabilities['facingMode'] = [];
  }
  return capabilities;
}
