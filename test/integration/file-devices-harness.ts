// The harness of the file-backed device tests: fixtures written at test time into a temporary directory
// (with the package's own encoders, and ffmpeg for compressed files), capture on a virtual clock, reading
// through MediaStreamTrackProcessor, and the ffmpeg children of this process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  createMediaDevices,
  MediaStreamTrackProcessor,
  type AudioData,
  type MediaDevices,
  type MediaDevicesOptions,
  type MediaStreamTrack,
  type VideoFrame,
} from '../../src/index.js';
import { controlDevices, openFrameCounts, VirtualClock, type DeviceControl } from '../../src/testing.js';
import { encodeWav } from '../../src/sources/file/wav.js';
import { encodeY4M } from '../../src/sources/file/y4m.js';
import { childProcesses, processExists, waitFor } from '../helpers/processes.js';
export { waitFor };
export { processExists } from '../helpers/processes.js';

/** A directory for this test file's fixtures; `remove()` deletes it. */
export class FixtureDirectory {
  readonly path = mkdtempSync(path.join(tmpdir(), 'mediacapture-file-devices-'));

  /** The path of `name` inside the directory. */
  file(name: string): string {
    return path.join(this.path, name);
  }

  /** Writes `bytes` as `name`; returns its path. */
  write(name: string, bytes: Uint8Array): string {
    writeFileSync(this.file(name), bytes);
    return this.file(name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** A Y4M clip: its frames (packed I420) and the file's bytes. */
export interface Clip {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  readonly frames: Uint8Array[];
  readonly bytes: Uint8Array;
}

/** A clip of `count` frames that all differ (a ramp sliding with the frame index, chroma tinted by `seed`). */
export function makeClip(width: number, height: number, rate: [number, number], count: number, seed = 0): Clip {
  const chroma = Math.ceil(width / 2) * Math.ceil(height / 2);
  const frames = Array.from({ length: count }, (_, index) => {
    const frame = new Uint8Array(width * height + 2 * chroma);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        frame[y * width + x] = 16 + ((x * 3 + y * 2 + index * 23 + seed * 7) % 220);
      }
    }
    for (let i = 0; i < chroma; i++) {
      frame[width * height + i] = 64 + ((i + index * 11 + seed) % 128);
      frame[width * height + chroma + i] = 64 + ((i * 3 + index * 5 + seed) % 128);
    }
    return frame;
  });
  const bytes = encodeY4M(width, height, rate[0], rate[1], frames);
  return { width, height, frameRate: rate[0] / rate[1], frames, bytes };
}

/** `frames` sample frames of sines at `rate`, one plane per frequency, amplitude 0.6. */
export function sines(rate: number, frames: number, frequencies: readonly number[]): Float32Array[] {
  return frequencies.map((frequency) =>
    Float32Array.from({ length: frames }, (_, n) => 0.6 * Math.sin((2 * Math.PI * frequency * n) / rate)),
  );
}

/** Writes a WAV file of `planes`; returns its path. */
export function writeWav(
  directory: FixtureDirectory,
  name: string,
  planes: Float32Array[],
  rate: number,
  format: Parameters<typeof encodeWav>[2],
): string {
  return directory.write(name, encodeWav(planes, rate, format));
}

/** Runs ffmpeg (argument array, no shell) and fails the test with its stderr when it fails. */
export function runFfmpeg(ffmpeg: string, args: readonly string[]): void {
  const result = spawnSync(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, `ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}

/** A MediaDevices object with the fake devices on a fresh virtual clock, and its control plane. */
export interface FileCapture {
  readonly clock: VirtualClock;
  readonly md: MediaDevices;
  readonly control: DeviceControl;
}

/** Fake devices playing the given files, on a virtual clock. */
export function fileCapture(options: Pick<MediaDevicesOptions, 'videoFile' | 'audioFile'>): FileCapture {
  const clock = new VirtualClock();
  const md = createMediaDevices({ devices: 'fake', permission: 'granted', clock, ...options });
  return { clock, md, control: controlDevices(md) };
}

/** Asserts that getUserMedia() on the fake `kind` devices playing `file` rejects with NotReadableError saying why. */
export async function rejectsUnreadable(kind: 'audio' | 'video', file: string, reason: string): Promise<void> {
  const { md } = fileCapture(kind === 'video' ? { videoFile: file } : { audioFile: file });
  const escaped = `${path.basename(file)}: ${reason}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await assert.rejects(md.getUserMedia({ [kind]: true }), { name: 'NotReadableError', message: new RegExp(escaped) });
}

/** The first track of a getUserMedia() call; the stream's other tracks are stopped. */
export async function captureTrack(md: MediaDevices, kind: 'audio' | 'video'): Promise<MediaStreamTrack> {
  const stream = await md.getUserMedia({ [kind]: true });
  const [track, ...others] = stream.getTracks();
  for (const other of others) {
    other.stop();
  }
  assert.ok(track !== undefined);
  return track;
}

/** A reader of a track's frames with room for 100 of them. */
export function readerOf(track: MediaStreamTrack): ReadableStreamDefaultReader<VideoFrame | AudioData> {
  return new MediaStreamTrackProcessor({ track, maxBufferSize: 100 }).readable.getReader();
}

/** Reads a frame that is queued (or about to be); fails when the stream is done. */
export async function readFrame<T extends VideoFrame | AudioData>(reader: ReadableStreamDefaultReader<VideoFrame | AudioData>): Promise<T> {
  const result = await reader.read();
  assert.ok(!result.done, 'the stream ended where a frame was expected');
  return result.value as T;
}

/** Starts a read, moves the clock to `timeUs`, and returns what the read gives (a frame, or done). */
export async function readAt(
  reader: ReadableStreamDefaultReader<VideoFrame | AudioData>,
  clock: VirtualClock,
  timeUs: number,
): Promise<Awaited<ReturnType<ReadableStreamDefaultReader<VideoFrame | AudioData>['read']>>> {
  const read = reader.read();
  clock.advanceTo(Math.max(clock.nowUs(), timeUs));
  return read;
}

/** The packed I420 bytes of a frame. */
export async function pixels(frame: VideoFrame): Promise<Uint8Array> {
  const bytes = new Uint8Array(frame.allocationSize());
  await frame.copyTo(bytes);
  return bytes;
}

/** The f32 samples of each channel of a chunk. */
export function samples(chunk: AudioData): Float32Array[] {
  return Array.from({ length: chunk.numberOfChannels }, (_, planeIndex) => {
    const plane = new Float32Array(chunk.numberOfFrames);
    chunk.copyTo(plane, { planeIndex, format: 'f32-planar' });
    return plane;
  });
}

/** Fails unless no VideoFrame or AudioData is left open. */
export function assertNoOpenFrames(): void {
  assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
}

/** Process ids of this process's ffmpeg children (Linux /proc; empty elsewhere). */
export function ffmpegChildren(): number[] {
  return childProcesses()
    .filter(({ command }) => command === 'ffmpeg')
    .map(({ pid }) => pid);
}

/** Waits (up to 5 s) for a killed child to be reaped; fails if it is still there. */
export async function waitUntilGone(pid: number): Promise<void> {
  for (let attempt = 0; attempt < 500 && processExists(pid); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(processExists(pid), false, `ffmpeg child ${pid} is still running`);
}

/** Resolves when `track` fires ended. */
export function endedEvent(track: MediaStreamTrack): Promise<Event> {
  return new Promise((resolve) => track.addEventListener('ended', resolve, { once: true }));
}
