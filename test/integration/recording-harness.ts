// The harness of the recording tests: recording on a virtual clock (time moves only when the test says, and
// only as fast as the encoder takes the media, so nothing is dropped and the result is exact), and reading
// recordings back with ffprobe and ffmpeg (streams, frame counts, duration, decoded audio and pictures).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach } from 'node:test';

import type { MediaStream } from '../../src/index.js';
import { findFfmpeg } from '../../src/sources/file/ffmpeg-location.js';
import type { VirtualClock } from '../../src/testing.js';
import { fakeCapture } from './media-helpers.js';

const tools = findFfmpeg();
/** ffmpeg and ffprobe as found; undefined without them (the tests that need them are skipped). */
export const ffmpegPath = tools?.ffmpeg;
export const ffprobePath = tools?.ffprobe;
/** A skip reason when ffmpeg or ffprobe is missing. */
export const noFfprobe = ffprobePath === undefined ? 'ffprobe is not installed' : false;

/** A temporary folder for the recordings of a test file, removed after its tests. */
export function recordingDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

/** Streams a test file opens; each test's are stopped after it. */
export function streamsStoppedAfterEach(): MediaStream[] {
  const streams: MediaStream[] = [];
  afterEach(() => {
    for (const stream of streams.splice(0)) {
      for (const track of stream.getTracks()) {
        track.stop();
      }
    }
  });
  return streams;
}

/** A stream of the fake devices at 30 fps on a VirtualClock, added to `streams`, and its clock. */
export async function captureOnVirtualClock(
  streams: MediaStream[],
  constraints: { audio?: boolean; video?: { width: number; height: number } },
): Promise<{ stream: MediaStream; clock: VirtualClock }> {
  const { clock, md } = fakeCapture(30);
  const stream = await md.getUserMedia(constraints);
  streams.push(stream);
  return { stream, clock };
}

/** How far the encoder lags; 0 when it has taken everything queued. */
export type BacklogOf = () => number;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Advances `clock` by `ms` in 100 ms steps, waiting after each until the encoder has taken all but 100 ms
 * of what was queued (well under the 0.5 s at which frames are dropped; ffmpeg holds back reading one
 * input while it interleaves the other), so that a recording on a virtual clock drops nothing whatever
 * the machine's load.
 */
export async function advanceRecording(clock: VirtualClock, ms: number, backlog: BacklogOf): Promise<void> {
  for (let done = 0; done < ms; done += 100) {
    clock.advanceMs(Math.min(100, ms - done));
    while (backlog() > 100) {
      await sleep(2);
    }
    await sleep(0);
  }
}

/** A stream as ffprobe sees it. */
export interface ProbedStream {
  readonly codec: string;
  readonly width: number | undefined;
  readonly height: number | undefined;
  /** Frames (video) or packets (audio) counted by reading the stream. */
  readonly frames: number;
  /** The end of its last packet, in seconds. */
  readonly endS: number;
}

/** What ffprobe says about a file. */
export interface Probed {
  readonly formatName: string;
  /** The container's duration, undefined when it has none (live WebM). */
  readonly durationS: number | undefined;
  readonly streams: readonly ProbedStream[];
}

/** Probes `path` with ffprobe: container, duration, and each stream's codec, size, frame count and end. */
export function probe(path: string): Probed {
  const run = (args: string[]): unknown =>
    JSON.parse(execFileSync(ffprobePath as string, ['-v', 'error', '-of', 'json', ...args, path], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const info = run(['-count_frames', '-show_streams', '-show_format']) as {
    streams: { index: number; codec_name: string; width?: number; height?: number; nb_read_frames?: string }[];
    format: { format_name: string; duration?: string };
  };
  const packets = run(['-show_entries', 'packet=stream_index,pts_time,duration_time']) as {
    packets: { stream_index: number; pts_time?: string; duration_time?: string }[];
  };
  const ends = new Map<number, number>();
  for (const packet of packets.packets) {
    const end = Number(packet.pts_time ?? 0) + Number(packet.duration_time ?? 0);
    ends.set(packet.stream_index, Math.max(ends.get(packet.stream_index) ?? 0, end));
  }
  return {
    formatName: info.format.format_name,
    durationS: info.format.duration === undefined ? undefined : Number(info.format.duration),
    streams: info.streams.map((stream) => ({
      codec: stream.codec_name,
      width: stream.width,
      height: stream.height,
      frames: Number(stream.nb_read_frames ?? 0),
      endS: ends.get(stream.index) ?? 0,
    })),
  };
}

/** The first audio stream of `path` decoded to mono f32 at `sampleRate`. */
export function decodeAudio(path: string, sampleRate = 48_000): Float32Array {
  const bytes = execFileSync(ffmpegPath as string, ['-v', 'error', '-i', path, '-map', '0:a:0', '-ac', '1', '-ar', `${sampleRate}`, '-f', 'f32le', '-'], {
    maxBuffer: 256 << 20,
  });
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** The first video stream of `path` decoded to packed I420 frames of width x height, in presentation order. */
export function decodeVideo(path: string, width: number, height: number): Uint8Array[] {
  const bytes = execFileSync(ffmpegPath as string, ['-v', 'error', '-i', path, '-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
    maxBuffer: 512 << 20,
  });
  const frameBytes = (width * height * 3) / 2;
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + frameBytes <= bytes.byteLength; offset += frameBytes) {
    frames.push(new Uint8Array(bytes.buffer, bytes.byteOffset + offset, frameBytes));
  }
  return frames;
}

/** The presentation times of the first video stream's frames, in seconds. */
export function videoFrameTimes(path: string): number[] {
  const output = JSON.parse(
    execFileSync(ffprobePath as string, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'json', path], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }),
  ) as { frames: { pts_time: string }[] };
  return output.frames.map((frame) => Number(frame.pts_time));
}

/** The top-level MP4 box types of `bytes` in order (ftyp, moov, mdat…). */
export function mp4Boxes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: string[] = [];
  for (let offset = 0; offset + 8 <= bytes.byteLength; ) {
    let size = view.getUint32(offset);
    boxes.push(new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8)));
    if (size === 1) {
      size = Number(view.getBigUint64(offset + 8));
    }
    if (size < 8) {
      break;
    }
    offset += size;
  }
  return boxes;
}
