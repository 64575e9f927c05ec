/**
 * `mediacapture/testing`: the control plane for tests. Adds and removes devices (devicechange fires),
 * ends or fails devices (their tracks end; later opens fail), mutes sources, sets permission answers, and
 * provides the virtual clock that makes frame timing deterministic. Nothing here is reachable from the
 * standard objects themselves.
 *
 * @module
 */

import { imageCaptureInternals, type ImageCapture, type PhotoMimeType } from './api/image-capture.js';
import { mediaDevicesSlots, type MediaDevices } from './api/media-devices.js';
import { recorderInternals, type MediaRecorder } from './api/media-recorder.js';
import { processorInternals, type MediaStreamTrackProcessor } from './api/media-stream-track-processor.js';
import type { ProcessorStatus } from './sinks/track-processor/processor-queue.js';
import type { RecordingStatus } from './sinks/recorder/recording.js';
import type { DeviceDescriptor, MediaDeviceKind } from './devices/device.js';
import { fakeCameraModel, fakeMicrophoneModel } from './devices/fake-devices.js';
import type { CameraControls, PhotoFeatures } from './sources/camera-controls.js';
import { parsePermissionState } from './devices/device-options.js';
import type { PermissionName, PermissionState, PromptHandler } from './devices/permissions.js';
import type { AudioCaptureModel, NativeVideoMode, VideoCaptureModel } from './sources/capture-model.js';
import { mediaDevices as defaultMediaDevices } from './index.js';
import { queueTask } from './webidl/events.js';

import { audioDataInternals } from './media/audio-data.js';
import { videoFrameInternals } from './media/video-frame.js';

export { MonotonicClock, VirtualClock, type Clock } from './media/clock.js';
export { MediaFileError } from './sources/file/file-errors.js';
export type { CameraControls, ModeControl, NumericControl, PhotoFeatures } from './sources/camera-controls.js';
export {
  explainConstraints,
  type CandidateExplanation,
  type CandidateMode,
  type ConstraintShortfall,
  type ConstraintsExplanation,
  type DeviceExplanation,
  type OfferedValues,
  type RequiredValues,
  type TrackKindExplanation,
} from './api/explain-constraints.js';

/**
 * How many VideoFrame and AudioData objects are open (created or cloned and not yet closed), for leak
 * checks: a test that reads frames should end with the same counts it started with.
 */
export function openFrameCounts(): { videoFrames: number; audioData: number } {
  return { videoFrames: videoFrameInternals.openFrameCount(), audioData: audioDataInternals.openAudioDataCount() };
}

/**
 * What a MediaRecorder's current (or last) recording has done: media duration, video frames encoded,
 * video frames and audio chunks dropped because the encoder fell behind, bytes produced, audio level.
 * Undefined before its first start(). Kept off the MediaRecorder object, which stays spec-exact.
 */
export function recorderStatus(recorder: MediaRecorder): RecordingStatus | undefined {
  return recorderInternals.status(recorder);
}

export type { ProcessorStatus };

/**
 * What a MediaStreamTrackProcessor's queue holds now and how many frames it has dropped because its reader fell
 * behind (a frame that comes while maxBufferSize frames wait closes the oldest), and whether it has closed.
 * Undefined until `processor.readable` is first accessed, which is when it starts taking frames. Kept off the
 * processor, which stays spec-exact.
 *
 * @throws TypeError if `processor` is not a MediaStreamTrackProcessor.
 */
export function processorStatus(processor: MediaStreamTrackProcessor): ProcessorStatus | undefined {
  return processorInternals.status(processor);
}

export type { PhotoMimeType } from './api/image-capture.js';

/**
 * Makes `capture.takePhoto()` give photos of `type` from now on: `"image/jpeg"` (as real cameras give) or
 * `"image/png"` (the default, as Chromium's fake camera). The spec's PhotoSettings cannot ask for a type,
 * so this is the control plane's choice, like choosing the camera.
 *
 * @throws TypeError for any other type.
 */
export function setPhotoType(capture: ImageCapture, type: PhotoMimeType): void {
  imageCaptureInternals.setPhotoType(capture, type);
}

/** A device to add with {@link DeviceControl.addDevice}. */
export interface TestDeviceInit {
  readonly kind: MediaDeviceKind;
  readonly label: string;
  /** The system's id of the device (never exposed); default: derived from the label. */
  readonly id?: string;
  /** Devices with the same group belong to one physical device (same groupId). Default: its own. */
  readonly group?: string;
  /** Whether it becomes the system default of its kind. */
  readonly isDefault?: boolean;
  /** Cameras: the direction the camera faces. */
  readonly facingMode?: string;
  /** Cameras: the native modes; default the fake camera's (96x96 … 3840x2160). */
  readonly modes?: readonly NativeVideoMode[];
  /** Cameras: the frame rate of the default modes (default 20). */
  readonly fps?: number;
  /** Cameras: their controls (exposure, focus, pan, tilt, zoom, torch…) instead of the fake camera's; `{}` for none. */
  readonly controls?: CameraControls;
  /** Cameras: fill light and red-eye reduction for photos instead of the fake camera's (none). */
  readonly photo?: PhotoFeatures;
  /** Microphones: changes to the fake microphone's model (sample rates, channels, processing). */
  readonly audio?: Partial<Omit<AudioCaptureModel, 'kind'>>;
}

/** A device as the control plane reports it. */
export interface TestDevice {
  readonly kind: MediaDeviceKind;
  readonly label: string;
  /** The system id, as given to addDevice or chosen by the provider. */
  readonly id: string;
  /** The deviceId this MediaDevices object exposes for it. */
  readonly deviceId: string;
  readonly isDefault: boolean;
}

/** Which device: its exposed deviceId, its system id or its label. */
export type DeviceSelector = string | TestDevice;

/** Controls the devices, sources and permissions behind one MediaDevices object. */
export interface DeviceControl {
  /** Every device, inputs and outputs, as the registry has it. */
  devices(): TestDevice[];
  /** Plugs a device in: devicechange fires where device information is exposed. */
  addDevice(init: TestDeviceInit): TestDevice;
  /** Unplugs a device: its tracks end (with "ended") and devicechange fires. */
  removeDevice(device: DeviceSelector): void;
  /** Ends every track on the device (with "ended"); it stays available. */
  endDevice(device: DeviceSelector): void;
  /**
   * Makes the device fail: its tracks end, and getUserMedia() on it rejects with NotReadableError
   * ("unreadable", a hardware or system error) or AbortError ("aborted") until {@link recoverDevice}.
   */
  failDevice(device: DeviceSelector, failure?: 'unreadable' | 'aborted'): void;
  /** Lets a failed device be opened again. */
  recoverDevice(device: DeviceSelector): void;
  /** Mutes or unmutes the live source of a device: its tracks fire mute/unmute. */
  setMuted(device: DeviceSelector, muted: boolean): void;
  /**
   * Sets the permission answer; leaving "granted" ends the live tracks of that kind. For "display-capture",
   * "granted" accepts every getDisplayMedia() prompt and "denied" ends running display captures.
   */
  setPermission(name: PermissionName, state: PermissionState): void;
  /** The current permission state ("display-capture" is never "granted": it reads "prompt"). */
  permission(name: PermissionName): PermissionState;
  /** Sets who answers prompts (undefined: prompts are dismissed). */
  setPromptHandler(handler: PromptHandler | undefined): void;
  /**
   * Makes the fake cameras play `path` (a .y4m, or any file ffmpeg reads), or their synthetic pattern
   * again with undefined, as the `videoFile` option would have. Running tracks stay live and switch at
   * once: their settings may change (the file's size and frame rate; each track's settings are selected
   * anew within the file's model from its constraints), and so do their capabilities. Resolves once the
   * file is loaded and playing and the tracks report their new settings.
   *
   * @throws MediaFileError (rejects) when the file cannot be used: nothing changes then. Error when the
   *   MediaDevices object does not have the fake devices.
   */
  setVideoFile(path: string | undefined): Promise<void>;
  /**
   * Makes the fake microphones play `path` (a .wav, or any file ffmpeg reads; `%noloop` at the end plays
   * it once, then the tracks end), or their synthetic beep again with undefined. Running tracks stay live;
   * their sampleRate, channelCount and sampleSize settings may change to the file's. Resolves once the
   * file plays and the tracks report their new settings.
   *
   * @throws MediaFileError (rejects) when the file cannot be used: nothing changes then. Error when the
   *   MediaDevices object does not have the fake devices.
   */
  setAudioFile(path: string | undefined): Promise<void>;
}

/** The control plane of `mediaDevices` (default: the default instance). */
export function controlDevices(mediaDevices: MediaDevices = defaultMediaDevices): DeviceControl {
  const { session } = mediaDevicesSlots(mediaDevices);
  const registry = session.registry;
  const describe = (device: DeviceDescriptor): TestDevice => ({
    kind: device.kind,
    label: device.label,
    id: device.rawId,
    deviceId: session.identity(device).deviceId,
    isDefault: device.isDefault,
  });
  const find = (selector: DeviceSelector): DeviceDescriptor => {
    const wanted = typeof selector === 'string' ? selector : selector.id;
    const devices = registry.devices;
    const found =
      devices.find((d) => session.identity(d).deviceId === wanted) ??
      devices.find((d) => d.rawId === wanted) ??
      devices.find((d) => d.label === wanted);
    if (found === undefined) {
      throw new Error(`controlDevices: no device matches "${wanted}"`);
    }
    return found;
  };
  const swapMediaFile = async (kind: 'audio' | 'video', path: string | undefined): Promise<void> => {
    await session.setMediaFile(kind, path);
    // Tracks take their new settings in tasks queued by the swap: resolve after them.
    await new Promise<void>((resolve) => queueTask(resolve));
  };
  return {
    devices: () => registry.devices.map(describe),
    addDevice(init) {
      const device = descriptorOf(init);
      registry.add(device);
      return describe(registry.find(device.kind, device.rawId) as DeviceDescriptor);
    },
    removeDevice: (selector) => registry.remove(find(selector)),
    endDevice: (selector) => registry.end(find(selector)),
    failDevice: (selector, failure = 'unreadable') => registry.end(find(selector), failure),
    recoverDevice: (selector) => registry.recover(find(selector)),
    setMuted(selector, muted) {
      session.liveSource(find(selector))?.setMuted(muted);
    },
    setPermission: (name, state) => session.permissions.set(name, parsePermissionState(state, 'setPermission')),
    permission: (name) => session.permissions.state(name),
    setPromptHandler: (handler) => session.permissions.setPromptHandler(handler),
    setVideoFile: (path) => swapMediaFile('video', path),
    setAudioFile: (path) => swapMediaFile('audio', path),
  };
}

function descriptorOf(init: TestDeviceInit): DeviceDescriptor {
  const rawId = init.id ?? `test:${init.kind}:${init.label}`;
  const base = {
    rawId,
    kind: init.kind,
    label: init.label,
    groupKey: init.group ?? `test:${rawId}`,
    isDefault: init.isDefault ?? false,
  };
  if (init.kind === 'videoinput') {
    const fake = fakeCameraModel(init.fps ?? 20, init.facingMode);
    const capture: VideoCaptureModel = {
      ...fake,
      ...(init.modes === undefined ? {} : { modes: [...init.modes] }),
      ...(init.controls === undefined ? {} : { controls: init.controls }),
      ...(init.photo === undefined ? {} : { photo: init.photo }),
    };
    if (capture.modes.length === 0) {
      throw new Error('controlDevices.addDevice: a camera needs at least one mode');
    }
    return { ...base, capture };
  }
  if (init.kind === 'audioinput') {
    return { ...base, capture: { ...fakeMicrophoneModel(), ...init.audio, kind: 'audio' } };
  }
  return base;
}
