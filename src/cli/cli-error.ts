/**
 * The one error type of the command: a message meant for the user (one line, no stack trace) and the exit
 * status it leads to, plus the translation of the API's errors into such messages.
 *
 * @module
 */

import { OverconstrainedError } from 'mediacapture';

/** Exit status of a run that failed on the user's input (options, constraints, paths, types). */
export const EXIT_USAGE = 2;
/** Exit status of a run that failed while capturing, recording or writing. */
export const EXIT_FAILURE = 1;

/** A failure with a message for the user; `cause` keeps the original error for `--debug`. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A usage error: bad options or arguments (exit status 2). */
export function usageError(message: string, cause?: unknown): CliError {
  return new CliError(message, EXIT_USAGE, { cause });
}

/**
 * What a rejected getUserMedia() means for someone at a terminal: which devices are missing and what to try,
 * which constraint failed (and the probe command that explains it), or the API's own message.
 */
export function captureError(error: unknown, constraintsText: string | undefined, usingFake: boolean): CliError {
  if (error instanceof OverconstrainedError) {
    const which = error.constraint === '' ? 'the constraints together' : `the constraint "${error.constraint}"`;
    const probe = `mediacapture probe${usingFake ? ' --fake' : ''} '${constraintsText ?? '{"video":true}'}'`;
    return new CliError(`no device satisfies ${which}; run ${probe} to see why`, EXIT_FAILURE, { cause: error });
  }
  if (error instanceof TypeError) {
    return usageError(`invalid constraints: ${error.message}`, error);
  }
  if (error instanceof DOMException) {
    if (error.name === 'NotFoundError') {
      const hint = usingFake ? '' : '; try --fake for the fake devices';
      return new CliError(`${error.message.replace(/ \(.*\)$/, '')}${hint}`, EXIT_FAILURE, { cause: error });
    }
    return new CliError(`${error.message.replace(/^[\w.]+: /, '')} (${error.name})`, EXIT_FAILURE, { cause: error });
  }
  return new CliError(error instanceof Error ? error.message : String(error), EXIT_FAILURE, { cause: error });
}
