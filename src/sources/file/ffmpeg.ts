/**
 * Any file ffmpeg reads as a fake camera or microphone: ffprobe says what the file holds, and an ffmpeg
 * child process decodes it to packed I420 frames or f32le samples on its stdout.
 *
 * Children are spawned with argument arrays (never a shell), read through a bounded queue that pauses
 * the child's stdout (so a slow consumer blocks ffmpeg instead of growing memory), and killed with SIGKILL
 * on close: raw output has nothing to finalize.
 *
 * @module
 */

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { i420Layout } from '../../media/i420.js';
import { fileSystemError, MediaFileError } from './file-errors.js';
import { hostClearTimeout, hostSetTimeout } from '../../media/host-timers.js';

/** Finds ffmpeg and ffprobe (see ffmpeg-location.ts). */
export { findFfmpeg } from './ffmpeg-location.js';

/** What ffprobe found in a file: its first video stream, its first audio stream, its duration. */
export interface ProbedMedia {
  /** Size after rotation metadata is applied (ffmpeg auto-rotates while decoding); frames per second. */
  video?: { width: number; height: number; frameRate: number };
  audio?: { sampleRate: number; channels: number };
  durationSeconds?: number;
}

/** How long ffprobe may take before it is killed. */
const PROBE_TIMEOUT_MS = 10_000;
/** The frame rate reported when a stream gives none (ffmpeg's own default, used for still images). */
const DEFAULT_FRAME_RATE = 25;
/** Queued items at which the child's stdout is paused. */
const HIGH_WATER = { video: 2, audio: 8 } as const;
/** Lines of stderr kept for error messages. */
const STDERR_LINES = 5;
const STDERR_CHARS = 4096;

/**
 * Runs ffprobe (JSON output) on a file and returns its first video and audio streams. The video frame rate
 * is the one ffmpeg's decoder outputs at (r_frame_rate, or avg_frame_rate when r_frame_rate is a field or
 * timebase rate above 210 fps), so `FfmpegDecoder.video` delivers `frameRate` frames per second of media.
 *
 * @throws MediaFileError when the file is missing ("file not found") or ffprobe cannot read it (with
 *   ffprobe's reason), cannot run, or takes more than 10 s (it is then killed).
 */
export async function probeMedia(path: string, ffprobe: string): Promise<ProbedMedia> {
  try {
    if (!(await stat(path)).isFile()) {
      throw new MediaFileError(path, 'is not a regular file');
    }
  } catch (error) {
    throw fileSystemError(path, error);
  }
  const args = ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', inputUrl(path)];
  const output = await runProbe(path, ffprobe, args);
  let json: ProbeJson;
  try {
    json = JSON.parse(output) as ProbeJson;
  } catch (error) {
    throw new MediaFileError(path, 'ffprobe gave output that is not JSON', { cause: error });
  }
  const streams = Array.isArray(json.streams) ? json.streams : [];
  const result: ProbedMedia = {};
  const video = streams.find((stream) => stream.codec_type === 'video');
  if (video !== undefined && isPositive(video.width) && isPositive(video.height)) {
    const quarterTurns = Math.round(rotationDegrees(video) / 90);
    const swap = Math.abs(quarterTurns) % 2 === 1;
    result.video = {
      width: swap ? video.height : video.width,
      height: swap ? video.width : video.height,
      frameRate: decoderFrameRate(video),
    };
  }
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const sampleRate = Number(audio?.sample_rate);
  if (audio !== undefined && isPositive(sampleRate) && isPositive(audio.channels)) {
    result.audio = { sampleRate, channels: audio.channels };
  }
  const duration = Number(json.format?.duration);
  if (Number.isFinite(duration) && duration > 0) {
    result.durationSeconds = duration;
  }
  return result;
}

/**
 * Decodes a file's first video stream to packed I420 frames at the given size (the native size from
 * {@link probeMedia}; another size is scaled to), or its first audio stream to f32le interleaved samples at
 * the given rate and channel count, through an ffmpeg child started at once. Iterate it once: video gives
 * one frame per item, audio chunks of whole sample frames, each a fresh buffer at offset 0. The iteration
 * ends at the end of the file (no looping: start a new decoder); breaking out of it, or `close()`, kills
 * the child, which never outlives the iteration. If ffmpeg fails, the iteration throws a MediaFileError
 * with the last lines of its stderr.
 */
export class FfmpegDecoder {
  readonly #path: string;
  readonly #kind: 'video' | 'audio';
  readonly #child: ChildProcessByStdio<null, Readable, Readable>;
  /** Bytes per item for video (a frame); bytes per sample frame for audio (items are whole multiples). */
  readonly #unitBytes: number;
  readonly #queue: Uint8Array[] = [];
  readonly #wakers: (() => void)[] = [];
  readonly #exited: Promise<void>;
  /** Bytes of the next item collected so far. */
  #partial: Uint8Array;
  #partialBytes = 0;
  #stderr = '';
  #failure: MediaFileError | undefined;
  #finished = false;
  #closed = false;

  /** `path` names the input in errors; `inputArgs` open it (`-i file:…`, or a device's `-f v4l2 … -i …`). */
  private constructor(path: string, ffmpeg: string, kind: 'video' | 'audio', inputArgs: readonly string[], outputArgs: string[], unitBytes: number) {
    this.#path = path;
    this.#kind = kind;
    this.#unitBytes = unitBytes;
    this.#partial = new Uint8Array(kind === 'video' ? unitBytes : 0);
    const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', ...inputArgs, ...outputArgs, 'pipe:1'];
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.#child = child;
    this.#exited = new Promise((resolveExit) => {
      child.once('exit', () => resolveExit());
      // Only a failed spawn ends without 'exit'.
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (child.pid === undefined) {
          const reason = `cannot run ffmpeg ${ffmpeg} (${error.code ?? error.message})`;
          this.#fail(new MediaFileError(path, reason, { cause: error }));
          this.#finish();
          resolveExit();
        }
      });
    });
    child.stdout.on('data', (chunk: Uint8Array) => this.#receive(chunk));
    // Destroying our end on close is the only expected error; the exit code tells the rest.
    child.stdout.on('error', () => {});
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-STDERR_CHARS);
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => this.#childClosed(code, signal));
  }

  /** A decoder of `path`'s first video stream as width x height packed I420 frames. */
  static video(path: string, ffmpeg: string, width: number, height: number): FfmpegDecoder {
    const { byteLength } = i420Layout(width, height);
    const args = ['-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`];
    return new FfmpegDecoder(path, ffmpeg, 'video', ['-i', inputUrl(path)], args, byteLength);
  }

  /**
   * A decoder of a live video input (a camera) that `inputArgs` open (`-f v4l2 … -i /dev/video0`), as
   * width x height packed I420 frames. `passthroughArgs` is the option that passes each frame on as it
   * arrives instead of repeating or dropping frames to keep a constant rate (`-fps_mode passthrough`, or
   * `-vsync passthrough` before ffmpeg 5.1). `label` names the input in errors. The iteration ends when
   * ffmpeg does.
   */
  static liveVideo(label: string, ffmpeg: string, inputArgs: readonly string[], width: number, height: number, passthroughArgs: readonly string[]): FfmpegDecoder {
    const { byteLength } = i420Layout(width, height);
    const args = ['-map', '0:v:0', ...passthroughArgs, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`];
    return new FfmpegDecoder(label, ffmpeg, 'video', inputArgs, args, byteLength);
  }

  /** A decoder of `path`'s first audio stream as f32le interleaved samples at `sampleRate` with `channels`. */
  static audio(path: string, ffmpeg: string, sampleRate: number, channels: number): FfmpegDecoder {
    if (!Number.isSafeInteger(sampleRate) || !Number.isSafeInteger(channels) || sampleRate < 1 || channels < 1) {
      throw new RangeError(`FfmpegDecoder.audio: ${channels} channels at ${sampleRate} Hz is not an audio format`);
    }
    const args = ['-map', '0:a:0', '-f', 'f32le', '-acodec', 'pcm_f32le', '-ar', `${sampleRate}`, '-ac', `${channels}`];
    return new FfmpegDecoder(path, ffmpeg, 'audio', ['-i', inputUrl(path)], args, 4 * channels);
  }

  /** The end of ffmpeg's stderr so far (up to 4096 characters), for a backend to tell why it failed. */
  get stderr(): string {
    return this.#stderr;
  }

  /** The ffmpeg child's process id; undefined when it could not be started. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Frames (video) or chunks of whole sample frames (audio) until the end of the file. */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.#next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** Kills the child (SIGKILL) and resolves once it has exited and been reaped; reads then end. Idempotent. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#queue.length = 0;
      if (this.#child.exitCode === null && this.#child.signalCode === null && this.#child.pid !== undefined) {
        this.#child.kill('SIGKILL');
      }
      // Buffered output would hold back the child's 'close'; drop it.
      this.#child.stdout.destroy();
      this.#finish();
    }
    await this.#exited;
  }

  async #next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      const item = this.#queue.shift();
      if (item !== undefined) {
        if (this.#queue.length < HIGH_WATER[this.#kind] && !this.#finished) {
          this.#child.stdout.resume();
        }
        return { done: false, value: item };
      }
      const failure = this.#failure;
      if (failure !== undefined) {
        this.#failure = undefined;
        throw failure;
      }
      if (this.#finished || this.#closed) {
        return { done: true, value: undefined };
      }
      await new Promise<void>((wake) => this.#wakers.push(wake));
    }
  }

  /** Cuts stdout bytes into items: whole frames for video, whole sample frames for audio. */
  #receive(chunk: Uint8Array): void {
    if (this.#closed) {
      return;
    }
    if (this.#kind === 'video') {
      for (let offset = 0; offset < chunk.length; ) {
        const taken = Math.min(chunk.length - offset, this.#unitBytes - this.#partialBytes);
        this.#partial.set(chunk.subarray(offset, offset + taken), this.#partialBytes);
        this.#partialBytes += taken;
        offset += taken;
        if (this.#partialBytes === this.#unitBytes) {
          this.#queue.push(this.#partial);
          this.#partial = new Uint8Array(this.#unitBytes);
          this.#partialBytes = 0;
        }
      }
    } else {
      const total = this.#partialBytes + chunk.length;
      const whole = total - (total % this.#unitBytes);
      const joined = new Uint8Array(total);
      joined.set(this.#partial.subarray(0, this.#partialBytes));
      joined.set(chunk, this.#partialBytes);
      if (whole > 0) {
        this.#queue.push(joined.subarray(0, whole).slice());
      }
      this.#partial = joined.slice(whole);
      this.#partialBytes = total - whole;
    }
    if (this.#queue.length >= HIGH_WATER[this.#kind]) {
      this.#child.stdout.pause();
    }
    this.#wake();
  }

  #childClosed(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.#closed) {
      if (code !== 0) {
        const how = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${code}`;
        this.#fail(new MediaFileError(this.#path, `ffmpeg ${how}${stderrTail(this.#stderr, this.#path)}`));
      } else if (this.#partialBytes > 0) {
        const reason = `ffmpeg output ends with ${this.#partialBytes} bytes of a partial ${this.#kind} frame`;
        this.#fail(new MediaFileError(this.#path, reason));
      }
    }
    this.#finish();
  }

  #fail(error: MediaFileError): void {
    this.#failure ??= error;
  }

  #finish(): void {
    this.#finished = true;
    this.#wake();
  }

  #wake(): void {
    for (const wake of this.#wakers.splice(0)) {
      wake();
    }
  }
}

/** The parts of ffprobe's JSON we read. */
interface ProbeJson {
  streams?: ProbeStream[];
  format?: { duration?: string };
}

interface ProbeStream {
  codec_type?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

/** Runs ffprobe and returns its stdout, or throws its reason. */
function runProbe(path: string, ffprobe: string, args: string[]): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    const child = spawn(ffprobe, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = hostSetTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, PROBE_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_CHARS);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      hostClearTimeout(timer);
      reject(new MediaFileError(path, `cannot run ffprobe ${ffprobe} (${error.code ?? error.message})`, { cause: error }));
    });
    child.once('close', (code) => {
      hostClearTimeout(timer);
      if (timedOut) {
        reject(new MediaFileError(path, `ffprobe timed out after ${PROBE_TIMEOUT_MS / 1000} s`));
      } else if (code !== 0) {
        reject(new MediaFileError(path, `ffprobe cannot read it${stderrTail(stderr, path)}`));
      } else {
        resolveOutput(stdout);
      }
    });
  });
}

/** The rate ffmpeg's decoder outputs frames at (as its frame-rate guess picks it). */
function decoderFrameRate(stream: ProbeStream): number {
  const real = rational(stream.r_frame_rate);
  const average = rational(stream.avg_frame_rate);
  if (real !== undefined && (average === undefined || real <= 210 || average >= 70)) {
    return real;
  }
  return average ?? DEFAULT_FRAME_RATE;
}

/** The rotation ffmpeg applies while decoding, from the display matrix or the legacy `rotate` tag. */
function rotationDegrees(stream: ProbeStream): number {
  const fromMatrix = stream.side_data_list?.find((data) => typeof data.rotation === 'number')?.rotation;
  return fromMatrix ?? (Number(stream.tags?.rotate ?? 0) || 0);
}

function rational(text: string | undefined): number | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  const value = match === null ? NaN : Number(match[1]) / Number(match[2]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

/**
 * `path` as ffmpeg's input: through the file protocol, so a name with a colon (`take:2.mp4`) or a leading
 * dash is never read as a protocol, a device or an option.
 */
function inputUrl(path: string): string {
  return `file:${path}`;
}

/** `": "` and the last lines of a child's stderr, without the `[demuxer @ 0x…]` and file-path prefixes; or "". */
function stderrTail(stderr: string, path: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(-STDERR_LINES)
    .map((line) => line.replace(/^\[[^\]]* @ 0x[0-9a-f]+\] /, ''))
    .map((line) => withoutPrefix(withoutPrefix(line, `${inputUrl(path)}: `), `${path}: `));
  return lines.length === 0 ? '' : `: ${lines.join(' | ')}`;
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
