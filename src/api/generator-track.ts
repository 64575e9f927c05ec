/**
 * What VideoTrackGenerator and MediaStreamTrackGenerator share: creating the track of a generator source
 * and the WritableStream that feeds it (the writeFrame and closeWritable algorithms of
 * https://w3c.github.io/mediacapture-transform/#video-generator-attributes).
 *
 * @module
 */

import { WritableStream } from 'node:stream/web';
import { selectSettings } from '../constraints/select-settings.js';
import { AudioData, audioDataInternals } from '../media/audio-data.js';
import { VideoFrame, videoFrameInternals } from '../media/video-frame.js';
import type { GeneratorFeed } from '../sources/generator/generator-feed.js';
import { domException } from '../webidl/errors.js';
import { trackInternals, type MediaStreamTrack, type TrackInit } from './media-stream-track.js';

/** The init of a generator's track: no constraints, settings from the source's defaults. */
export function generatorTrackInit(feed: GeneratorFeed, kind: 'audio' | 'video'): TrackInit {
  const normalized = { basic: new Map(), advanced: [] };
  const selection = selectSettings(feed.source.settingsSpace, normalized, kind);
  if (!selection.ok) {
    throw new Error('generatorTrackInit: a generator source has no settings; this is a bug');
  }
  return { constraints: {}, normalized, selection: { settings: selection.settings, tag: selection.tag } };
}

/** The track of a generator source. */
export function createGeneratorTrack(feed: GeneratorFeed, kind: 'audio' | 'video'): MediaStreamTrack {
  return trackInternals.create(feed.source, generatorTrackInit(feed, kind));
}

/** Whether `frame` is a frame of `kind` that is still open (not [[Detached]]). */
function openFrameOf(kind: 'audio' | 'video', frame: unknown): frame is VideoFrame | AudioData {
  try {
    if (kind === 'video' && frame instanceof VideoFrame) {
      videoFrameInternals.data(frame);
      return true;
    }
    if (kind === 'audio' && frame instanceof AudioData) {
      audioDataInternals.data(frame);
      return true;
    }
  } catch {
    return false;
  }
  return false;
}

/**
 * The generator's writable: each written frame goes to the tracks (a clone each, made by the pipeline)
 * unless the generator is muted, and is then closed; closing or aborting the stream ends every track.
 * When the last track ends the stream errors, so later writes reject.
 */
export function generatorWritable(
  feed: GeneratorFeed,
  kind: 'audio' | 'video',
  context: string,
  isMuted: () => boolean,
): WritableStream<VideoFrame | AudioData> {
  let controller: WritableStreamDefaultController | undefined;
  feed.source.onStop(() => {
    controller?.error(domException('InvalidStateError', context, 'every track of the generator has ended'));
  });
  return new WritableStream<VideoFrame | AudioData>({
    start: (c) => {
      controller = c;
      if (feed.source.state === 'stopped') {
        c.error(domException('InvalidStateError', context, 'every track of the generator has ended'));
      }
    },
    // writeFrame
    write: (frame) => {
      const noun = kind === 'video' ? 'a VideoFrame' : 'an AudioData';
      if (!openFrameOf(kind, frame)) {
        throw new TypeError(`${context}: the chunk is not ${noun}, or it is closed`);
      }
      if (isMuted()) {
        frame.close();
        return;
      }
      // The feed takes its own reference; the written frame is closed as the spec says.
      feed.write(frame.clone());
      frame.close();
    },
    // closeWritable
    close: () => feed.end(),
    abort: () => feed.end(),
  });
}
