/**
 * The photo capabilities of a video track and the size a photo is taken at.
 *
 * @see https://w3c.github.io/mediacapture-image/#photocapabilities-section
 * @module
 */

/** https://w3c.github.io/mediacapture-image/#mediasettingsrange-section */
export interface PhotoSizeRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** The size part of the photo capabilities. */
export interface PhotoSizeCapabilities {
  readonly imageWidth: PhotoSizeRange;
  readonly imageHeight: PhotoSizeRange;
}

/**
 * Chromium's fake camera reports photo sizes 96–1920 x 96–1080 whatever its capture size: 96 is its smallest
 * photo side, and 1920x1080 its largest photo. We report the same floor and cap, with the source's largest
 * native size as the maximum when that is smaller.
 */
export const PHOTO_SIZE_LIMITS = Object.freeze({ minSide: 96, maxWidth: 1920, maxHeight: 1080 });

/** Photo size capabilities for a source whose largest native size is maxWidth x maxHeight. */
export function photoSizeCapabilities(maxWidth: number, maxHeight: number): PhotoSizeCapabilities {
  const width = Math.max(1, Math.min(PHOTO_SIZE_LIMITS.maxWidth, Math.floor(maxWidth)));
  const height = Math.max(1, Math.min(PHOTO_SIZE_LIMITS.maxHeight, Math.floor(maxHeight)));
  return {
    imageWidth: { min: Math.min(PHOTO_SIZE_LIMITS.minSide, width), max: width, step: 1 },
    imageHeight: { min: Math.min(PHOTO_SIZE_LIMITS.minSide, height), max: height, step: 1 },
  };
}

/** The requested photo size, or the name of the member outside the capabilities. */
export type PhotoSizeChoice =
  | { readonly ok: true; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly member: 'imageWidth' | 'imageHeight' };

function clamp(value: number, range: PhotoSizeRange): number {
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}

function within(value: number, range: PhotoSizeRange): boolean {
  return value >= range.min && value <= range.max;
}

/**
 * The size a photo is taken at: the requested imageWidth/imageHeight (rounded to whole pixels); a missing one
 * follows the track's aspect ratio; with neither, the track's current size. Requested values outside the
 * capabilities are refused; derived ones are clamped into them.
 */
export function choosePhotoSize(
  requested: { readonly imageWidth?: number; readonly imageHeight?: number },
  capabilities: PhotoSizeCapabilities,
  current: { readonly width: number; readonly height: number },
): PhotoSizeChoice {
  const { imageWidth, imageHeight } = requested;
  if (imageWidth !== undefined && !within(imageWidth, capabilities.imageWidth)) {
    return { ok: false, member: 'imageWidth' };
  }
  if (imageHeight !== undefined && !within(imageHeight, capabilities.imageHeight)) {
    return { ok: false, member: 'imageHeight' };
  }
  const aspect = current.width / current.height;
  const width = imageWidth ?? (imageHeight === undefined ? current.width : imageHeight * aspect);
  const height = imageHeight ?? (imageWidth === undefined ? current.height : imageWidth / aspect);
  return { ok: true, width: clamp(width, capabilities.imageWidth), height: clamp(height, capabilities.imageHeight) };
}
