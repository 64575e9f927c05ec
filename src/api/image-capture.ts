/**
 * https://w3c.github.io/mediacapture-image/#imagecaptureapi
 *
 * @module
 */

import type { MediaSettingsRange } from '../constraints/dictionaries.js';
import type { VideoFrame } from '../media/video-frame.js';
import { nextVideoFrame } from '../sinks/image-capture/next-frame.js';
import { encodePhoto, PHOTO_MIME_TYPE, PHOTO_MIME_TYPES, type PhotoMimeType } from '../sinks/image-capture/photo-encoder.js';
import {
  choosePhotoSize,
  photoSizeCapabilities,
  type PhotoSizeCapabilities,
} from '../sinks/image-capture/photo-capabilities.js';
import { frameToRGBA } from '../sinks/image-capture/photo-pixels.js';
import {
  photoFeatureSettings,
  photoFeaturesOf,
  photoFeatureValues,
  unsupportedPhotoFeature,
} from '../sinks/image-capture/photo-features.js';
import {
  FILL_LIGHT_MODES,
  RED_EYE_REDUCTIONS,
  type FillLightMode,
  type RedEyeReduction,
} from '../sources/camera-controls.js';
import { requireDictionary, toBoolean, toDouble, toEnum, toInterface } from '../webidl/converters.js';
import { domException, typeError } from '../webidl/errors.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { imageBitmapFromPixels, type ImageBitmap } from './image-bitmap.js';
import { MediaStreamTrack, trackInternals } from './media-stream-track.js';

/** https://w3c.github.io/mediacapture-image/#redeyereduction-section and #filllightmode-section */
export { FILL_LIGHT_MODES, RED_EYE_REDUCTIONS, type FillLightMode, type RedEyeReduction };

/** https://w3c.github.io/mediacapture-image/#dictdef-photocapabilities */
export interface PhotoCapabilities {
  redEyeReduction: RedEyeReduction;
  imageHeight: MediaSettingsRange;
  imageWidth: MediaSettingsRange;
  fillLightMode: FillLightMode[];
}

/** https://w3c.github.io/mediacapture-image/#dictdef-photosettings */
export interface PhotoSettings {
  fillLightMode?: FillLightMode;
  imageHeight?: number;
  imageWidth?: number;
  redEyeReduction?: boolean;
}

/** Converts a PhotoSettings dictionary (members in lexicographic order, as WebIDL reads them). */
function toPhotoSettings(value: unknown, context: string): PhotoSettings {
  const dict = requireDictionary(value, context, 'photoSettings') ?? {};
  const settings: PhotoSettings = {};
  const fillLightMode = dict['fillLightMode'];
  if (fillLightMode !== undefined) {
    settings.fillLightMode = toEnum(FILL_LIGHT_MODES, fillLightMode, context, 'fillLightMode');
  }
  const imageHeight = dict['imageHeight'];
  if (imageHeight !== undefined) {
    settings.imageHeight = toDouble(imageHeight, context, 'imageHeight');
  }
  const imageWidth = dict['imageWidth'];
  if (imageWidth !== undefined) {
    settings.imageWidth = toDouble(imageWidth, context, 'imageWidth');
  }
  const redEyeReduction = dict['redEyeReduction'];
  if (redEyeReduction !== undefined) {
    settings.redEyeReduction = toBoolean(redEyeReduction);
  }
  return settings;
}

export { PHOTO_MIME_TYPES, type PhotoMimeType } from '../sinks/image-capture/photo-encoder.js';

/** Internal access to ImageCapture objects for the control plane; set in the class's static block. */
export let imageCaptureInternals: {
  /** Makes takePhoto() of `capture` give `type` from now on. */
  setPhotoType(capture: ImageCapture, type: PhotoMimeType): void;
};

/** Takes photos (encoded Blobs) and grabs frames (ImageBitmaps) from a video track. */
export class ImageCapture {
  readonly #track: MediaStreamTrack;
  /** Deviation: the spec leaves the photo's type to the camera; ours give PNG unless the control plane says JPEG. */
  #photoType: PhotoMimeType = PHOTO_MIME_TYPE;

  static {
    imageCaptureInternals = {
      setPhotoType(capture, type) {
        if (!(PHOTO_MIME_TYPES as readonly string[]).includes(type)) {
          throw new TypeError(`setPhotoType: the type must be one of ${PHOTO_MIME_TYPES.join(', ')}, not "${String(type)}"`);
        }
        capture.#photoType = type;
      },
    };
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-imagecapture */
  constructor(videoTrack: MediaStreamTrack) {
    const context = 'ImageCapture';
    if (arguments.length < 1) {
      throw typeError(context, '1 argument required, but only 0 present');
    }
    const track = toInterface(MediaStreamTrack, videoTrack, context, 'videoTrack');
    if (track.kind !== 'video') {
      throw domException('NotSupportedError', context, `the track is of kind "${track.kind}", not "video"`);
    }
    this.#track = track;
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-takephoto */
  async takePhoto(photoSettings: PhotoSettings = {}): Promise<Blob> {
    const context = 'ImageCapture.takePhoto';
    brandCheck(#track in this, context);
    const settings = toPhotoSettings(photoSettings, context);
    // 1.
    this.#assertLive(context);
    // Settings the device cannot honour make the operation fail: the spec names UnknownError for any failure
    // (Chromium rejects them with NotSupportedError).
    const capabilities = this.#sizeCapabilities();
    const source = trackInternals.source(this.#track);
    const unsupported = unsupportedPhotoFeature(settings, photoFeaturesOf(source.model));
    if (unsupported !== undefined) {
      throw domException('UnknownError', context, unsupported);
    }
    const { width, height } = this.#track.getSettings();
    const size = choosePhotoSize(settings, capabilities, { width: width ?? 1, height: height ?? 1 });
    if (!size.ok) {
      const range = capabilities[size.member];
      throw domException('UnknownError', context, `${size.member} ${String(settings[size.member])} is outside ${range.min}–${range.max}`);
    }
    // The device keeps the fill light and red-eye reduction asked for, for this photo and the next.
    source.setControlValues(photoFeatureValues(settings));
    // 3.1. Gather data from the track's source into a still image.
    const frame = await this.#gatherFrame(context);
    const type = this.#photoType;
    let encoded;
    try {
      encoded = await encodePhoto(await frameToRGBA(frame, size.width, size.height), type);
    } finally {
      frame.close();
    }
    if (!encoded.ok) {
      if (encoded.kind === 'encoder-missing') {
        throw domException(
          'NotSupportedError',
          context,
          `photos need the optional dependency sharp (npm install sharp@0.35.5): ${encoded.detail}`,
        );
      }
      throw domException('UnknownError', context, `encoding failed: ${encoded.detail}`);
    }
    // 3.3.
    return new Blob([encoded.bytes], { type });
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotocapabilities */
  async getPhotoCapabilities(): Promise<PhotoCapabilities> {
    const context = 'ImageCapture.getPhotoCapabilities';
    brandCheck(#track in this, context);
    this.#assertLive(context);
    const { imageWidth, imageHeight } = this.#sizeCapabilities();
    const features = photoFeaturesOf(trackInternals.source(this.#track).model);
    return {
      redEyeReduction: features.redEyeReduction,
      imageHeight: { ...imageHeight },
      imageWidth: { ...imageWidth },
      fillLightMode: [...features.fillLightModes],
    };
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-getphotosettings */
  async getPhotoSettings(): Promise<PhotoSettings> {
    const context = 'ImageCapture.getPhotoSettings';
    brandCheck(#track in this, context);
    this.#assertLive(context);
    // A photo with no settings is taken at the track's current size (see takePhoto).
    const capabilities = this.#sizeCapabilities();
    const { width, height } = this.#track.getSettings();
    const size = choosePhotoSize({}, capabilities, { width: width ?? 1, height: height ?? 1 });
    if (!size.ok) {
      throw domException('OperationError', context, 'the photo size cannot be determined');
    }
    // fillLightMode only for a camera with a fill light; both as the last photo configured them.
    const source = trackInternals.source(this.#track);
    const { fillLightMode, redEyeReduction } = photoFeatureSettings(photoFeaturesOf(source.model), source.controlValues);
    return { ...(fillLightMode === undefined ? {} : { fillLightMode }), imageHeight: size.height, imageWidth: size.width, redEyeReduction };
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-grabframe */
  async grabFrame(): Promise<ImageBitmap> {
    const context = 'ImageCapture.grabFrame';
    brandCheck(#track in this, context);
    this.#assertLive(context);
    const frame = await this.#gatherFrame(context);
    try {
      // The bitmap's size is the frame's, which follows the track's constraints.
      const image = await frameToRGBA(frame, frame.displayWidth, frame.displayHeight);
      return imageBitmapFromPixels(image, frame.timestamp);
    } finally {
      frame.close();
    }
  }

  /** https://w3c.github.io/mediacapture-image/#dom-imagecapture-track */
  get track(): MediaStreamTrack {
    brandCheck(#track in this, 'ImageCapture.track');
    return this.#track;
  }

  #assertLive(context: string): void {
    if (this.#track.readyState !== 'live') {
      throw domException('InvalidStateError', context, 'the track has ended');
    }
  }

  /** Photo sizes from the source's largest native size (the track's width and height capabilities). */
  #sizeCapabilities(): PhotoSizeCapabilities {
    const { width, height } = this.#track.getCapabilities();
    const settings = this.#track.getSettings();
    return photoSizeCapabilities(width?.max ?? settings.width ?? 1, height?.max ?? settings.height ?? 1);
  }

  /** The next frame of the track; OperationError when it ends first. */
  async #gatherFrame(context: string): Promise<VideoFrame> {
    const frame = await nextVideoFrame(trackInternals.pipeline(this.#track));
    if (frame === null) {
      throw domException('OperationError', context, 'the track ended before a frame arrived');
    }
    return frame;
  }
}
configureInterface(ImageCapture);
