/**
 * https://w3c.github.io/mediacapture-record/#mediarecorder-api
 *
 * @module
 */

import { availableEncoders, FFMPEG_INSTALL_HINT, isTypeSupportedHere } from '../sinks/recorder/encoder-discovery.js';
import { Recording, type RecordedData, type RecordingConfig, type RecordingStatus } from '../sinks/recorder/recording.js';
import type { RecordingFormat } from '../sinks/recorder/recording-formats.js';
import { toDOMString, toInterface, toUnsignedLong } from '../webidl/converters.js';
import { domException, typeError } from '../webidl/errors.js';
import { createEvent, defineEventHandlers, fireEvent, queueTask, type EventHandler } from '../webidl/events.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';
import { BlobEvent } from './blob-event.js';
import { MediaStream, streamInternals } from './media-stream.js';
import { checkKeyFrameIntervals, convertMediaRecorderOptions, recordingBitsPerSecond, type BitrateMode, type ConvertedRecorderOptions, type MediaRecorderOptions } from './media-recorder-options.js';
import { RecorderErrorEvent } from './recorder-error-event.js';
import { planRecording, recordedTracks } from './recording-setup.js';
import { hostClearInterval, hostNowMs, hostSetInterval } from '../media/host-timers.js';

export { BITRATE_MODES, type BitrateMode, type MediaRecorderOptions } from './media-recorder-options.js';

/** https://w3c.github.io/mediacapture-record/#enumdef-recordingstate */
export type RecordingState = 'inactive' | 'recording' | 'paused';

/** The smallest timeslice honoured (the spec lets the UA impose one). */
const MIN_TIMESLICE_MS = 10;
/** Node's longest timer; a longer timeslice means one Blob at stop(). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Internal access for `mediacapture/testing`. */
export let recorderInternals: {
  /** What the current (or last) recording of `recorder` has done; undefined before the first start(). */
  status(recorder: MediaRecorder): RecordingStatus | undefined;
};

/** One recording between start() and its end. */
interface Session {
  readonly recording: Recording;
  readonly format: RecordingFormat;
  readonly timers: NodeJS.Timeout[];
  /** Stops observing the stream's track set. */
  unobserve?: () => void;
  /** When the first chunk of the first dataavailable event arrived (timecode 0). */
  firstBlobTimeMs: number | undefined;
}

/** Records a MediaStream into Blobs (WebM, Ogg, MP4, Matroska) through an ffmpeg child process. */
export class MediaRecorder extends EventTarget {
  readonly #stream: MediaStream;
  /** [[ConstrainedMimeType]], [[ConstrainedBitsPerSecond]], [[VideoKeyFrameIntervalDuration]], [[VideoKeyFrameIntervalCount]]. */
  readonly #options: ConvertedRecorderOptions;
  #mimeType: string;
  #state: RecordingState = 'inactive';
  #videoBitsPerSecond: number;
  #audioBitsPerSecond: number;
  readonly #audioBitrateMode: BitrateMode;
  #session: Session | undefined;
  #lastStatus: RecordingStatus | undefined;

  declare onstart: EventHandler<MediaRecorder>;
  declare onstop: EventHandler<MediaRecorder>;
  declare ondataavailable: EventHandler<MediaRecorder, BlobEvent>;
  declare onpause: EventHandler<MediaRecorder>;
  declare onresume: EventHandler<MediaRecorder>;
  declare onerror: EventHandler<MediaRecorder>;

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-mediarecorder */
  constructor(stream: MediaStream, options: MediaRecorderOptions = {}) {
    const context = 'MediaRecorder';
    if (arguments.length < 1) {
      throw typeError(context, '1 argument required, but only 0 present');
    }
    const checkedStream = toInterface(MediaStream, stream, context, 'stream');
    const { options: converted } = convertMediaRecorderOptions(options, context);
    const type = converted.mimeType;
    // 4.
    const available = availableEncoders();
    if (!isTypeSupportedHere(type, true, available)) {
      const reason = available.ffmpeg === undefined ? `, because ${FFMPEG_INSTALL_HINT}` : '';
      throw domException('NotSupportedError', context, `${type} is not a supported type${reason}`);
    }
    super();
    // 6-12.
    this.#stream = checkedStream;
    this.#options = converted;
    this.#mimeType = type;
    // 13. Both kinds are assumed until start() knows the tracks.
    const bitsPerSecond = recordingBitsPerSecond(converted, true, true);
    this.#videoBitsPerSecond = bitsPerSecond.video;
    this.#audioBitsPerSecond = bitsPerSecond.audio;
    // 14. Both modes are supported.
    this.#audioBitrateMode = converted.audioBitrateMode;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-stream */
  get stream(): MediaStream {
    brandCheck(#stream in this, 'MediaRecorder.stream');
    return this.#stream;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-mimetype */
  get mimeType(): string {
    brandCheck(#mimeType in this, 'MediaRecorder.mimeType');
    return this.#mimeType;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-state */
  get state(): RecordingState {
    brandCheck(#state in this, 'MediaRecorder.state');
    return this.#state;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-videobitspersecond */
  get videoBitsPerSecond(): number {
    brandCheck(#videoBitsPerSecond in this, 'MediaRecorder.videoBitsPerSecond');
    return this.#videoBitsPerSecond;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-audiobitspersecond */
  get audioBitsPerSecond(): number {
    brandCheck(#audioBitsPerSecond in this, 'MediaRecorder.audioBitsPerSecond');
    return this.#audioBitsPerSecond;
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-audiobitratemode */
  get audioBitrateMode(): BitrateMode {
    brandCheck(#audioBitrateMode in this, 'MediaRecorder.audioBitrateMode');
    return this.#audioBitrateMode;
  }

  /**
   * https://w3c.github.io/mediacapture-record/#dom-mediarecorder-start
   *
   * `timeslice` has a default rather than `?`: an optional argument does not count in the operation's length (0).
   */
  start(timeslice: number | undefined = undefined): void {
    const context = 'MediaRecorder.start';
    brandCheck(#state in this, context);
    const timesliceMs = timeslice === undefined ? undefined : toUnsignedLong(timeslice, context, 'timeslice');
    // 4.
    const { video, audio } = recordedTracks(this.#stream);
    // 5.
    if (this.#state !== 'inactive') {
      throw domException('InvalidStateError', context, `the recorder is ${this.#state}`);
    }
    // 7.
    if (video === undefined && audio === undefined) {
      throw domException('NotSupportedError', context, 'the stream is inactive');
    }
    // 12.
    checkKeyFrameIntervals(this.#options, context);
    // 9.
    this.#distributeBitsPerSecond(video !== undefined, audio !== undefined);
    // 8.
    let config: RecordingConfig;
    try {
      config = planRecording(context, { video, audio }, {
        constrainedMimeType: this.#options.mimeType,
        videoBitsPerSecond: this.#videoBitsPerSecond,
        audioBitsPerSecond: this.#audioBitsPerSecond,
        audioBitrateMode: this.#audioBitrateMode,
        keyFrameIntervalCount: this.#options.videoKeyFrameIntervalCount,
        keyFrameIntervalDurationMs: this.#options.videoKeyFrameIntervalDuration,
        encoder: 'auto',
        output: { kind: 'stream' },
      });
    } catch (error) {
      this.#distributeBitsPerSecond(true, true);
      throw error;
    }
    const { format } = config;
    // 15. (The encoder starts first: if it cannot, the recorder stays inactive.)
    const session = this.#startRecording(config);
    this.#state = 'recording';
    this.#session = session;
    // 15.3.
    queueTask(() => {
      if (this.#session === session) {
        this.#mimeType = format.mimeType;
      }
      fireEvent(this, createEvent('start'));
    });
    // 15.7.
    if (timesliceMs !== undefined && timesliceMs <= MAX_TIMER_MS) {
      const timer = hostSetInterval(() => {
        if (session.recording.hasData) {
          this.#fireBlobEvent(session, session.recording.takeData());
        }
      }, Math.max(timesliceMs, MIN_TIMESLICE_MS));
      session.timers.push(timer);
    }
    // 15.5. A change of the stream's track set ends the recording with an error.
    session.unobserve = streamInternals.observeTrackSet(this.#stream, () => {
      const reason = 'the set of tracks of the recorded stream changed';
      this.#endRecording(session, domException('InvalidModificationError', 'MediaRecorder', reason));
    });
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-stop */
  stop(): void {
    brandCheck(#state in this, 'MediaRecorder.stop');
    // 2. Stopping an inactive recorder does nothing.
    if (this.#state === 'inactive' || this.#session === undefined) {
      return;
    }
    // 3-4.
    this.#endRecording(this.#session, undefined);
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-pause */
  pause(): void {
    const context = 'MediaRecorder.pause';
    brandCheck(#state in this, context);
    const session = this.#requireSession(context);
    if (this.#state === 'paused') {
      return;
    }
    this.#state = 'paused';
    session.recording.pause();
    queueTask(() => fireEvent(this, createEvent('pause')));
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-resume */
  resume(): void {
    const context = 'MediaRecorder.resume';
    brandCheck(#state in this, context);
    const session = this.#requireSession(context);
    if (this.#state === 'recording') {
      return;
    }
    this.#state = 'recording';
    session.recording.resume();
    queueTask(() => fireEvent(this, createEvent('resume')));
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-requestdata */
  requestData(): void {
    const context = 'MediaRecorder.requestData';
    brandCheck(#state in this, context);
    const session = this.#requireSession(context);
    queueTask(() => this.#fireBlobEvent(session, session.recording.takeData()));
  }

  /** https://w3c.github.io/mediacapture-record/#dom-mediarecorder-istypesupported */
  static isTypeSupported(type: string): boolean {
    const context = 'MediaRecorder.isTypeSupported';
    if (arguments.length < 1) {
      throw typeError(context, '1 argument required, but only 0 present');
    }
    const typeString = toDOMString(type, context, 'type');
    return isTypeSupportedHere(typeString, false, availableEncoders());
  }

  /** The session of a recorder that is not inactive; InvalidStateError otherwise. */
  #requireSession(context: string): Session {
    if (this.#state === 'inactive' || this.#session === undefined) {
      throw domException('InvalidStateError', context, 'the recorder is inactive');
    }
    return this.#session;
  }

  #startRecording(config: RecordingConfig): Session {
    const recording = new Recording(config, {
      // 15.6.
      failed: (reason) => this.#endRecording(session, domException('UnknownError', 'MediaRecorder', reason)),
      // 15.8.
      tracksEnded: () => this.#endRecording(session, undefined),
    });
    const session: Session = { recording, format: config.format, timers: [], firstBlobTimeMs: undefined };
    return session;
  }

  /**
   * Ends a recording (stop(), every track ended, the track set changed, the encoder failed): inactivate
   * now; once the encoder has flushed, fire error (when there is one), dataavailable with the rest, stop.
   * Deviation: dataavailable and stop wait for the encoder to flush, a few hundred milliseconds.
   */
  #endRecording(session: Session, error: DOMException | undefined): void {
    if (this.#session !== session) {
      return;
    }
    this.#session = undefined;
    this.#lastStatus = session.recording.status();
    for (const timer of session.timers) {
      hostClearInterval(timer);
    }
    session.unobserve?.();
    this.#inactivate();
    void session.recording.finish().then((flushFailure) => {
      // Deviation: the spec's stop() cannot fail, but here the encoder flushes after it; an encoder that
      // fails while flushing is "unable to continue gathering data": UnknownError before dataavailable and stop.
      const failure = error ?? (flushFailure === undefined ? undefined : domException('UnknownError', 'MediaRecorder', flushFailure));
      queueTask(() => {
        if (this.#session === undefined) {
          this.#lastStatus = session.recording.status();
        }
        if (failure !== undefined) {
          fireEvent(this, new RecorderErrorEvent(failure));
        }
        this.#fireBlobEvent(session, session.recording.takeData());
        fireEvent(this, createEvent('stop'));
      });
    });
  }

  /** https://w3c.github.io/mediacapture-record/#inactivate-the-recorder */
  #inactivate(): void {
    this.#mimeType = this.#options.mimeType;
    this.#state = 'inactive';
    this.#distributeBitsPerSecond(true, true);
  }

  /** Splits [[ConstrainedBitsPerSecond]] between the kinds recorded. */
  #distributeBitsPerSecond(video: boolean, audio: boolean): void {
    const bitsPerSecond = recordingBitsPerSecond(this.#options, video, audio);
    this.#audioBitsPerSecond = bitsPerSecond.audio;
    this.#videoBitsPerSecond = bitsPerSecond.video;
  }

  /** https://w3c.github.io/mediacapture-record/#fire-a-blob-event, with the timecode of the first chunk. */
  #fireBlobEvent(session: Session, data: RecordedData): void {
    const chunkTimeMs = data.firstChunkTimeMs ?? hostNowMs();
    session.firstBlobTimeMs ??= chunkTimeMs;
    const blob = new Blob(data.chunks as Uint8Array[], { type: session.format.mimeType });
    fireEvent(this, new BlobEvent('dataavailable', { data: blob, timecode: chunkTimeMs - session.firstBlobTimeMs }));
  }

  static {
    recorderInternals = {
      status: (recorder) => recorder.#session?.recording.status() ?? recorder.#lastStatus,
    };
  }
}
defineEventHandlers(MediaRecorder.prototype, ['start', 'stop', 'dataavailable', 'pause', 'resume', 'error']);
configureInterface(MediaRecorder);
