/**
 * Recording a stream into a file for the `record` command, through the package's `recordToFile`: the
 * encoder writes the file itself and finalizes it on stop (duration and cues, MP4 index at the front), and
 * its status gives the frames, drops, bytes and audio level the status line shows.
 *
 * @module
 */

import { recordToFile, type MediaStream } from 'mediacapture';

/** Where a recording is, as the status line shows it. */
export interface RecordingStatus {
  /** Media recorded so far, in milliseconds. */
  readonly elapsedMs: number;
  /** Video frames recorded (undefined without video). */
  readonly frames: number | undefined;
  /** Video frames dropped because the encoder fell behind (undefined without video). */
  readonly droppedFrames: number | undefined;
  /** Bytes written to the file so far. */
  readonly bytes: number;
  /** The audio's recent peak level in dBFS, as the recording reports it (-Infinity for silence; undefined without audio). */
  readonly audioLevelDb: number | undefined;
  /** Whether the recording is stopping: the encoder is writing its last data and finalizing the file. */
  readonly stopping: boolean;
}

/** A recording in progress. */
export interface FileRecording {
  /** The type recorded, with its codecs. */
  readonly mimeType: string;
  status(): RecordingStatus;
  /** Stops the recording; resolves once the file is finalized and closed. */
  stop(): Promise<void>;
  /** Resolves once the recording has ended (stopped, or its tracks ended) and the file is final; rejects on a failure. */
  readonly finished: Promise<void>;
}

/**
 * Starts recording `stream` into `path` as `mimeType`.
 *
 * @throws NotSupportedError (a DOMException) when the type cannot be recorded here.
 */
export async function startFileRecording(stream: MediaStream, path: string, mimeType: string): Promise<FileRecording> {
  const recording = recordToFile(stream, path, { mimeType });
  const withVideo = stream.getVideoTracks().length > 0;
  const withAudio = stream.getAudioTracks().length > 0;
  let stopping = false;
  const finished = recording.finished.then(() => undefined);
  // A failure is reported through `finished`; stop() and status() must not reject unobserved.
  finished.catch(() => undefined);
  return {
    mimeType: recording.mimeType,
    status() {
      const status = recording.status();
      return {
        elapsedMs: status.durationMs,
        frames: withVideo ? status.videoFrames : undefined,
        droppedFrames: withVideo ? status.droppedVideoFrames : undefined,
        bytes: status.bytesWritten,
        audioLevelDb: withAudio ? status.audioLevelDb : undefined,
        stopping: stopping || status.state === 'inactive',
      };
    },
    async stop() {
      stopping = true;
      await recording.stop().catch(() => undefined);
    },
    finished,
  };
}
