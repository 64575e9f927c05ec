/**
 * The status of a recording on stderr: one line redrawn in place on a terminal (elapsed time, frames,
 * dropped frames, an audio level meter, bytes written), a plain line every few seconds otherwise.
 *
 * @module
 */

import type { RecordingStatus } from './file-recording.js';
import { formatBytes, formatElapsed } from './text-format.js';

/** Cells of the level meter. */
const METER_CELLS = 12;
/** The meter's range: -60 dBFS (empty) to 0 dBFS (full). */
const METER_FLOOR_DB = -60;

/** The level meter of a peak level in dBFS: `[#######.....] -12 dB` with ASCII, or block characters on a terminal. */
export function formatMeter(levelDb: number, blocks: boolean): string {
  const db = Math.round(levelDb);
  const filled = db === -Infinity ? 0 : Math.max(0, Math.min(METER_CELLS, Math.round(((db - METER_FLOOR_DB) / -METER_FLOOR_DB) * METER_CELLS)));
  const bar = (blocks ? '█' : '#').repeat(filled) + (blocks ? '░' : '.').repeat(METER_CELLS - filled);
  return `[${bar}] ${db === -Infinity ? '-inf' : String(db).padStart(3)} dB`;
}

/** One line of status. */
export function formatStatus(status: RecordingStatus, terminal: boolean): string {
  const state = status.stopping ? `${terminal ? '■ ' : ''}SAVING` : `${terminal ? '● ' : ''}REC`;
  const parts = [`${state} ${formatElapsed(status.elapsedMs)}`];
  if (status.frames !== undefined) {
    parts.push(`frames ${status.frames}`, `dropped ${status.droppedFrames ?? 0}`);
  }
  if (status.audioLevelDb !== undefined) {
    parts.push(`audio ${formatMeter(status.audioLevelDb, terminal)}`);
  }
  parts.push(formatBytes(status.bytes));
  return parts.join('  ');
}

/** Shows a recording's status on a stream until {@link StatusDisplay.finish}. */
export class StatusDisplay {
  readonly #output: NodeJS.WriteStream;
  readonly #terminal: boolean;
  readonly #timer: NodeJS.Timeout;
  readonly #read: () => RecordingStatus;

  /** Redraws every 100 ms on a terminal, otherwise prints a line every `plainIntervalMs`. */
  constructor(output: NodeJS.WriteStream, read: () => RecordingStatus, plainIntervalMs = 2000) {
    this.#output = output;
    this.#terminal = output.isTTY === true;
    this.#read = read;
    this.#timer = setInterval(() => this.#draw(), this.#terminal ? 100 : plainIntervalMs);
  }

  #draw(): void {
    const line = formatStatus(this.#read(), this.#terminal);
    if (this.#terminal) {
      const width = this.#output.columns > 0 ? this.#output.columns - 1 : line.length;
      this.#output.write(`\r\x1b[2K${line.slice(0, width)}`);
    } else {
      this.#output.write(`${line}\n`);
    }
  }

  /** Stops updating and clears the line on a terminal. */
  finish(): void {
    clearInterval(this.#timer);
    if (this.#terminal) {
      this.#output.write('\r\x1b[2K');
    }
  }
}
