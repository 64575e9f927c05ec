/**
 * Recording a stream into a file with the standard MediaRecorder: Blob chunks of `dataavailable` (with a
 * timeslice) appended to the file in order, and a status computed from what the public API offers (track
 * stats for frames, a MediaStreamTrackProcessor on a clone of the audio track for the level, the chunks'
 * sizes for bytes). Everything the `record` command knows about recording is here, so that it can move to a
 * recorder that writes and finalizes files itself without touching the command.
 *
 * @module
 */

import { open, type FileHandle } from 'node:fs/promises';

import { MediaRecorder, MediaStreamTrackProcessor, type AudioData, type BlobEvent, type MediaStream, type MediaStreamTrack } from '../index.js';

/** Where a recording is. */
export interface RecordingStatus {
  /** Time since the recording started, in milliseconds. */
  readonly elapsedMs: number;
  /** Video frames delivered to the recorder (undefined without video). */
  readonly frames: number | undefined;
  /** Video frames the track dropped since the start (undefined without video). */
  readonly droppedFrames: number | undefined;
  /** Bytes written to the file so far. */
  readonly bytes: number;
  /** The audio's recent peak level, 0–1 (undefined without audio). */
  readonly audioLevel: number | undefined;
  /** Whether the recording is stopping: the encoder is writing its last data. */
  readonly stopping: boolean;
}

/** A recording in progress. */
export interface FileRecording {
  /** The type the recorder negotiated, with its codecs. */
  readonly mimeType: string;
  status(): RecordingStatus;
  /**
   * Stops the recording; resolves once the last bytes are written and the file is closed. From now on the
   * status keeps the time and frames of this moment (the encoder's flush is not recording time).
   */
  stop(): Promise<void>;
  /** Resolves once the recording has ended (stopped, or its tracks ended) and the file is closed; rejects on a recorder error. */
  readonly finished: Promise<void>;
}

/** How often the recorder hands over data: the file grows (and survives a kill) at this pace. */
const TIMESLICE_MS = 250;
/** How fast the level meter falls back after a peak, per second (a factor). */
const LEVEL_DECAY_PER_SECOND = 0.05;

/**
 * Starts recording `stream` into `path` as `mimeType` (the file is created or truncated first, so an
 * unwritable path fails before anything is recorded).
 *
 * @throws the error of opening the file, or MediaRecorder's NotSupportedError.
 */
export async function startFileRecording(stream: MediaStream, path: string, mimeType: string): Promise<FileRecording> {
  const file = await open(path, 'w');
  let recorder: MediaRecorder;
  try {
    recorder = new MediaRecorder(stream, { mimeType });
    recorder.start(TIMESLICE_MS);
  } catch (error) {
    await file.close();
    throw error;
  }
  const started = performance.now();
  const [video] = stream.getVideoTracks();
  const baseline = video === undefined ? undefined : videoCounters(video);
  const meter = stream.getAudioTracks()[0] === undefined ? undefined : new LevelMeter(stream.getAudioTracks()[0] as MediaStreamTrack);
  let bytes = 0;
  let frozen: Omit<RecordingStatus, 'bytes' | 'stopping'> | undefined;
  const live = (): Omit<RecordingStatus, 'bytes' | 'stopping'> => {
    const now = baseline === undefined || video === undefined ? undefined : videoCounters(video);
    return {
      elapsedMs: performance.now() - started,
      frames: now === undefined || baseline === undefined ? undefined : now.delivered - baseline.delivered,
      droppedFrames: now === undefined || baseline === undefined ? undefined : now.discarded - baseline.discarded,
      audioLevel: meter?.level(),
    };
  };
  const freeze = (): void => {
    frozen ??= { ...live(), audioLevel: undefined };
  };
  // The negotiated type (with codecs) is set when recording starts and reset when it stops.
  let negotiated = recorder.mimeType;
  recorder.addEventListener('start', () => {
    negotiated = recorder.mimeType;
  });
  let writes: Promise<unknown> = Promise.resolve();
  let failure: unknown;
  recorder.addEventListener('dataavailable', (event) => {
    const blob = (event as BlobEvent).data;
    writes = writes.then(async () => {
      const chunk = new Uint8Array(await blob.arrayBuffer());
      await file.write(chunk);
      bytes += chunk.byteLength;
    });
  });
  recorder.addEventListener('error', (event) => {
    failure = (event as Event & { error: unknown }).error;
  });
  const finished = new Promise<void>((resolve, reject) => {
    recorder.addEventListener('stop', () => {
      freeze();
      meter?.stop();
      void closeAfter(writes, file).then(() => (failure === undefined ? resolve() : reject(failure)), reject);
    });
  });
  // A failure is reported through `finished`; stop() and status() must not reject unobserved.
  finished.catch(() => undefined);
  return {
    get mimeType() {
      return negotiated;
    },
    status() {
      const { audioLevel, ...counters } = frozen ?? live();
      return { ...counters, bytes, audioLevel: frozen === undefined ? audioLevel : meter === undefined ? undefined : 0, stopping: frozen !== undefined };
    },
    async stop() {
      if (recorder.state !== 'inactive') {
        freeze();
        recorder.stop();
      }
      await finished.catch(() => undefined);
    },
    finished,
  };
}

async function closeAfter(writes: Promise<unknown>, file: FileHandle): Promise<void> {
  try {
    await writes;
  } finally {
    await file.close();
  }
}

function videoCounters(track: MediaStreamTrack): { delivered: number; discarded: number } {
  const stats = track.stats as { deliveredFrames: number; discardedFrames?: number };
  return { delivered: stats.deliveredFrames, discarded: stats.discardedFrames ?? 0 };
}

/** The peak level of an audio track, read from a clone through MediaStreamTrackProcessor. */
class LevelMeter {
  readonly #clone: MediaStreamTrack;
  #peak = 0;
  #peakAt = performance.now();
  #stopped = false;

  constructor(track: MediaStreamTrack) {
    this.#clone = track.clone();
    void this.#read(new MediaStreamTrackProcessor({ track: this.#clone }).readable.getReader() as ReadableStreamDefaultReader<AudioData>);
  }

  /** The last peak, decayed by the time since it. */
  level(): number {
    const seconds = (performance.now() - this.#peakAt) / 1000;
    return this.#peak * LEVEL_DECAY_PER_SECOND ** seconds;
  }

  stop(): void {
    this.#stopped = true;
    this.#clone.stop();
  }

  async #read(reader: ReadableStreamDefaultReader<AudioData>): Promise<void> {
    let samples = new Float32Array(0);
    try {
      while (!this.#stopped) {
        const { value: data, done } = await reader.read();
        if (done) {
          return;
        }
        try {
          if (samples.length < data.numberOfFrames) {
            samples = new Float32Array(data.numberOfFrames);
          }
          let peak = 0;
          for (let channel = 0; channel < data.numberOfChannels; channel++) {
            data.copyTo(samples, { planeIndex: channel, format: 'f32-planar' });
            for (let i = 0; i < data.numberOfFrames; i++) {
              peak = Math.max(peak, Math.abs(samples[i] as number));
            }
          }
          if (peak >= this.level()) {
            this.#peak = Math.min(peak, 1);
            this.#peakAt = performance.now();
          }
        } finally {
          data.close();
        }
      }
    } finally {
      reader.releaseLock();
    }
  }
}
