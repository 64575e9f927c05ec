/**
 * Non-standard: recording a MediaStream straight to a file or a Node Writable, with a status for a live
 * status line. Not part of mediacapture-record (a browser has no files); MediaRecorder itself stays
 * spec-exact and gives Blobs.
 *
 * A file is finalized when the recording stops: WebM and Matroska get their duration and cues, MP4 is
 * written unfragmented with its index at the front (faststart), Ogg has its duration anyway. A Writable
 * gets the live stream MediaRecorder would give (WebM without duration, fragmented MP4), with
 * backpressure: while it does not drain, the encoder is held and frames beyond its bounded queue are
 * dropped (counted in the status), so memory stays bounded.
 *
 * @module
 */

import { extname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { ENCODER_PREFERENCES, type EncoderPreference } from '../sinks/recorder/encoder-discovery.js';
import { Recording, type RecordingStatus } from '../sinks/recorder/recording.js';
import { recordingFileType } from '../sinks/recorder/recording-formats.js';
import type { Clock } from '../media/clock.js';
import { toDOMString, toEnum, toInterface } from '../webidl/converters.js';
import { domException, typeError } from '../webidl/errors.js';
import { configureInterface } from '../webidl/interface.js';
import { checkKeyFrameIntervals, convertMediaRecorderOptions, recordingBitsPerSecond, type MediaRecorderOptions } from './media-recorder-options.js';
import { MediaStream } from './media-stream.js';
import { planRecording, recordedTracks } from './recording-setup.js';

/** Options of {@link recordToFile} and {@link recordToWritable}: MediaRecorder's, and the encoder to use. */
export interface FileRecordingOptions extends MediaRecorderOptions {
  /**
   * `auto` (default): ffmpeg when it can record the type, else in-process Opus (audio/webm and audio/ogg
   * of an audio track). `ffmpeg`: only ffmpeg. `in-process`: only in-process Opus, even with ffmpeg.
   */
  encoder?: EncoderPreference;
}

/** What a recording has done so far ({@link FileRecording.status}). */
export interface FileRecordingStatus extends RecordingStatus {
  readonly state: 'recording' | 'paused' | 'inactive';
  /** Time since the recording started, paused time included, in milliseconds (on the tracks' clock). */
  readonly elapsedMs: number;
}

/** What a finished recording did ({@link FileRecording.finished}). */
export interface FileRecordingResult extends RecordingStatus {
  /** The full type recorded, e.g. `video/webm;codecs=vp8,opus`. */
  readonly mimeType: string;
  /** The file written, absolute; undefined for a Writable. */
  readonly path: string | undefined;
}

export { RECORDING_FILE_EXTENSIONS, recordingFileType, type RecordingFileType } from '../sinks/recorder/recording-formats.js';

const INTERNAL = Symbol('FileRecording');

/**
 * Non-standard: one recording of a stream to a file or Writable, started by {@link recordToFile} or
 * {@link recordToWritable}. Ends on {@link stop}, when every recorded track ends, or when the encoder or
 * the destination fails.
 */
export class FileRecording {
  readonly #recording: Recording;
  readonly #mimeType: string;
  readonly #path: string | undefined;
  readonly #clock: Clock;
  readonly #startUs: number;
  readonly #finished: Promise<FileRecordingResult>;
  #state: 'recording' | 'paused' | 'inactive' = 'recording';
  #end!: (error: DOMException | undefined) => void;

  /** Not constructible from script: use recordToFile() or recordToWritable(). */
  constructor(token: typeof INTERNAL, stream: MediaStream, destination: string | Writable, options: FileRecordingOptions, context: string) {
    if (token !== INTERNAL) {
      throw typeError('FileRecording', 'Illegal constructor');
    }
    const path = typeof destination === 'string' ? resolve(destination) : undefined;
    const { options: converted, dictionary } = convertMediaRecorderOptions(options, context);
    const rawEncoder = dictionary['encoder'];
    const encoder = rawEncoder === undefined ? 'auto' : toEnum(ENCODER_PREFERENCES, rawEncoder, context, 'encoder');
    checkKeyFrameIntervals(converted, context);
    const tracks = recordedTracks(stream);
    if (tracks.video === undefined && tracks.audio === undefined) {
      throw domException('NotSupportedError', context, 'the stream has no live track');
    }
    // As MediaRecorder: bitsPerSecond, when given, overrides the per-kind bitrates.
    const bitsPerSecond = recordingBitsPerSecond(converted, tracks.video !== undefined, tracks.audio !== undefined);
    const config = planRecording(context, tracks, {
      constrainedMimeType: path === undefined ? converted.mimeType : fileMimeType(converted.mimeType, path, tracks.video !== undefined, context),
      audioBitsPerSecond: bitsPerSecond.audio,
      videoBitsPerSecond: bitsPerSecond.video,
      audioBitrateMode: converted.audioBitrateMode,
      keyFrameIntervalCount: converted.videoKeyFrameIntervalCount,
      keyFrameIntervalDurationMs: converted.videoKeyFrameIntervalDuration,
      encoder,
      output: path === undefined ? { kind: 'stream' } : { kind: 'file', path },
    });
    this.#mimeType = config.format.mimeType;
    this.#path = path;
    this.#clock = config.clock;
    this.#startUs = config.clock.nowUs();
    const writable = typeof destination === 'string' ? undefined : destination;
    let failure: DOMException | undefined;
    const fail = (reason: string): void => {
      failure ??= domException('UnknownError', 'FileRecording', reason);
      this.#end(failure);
    };
    this.#finished = new Promise<FileRecordingResult>((resolvePromise, reject) => {
      let ending = false;
      this.#end = (error) => {
        if (ending) {
          return;
        }
        ending = true;
        this.#state = 'inactive';
        void (async () => {
          if (error === undefined) {
            // An encoder that fails while it flushes (dies, exits with an error) fails the recording too.
            const flushFailure = await this.#recording.finish();
            if (flushFailure !== undefined) {
              failure ??= domException('UnknownError', 'FileRecording', flushFailure);
            }
          } else {
            await this.#recording.abort();
          }
          if (writable !== undefined) {
            if (!writable.destroyed) {
              await new Promise<void>((done) => writable.end(done));
            }
            writable.off('error', onWritableError);
            writable.off('drain', onDrain);
          }
          const result = { ...this.#recording.status(), mimeType: this.#mimeType, path: this.#path };
          if (failure === undefined) {
            resolvePromise(result);
          } else {
            reject(failure);
          }
        })();
      };
    });
    // A rejection nobody awaits is not an unhandled rejection: the error is in `finished` when asked for.
    this.#finished.catch(() => {});
    const onWritableError = (error: Error): void => fail(`the destination failed: ${error.message}`);
    writable?.on('error', onWritableError);
    let draining = false;
    const onDrain = (): void => {
      draining = false;
      this.#recording.setOutputFlowing(true);
    };
    this.#recording = new Recording(config, {
      data:
        writable === undefined
          ? undefined
          : (chunk) => {
              // Backpressure: hold the encoder's output until the Writable drains.
              if (!writable.write(chunk) && !draining) {
                draining = true;
                this.#recording.setOutputFlowing(false);
                writable.once('drain', onDrain);
              }
            },
      failed: fail,
      tracksEnded: () => this.#end(undefined),
    });
  }

  /** The full type being recorded, e.g. `video/webm;codecs=vp8,opus`. */
  get mimeType(): string {
    return this.#mimeType;
  }

  /** `recording`, `paused`, or `inactive` once it has ended (or is ending). */
  get state(): 'recording' | 'paused' | 'inactive' {
    return this.#state;
  }

  /**
   * Settles when the recording has ended and the file is finalized (or the Writable ended): with what
   * was recorded, or rejects with an UnknownError DOMException when the encoder or the destination failed
   * (what was recorded until then is in the file or was written).
   */
  get finished(): Promise<FileRecordingResult> {
    return this.#finished;
  }

  /** What has been recorded so far: for a live status line. */
  status(): FileRecordingStatus {
    return { ...this.#recording.status(), state: this.#state, elapsedMs: (this.#clock.nowUs() - this.#startUs) / 1000 };
  }

  /** Stops sending media; the paused time is cut out of the recording, as MediaRecorder does. */
  pause(): void {
    if (this.#state === 'recording') {
      this.#state = 'paused';
      this.#recording.pause();
    }
  }

  /** Sends media again after {@link pause}. */
  resume(): void {
    if (this.#state === 'paused') {
      this.#state = 'recording';
      this.#recording.resume();
    }
  }

  /** Ends the recording; resolves like {@link finished}, once the file is finalized. */
  stop(): Promise<FileRecordingResult> {
    this.#end(undefined);
    return this.#finished;
  }
}
configureInterface(FileRecording);

/**
 * Non-standard: records `stream` (its first live video and audio tracks) into the file at `path`, which
 * is created or replaced and finalized on stop (duration, cues, MP4 index at the front). The type comes
 * from `options.mimeType`, else from the extension ({@link recordingFileType}), for the tracks recorded:
 * .webm (VP8+Opus, or Opus alone), .weba, .mkv/.mka, .mp4/.m4v (H.264+AAC, or AAC alone as audio/mp4), .m4a,
 * .ogg/.oga/.opus.
 *
 * @throws NotSupportedError when the type cannot be recorded here (no ffmpeg, no encoder for a codec,
 *   an extension without a known container and no mimeType); TypeError for bad arguments.
 */
export function recordToFile(stream: MediaStream, path: string, options: FileRecordingOptions = {}): FileRecording {
  const context = 'recordToFile';
  const checked = toInterface(MediaStream, stream, context, 'stream');
  return new FileRecording(INTERNAL, checked, toDOMString(path, context, 'path'), options, context);
}

/**
 * Non-standard: records `stream` as a live stream (the bytes MediaRecorder's Blobs would hold) into a
 * Node Writable, which is ended when the recording ends. The type is `options.mimeType` (default WebM).
 *
 * @throws NotSupportedError when the type cannot be recorded here; TypeError for bad arguments.
 */
export function recordToWritable(stream: MediaStream, writable: Writable, options: FileRecordingOptions = {}): FileRecording {
  const context = 'recordToWritable';
  const checked = toInterface(MediaStream, stream, context, 'stream');
  if (typeof writable !== 'object' || writable === null || typeof (writable as Partial<Writable>).write !== 'function') {
    throw typeError(context, 'writable is not a Writable stream');
  }
  return new FileRecording(INTERNAL, checked, writable, options, context);
}

/** The type to record into `path`: the mimeType given, else the one its extension names for the tracks. */
function fileMimeType(mimeType: string, path: string, withVideo: boolean, context: string): string {
  if (mimeType !== '') {
    return mimeType;
  }
  const fileType = recordingFileType(path);
  if (fileType === undefined) {
    throw domException('NotSupportedError', context, `no container is known for the extension of ${path}; give a mimeType`);
  }
  if (!withVideo) {
    return fileType.audio;
  }
  if (fileType.video === undefined) {
    throw domException(
      'NotSupportedError',
      context,
      `${extname(path).toLowerCase()} files hold audio only, and a video track is recorded: record audio alone, or name a video file (.webm, .mp4, .mkv), or give a mimeType`,
    );
  }
  return fileType.video;
}
