/**
 * `mediacapture record [out.webm|out.mp4|…] [--duration 5] [--constraints JSON] [--mime TYPE]`: records
 * the stream getUserMedia gives into a file, with a live status line on stderr; Ctrl-C (SIGINT) stops the
 * recording cleanly and keeps a playable file.
 *
 * @module
 */

import { extname } from 'node:path';

import { MediaRecorder, RECORDING_FILE_EXTENSIONS, recordingFileType, type MediaDevices, type MediaStream, type MediaStreamConstraints } from 'mediacapture';
import { captureError, CliError, usageError } from './cli-error.js';
import { startFileRecording, type FileRecording } from './file-recording.js';
import { checkWritable, describeFileError } from './output-file.js';
import { StatusDisplay } from './status-line.js';
import { formatBytes } from './text-format.js';

/** Default length of a recording, in seconds. */
export const DEFAULT_DURATION_S = 5;

/** What `record` was asked to do. */
export interface RecordRequest {
  readonly path: string;
  readonly durationS: number;
  readonly mime: string | undefined;
  readonly constraints: MediaStreamConstraints | undefined;
  readonly constraintsText: string | undefined;
  readonly usingFake: boolean;
}

/** The constraints to use when none are given: video and audio, or audio alone for audio-only files. */
export function defaultRecordConstraints(path: string, mime: string | undefined): MediaStreamConstraints {
  const fileType = recordingFileType(path);
  const audioOnly = mime === undefined ? fileType !== undefined && fileType.video === undefined : mime.startsWith('audio/');
  return audioOnly ? { audio: true } : { audio: true, video: true };
}

/** `--duration` in seconds: a positive number. */
export function parseDuration(text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_DURATION_S;
  }
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw usageError(`--duration must be a positive number of seconds, not "${text}"`);
  }
  return seconds;
}

/** The type to record: `--mime`, or the one the extension names for the kinds requested. */
export function chooseMimeType(path: string, mime: string | undefined, withVideo: boolean): string {
  if (mime !== undefined) {
    if (!MediaRecorder.isTypeSupported(mime)) {
      throw recorderSupportError() ?? usageError(`--mime "${mime}" is not a type MediaRecorder can record here (try video/webm, video/mp4, audio/ogg)`);
    }
    return mime;
  }
  const extension = extname(path).toLowerCase();
  const types = recordingFileType(path);
  if (types === undefined) {
    throw usageError(`cannot tell the recording type from "${extension || path}": name the file ${RECORDING_FILE_EXTENSIONS.join(', ')}, or give --mime`);
  }
  const type = withVideo ? types.video : types.audio;
  if (type === undefined) {
    throw usageError(`${extension} files hold audio only; request audio alone (--constraints '{"audio":true}') or name a video file (.webm, .mp4, .mkv)`);
  }
  if (!MediaRecorder.isTypeSupported(type)) {
    throw recorderSupportError() ?? new CliError(`MediaRecorder cannot record ${type} here (the installed ffmpeg lacks its encoders)`);
  }
  return type;
}

/** When MediaRecorder supports no type at all, the reason is that it has no encoder (ffmpeg). */
function recorderSupportError(): CliError | undefined {
  if (['video/webm', 'audio/webm', 'audio/ogg', 'video/mp4'].some((type) => MediaRecorder.isTypeSupported(type))) {
    return undefined;
  }
  return new CliError('recording needs ffmpeg, which was not found: install it (apt-get install ffmpeg) or set MEDIACAPTURE_FFMPEG to its path');
}

/**
 * Records as asked; resolves with the summary line once the file is complete. Stops at the duration, at
 * SIGINT, or when the tracks end.
 */
export async function runRecord(mediaDevices: MediaDevices, request: RecordRequest, stderr: NodeJS.WriteStream): Promise<string> {
  const constraints = request.constraints ?? defaultRecordConstraints(request.path, request.mime);
  const withVideo = constraints.video !== undefined && constraints.video !== false;
  const mimeType = chooseMimeType(request.path, request.mime, withVideo);
  await checkWritable(request.path);
  let stream: MediaStream;
  try {
    stream = await mediaDevices.getUserMedia(constraints);
  } catch (error) {
    throw captureError(error, request.constraintsText, request.usingFake);
  }
  try {
    let recording: FileRecording;
    try {
      recording = await startFileRecording(stream, request.path, mimeType);
    } catch (error) {
      if (error instanceof DOMException) {
        throw new CliError(`cannot record ${mimeType}: ${error.message}`, undefined, { cause: error });
      }
      throw new CliError(`cannot write ${request.path}: ${describeFileError(error)}`, undefined, { cause: error });
    }
    const display = new StatusDisplay(stderr, () => recording.status());
    let interrupted = false;
    const onInterrupt = (): void => {
      if (interrupted) {
        // A second Ctrl-C does not wait for the file.
        process.exit(130);
      }
      interrupted = true;
      void recording.stop();
    };
    process.on('SIGINT', onInterrupt);
    const timer = setTimeout(() => void recording.stop(), request.durationS * 1000);
    try {
      await recording.finished;
    } catch (error) {
      throw new CliError(`the recording failed: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
    } finally {
      clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
      display.finish();
    }
    const status = recording.status();
    const frames = status.frames === undefined ? '' : `, ${status.frames} frames (${status.droppedFrames ?? 0} dropped)`;
    const how = interrupted ? ' (stopped by Ctrl-C)' : '';
    return `${request.path}: ${(status.elapsedMs / 1000).toFixed(1)} s of ${recording.mimeType}${frames}, ${formatBytes(status.bytes)}${how}`;
  } finally {
    for (const track of stream.getTracks()) {
      track.stop();
    }
  }
}
