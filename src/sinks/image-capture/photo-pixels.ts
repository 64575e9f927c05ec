/**
 * RGBA pixels of a frame at a requested size: a centre crop to the requested aspect ratio, then `scaleI420`,
 * as the track pipeline adapts frames (so a photo frames the scene the way a track of that size would).
 *
 * @module
 */

import { centreCropRect, scaleI420 } from '../../media/scale.js';
import { videoFrameInternals, type VideoFrame } from '../../media/video-frame.js';

/** Tightly packed RGBA pixels, `width * height * 4` bytes. */
export interface RGBAImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** The frame's visible image as RGBA, cropped and scaled to width x height when that differs. Does not close `frame`. */
export async function frameToRGBA(frame: VideoFrame, width: number, height: number): Promise<RGBAImage> {
  const visible = videoFrameInternals.visibleRect(frame);
  if (visible.width === width && visible.height === height) {
    return { width, height, rgba: await copyRGBA(frame, width, height) };
  }
  const crop = centreCropRect(visible.width, visible.height, width, height);
  const rect = { ...crop, x: visible.x + crop.x, y: visible.y + crop.y };
  const scaled = videoFrameInternals.create(scaleI420(videoFrameInternals.data(frame), rect, width, height), {
    timestamp: frame.timestamp,
  });
  try {
    return { width, height, rgba: await copyRGBA(scaled, width, height) };
  } finally {
    scaled.close();
  }
}

async function copyRGBA(frame: VideoFrame, width: number, height: number): Promise<Uint8Array> {
  const rgba = new Uint8Array(width * height * 4);
  await frame.copyTo(rgba, { format: 'RGBA' });
  return rgba;
}
