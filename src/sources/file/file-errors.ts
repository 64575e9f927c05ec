/**
 * The one error type the file readers throw for a file they cannot use: missing, unreadable, malformed,
 * truncated, in an unsupported format, or rejected by ffmpeg/ffprobe.
 *
 * @module
 */

import { basename } from 'node:path';

/**
 * A media file that cannot be used as a fake device. The message reads `"<file name>: <reason>"`, for
 * example `"clip.y4m: truncated frame 12 (expected 460800 bytes, got 1000)"`; `path` and `reason` carry
 * the parts so callers never parse the message.
 */
export class MediaFileError extends Error {
  /** The file's path as the caller gave it. */
  readonly path: string;
  /** What is wrong with the file, without the file name. */
  readonly reason: string;

  /** An error for `path` saying `reason`; `options.cause` keeps the underlying error (an fs error, say). */
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`${basename(path)}: ${reason}`, options);
    this.name = 'MediaFileError';
    this.path = path;
    this.reason = reason;
  }
}

/**
 * Turns an error from `node:fs` about `path` into a MediaFileError ("file not found" for ENOENT);
 * anything that is not a system error is returned unchanged.
 */
export function fileSystemError(path: string, error: unknown): unknown {
  if (error instanceof MediaFileError || !isSystemError(error)) {
    return error;
  }
  if (error.code === 'ENOENT') {
    return new MediaFileError(path, 'file not found', { cause: error });
  }
  if (error.code === 'EISDIR') {
    return new MediaFileError(path, 'is a directory, not a file', { cause: error });
  }
  return new MediaFileError(path, `cannot read the file (${error.code})`, { cause: error });
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
