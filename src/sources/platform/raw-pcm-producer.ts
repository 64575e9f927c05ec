/**
 * A producer fed by a capture program writing raw f32le interleaved samples to its stdout (`parec`,
 * `arecord` on Linux, ffmpeg's avfoundation and dshow inputs on macOS and Windows): one child per run, started by start() and killed by stop(). The bytes are cut into the
 * project's 10 ms f32-planar chunks at the device's rate and channel count.
 *
 * Timestamps follow the source clock: the first chunk is stamped so that the first bytes end "now" when
 * they arrive, and each later chunk 10 ms of samples after the one before (the device's own pace). When
 * the device's clock and the source clock drift apart (a chunk would end more than {@link MAX_LEAD_MS}
 * in the future, or more than {@link MAX_LAG_MS} in the past after an overrun), the stamps are anchored
 * to the clock again.
 *
 * A child that exits or fails while the run is on ends the source with a {@link CaptureError}: "busy"
 * when its stderr says another program holds the device or the sound server refuses it (arecord's
 * "Device or resource busy", parec's "Stream error: Access denied"), "removed" when the device is gone,
 * "failed" otherwise, with the last lines of its stderr as the detail. Children are spawned through `spawnGuarded` (tied to Node by
 * `setpriv --pdeathsig` where util-linux has it, plain spawns elsewhere); a child that outlives Node
 * anyway dies of EPIPE on its next write to the closed pipe.
 *
 * @module
 */

import type { ChildProcess } from 'node:child_process';
import { audioDataInternals } from '../../media/audio-data.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../capture-source.js';
import { CaptureError, captureFailureOf, failCapture, stderrTail, type CaptureFailureReason } from './capture-error.js';
import { childrenDieWithParent, spawnGuarded } from './linux/guarded-spawn.js';

/** Chunk length, as Chromium's capture delivers it. */
export const CAPTURE_CHUNK_MS = 10;
/** How far chunk stamps may fall behind the clock before they are anchored to it again. */
export const MAX_LAG_MS = 500;
/** How far a chunk may end after the clock's now (samples arrive in bursts) before stamps are anchored again. */
export const MAX_LEAD_MS = 50;
const STDERR_CHARS = 2048;
/** setpriv's exit code when it cannot execute the program. */
const EXEC_FAILED = 127;

/** The format a capture program writes: f32le interleaved at `sampleRate` with `channels`. */
export interface RawPcmFormat {
  readonly sampleRate: number;
  readonly channels: number;
}

/** The program (and its arguments) that captures a device. */
export interface CaptureCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** The environment it runs in (PULSE_SERVER, …); default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What a raw PCM producer captures, and how. */
export interface RawPcmCapture {
  /** Names the device in errors (its label). */
  readonly device: string;
  /** Names the capture program in errors: "parec", "arecord", "ffmpeg". */
  readonly program: string;
  readonly format: RawPcmFormat;
  readonly command: CaptureCommand;
}

/** Makes producers that run `capture.command` and read `capture.format` from its stdout. */
export function rawPcmProducer(capture: RawPcmCapture): ProducerFactory {
  return (context) => new RawPcmProducer(context, capture);
}

/** The capture children running now (for tests and leak checks). */
const runningChildren = new Set<ChildProcess>();

/** The process ids of the capture children running now. */
export function captureChildPids(): number[] {
  return [...runningChildren].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
}

/** One run, from start() to stop(). */
interface CaptureRun {
  readonly child: ChildProcess;
  active: boolean;
  /** Interleaved bytes received and not yet emitted (fewer than one chunk). */
  pending: Uint8Array;
  pendingBytes: number;
  /** The clock time of the first sample of the next chunk, once the first bytes arrived. */
  nextUs: number | undefined;
  stderr: string;
}

class RawPcmProducer implements MediaProducer {
  readonly #context: ProducerContext;
  readonly #capture: RawPcmCapture;
  readonly #format: RawPcmFormat;
  readonly #chunkFrames: number;
  #run: CaptureRun | undefined;

  constructor(context: ProducerContext, capture: RawPcmCapture) {
    this.#context = context;
    this.#capture = capture;
    this.#format = capture.format;
    this.#chunkFrames = Math.max(1, Math.round((capture.format.sampleRate * CAPTURE_CHUNK_MS) / 1000));
  }

  start(): void {
    this.stop();
    const { command, program } = this.#capture;
    const child = spawnGuarded(command.command, command.args, { stdio: ['ignore', 'pipe', 'pipe'], env: command.env });
    const chunkBytes = this.#chunkFrames * this.#format.channels * 4;
    const run: CaptureRun = { child, active: true, pending: new Uint8Array(chunkBytes), pendingBytes: 0, nextUs: undefined, stderr: '' };
    this.#run = run;
    runningChildren.add(child);
    child.stdout?.on('data', (bytes: Uint8Array) => this.#receive(run, bytes));
    // Destroying our end on stop is the only expected error; the close tells the rest.
    child.stdout?.on('error', () => {});
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      run.stderr = (run.stderr + text).slice(-STDERR_CHARS);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) {
        runningChildren.delete(child);
        this.#failed(run, `cannot run ${program} (${error.code ?? error.message})`, 'failed');
      }
    });
    // 'close' rather than 'exit': by then all of its stderr has been read.
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      runningChildren.delete(child);
      // setpriv exits 127 when it cannot execute the program: not installed, like a failed spawn.
      if (code === EXEC_FAILED && childrenDieWithParent() && /^setpriv: failed to execute/m.test(run.stderr)) {
        this.#failed(run, `cannot run ${program} (not installed)`, 'failed');
        return;
      }
      const how = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${code}`;
      this.#failed(run, `${program} ${how}`);
    });
  }

  stop(): void {
    const run = this.#run;
    if (run === undefined) {
      return;
    }
    this.#run = undefined;
    run.active = false;
    if (run.child.exitCode === null && run.child.signalCode === null && run.child.pid !== undefined) {
      run.child.kill('SIGKILL');
    }
    run.child.stdout?.destroy();
    run.child.stderr?.destroy();
  }

  #receive(run: CaptureRun, bytes: Uint8Array): void {
    if (!run.active) {
      return;
    }
    const { sampleRate } = this.#format;
    const chunkUs = (this.#chunkFrames * 1e6) / sampleRate;
    if (run.nextUs === undefined) {
      // The first bytes were captured just before now.
      const frames = Math.floor((run.pendingBytes + bytes.byteLength) / (4 * this.#format.channels));
      run.nextUs = this.#context.clock.nowUs() - (frames * 1e6) / sampleRate;
    }
    for (let offset = 0; offset < bytes.byteLength; ) {
      const taken = Math.min(bytes.byteLength - offset, run.pending.byteLength - run.pendingBytes);
      run.pending.set(bytes.subarray(offset, offset + taken), run.pendingBytes);
      run.pendingBytes += taken;
      offset += taken;
      if (run.pendingBytes < run.pending.byteLength) {
        break;
      }
      const nowUs = this.#context.clock.nowUs();
      let startUs: number = run.nextUs;
      if (startUs + chunkUs - nowUs > MAX_LEAD_MS * 1000 || nowUs - (startUs + chunkUs) > MAX_LAG_MS * 1000) {
        startUs = nowUs - chunkUs;
      }
      run.nextUs = startUs + chunkUs;
      this.#emit(run.pending, Math.round(startUs));
      run.pendingBytes = 0;
      // A sink may stop the source while it handles the chunk.
      if (!run.active) {
        return;
      }
    }
  }

  /** Deinterleaves one chunk of f32le bytes and emits it. */
  #emit(bytes: Uint8Array, timestampUs: number): void {
    const channels = this.#format.channels;
    const frames = this.#chunkFrames;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const planes: Float32Array[] = [];
    for (let channel = 0; channel < channels; channel++) {
      const plane = new Float32Array(frames);
      for (let frame = 0; frame < frames; frame++) {
        plane[frame] = view.getFloat32((frame * channels + channel) * 4, true);
      }
      planes.push(plane);
    }
    this.#context.emit(audioDataInternals.create({ sampleRate: this.#format.sampleRate, numberOfFrames: frames, planes }, timestampUs));
  }

  /** Ends the source because of `what`; the reason comes from the child's stderr unless `reason` is given. */
  #failed(run: CaptureRun, what: string, reason: CaptureFailureReason = captureFailureOf(run.stderr)): void {
    if (!run.active) {
      return;
    }
    run.active = false;
    if (this.#run === run) {
      this.#run = undefined;
    }
    // Deviation: a device that cannot be opened for a reason not visible beforehand is found only once
    // capture starts, after getUserMedia resolved: its track ends instead of the call failing.
    const said = stderrTail(run.stderr, 3);
    const detail = said === '' ? what : `${what}: ${said}`;
    failCapture(this.#context, new CaptureError(this.#capture.device, reason, detail));
  }
}
