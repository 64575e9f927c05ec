/**
 * The source behind VideoTrackGenerator and MediaStreamTrackGenerator: frames written from script become
 * the source's frames. The source's settings follow what is written (size and estimated frame rate for
 * video, sample rate and channels for audio), so tracks without constraints report the latest frame.
 *
 * @module
 */

import type { AudioData } from '../../media/audio-data.js';
import type { Clock } from '../../media/clock.js';
import type { VideoFrame } from '../../media/video-frame.js';
import type { GeneratedMediaModel } from '../capture-model.js';
import { CaptureSource, type ProducerContext } from '../capture-source.js';

/** How many recent frame timestamps the frame-rate estimate looks at. */
const RATE_WINDOW = 10;
/** A new frame-rate estimate replaces the reported one when it differs by more than this fraction. */
const RATE_CHANGE = 0.1;

/** Feeds a generator's source with written frames. */
export class GeneratorFeed {
  readonly source: CaptureSource;
  #context: ProducerContext | undefined;
  #producing = false;
  #model: GeneratedMediaModel;
  readonly #timestamps: number[] = [];

  /** A generator source of `kind`, timed by `clock` (for its tracks' black frames and silence). */
  constructor(kind: 'audio' | 'video', clock: Clock) {
    this.#model = { kind, generated: true };
    this.source = new CaptureSource('', this.#model, { deviceId: '', groupId: '' }, clock, (context) => {
      this.#context = context;
      return {
        start: () => {
          this.#producing = true;
        },
        stop: () => {
          this.#producing = false;
        },
      };
    });
  }

  /** Takes ownership of a written frame: it goes to the tracks (when one needs media), then is closed. */
  write(frame: VideoFrame | AudioData): void {
    if (this.source.state === 'stopped' || this.source.muted) {
      frame.close();
      return;
    }
    this.#follow(frame);
    if (this.#producing && this.#context !== undefined) {
      this.#context.emit(frame);
    } else {
      frame.close();
    }
  }

  /** Mutes or unmutes the source (its tracks fire mute/unmute; written frames are dropped while muted). */
  setMuted(muted: boolean): void {
    this.source.setMuted(muted);
  }

  /** Ends every track of the generator. */
  end(): void {
    this.source.end('ended');
  }

  /** Updates the model when what is written changes, so settings follow the frames. */
  #follow(frame: VideoFrame | AudioData): void {
    const model = this.#model;
    let next: GeneratedMediaModel = model;
    if ('codedWidth' in frame) {
      const { displayWidth: width, displayHeight: height } = frame;
      if (model.frameSize?.width !== width || model.frameSize.height !== height) {
        next = { ...next, frameSize: { width, height } };
      }
      const rate = this.#estimateRate(frame.timestamp);
      if (rate !== undefined && (model.frameRate === undefined || Math.abs(rate - model.frameRate) > RATE_CHANGE * model.frameRate)) {
        next = { ...next, frameRate: Math.round(rate * 100) / 100 };
      }
    } else if (model.sampleRate !== frame.sampleRate || model.channelCount !== frame.numberOfChannels) {
      next = { ...next, sampleRate: frame.sampleRate, channelCount: frame.numberOfChannels };
    }
    if (next !== model) {
      this.#model = next;
      this.source.setModel(next);
    }
  }

  #estimateRate(timestampUs: number): number | undefined {
    const stamps = this.#timestamps;
    if (stamps.length > 0 && timestampUs <= (stamps[stamps.length - 1] as number)) {
      // Timestamps went back: start the estimate over.
      stamps.length = 0;
    }
    stamps.push(timestampUs);
    if (stamps.length > RATE_WINDOW) {
      stamps.shift();
    }
    if (stamps.length < 2) {
      return undefined;
    }
    const spanUs = (stamps[stamps.length - 1] as number) - (stamps[0] as number);
    return ((stamps.length - 1) * 1e6) / spanUs;
  }
}
