/**
 * The sink side of a track's pipeline: whatever consumes a track's frames (MediaStreamTrackProcessor,
 * recorders, photo capture) registers a FrameSink with the track's pipeline.
 *
 * @module
 */

import type { AudioData } from '../media/audio-data.js';
import type { VideoFrame } from '../media/video-frame.js';

/** A consumer of a track's frames. */
export interface FrameSink<F extends VideoFrame | AudioData = VideoFrame | AudioData> {
  /** A frame for the sink, which now owns it and must close it. */
  push(frame: F): void;
  /** The track ended or the sink was removed: no more frames come. */
  close(): void;
}
