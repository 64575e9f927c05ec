/**
 * Captures a rectangle of an X11 display with an ffmpeg child:
 * `ffmpeg -f x11grab -draw_mouse 0|1 -framerate N -video_size WxH -i DISPLAY+X,Y -f rawvideo -pix_fmt yuv420p pipe:1`
 * (an argument array, never a shell). Each packed I420 frame read from the pipe becomes a VideoFrame
 * stamped with the source clock when it arrives. stop() kills the child (SIGKILL); a child that dies on
 * its own ends the source with a {@link CaptureError} (see capture-error.ts) as soon as Node sees it
 * exit. If Node dies, the pipe's reading end closes and ffmpeg dies of EPIPE on its next frame, so the
 * child never outlives Node.
 *
 * @module
 */

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { i420Layout, i420PlaneLayouts } from '../../../media/i420.js';
import { videoFrameInternals } from '../../../media/video-frame.js';
import type { NativeVideoMode } from '../../capture-model.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../../capture-source.js';
import { CaptureError, captureFailureOf, failCapture, stderrTail, type CaptureFailureReason } from '../capture-error.js';

/** Where on which X display to capture. */
export interface X11CaptureArea {
  /** The X display, as in DISPLAY (":99", ":0.0"). */
  readonly display: string;
  /** The top-left corner of the area in root-window pixels. */
  readonly x: number;
  readonly y: number;
}

/** How many frame buffers a capture keeps for reuse. */
const POOL_SIZE = 4;
/** How much of ffmpeg's stderr is kept for the error that ends the source. */
const STDERR_CHARS = 2000;

/** The ffmpeg arguments that capture `mode` (size, rate, cursor) at `area`, as packed I420 on stdout. */
export function x11grabArguments(area: X11CaptureArea, mode: NativeVideoMode): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    '-f',
    'x11grab',
    '-draw_mouse',
    mode.cursor === 'never' ? '0' : '1',
    '-framerate',
    `${mode.frameRate}`,
    '-video_size',
    `${mode.width}x${mode.height}`,
    '-i',
    `${area.display}+${area.x},${area.y}`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'yuv420p',
    'pipe:1',
  ];
}

/** Makes producers that capture `area` with the ffmpeg at `ffmpeg`. */
export function x11CaptureProducer(ffmpeg: string, area: X11CaptureArea): ProducerFactory {
  return (context) => new X11CaptureProducer(context, ffmpeg, area);
}

class X11CaptureProducer implements MediaProducer {
  readonly #context: ProducerContext;
  readonly #ffmpeg: string;
  readonly #area: X11CaptureArea;
  #child: ChildProcessByStdio<null, Readable, Readable> | undefined;

  constructor(context: ProducerContext, ffmpeg: string, area: X11CaptureArea) {
    this.#context = context;
    this.#ffmpeg = ffmpeg;
    this.#area = area;
  }

  start(mode: NativeVideoMode | undefined): void {
    if (mode === undefined) {
      throw new Error('X11CaptureProducer.start: a native mode is required');
    }
    const layout = i420Layout(mode.width, mode.height);
    const planes = i420PlaneLayouts(layout);
    const frameBytes = layout.byteLength;
    const child = spawn(this.#ffmpeg, x11grabArguments(this.#area, mode), {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.#child = child;
    const pool: Uint8Array[] = [];
    let partial: Uint8Array = new Uint8Array(frameBytes);
    let filled = 0;
    let lastTimestampUs = -Infinity;
    let stderr = '';
    const emit = (bytes: Uint8Array): void => {
      // Frames read together get distinct, increasing timestamps.
      const timestampUs = Math.max(Math.round(this.#context.clock.nowUs()), lastTimestampUs + 1);
      lastTimestampUs = timestampUs;
      const frame = videoFrameInternals.create(
        { format: 'I420', codedWidth: mode.width, codedHeight: mode.height, bytes, layout: planes },
        { timestamp: timestampUs, duration: null },
        () => {
          if (pool.length < POOL_SIZE) {
            pool.push(bytes);
          }
        },
      );
      this.#context.emit(frame);
    };
    child.stdout.on('data', (chunk: Uint8Array) => {
      for (let offset = 0; offset < chunk.length && this.#child === child; ) {
        const taken = Math.min(chunk.length - offset, frameBytes - filled);
        partial.set(chunk.subarray(offset, offset + taken), filled);
        filled += taken;
        offset += taken;
        if (filled === frameBytes) {
          const full = partial;
          partial = pool.pop() ?? new Uint8Array(frameBytes);
          filled = 0;
          emit(full);
        }
      }
    });
    // Destroying our end on stop is the only expected error; the close tells the rest.
    child.stdout.on('error', () => {});
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_CHARS);
    });
    const ended = (why: string, reason: CaptureFailureReason = captureFailureOf(stderr)): void => {
      if (this.#child !== child) {
        return;
      }
      this.#child = undefined;
      const said = stderrTail(stderr, 3);
      failCapture(this.#context, new CaptureError(`X display ${this.#area.display}`, reason, said === '' ? why : `${why}: ${said}`));
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) {
        ended(`could not start ffmpeg ${this.#ffmpeg} (${error.code ?? error.message})`, 'failed');
      }
    });
    // 'close' rather than 'exit': by then all of ffmpeg's stderr has been read.
    child.once('close', (code, signal) => {
      ended(code === null ? `ffmpeg was killed by ${signal ?? 'a signal'}` : `ffmpeg exited with code ${code}`);
    });
  }

  stop(): void {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined) {
      return;
    }
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      child.kill('SIGKILL');
    }
    child.stdout.destroy();
    child.stderr.destroy();
  }
}
