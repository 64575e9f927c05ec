/**
 * `mediacapture view [--constraints JSON] [--duration S]`: a live preview of a camera in the terminal. The
 * track itself is asked for a size close to the terminal's (the source crops and scales), frames are read
 * with MediaStreamTrackProcessor, copied as RGBA and drawn with half blocks. q, Ctrl-C or the duration ends it.
 *
 * @module
 */

import { MediaStreamTrackProcessor, type MediaDevices, type MediaStream, type MediaStreamConstraints, type MediaStreamTrack, type VideoFrame } from 'mediacapture';
import { captureError, usageError } from './cli-error.js';
import { drawPicture, fitPicture } from './terminal-picture.js';
import { formatSettings } from './text-format.js';

/** What `view` was asked to do. */
export interface ViewRequest {
  readonly constraints: MediaStreamConstraints | undefined;
  readonly constraintsText: string | undefined;
  readonly usingFake: boolean;
  /** Seconds to show, or undefined for until q or Ctrl-C. */
  readonly durationS: number | undefined;
}

/** The most pictures drawn per second: more only costs the terminal. */
const MAX_DRAWS_PER_SECOND = 15;
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[0m\x1b[?25h\x1b[?1049l';

/** Shows the camera until q, Ctrl-C, the duration or the track's end; resolves with a summary line. */
export async function runView(mediaDevices: MediaDevices, request: ViewRequest, output: NodeJS.WriteStream, input: NodeJS.ReadStream): Promise<string> {
  if (output.isTTY !== true) {
    throw usageError('view draws in a terminal: run it with its output on a terminal');
  }
  const rows = Math.max(2, output.rows - 1);
  const cells = fitPicture(4 / 3, output.columns, rows);
  const requested = request.constraints === undefined ? true : request.constraints.video;
  if (requested === undefined || requested === false) {
    throw usageError('view needs video: the constraints must request it');
  }
  // Unless the constraints say otherwise, the track comes at about the picture's size.
  const video =
    requested === true || (requested.width === undefined && requested.height === undefined)
      ? { ...(requested === true ? {} : requested), width: { ideal: cells.width }, height: { ideal: cells.height } }
      : requested;
  let stream: MediaStream;
  try {
    stream = await mediaDevices.getUserMedia({ video });
  } catch (error) {
    throw captureError(error, request.constraintsText, request.usingFake);
  }
  const track = stream.getVideoTracks()[0] as MediaStreamTrack;
  const reader = new MediaStreamTrackProcessor({ track }).readable.getReader() as ReadableStreamDefaultReader<VideoFrame>;
  const started = performance.now();
  let drawn = 0;
  let stop = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const onKey = (data: Buffer): void => {
    // q, Q, Ctrl-C (raw mode delivers it as a byte, not SIGINT) or Escape.
    if ([0x71, 0x51, 0x03, 0x1b].includes(data[0] ?? 0)) {
      stop();
    }
  };
  const timer = request.durationS === undefined ? undefined : setTimeout(stop, request.durationS * 1000);
  process.on('SIGINT', stop);
  if (input.isTTY === true) {
    input.setRawMode(true);
    input.on('data', onKey);
    input.resume();
  }
  output.write(ENTER);
  let drawing: Promise<void> | undefined;
  try {
    drawing = (async () => {
      let lastDraw = -Infinity;
      for (;;) {
        const { value: frame, done } = await reader.read();
        if (done) {
          return;
        }
        try {
          if (performance.now() - lastDraw < 1000 / MAX_DRAWS_PER_SECOND) {
            continue;
          }
          lastDraw = performance.now();
          const rgba = new Uint8Array(frame.allocationSize({ format: 'RGBA' }));
          await frame.copyTo(rgba, { format: 'RGBA' });
          const size = fitPicture(frame.displayWidth / frame.displayHeight, output.columns, Math.max(1, output.rows - 1));
          const lines = drawPicture({ width: frame.displayWidth, height: frame.displayHeight, rgba }, size);
          const status = `${track.label}: ${formatSettings(track.getSettings())}  (q to quit)`;
          output.write(`\x1b[H${lines.join('\r\n')}\r\n\x1b[2K${status.slice(0, output.columns - 1)}`);
          drawn++;
        } finally {
          frame.close();
        }
      }
    })();
    await Promise.race([stopped, drawing]);
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', stop);
    if (input.isTTY === true) {
      input.off('data', onKey);
      input.setRawMode(false);
      input.pause();
    }
    track.stop();
    await reader.cancel().catch(() => undefined);
    // A picture being drawn finishes before the terminal is given back.
    await drawing?.catch(() => undefined);
    output.write(LEAVE);
  }
  return `viewed ${track.label} for ${((performance.now() - started) / 1000).toFixed(1)} s (${drawn} pictures drawn)`;
}
