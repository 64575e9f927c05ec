/**
 * Any file ffmpeg reads as a fake camera or microphone: ffprobe gives the size and rate (or sample rate
 * and channels) before capture, then each run of a source decodes the file with an {@link FfmpegDecoder}
 * child process at the file's own format, read ahead of the ticks. At the end of the file the decoder is
 * closed and a new one started (looping), unless an audio file does not loop. The child is killed when
 * the source stops, so it never outlives the track; a decoder that fails (ffmpeg dies, the file turns
 * bad) ends the source.
 *
 * Decoding is asynchronous and paced by ffmpeg, so on a VirtualClock the first tick of a run is owed
 * until the first frame arrives (see paced-video-producer.ts): step the clock and read frame by frame.
 *
 * @module
 */

import type { ProducerFactory } from '../capture-source.js';
import { FfmpegDecoder, findFfmpeg, probeMedia } from './ffmpeg.js';
import { MediaFileError } from './file-errors.js';
import { pacedAudioProducer, type SampleRead, type SampleSupply } from './paced-audio-producer.js';
import { HeldFailure, type SupplyListener } from './paced-run.js';
import { pacedVideoProducer, type PictureSupply, type VideoFileFormat } from './paced-video-producer.js';

/** Frames (video items) kept decoded ahead. */
const VIDEO_READ_AHEAD = 2;
/** Audio kept decoded ahead, in milliseconds. */
const AUDIO_READ_AHEAD_MS = 200;

/** A file ffmpeg decodes for a camera. */
export interface FfmpegVideoMedia {
  readonly path: string;
  readonly ffmpeg: string;
  readonly format: VideoFileFormat;
}

/** A file ffmpeg decodes for a microphone. */
export interface FfmpegAudioMedia {
  readonly path: string;
  readonly ffmpeg: string;
  readonly sampleRate: number;
  readonly channels: number;
  readonly loop: boolean;
}

/** The tools, or the error to report when ffmpeg or ffprobe is missing. */
function tools(path: string, env: NodeJS.ProcessEnv): { ffmpeg: string; ffprobe: string } {
  const found = findFfmpeg(env);
  if (found === undefined) {
    throw new MediaFileError(path, 'ffmpeg is not installed; install ffmpeg or use a .y4m/.wav file');
  }
  if (found.ffprobe === undefined) {
    throw new MediaFileError(path, 'ffprobe is not installed (it comes with ffmpeg); install it or use a .y4m/.wav file');
  }
  return { ffmpeg: found.ffmpeg, ffprobe: found.ffprobe };
}

/**
 * Probes a file for its first video stream.
 *
 * @throws MediaFileError when ffmpeg is missing, ffprobe cannot read the file, or it has no video.
 */
export async function loadFfmpegVideo(path: string, env: NodeJS.ProcessEnv = process.env): Promise<FfmpegVideoMedia> {
  const { ffmpeg, ffprobe } = tools(path, env);
  const probed = await probeMedia(path, ffprobe);
  if (probed.video === undefined) {
    throw new MediaFileError(path, 'ffprobe finds no video stream in it');
  }
  return { path, ffmpeg, format: probed.video };
}

/**
 * Probes a file for its first audio stream.
 *
 * @throws MediaFileError when ffmpeg is missing, ffprobe cannot read the file, or it has no audio.
 */
export async function loadFfmpegAudio(path: string, loop: boolean, env: NodeJS.ProcessEnv = process.env): Promise<FfmpegAudioMedia> {
  const { ffmpeg, ffprobe } = tools(path, env);
  const probed = await probeMedia(path, ffprobe);
  if (probed.audio === undefined) {
    throw new MediaFileError(path, 'ffprobe finds no audio stream in it');
  }
  return { path, ffmpeg, sampleRate: probed.audio.sampleRate, channels: probed.audio.channels, loop };
}

/** Makes producers playing the video of `media` in a loop. */
export function ffmpegVideoProducer(media: FfmpegVideoMedia): ProducerFactory {
  return pacedVideoProducer(media.format, (listener) => new DecodedPictures(media, listener));
}

/** Makes producers playing the audio of `media`. */
export function ffmpegAudioProducer(media: FfmpegAudioMedia): ProducerFactory {
  const format = { sampleRate: media.sampleRate, channels: media.channels };
  return pacedAudioProducer(format, (listener) => new DecodedSamples(media, listener));
}

/**
 * Runs decoders one after another (a new one at each end of the file when looping) and pulls their items
 * while `wanted()` says more are needed. Items go to `accept`; the end of a non-looping file to `ended`.
 */
class DecoderLoop {
  readonly #path: string;
  readonly #start: () => FfmpegDecoder;
  readonly #loop: boolean;
  readonly #listener: SupplyListener;
  #decoder: FfmpegDecoder;
  #iterator: AsyncIterator<Uint8Array>;
  #itemsThisRun = 0;
  #pulling = false;
  #closed = false;
  #ended = false;

  constructor(path: string, start: () => FfmpegDecoder, loop: boolean, listener: SupplyListener) {
    this.#path = path;
    this.#start = start;
    this.#loop = loop;
    this.#listener = listener;
    this.#decoder = start();
    this.#iterator = this.#decoder[Symbol.asyncIterator]();
  }

  /** Whether a non-looping file has been decoded to its end. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Pulls the next item unless one is on its way; `accept` gets it, then `more` says whether to go on. */
  pull(accept: (item: Uint8Array) => void, more: () => boolean): void {
    if (this.#closed || this.#pulling || this.#ended) {
      return;
    }
    this.#pulling = true;
    this.#iterator.next().then(
      (result) => {
        this.#pulling = false;
        if (this.#closed) {
          return;
        }
        if (result.done === true) {
          this.#endOfFile();
        } else {
          this.#itemsThisRun++;
          accept(result.value);
        }
        this.#listener.ready();
        if (!this.#closed && more()) {
          this.pull(accept, more);
        }
      },
      (error: unknown) => {
        this.#pulling = false;
        this.#fail(error instanceof Error ? error : new MediaFileError(this.#path, String(error)));
      },
    );
  }

  /** Kills the decoder's child. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    void this.#decoder.close();
  }

  #endOfFile(): void {
    void this.#decoder.close();
    if (this.#itemsThisRun === 0) {
      this.#fail(new MediaFileError(this.#path, 'ffmpeg decoded nothing from it'));
      return;
    }
    if (!this.#loop) {
      this.#ended = true;
      return;
    }
    this.#itemsThisRun = 0;
    this.#decoder = this.#start();
    this.#iterator = this.#decoder[Symbol.asyncIterator]();
  }

  #fail(error: Error): void {
    if (this.#closed) {
      return;
    }
    this.close();
    this.#listener.failed(error);
  }
}

/** Decoded pictures, a few ahead of the ticks. */
class DecodedPictures implements PictureSupply {
  readonly #ready: Uint8Array[] = [];
  readonly #decoders: DecoderLoop;
  readonly #failure: HeldFailure;

  constructor(media: FfmpegVideoMedia, listener: SupplyListener) {
    const { width, height } = media.format;
    // Pictures decoded before ffmpeg failed still play; the source ends at the next one's slot.
    this.#failure = new HeldFailure(listener, () => this.#ready.length === 0);
    this.#decoders = new DecoderLoop(media.path, () => FfmpegDecoder.video(media.path, media.ffmpeg, width, height), true, this.#failure.reading);
    this.#readAhead();
  }

  take(): Uint8Array | undefined {
    const picture = this.#ready.shift();
    if (picture === undefined) {
      this.#failure.foundNothing();
    }
    this.#readAhead();
    return picture;
  }

  close(): void {
    this.#ready.length = 0;
    this.#decoders.close();
  }

  #readAhead(): void {
    const more = (): boolean => this.#ready.length < VIDEO_READ_AHEAD;
    if (more()) {
      this.#decoders.pull((picture) => this.#ready.push(picture), more);
    }
  }
}

/** Decoded samples (f32le interleaved from ffmpeg), deinterleaved as chunks are read. */
class DecodedSamples implements SampleSupply {
  readonly #channels: number;
  readonly #aheadFrames: number;
  readonly #decoders: DecoderLoop;
  readonly #failure: HeldFailure;
  /** Decoded interleaved samples not read yet; the first one from #offset (in sample frames). */
  readonly #pending: DataView[] = [];
  #offset = 0;
  #bufferedFrames = 0;

  constructor(media: FfmpegAudioMedia, listener: SupplyListener) {
    this.#channels = media.channels;
    this.#aheadFrames = Math.ceil((media.sampleRate * AUDIO_READ_AHEAD_MS) / 1000);
    const start = (): FfmpegDecoder => FfmpegDecoder.audio(media.path, media.ffmpeg, media.sampleRate, media.channels);
    // The whole chunks decoded before ffmpeg failed still play; the source ends at the next chunk's slot.
    this.#failure = new HeldFailure(listener, () => this.#bufferedFrames === 0);
    this.#decoders = new DecoderLoop(media.path, start, media.loop, this.#failure.reading);
    this.#readAhead();
  }

  read(frames: number): SampleRead | undefined {
    const ended = this.#decoders.ended;
    if (this.#bufferedFrames < frames && !ended) {
      this.#failure.foundNothing();
      this.#readAhead();
      return undefined;
    }
    const count = Math.min(frames, this.#bufferedFrames);
    const planes = Array.from({ length: this.#channels }, () => new Float32Array(count));
    const bytesPerFrame = 4 * this.#channels;
    for (let filled = 0; filled < count; ) {
      const view = this.#pending[0] as DataView;
      const available = view.byteLength / bytesPerFrame - this.#offset;
      const taken = Math.min(available, count - filled);
      for (let frame = 0; frame < taken; frame++) {
        const base = (this.#offset + frame) * bytesPerFrame;
        planes.forEach((plane, channel) => {
          plane[filled + frame] = view.getFloat32(base + channel * 4, true);
        });
      }
      filled += taken;
      this.#offset += taken;
      if (this.#offset * bytesPerFrame === view.byteLength) {
        this.#pending.shift();
        this.#offset = 0;
      }
    }
    this.#bufferedFrames -= count;
    this.#readAhead();
    return { planes, frames: count, last: ended && this.#bufferedFrames === 0 };
  }

  close(): void {
    this.#pending.length = 0;
    this.#bufferedFrames = 0;
    this.#decoders.close();
  }

  #readAhead(): void {
    const more = (): boolean => this.#bufferedFrames < this.#aheadFrames;
    const accept = (item: Uint8Array): void => {
      this.#pending.push(new DataView(item.buffer, item.byteOffset, item.byteLength));
      this.#bufferedFrames += item.byteLength / (4 * this.#channels);
    };
    if (more()) {
      this.#decoders.pull(accept, more);
    }
  }
}
