/**
 * Video frames as the packed I420 of a recording's constant size, for the encoder's raw video input.
 *
 * @module
 */

import { i420Layout } from '../../media/i420.js';
import { scaleI420 } from '../../media/scale.js';
import { videoFrameInternals, type VideoFrame } from '../../media/video-frame.js';
import { adaptVideoFrame } from '../../pipeline/frame-adapter.js';

/**
 * A copy of `frame` as packed I420 of exactly width x height. A frame of another size is cropped to the
 * centre at the recording's aspect ratio and scaled, down or up, as the track pipeline crops and scales.
 * Deviation: Chromium re-initializes its encoder when the frame size changes (the recording changes size
 * mid-stream); the raw input to ffmpeg has one size, so the recording keeps the size it started with.
 */
export function packI420(frame: VideoFrame, width: number, height: number): Uint8Array {
  // Crops and scales down (never up): the result has the recording's aspect ratio, at most its size.
  const adapted = adaptVideoFrame(frame, width, height);
  try {
    const rect = videoFrameInternals.visibleRect(adapted);
    const data = videoFrameInternals.data(adapted);
    if (rect.width !== width || rect.height !== height || data.format !== 'I420') {
      // A smaller frame (the track was constrained smaller): scaled up to the recording's size.
      return scaleI420(data, rect, width, height).bytes;
    }
    const layout = i420Layout(width, height);
    const out = new Uint8Array(layout.byteLength);
    const planes = [
      { offset: layout.yOffset, columns: width, rows: height, x: rect.x, y: rect.y },
      { offset: layout.uOffset, columns: layout.chromaWidth, rows: layout.chromaHeight, x: rect.x >> 1, y: rect.y >> 1 },
      { offset: layout.vOffset, columns: layout.chromaWidth, rows: layout.chromaHeight, x: rect.x >> 1, y: rect.y >> 1 },
    ];
    planes.forEach((plane, index) => {
      const source = data.layout[index] as { offset: number; stride: number };
      for (let row = 0; row < plane.rows; row++) {
        const from = source.offset + (plane.y + row) * source.stride + plane.x;
        out.set(data.bytes.subarray(from, from + plane.columns), plane.offset + row * plane.columns);
      }
    });
    return out;
  } finally {
    adapted.close();
  }
}
