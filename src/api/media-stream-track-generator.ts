/**
 * MediaStreamTrackGenerator, the earlier mediacapture-transform proposal that Chromium ships
 * (https://w3c.github.io/mediacapture-transform/#backwards-compatibility): a MediaStreamTrack of either
 * kind whose `writable` takes VideoFrames or AudioData.
 *
 * @module
 */

import { MonotonicClock } from '../media/clock.js';
import type { AudioData } from '../media/audio-data.js';
import type { VideoFrame } from '../media/video-frame.js';
import { GeneratorFeed } from '../sources/generator/generator-feed.js';
import { requireDictionary, toEnum } from '../webidl/converters.js';
import { INTERNAL, brandCheck, configureInterface } from '../webidl/interface.js';
import { generatorTrackInit, generatorWritable } from './generator-track.js';
import { MediaStreamTrack } from './media-stream-track.js';

/** `{ kind: "audio" | "video" }` */
export interface MediaStreamTrackGeneratorInit {
  kind: string;
}

const KINDS = ['audio', 'video'] as const;

/** A track fed by the frames written to its `writable`. */
export class MediaStreamTrackGenerator extends MediaStreamTrack {
  readonly #feed: GeneratorFeed;
  readonly #generatorKind: 'audio' | 'video';
  #writable: WritableStream<VideoFrame | AudioData> | undefined;

  /** `new MediaStreamTrackGenerator({ kind })` */
  constructor(init: MediaStreamTrackGeneratorInit) {
    const context = 'MediaStreamTrackGenerator';
    const rawKind = requireDictionary(init, context, 'init')?.['kind'];
    if (rawKind === undefined) {
      throw new TypeError(`${context}: required member kind is undefined`);
    }
    const kind = toEnum(KINDS, rawKind, context, 'kind');
    const feed = new GeneratorFeed(kind, new MonotonicClock());
    super(INTERNAL, feed.source, generatorTrackInit(feed, kind));
    this.#feed = feed;
    this.#generatorKind = kind;
  }

  /** Takes VideoFrames (kind "video") or AudioData (kind "audio"); closing it ends the track and its clones. */
  get writable(): WritableStream<VideoFrame | AudioData> {
    brandCheck(#feed in this, 'MediaStreamTrackGenerator.writable');
    if (this.#writable === undefined) {
      this.#writable = generatorWritable(this.#feed, this.#generatorKind, 'MediaStreamTrackGenerator.writable', () => false);
    }
    return this.#writable;
  }
}
configureInterface(MediaStreamTrackGenerator);
