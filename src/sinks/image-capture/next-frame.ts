/**
 * The frame a photo or a grabbed frame is made from: the next frame a track's pipeline delivers, taken through a
 * temporary {@link FrameSink} that detaches itself once it has one.
 *
 * @module
 */

import type { FrameSink } from '../../pipeline/frame-sink.js';
import type { AudioData } from '../../media/audio-data.js';
import { VideoFrame } from '../../media/video-frame.js';

/** Where the frame sink attaches: a track's pipeline. */
export interface SinkHost {
  addSink(sink: FrameSink): void;
  removeSink(sink: FrameSink): void;
}

/**
 * Resolves with the next video frame `host` delivers (the caller owns it and must close it), or with null when
 * the track ends first. Anything else pushed (there should be nothing) is closed.
 */
export function nextVideoFrame(host: SinkHost): Promise<VideoFrame | null> {
  return new Promise((resolve) => {
    let settled = false;
    const sink: FrameSink = {
      push(frame: VideoFrame | AudioData): void {
        if (settled || !(frame instanceof VideoFrame)) {
          frame.close();
          return;
        }
        settled = true;
        host.removeSink(sink);
        resolve(frame);
      },
      close(): void {
        if (!settled) {
          settled = true;
          resolve(null);
        }
      },
    };
    host.addSink(sink);
  });
}
