/**
 * mediacapture: the W3C Media Capture and Streams API for Node.js.
 *
 * Every interface by its spec name, the default `mediaDevices` (configured from the environment) and
 * `createMediaDevices(options)` for more.
 *
 * @module
 */

import { createMediaDevices } from './api/create-media-devices.js';
import type { MediaDevices } from './api/media-devices.js';

export { createMediaDevices, type MediaDevicesOptions } from './api/create-media-devices.js';
export { DeviceChangeEvent, type DeviceChangeEventInit } from './api/device-change-event.js';
export { BlobEvent, type BlobEventInit } from './api/blob-event.js';
export { CaptureController, type CaptureStartFocusBehavior } from './api/capture-controller.js';
export type { DisplayMediaStreamOptions } from './api/display-media-options.js';
export type { AudioOutputOptions } from './api/select-audio-output.js';
export { ImageBitmap, videoFrameFromImageBitmap } from './api/image-bitmap.js';
export { ImageCapture, type FillLightMode, type PhotoCapabilities, type PhotoSettings, type RedEyeReduction } from './api/image-capture.js';
export { InputDeviceInfo } from './api/input-device-info.js';
export { MediaDeviceInfo } from './api/media-device-info.js';
export { MediaDevices } from './api/media-devices.js';
export { MediaRecorder, type BitrateMode, type MediaRecorderOptions, type RecordingState } from './api/media-recorder.js';
export {
  recordToFile,
  recordToWritable,
  RECORDING_FILE_EXTENSIONS,
  recordingFileType,
  type RecordingFileType,
  type FileRecording,
  type FileRecordingOptions,
  type FileRecordingResult,
  type FileRecordingStatus,
} from './api/file-recording.js';
export type { RecordingStatus } from './sinks/recorder/recording.js';
export { MediaStream } from './api/media-stream.js';
export { MediaStreamEvent, type MediaStreamEventInit } from './api/media-stream-event.js';
export { MediaStreamTrack, type MediaStreamTrackState } from './api/media-stream-track.js';
export { MediaStreamTrackAudioStats } from './api/media-stream-track-audio-stats.js';
export { MediaStreamTrackEvent, type MediaStreamTrackEventInit } from './api/media-stream-track-event.js';
export { MediaStreamTrackGenerator, type MediaStreamTrackGeneratorInit } from './api/media-stream-track-generator.js';
export { MediaStreamTrackProcessor, type MediaStreamTrackProcessorInit } from './api/media-stream-track-processor.js';
export { VideoTrackGenerator } from './api/video-track-generator.js';
export { MediaStreamTrackVideoStats } from './api/media-stream-track-video-stats.js';
export { NavigatorUserMediaError } from './api/navigator-user-media-error.js';
export type {
  NavigatorUserMediaErrorCallback,
  NavigatorUserMediaSuccessCallback,
} from './api/navigator-get-user-media.js';
export { OverconstrainedError } from './api/overconstrained-error.js';
export type * from './constraints/dictionaries.js';
export { AudioData, VideoColorSpace, VideoFrame } from './api/webcodecs.js';
export type { AudioDataInit, AudioSampleFormat } from './media/audio-data.js';
export type { VideoFrameBufferInit, VideoFrameInit, VideoPixelFormat } from './media/video-frame.js';
export type { MediaDeviceKind } from './devices/device.js';
export type { PermissionState, PermissionRequest, PromptHandler } from './devices/permissions.js';

/**
 * The default MediaDevices object, configured from MEDIACAPTURE_FAKE_DEVICES,
 * MEDIACAPTURE_FAKE_VIDEO_FILE, MEDIACAPTURE_FAKE_AUDIO_FILE, MEDIACAPTURE_PERMISSION and
 * MEDIACAPTURE_DEVICE_ID_SALT when this module is first imported.
 */
export const mediaDevices: MediaDevices = createMediaDevices();
