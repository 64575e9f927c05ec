/**
 * Adaptation of source frames to a track's settings, shared by every track of a source: for each source
 * frame, each distinct output (size for video; rate and channels for audio) is computed once and cloned
 * for every track that wants it, so N clones with the same settings cost one adaptation, not N.
 *
 * @module
 */

import { audioDataInternals, type AudioData } from '../media/audio-data.js';
import { StreamResampler, mixChannels } from '../media/audio-processing.js';
import { fillI420Black, i420Layout, i420PlaneLayouts } from '../media/i420.js';
import { centreCropRect, scaleI420, toI420 } from '../media/scale.js';
import { videoFrameInternals, type VideoFrame, type VideoFrameData } from '../media/video-frame.js';
import { isRGBFormat } from '../media/video-pixel-format.js';

/** A packed I420 buffer as VideoFrameData. */
function packedI420Data(width: number, height: number, bytes: Uint8Array): VideoFrameData {
  return { format: 'I420', codedWidth: width, codedHeight: height, bytes, layout: i420PlaneLayouts(i420Layout(width, height)) };
}

/**
 * Adapted frames of one source frame, closed once every track has taken its clone. An output that is the source
 * frame itself is not copied: the source frame is handed out (the caller only clones it) and left to its owner.
 */
export class AdaptedFrames {
  /** By {@link videoKey}. */
  readonly #video = new Map<number, VideoFrame>();
  readonly #audio = new Map<string, AudioData>();

  /**
   * A frame of `source` at width x height (centre crop to the aspect ratio, then downscale; with `wholeFrame`,
   * the whole frame downscaled). The caller clones it.
   */
  video(source: VideoFrame, width: number, height: number, wholeFrame = false): VideoFrame {
    // A track at the source's own size (the native mode's tracks, the common case) takes the frame as it is,
    // without the table.
    if (videoFrameInternals.isI420OfSize(source, width, height)) {
      return source;
    }
    const key = videoKey(width, height, wholeFrame);
    let frame = this.#video.get(key);
    if (frame === undefined) {
      frame = adaptVideoFrameOrSource(source, width, height, wholeFrame);
      this.#video.set(key, frame);
    }
    return frame;
  }

  /** The chunk of `source` adapted by `adapter` (one adapter per distinct rate and channel count). The caller clones it. */
  audio(source: AudioData, adapter: AudioAdapter): AudioData {
    if (adapter.passes(source)) {
      return source;
    }
    let chunk = this.#audio.get(adapter.key);
    if (chunk === undefined) {
      chunk = adapter.adapt(source);
      this.#audio.set(adapter.key, chunk);
    }
    return chunk;
  }

  /** Closes every adapted frame but `source` (which its owner closes), and forgets them all. */
  close(source: VideoFrame | AudioData): void {
    if (this.#video.size === 0 && this.#audio.size === 0) {
      return;
    }
    for (const frame of this.#video.values()) {
      if (frame !== source) {
        frame.close();
      }
    }
    for (const chunk of this.#audio.values()) {
      if (chunk !== source) {
        chunk.close();
      }
    }
    this.#video.clear();
    this.#audio.clear();
  }
}

/**
 * One number for an output size and whether it is the whole frame (a frame's sides are far below 2^21 pixels,
 * since its bytes must fit in memory: below 2^21), so finding a frame's adaptations allocates nothing.
 */
function videoKey(width: number, height: number, wholeFrame: boolean): number {
  return (width * 2 ** 21 + height) * 2 + (wholeFrame ? 1 : 0);
}

/**
 * `source` cropped to the centre at the aspect ratio of width x height and scaled to that size; a clone
 * when the size is the source's own.
 */
export function adaptVideoFrame(source: VideoFrame, width: number, height: number): VideoFrame {
  const adapted = adaptVideoFrameOrSource(source, width, height);
  return adapted === source ? source.clone() : adapted;
}

/**
 * As {@link adaptVideoFrame}, but `source` itself when the size is the source's own; with `wholeFrame`, the
 * whole visible rectangle is scaled (no crop).
 */
function adaptVideoFrameOrSource(source: VideoFrame, width: number, height: number, wholeFrame = false): VideoFrame {
  const rect = videoFrameInternals.visibleRect(source);
  // Never upscale: a size beyond the frame shrinks, keeping its aspect ratio, to fit inside it.
  if (width > rect.width || height > rect.height) {
    const fit = Math.min(rect.width / width, rect.height / height);
    width = Math.max(1, Math.floor(width * fit));
    height = Math.max(1, Math.floor(height * fit));
  }
  if (rect.width === width && rect.height === height && source.format === 'I420') {
    return source;
  }
  let data = videoFrameInternals.data(source);
  const colorSpace = source.colorSpace.toJSON();
  // RGB sources become BT.601 limited range; YUV sources keep their matrix and range.
  const rgb = colorSpace.matrix === 'rgb' || isRGBFormat(data.format);
  if (data.format !== 'I420') {
    data = toI420(data, colorSpace);
  }
  const crop = wholeFrame ? { x: 0, y: 0, width: rect.width, height: rect.height } : centreCropRect(rect.width, rect.height, width, height);
  const scaled = scaleI420(data, { x: rect.x + crop.x, y: rect.y + crop.y, width: crop.width, height: crop.height }, width, height);
  return videoFrameInternals.create(scaled, {
    timestamp: source.timestamp,
    duration: source.duration,
    ...(rgb ? {} : { colorSpace }),
  });
}

/** A black I420 frame (Y=16, U=V=128) of width x height at `timestampUs`. */
export function blackVideoFrame(width: number, height: number, timestampUs: number): VideoFrame {
  const layout = i420Layout(width, height);
  const bytes = new Uint8Array(layout.byteLength);
  fillI420Black(bytes, layout);
  return videoFrameInternals.create(packedI420Data(width, height, bytes), { timestamp: timestampUs, duration: null });
}

/** Silence of `frames` sample frames at `sampleRate` with `channels` channels, at `timestampUs`. */
export function silentAudioData(sampleRate: number, channels: number, frames: number, timestampUs: number): AudioData {
  const planes = Array.from({ length: channels }, () => new Float32Array(frames));
  return audioDataInternals.create({ sampleRate, numberOfFrames: frames, planes }, timestampUs);
}

/** Turns a source's chunks into one output rate and channel count, keeping the resampler's state. */
export class AudioAdapter {
  readonly key: string;
  readonly sampleRate: number | undefined;
  readonly channels: number | undefined;
  #resampler: StreamResampler | undefined;

  /** An adapter to `sampleRate` Hz and `channels` channels (undefined: as the source has it). */
  constructor(sampleRate: number | undefined, channels: number | undefined) {
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.key = `${sampleRate}/${channels}`;
  }

  /** Whether `source` is already at the adapter's rate and channel count (it passes unchanged). */
  passes(source: AudioData): boolean {
    const data = audioDataInternals.data(source);
    return (
      (this.sampleRate === undefined || data.sampleRate === this.sampleRate) &&
      (this.channels === undefined || data.planes.length === this.channels)
    );
  }

  /** A new chunk of `source` at the adapter's rate and channel count (for a source that does not {@link passes}). */
  adapt(source: AudioData): AudioData {
    const data = audioDataInternals.data(source);
    const channels = this.channels ?? data.planes.length;
    const sampleRate = this.sampleRate ?? data.sampleRate;
    const mixed = data.planes.length === channels ? [...data.planes] : mixChannels(data.planes, channels);
    if (data.sampleRate === sampleRate) {
      return audioDataInternals.create({ sampleRate, numberOfFrames: data.numberOfFrames, planes: mixed }, source.timestamp);
    }
    if (this.#resampler === undefined || this.#resampler.inputRate !== data.sampleRate) {
      this.#resampler = new StreamResampler(data.sampleRate, sampleRate, channels);
    }
    const planes = this.#resampler.process(mixed);
    return audioDataInternals.create({ sampleRate, numberOfFrames: planes[0]?.length ?? 0, planes }, source.timestamp);
  }
}
