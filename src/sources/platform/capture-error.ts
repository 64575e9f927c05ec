/**
 * The one error every platform capture producer (cameras, microphones, screens) ends its source with:
 * a {@link CaptureError} whose `reason` says whether the device is busy, gone, or the capture failed, read
 * from the capture program's own words by {@link captureFailureOf}. The system device set marks a busy
 * device failed (NotReadableError) until it is listed again, whatever its kind.
 *
 * @module
 */

import type { ProducerContext, SourceEndReason } from '../capture-source.js';
import { logLines } from './command-output.js';

/** Why a device stopped delivering media, as an `as const` list that is also the type. */
export const CAPTURE_FAILURE_REASONS = ['busy', 'removed', 'failed'] as const;
export type CaptureFailureReason = (typeof CAPTURE_FAILURE_REASONS)[number];

/**
 * A device that could not be captured, or stopped. `reason` is "busy" when another program holds it or
 * the system refuses to open it (the spec's NotReadableError case), "removed" when it is gone, "failed"
 * otherwise (a crash, a missing tool, output we cannot read); `device` names it (/dev/video0, a
 * PulseAudio source's label, an X display) and `detail` carries the capture program's last words.
 */
export class CaptureError extends Error {
  readonly device: string;
  readonly reason: CaptureFailureReason;
  readonly detail: string;

  /** An error about `device` for `reason`, explained by `detail`. */
  constructor(device: string, reason: CaptureFailureReason, detail: string, options?: { cause?: unknown }) {
    super(`${device}: ${detail}`, options);
    this.name = 'CaptureError';
    this.device = device;
    this.reason = reason;
    this.detail = detail;
  }
}

/** The source end reason of each failure. */
const END_REASON: Record<CaptureFailureReason, SourceEndReason> = {
  busy: 'device-failed',
  removed: 'device-removed',
  failed: 'device-failed',
};

/** Ends the producer's source with `error`, under the end reason of its failure. */
export function failCapture(context: ProducerContext, error: CaptureError): void {
  context.fail(END_REASON[error.reason], error);
}

/**
 * Why a capture program stopped, from the end of its stderr, in the system's own words:
 * - busy: EBUSY ("Device or resource busy": V4L2 through ffmpeg, arecord's "audio open error", PulseAudio's
 *   PA_ERR_BUSY), dshow's "Could not run graph" (a camera in use), PulseAudio's "Access denied" (the
 *   server refuses the stream);
 * - removed: ENODEV, ENOENT, PulseAudio's "No such entity" (no such source), dshow's "Could not find video
 *   device" / "Could not find audio only device";
 * - failed: anything else (a crash, a server that does not answer, a program killed by a signal).
 */
export function captureFailureOf(stderr: string): CaptureFailureReason {
  if (/Device or resource busy|Could not run graph|\bAccess denied\b/i.test(stderr)) {
    return 'busy';
  }
  if (/No such device|No such file or directory|No such entity|Could not find (?:video|audio only) device|disconnected/i.test(stderr)) {
    return 'removed';
  }
  return 'failed';
}

/** The last `count` lines of a capture program's stderr (without ffmpeg's `[name @ 0x…]` prefixes), joined by " / ". */
export function stderrTail(stderr: string, count: number): string {
  return logLines(stderr)
    .slice(-count)
    .map((line) => line.trim())
    .join(' / ');
}
