/**
 * `import 'mediacapture/global'` installs `navigator.mediaDevices` (creating `navigator` where Node has
 * none), the legacy `navigator.getUserMedia()`, and every interface on `globalThis`, without replacing
 * anything that already exists. `installGlobals({ replace: true })` replaces; `installLegacyObjectURL()`
 * opts in to `URL.createObjectURL(stream)`.
 *
 * @module
 */

import * as api from './index.js';
import { navigatorGetUserMedia } from './api/navigator-get-user-media.js';
import {
  createStreamObjectURL,
  isMediaStream,
  resolveStreamObjectURL,
  revokeStreamObjectURL,
} from './api/stream-object-url.js';

/** The interfaces exposed on globalThis, as browsers expose them. */
const INTERFACES = {
  BlobEvent: api.BlobEvent,
  CaptureController: api.CaptureController,
  DeviceChangeEvent: api.DeviceChangeEvent,
  ImageBitmap: api.ImageBitmap,
  ImageCapture: api.ImageCapture,
  InputDeviceInfo: api.InputDeviceInfo,
  MediaDeviceInfo: api.MediaDeviceInfo,
  MediaDevices: api.MediaDevices,
  MediaRecorder: api.MediaRecorder,
  MediaStream: api.MediaStream,
  MediaStreamEvent: api.MediaStreamEvent,
  MediaStreamTrack: api.MediaStreamTrack,
  MediaStreamTrackAudioStats: api.MediaStreamTrackAudioStats,
  MediaStreamTrackEvent: api.MediaStreamTrackEvent,
  MediaStreamTrackGenerator: api.MediaStreamTrackGenerator,
  MediaStreamTrackProcessor: api.MediaStreamTrackProcessor,
  VideoTrackGenerator: api.VideoTrackGenerator,
  MediaStreamTrackVideoStats: api.MediaStreamTrackVideoStats,
  OverconstrainedError: api.OverconstrainedError,
  // WebCodecs: only installed where the runtime has none of its own.
  AudioData: api.AudioData,
  VideoColorSpace: api.VideoColorSpace,
  VideoFrame: api.VideoFrame,
} as const;

/** Options of {@link installGlobals}. */
export interface InstallOptions {
  /** Replace properties that already exist (default false). */
  readonly replace?: boolean;
  /** The MediaDevices object `navigator.mediaDevices` returns (default: the default instance). */
  readonly mediaDevices?: api.MediaDevices;
}

function define(target: object, name: string, descriptor: PropertyDescriptor, replace: boolean): void {
  if (!replace && name in target) {
    return;
  }
  Object.defineProperty(target, name, { configurable: true, ...descriptor });
}

/** Installs the interfaces on globalThis and the API on navigator. */
export function installGlobals(options: InstallOptions = {}): void {
  const replace = options.replace ?? false;
  const mediaDevices = options.mediaDevices ?? api.mediaDevices;
  for (const [name, value] of Object.entries(INTERFACES)) {
    // WebIDL interface objects: writable, configurable, not enumerable.
    define(globalThis, name, { value, writable: true, enumerable: false }, replace);
  }
  const global = globalThis as { navigator?: object };
  if (global.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', {
      // An ordinary object, as platform objects are: String(navigator) and hasOwnProperty() work.
      value: Object.create(Object.prototype, { [Symbol.toStringTag]: { value: 'Navigator' } }) as object,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  const navigator = global.navigator as object;
  define(navigator, 'mediaDevices', { get: () => mediaDevices, enumerable: true }, replace);
  define(
    navigator,
    'getUserMedia',
    {
      value: function getUserMedia(constraints: unknown, successCallback: unknown, errorCallback: unknown): void {
        navigatorGetUserMedia(mediaDevices, arguments.length, constraints, successCallback, errorCallback);
      },
      writable: true,
      enumerable: true,
    },
    replace,
  );
}

const INSTALLED = Symbol('mediacapture.objectURL');

/**
 * Lets `URL.createObjectURL()` take a MediaStream, as older engines did: it returns a `blob:` URL that
 * {@link mediaStreamFromObjectURL} resolves back to the stream until `URL.revokeObjectURL()` releases it.
 * Other arguments go to Node's own implementation. Calling it again does nothing.
 */
export function installLegacyObjectURL(): void {
  const create = URL.createObjectURL as typeof URL.createObjectURL & { [INSTALLED]?: true };
  if (create[INSTALLED] === true) {
    return;
  }
  const revoke = URL.revokeObjectURL;
  const createObjectURL = Object.assign(
    function createObjectURL(obj: unknown): string {
      return isMediaStream(obj) ? createStreamObjectURL(obj) : create.call(URL, obj as Blob);
    },
    { [INSTALLED]: true as const },
  );
  Object.defineProperty(URL, 'createObjectURL', { value: createObjectURL, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(URL, 'revokeObjectURL', {
    value: function revokeObjectURL(url: string): void {
      if (!revokeStreamObjectURL(String(url))) {
        revoke.call(URL, url);
      }
    },
    writable: true,
    configurable: true,
    enumerable: true,
  });
}

/** The MediaStream a URL from `URL.createObjectURL(stream)` stands for, or undefined once revoked. */
export function mediaStreamFromObjectURL(url: string): api.MediaStream | undefined {
  return resolveStreamObjectURL(url);
}

installGlobals();
