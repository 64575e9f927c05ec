/**
 * The file a command writes: checked before anything is captured, so an unwritable path is one clear line
 * and no device is opened for nothing.
 *
 * @module
 */

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';

import { CliError } from './cli-error.js';

/** Fails early, before capturing, when the file cannot be written. */
export async function checkWritable(path: string): Promise<void> {
  try {
    await access(path, constants.W_OK);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError(`cannot write ${path}: ${describeFileError(error)}`, undefined, { cause: error });
    }
  }
  try {
    await access(dirname(path), constants.W_OK);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${describeFileError(error)}`, undefined, { cause: error });
  }
}

/** A file system error in a few words ("permission denied"). */
export function describeFileError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: 'no such directory',
    EACCES: 'permission denied',
    EROFS: 'read-only file system',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a parent is not a directory',
  };
  return (code === undefined ? undefined : reasons[code]) ?? message;
}

