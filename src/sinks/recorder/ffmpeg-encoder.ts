/**
 * The encoder of one recording: an ffmpeg child process that takes raw I420 video at a constant frame rate
 * on stdin and f32le interleaved audio on fd 3, encodes (VP8 or VP9 realtime, H.264 ultrafast, Opus, AAC)
 * and streams the container (WebM, Matroska, Ogg, fragmented MP4) on stdout, or writes it to a file.
 *
 * Spawned with an argument array (never a shell). On stdout the container is written as a live stream
 * (WebM and Matroska without cues, MP4 as an empty moov then a fragment at least every second, nothing
 * seeks back, a packet flushed as soon as it is muxed), so the bytes can be handed out while recording and
 * their concatenation is one valid file. To a file, ffmpeg finalizes it on exit (duration and cues; MP4
 * not fragmented, its moov moved to the front). The input queues are bounded: when ffmpeg falls behind,
 * frames are dropped and counted. The child dies with the recording and with Node: finish() closes its
 * inputs and waits for it to flush and exit (killing it if it takes too long), kill() ends it at once, and
 * a child whose stdin closes (Node died) ends too.
 *
 * @module
 */

import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { RecordingCodec, RecordingContainer } from './recording-formats.js';
import type { EncoderCallbacks, EncoderCounters, EncoderOutput, RecordingEncoder } from './recording-encoder.js';
import { hostClearTimeout, hostSetTimeout } from '../../media/host-timers.js';

/** The video input and its encoding. */
export interface EncoderVideoConfig {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  readonly codec: RecordingCodec;
  readonly bitsPerSecond: number;
  /** Frames between key frames; undefined: the encoder decides. */
  readonly keyFrameInterval: number | undefined;
}

/** The audio input and its encoding. */
export interface EncoderAudioConfig {
  readonly sampleRate: number;
  readonly channels: number;
  readonly codec: RecordingCodec;
  readonly bitsPerSecond: number;
  readonly bitrateMode: 'constant' | 'variable';
}

/** What to encode and with which ffmpeg. */
export interface EncoderConfig {
  readonly ffmpeg: string;
  readonly container: RecordingContainer;
  /** The H.264 level (level_idc) to encode, when the video is H.264. */
  readonly h264Level?: number | undefined;
  readonly video: EncoderVideoConfig | undefined;
  readonly audio: EncoderAudioConfig | undefined;
  readonly output: EncoderOutput;
}

/**
 * Seconds of video buffered towards the child above which new frames are dropped (enough for ffmpeg's
 * start, bounded memory: 15 frames of 720p30 are 21 MB). A dropped frame's slot gets the last frame again
 * (the same buffer: no memory, and cheap to encode), so the video keeps its timing against the audio.
 */
const VIDEO_BACKLOG_SECONDS = 0.5;
/** Beyond this many times the backlog, a dropped frame's slot is lost too (the video then runs early). */
const VIDEO_REPEAT_LIMIT = 4;
/**
 * Seconds of audio buffered towards the child above which audio chunks are dropped: ffmpeg reads audio
 * only as far as it has video to interleave with, so audio waits while the video encoder lags.
 */
const AUDIO_BACKLOG_SECONDS = 3;
/** How long the child may take to flush and exit after its inputs close. */
const FINISH_TIMEOUT_MS = 10_000;
const STDERR_CHARS = 2048;
/** libvpx, libx264, libopus and aac accept these bitrates. */
const VIDEO_BITRATE_RANGE = [10_000, 100_000_000] as const;
const AUDIO_BITRATE_RANGE = [6_000, 510_000] as const;

function clamp(value: number, [min, max]: readonly [number, number]): number {
  return Math.round(Math.min(max, Math.max(min, value)));
}

/** The encoder arguments of a video codec (realtime settings). */
function videoCodecArguments(codec: RecordingCodec, h264Level: number | undefined): string[] {
  switch (codec) {
    case 'vp9':
      // No look-ahead (libvpx holds 25 frames by default): frames come out as they go in, as in Chromium.
      return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-lag-in-frames', '0'];
    case 'h264':
      // Constrained Baseline at the level the negotiated MIME type names (avc1.42c0LL).
      return ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline',
        ...(h264Level === undefined ? [] : ['-level:v', `${h264Level / 10}`])];
    default:
      return ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-lag-in-frames', '0'];
  }
}

/** The muxer arguments of a container, written as a live stream or as a file finalized at the end. */
function muxerArguments(container: RecordingContainer, output: EncoderOutput): string[] {
  const live = output.kind === 'stream';
  switch (container) {
    case 'audio/ogg':
      return ['-f', 'ogg'];
    case 'video/mp4':
    case 'audio/mp4':
      // Live: a fragment at each video key frame and at least every second (audio alone has no key frames).
      return live
        ? ['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '1000000', '-f', 'mp4']
        : ['-movflags', '+faststart', '-f', 'mp4'];
    case 'video/x-matroska':
      return ['-f', 'matroska', ...(live ? ['-live', '1'] : []), '-cluster_time_limit', '1000'];
    default:
      return ['-f', 'webm', ...(live ? ['-live', '1'] : []), '-cluster_time_limit', '1000'];
  }
}

/** The ffmpeg arguments for a config. */
export function encoderArguments(config: EncoderConfig): string[] {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error'];
  const { video, audio } = config;
  const maps: string[] = [];
  if (video !== undefined) {
    // Raw inputs need no probing; probing waits for data on every input in turn.
    args.push('-probesize', '32', '-analyzeduration', '0');
    args.push('-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${video.width}x${video.height}`);
    args.push('-framerate', `${video.frameRate}`, '-i', 'pipe:0');
    maps.push('-map', `${maps.length / 2}:v:0`);
  }
  if (audio !== undefined) {
    args.push('-probesize', '32', '-analyzeduration', '0');
    args.push('-f', 'f32le', '-ar', `${audio.sampleRate}`, '-ac', `${audio.channels}`, '-i', 'pipe:3');
    maps.push('-map', `${maps.length / 2}:a:0`);
  }
  args.push(...maps);
  if (video !== undefined) {
    args.push(...videoCodecArguments(video.codec, config.h264Level));
    args.push('-b:v', `${clamp(video.bitsPerSecond, VIDEO_BITRATE_RANGE)}`);
    if (video.keyFrameInterval !== undefined) {
      args.push('-g', `${Math.max(1, Math.round(video.keyFrameInterval))}`);
    }
  }
  if (audio !== undefined) {
    args.push('-c:a', audio.codec === 'aac' ? 'aac' : 'libopus', '-b:a', `${clamp(audio.bitsPerSecond, AUDIO_BITRATE_RANGE)}`);
    if (audio.codec === 'opus') {
      args.push('-vbr', audio.bitrateMode === 'constant' ? 'off' : 'on');
    }
  }
  const target = config.output.kind === 'stream' ? 'pipe:1' : `file:${config.output.path}`;
  args.push(...muxerArguments(config.container, config.output), '-flush_packets', '1', '-y', target);
  return args;
}

/** One ffmpeg child encoding one recording. */
export class FfmpegEncoder implements RecordingEncoder {
  readonly #child: ChildProcess;
  readonly #callbacks: EncoderCallbacks;
  readonly #videoInput: Writable | undefined;
  readonly #audioInput: Writable | undefined;
  readonly #videoBacklogBytes: number;
  readonly #audioBacklogBytes: number;
  readonly #exited: Promise<void>;
  #stderr = '';
  #finishing = false;
  #killed = false;
  #droppedVideo = 0;
  #droppedAudio = 0;
  #videoFrames = 0;
  #lastVideoFrame: Uint8Array | undefined;

  /** Starts the child at once. */
  constructor(config: EncoderConfig, callbacks: EncoderCallbacks) {
    this.#callbacks = callbacks;
    const { video, audio } = config;
    this.#videoBacklogBytes = video === undefined ? 0 : Math.ceil(VIDEO_BACKLOG_SECONDS * video.frameRate) * video.width * video.height * 1.5;
    this.#audioBacklogBytes = audio === undefined ? 0 : AUDIO_BACKLOG_SECONDS * audio.sampleRate * audio.channels * 4;
    const stdio = [video === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', audio === undefined ? 'ignore' : 'pipe'] as const;
    // Its own process group (POSIX): a terminal's Ctrl-C goes to the foreground group, and ffmpeg would
    // finalize and exit on it by itself (status 255) while the recording is still deciding when to stop.
    const detached = process.platform !== 'win32';
    const child = spawn(config.ffmpeg, encoderArguments(config), { stdio: [...stdio], windowsHide: true, detached });
    this.#child = child;
    this.#videoInput = video === undefined ? undefined : (child.stdio[0] as Writable);
    this.#audioInput = audio === undefined ? undefined : (child.stdio[3] as Writable);
    // A closed pipe (the child died) is reported through the exit status; writes then just fail.
    this.#videoInput?.on('error', () => {});
    this.#audioInput?.on('error', () => {});
    child.stdout?.on('data', (chunk: Uint8Array) => callbacks.data(chunk));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-STDERR_CHARS);
    });
    this.#exited = new Promise((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        // Only a failed spawn ends without 'close'.
        if (child.pid === undefined) {
          this.#fail(`cannot run ${config.ffmpeg} (${error.code ?? error.message})`);
          resolve();
        }
      });
      // 'close' comes after stdout has ended, so every byte has been reported.
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.#killed) {
          resolve();
          return;
        }
        if (!this.#finishing || code !== 0) {
          const status = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with status ${code}`;
          const detail = this.#stderr.trim().split('\n').slice(-3).join(' / ');
          this.#fail(`the encoder (ffmpeg) ${status}${detail === '' ? '' : `: ${detail}`}`);
        }
        resolve();
      });
    });
  }

  /** The counters of what was written and dropped. */
  get counters(): EncoderCounters {
    const videoMs = this.#videoInput === undefined ? 0 : (this.#videoInput.writableLength / this.#videoBacklogBytes) * VIDEO_BACKLOG_SECONDS * 1000;
    const audioMs = this.#audioInput === undefined ? 0 : (this.#audioInput.writableLength / this.#audioBacklogBytes) * AUDIO_BACKLOG_SECONDS * 1000;
    return {
      videoFrames: this.#videoFrames,
      droppedVideoFrames: this.#droppedVideo,
      droppedAudioChunks: this.#droppedAudio,
      encoderBacklogMs: Math.max(videoMs, audioMs),
    };
  }


  /**
   * Writes one packed I420 frame (the next constant-rate slot). When the encoder is behind, the frame is
   * dropped and its slot repeats the last frame written (or, far behind, is lost too).
   */
  writeVideo(frame: Uint8Array): void {
    const input = this.#videoInput;
    if (this.#write(input, frame, this.#videoBacklogBytes, 'video')) {
      this.#videoFrames++;
      this.#lastVideoFrame = frame;
    } else if (input !== undefined && !input.destroyed && !this.#finishing && !this.#killed && this.#lastVideoFrame !== undefined) {
      if (input.writableLength <= this.#videoBacklogBytes * VIDEO_REPEAT_LIMIT) {
        input.write(this.#lastVideoFrame);
      }
    }
  }

  /** Writes f32 interleaved samples; dropped when the encoder is a second behind. */
  writeAudio(samples: Float32Array): void {
    // f32le: typed arrays use the platform's byte order, little-endian on every platform Node supports.
    this.#write(this.#audioInput, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), this.#audioBacklogBytes, 'audio');
  }

  /** Pauses reading ffmpeg's output: ffmpeg blocks, its input queues fill, and frames are dropped. */
  pauseOutput(): void {
    (this.#child.stdout as Readable | null)?.pause();
  }

  resumeOutput(): void {
    (this.#child.stdout as Readable | null)?.resume();
  }

  /**
   * Closes the inputs and resolves once the child has encoded the rest and exited (every byte reported);
   * a child that takes more than 10 s is killed. A failure is reported through `failed`.
   */
  async finish(): Promise<void> {
    if (!this.#finishing && !this.#killed) {
      this.#finishing = true;
      this.#videoInput?.end();
      this.#audioInput?.end();
      const timer = hostSetTimeout(() => this.#child.kill('SIGKILL'), FINISH_TIMEOUT_MS);
      timer.unref();
      void this.#exited.then(() => hostClearTimeout(timer));
    }
    await this.#exited;
  }

  /** Kills the child at once (SIGKILL): nothing more is reported. Resolves once it has exited. */
  async kill(): Promise<void> {
    if (!this.#killed) {
      this.#killed = true;
      if (this.#child.exitCode === null && this.#child.signalCode === null && this.#child.pid !== undefined) {
        this.#child.kill('SIGKILL');
      }
      this.#videoInput?.destroy();
      this.#audioInput?.destroy();
    }
    await this.#exited;
  }

  /** Queues `bytes` towards the child unless its queue is over `backlog` bytes; whether it was queued. */
  #write(input: Writable | undefined, bytes: Uint8Array, backlog: number, kind: 'video' | 'audio'): boolean {
    if (input === undefined || this.#finishing || this.#killed || input.destroyed) {
      return false;
    }
    if (input.writableLength > backlog) {
      if (kind === 'video') {
        this.#droppedVideo++;
      } else {
        this.#droppedAudio++;
      }
      return false;
    }
    input.write(bytes);
    return true;
  }

  #fail(reason: string): void {
    if (!this.#killed) {
      this.#killed = true;
      this.#callbacks.failed(reason);
    }
  }
}
