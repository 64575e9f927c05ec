/**
 * The fake device set, compatible with what users of Chromium's `--use-fake-device-for-media-stream` know:
 * cameras "fake_device_0" … with I420 modes from 96x96 to 3840x2160 at 20 fps (or `fps=N`), the
 * microphones "Fake Default Audio Input", "Fake Audio Input 1", "Fake Audio Input 2" and the outputs
 * "Fake Default Audio Output", "Fake Audio Output 1", "Fake Audio Output 2".
 *
 * @module
 */

import type { CameraControls, PhotoFeatures } from '../sources/camera-controls.js';
import { FAKE_CAMERA_PTZ } from '../sources/fake/camera-wedge.js';
import type { AudioCaptureModel, NativeVideoMode, VideoCaptureModel } from '../sources/capture-model.js';
import { PAN_TILT_ZOOM } from '../constraints/registry.js';
import type { DeviceDescriptor } from './device.js';

/** Options of the fake device set, as in `MEDIACAPTURE_FAKE_DEVICES=fps=30,device-count=2`. */
export interface FakeDeviceOptions {
  /** Frame rate of every camera mode (Chromium's default is 20). */
  readonly fps: number;
  /** How many cameras. */
  readonly deviceCount: number;
  /**
   * Which of pan, tilt and zoom the cameras have (Chromium's `hardware-support=none` or e.g. `pan-tilt-zoom`,
   * `zoom`); absent: all three, as Chromium's default.
   */
  readonly hardwareSupport?: readonly PanTiltZoomName[];
}

/** "pan", "tilt" or "zoom". */
export type PanTiltZoomName = (typeof PAN_TILT_ZOOM)[number];

/** Chromium's defaults: one camera at 20 fps. */
export const DEFAULT_FAKE_DEVICE_OPTIONS: FakeDeviceOptions = Object.freeze({ fps: 20, deviceCount: 1 });

/** The sizes Chromium's fake camera offers, smallest first. */
export const FAKE_CAMERA_SIZES: readonly (readonly [number, number])[] = [
  [96, 96],
  [320, 240],
  [640, 480],
  [1280, 720],
  [1920, 1080],
  [3840, 2160],
];

const MAX_FPS = 240;
const MAX_DEVICE_COUNT = 16;

/**
 * Parses Chromium-style options: `1` or an empty string for the defaults, otherwise comma-separated
 * `key=value` pairs among `fps`, `device-count` and `hardware-support` (`none`, or pan, tilt and zoom joined by
 * `-`). Anything else is an error naming what is wrong.
 */
export function parseFakeDeviceOptions(text: string): FakeDeviceOptions {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '1' || trimmed === 'true') {
    return DEFAULT_FAKE_DEVICE_OPTIONS;
  }
  let { fps, deviceCount } = DEFAULT_FAKE_DEVICE_OPTIONS;
  let hardwareSupport: PanTiltZoomName[] | undefined;
  for (const part of trimmed.split(',')) {
    const [key, value, ...rest] = part.split('=').map((s) => s.trim());
    if (key === undefined || value === undefined || rest.length > 0) {
      throw new Error(`fake device options: "${part}" is not of the form key=value`);
    }
    if (key === 'fps') {
      fps = parseBoundedNumber(key, value, 1, MAX_FPS, false);
    } else if (key === 'device-count') {
      deviceCount = parseBoundedNumber(key, value, 0, MAX_DEVICE_COUNT, true);
    } else if (key === 'hardware-support') {
      hardwareSupport = parseHardwareSupport(value);
    } else {
      throw new Error(`fake device options: unknown option "${key}" (known: fps, device-count, hardware-support)`);
    }
  }
  return hardwareSupport === undefined ? { fps, deviceCount } : { fps, deviceCount, hardwareSupport };
}

/** `none`, or some of pan, tilt and zoom joined by `-` (Chromium's syntax). */
function parseHardwareSupport(text: string): PanTiltZoomName[] {
  if (text === 'none') {
    return [];
  }
  const names = text.split('-');
  for (const name of names) {
    if (!(PAN_TILT_ZOOM as readonly string[]).includes(name)) {
      throw new Error(`fake device options: hardware-support must be "none" or pan, tilt and zoom joined by "-", not "${text}"`);
    }
  }
  return [...new Set(names as PanTiltZoomName[])];
}

function parseBoundedNumber(key: string, text: string, min: number, max: number, integer: boolean): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const what = integer ? 'a whole number' : 'a number';
    throw new Error(`fake device options: ${key} must be ${what} from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

/**
 * The controls of Chromium's fake camera (FakePhotoDevice in media/capture/video/fake_video_capture_device.cc,
 * initial values from fake_video_capture_device_factory.cc): exposure and focus modes "manual" and "continuous"
 * (manual at first), exposureTime and focusDistance 10–100 in steps of 5 (50 at first), pan, tilt and zoom
 * 100–400 in steps of 1 (100 at first). Its other ranges are empty or a single value (iso 100), which Chromium
 * does not expose, and it has no torch. Points of interest are stored and reported, as Chromium's settings
 * always carry them.
 */
export const FAKE_CAMERA_CONTROLS: CameraControls = Object.freeze({
  exposureMode: Object.freeze({ modes: Object.freeze(['manual', 'continuous'] as const), initial: 'manual' }),
  focusMode: Object.freeze({ modes: Object.freeze(['manual', 'continuous'] as const), initial: 'manual' }),
  pointsOfInterest: true,
  exposureTime: Object.freeze({ min: 10, max: 100, step: 5, initial: 50 }),
  focusDistance: Object.freeze({ min: 10, max: 100, step: 5, initial: 50 }),
  pan: FAKE_CAMERA_PTZ,
  tilt: FAKE_CAMERA_PTZ,
  zoom: FAKE_CAMERA_PTZ,
});

/** Chromium's fake camera has neither fill light nor red-eye reduction. */
export const FAKE_CAMERA_PHOTO: PhotoFeatures = Object.freeze({ fillLightModes: Object.freeze([]), redEyeReduction: 'never' });

/** The controls of a fake camera with only `hardwareSupport` of pan, tilt and zoom. */
function fakeCameraControls(hardwareSupport: readonly PanTiltZoomName[] | undefined): CameraControls {
  if (hardwareSupport === undefined || hardwareSupport.length === PAN_TILT_ZOOM.length) {
    return FAKE_CAMERA_CONTROLS;
  }
  const controls: Record<string, unknown> = { ...FAKE_CAMERA_CONTROLS };
  for (const name of PAN_TILT_ZOOM) {
    if (!hardwareSupport.includes(name)) {
      delete controls[name];
    }
  }
  return controls as CameraControls;
}

/** The capture model of a fake camera at `fps` with `hardwareSupport` of pan, tilt and zoom (default all). */
export function fakeCameraModel(fps: number, facingMode?: string, hardwareSupport?: readonly PanTiltZoomName[]): VideoCaptureModel {
  const modes: NativeVideoMode[] = FAKE_CAMERA_SIZES.map(([width, height]) => ({ width, height, frameRate: fps }));
  return {
    kind: 'video',
    modes,
    cropAndScale: true,
    ...(facingMode === undefined ? {} : { facingMode }),
    backgroundBlur: [false],
    controls: fakeCameraControls(hardwareSupport),
    photo: FAKE_CAMERA_PHOTO,
  };
}

/**
 * The capture model of a fake microphone: 48 kHz mono by default, 44.1–48 kHz and one or two channels by
 * resampling and channel mixing.
 *
 * Deviation: the audio processing values (echoCancellation, autoGainControl, noiseSuppression) mirror
 * Chromium's fake microphones so browser code sees the same settings; the synthetic signal has no echo or
 * noise for them to act on, so they do not change it.
 */
export function fakeMicrophoneModel(): AudioCaptureModel {
  return {
    kind: 'audio',
    sampleRate: { min: 44100, max: 48000 },
    defaultSampleRate: 48000,
    channelCount: { min: 1, max: 2 },
    defaultChannelCount: 1,
    sampleSize: 16,
    latency: 0.01,
    echoCancellation: [true, false, 'remote-only'],
    autoGainControl: [true, false],
    noiseSuppression: [true, false],
    voiceIsolation: [false],
  };
}

const AUDIO_NAMES = ['Default', '1', '2'] as const;

/** The fake device set for `options`: microphones, cameras and outputs, defaults first. */
export function fakeDevices(options: FakeDeviceOptions = DEFAULT_FAKE_DEVICE_OPTIONS): DeviceDescriptor[] {
  const devices: DeviceDescriptor[] = [];
  AUDIO_NAMES.forEach((name, index) => {
    devices.push({
      rawId: index === 0 ? 'default' : `fake_audio_input_${index}`,
      kind: 'audioinput',
      label: index === 0 ? 'Fake Default Audio Input' : `Fake Audio Input ${name}`,
      groupKey: `fake_audio_${index}`,
      isDefault: index === 0,
      capture: fakeMicrophoneModel(),
    });
  });
  for (let index = 0; index < options.deviceCount; index++) {
    devices.push({
      rawId: `fake_device_${index}`,
      kind: 'videoinput',
      label: `fake_device_${index}`,
      groupKey: `fake_video_${index}`,
      isDefault: index === 0,
      capture: fakeCameraModel(options.fps, undefined, options.hardwareSupport),
    });
  }
  AUDIO_NAMES.forEach((name, index) => {
    devices.push({
      rawId: index === 0 ? 'default' : `fake_audio_output_${index}`,
      kind: 'audiooutput',
      label: index === 0 ? 'Fake Default Audio Output' : `Fake Audio Output ${name}`,
      groupKey: `fake_audio_${index}`,
      isDefault: index === 0,
    });
  });
  return devices;
}
