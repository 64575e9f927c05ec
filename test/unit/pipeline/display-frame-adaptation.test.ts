// Display capture never crops (https://w3c.github.io/mediacapture-screen-share/#downscaling-and-frame-decimation):
// a display track's frames are the whole source frame scaled to the track's size, even when that size's aspect
// ratio differs from the surface's by the rounding to whole pixels; camera tracks are centre-cropped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { VideoFrame } from '../../../src/index.js';
import { AdaptedFrames } from '../../../src/pipeline/frame-adapter.js';

/** A 1920x1080 I420 frame, black but for a white band of `band` columns on the left. */
function bandedFrame(band: number): VideoFrame {
  const width = 1920;
  const height = 1080;
  const bytes = new Uint8Array(width * height * 1.5);
  bytes.fill(16, 0, width * height);
  bytes.fill(128, width * height);
  for (let y = 0; y < height; y++) {
    bytes.fill(235, y * width, y * width + band);
  }
  return new VideoFrame(bytes, { format: 'I420', codedWidth: width, codedHeight: height, timestamp: 0 });
}

async function leftColumnLuma(frame: VideoFrame): Promise<number> {
  const bytes = new Uint8Array(frame.allocationSize());
  await frame.copyTo(bytes);
  return bytes[50 * frame.codedWidth] as number;
}

describe('frames adapted to a display track size', () => {
  it('keep the whole frame at 200x113 of 1920x1080, where a centre crop would cut the edges', async () => {
    const source = bandedFrame(10);
    const adapted = new AdaptedFrames();
    try {
      const whole = adapted.video(source, 200, 113, true);
      const cropped = adapted.video(source, 200, 113);
      assert.notEqual(whole, cropped, 'the two adaptations are kept apart');
      const wholeLuma = await leftColumnLuma(whole);
      const croppedLuma = await leftColumnLuma(cropped);
      // 10 of 1920 columns are one of 200 once scaled whole; the crop removes about 4 of them first.
      assert.ok(wholeLuma > croppedLuma + 30, `whole ${wholeLuma}, cropped ${croppedLuma}`);
      assert.ok(wholeLuma > 200, `the band fills the first column: ${wholeLuma}`);
    } finally {
      adapted.close(source);
      source.close();
    }
  });
});
