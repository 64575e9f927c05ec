/**
 * Media files as fake devices: which reader a file needs (Y4M and WAV are parsed here, anything else goes
 * to ffmpeg), what it holds before capture (a synchronous look at the header, then a full load), and the
 * producer that plays it.
 *
 * A file is a Y4M when it starts with `YUV4MPEG2` or is named `*.y4m`, a WAV when it starts with
 * `RIFF…WAVE` or is named `*.wav`; the name alone sends a damaged file to our parser, whose errors say
 * what is wrong, rather than to ffmpeg.
 *
 * @module
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ProducerFactory } from '../capture-source.js';
import { ffmpegAudioProducer, ffmpegVideoProducer, loadFfmpegAudio, loadFfmpegVideo, type FfmpegAudioMedia, type FfmpegVideoMedia } from './ffmpeg-producer.js';
import { fileSystemError, MediaFileError } from './file-errors.js';
import type { AudioFileFormat } from './paced-audio-producer.js';
import type { VideoFileFormat } from './paced-video-producer.js';
import { parseWav } from './wav.js';
import { loadWav, wavProducer, type WavMedia } from './wav-producer.js';
import { parseY4MHeader } from './y4m.js';
import { MAX_FRAME_HEADER, MAX_STREAM_HEADER, SIGNATURE } from './y4m-syntax.js';
import { loadY4M, y4mProducer, Y4M_MEMORY_LIMIT_BYTES, type Y4MMedia } from './y4m-producer.js';

/** A video file ready to play, and the mode it plays at. */
export type VideoFileMedia =
  | { readonly type: 'y4m'; readonly format: VideoFileFormat; readonly y4m: Y4MMedia }
  | { readonly type: 'ffmpeg'; readonly format: VideoFileFormat; readonly ffmpeg: FfmpegVideoMedia };

/** What a microphone file gives: its rate and channels, and bits per sample as `sampleSize` reports them. */
export interface AudioFileInfo extends AudioFileFormat {
  readonly sampleSize: number;
}

/** An audio file ready to play, and its format. */
export type AudioFileMedia =
  | { readonly type: 'wav'; readonly format: AudioFileInfo; readonly wav: WavMedia }
  | { readonly type: 'ffmpeg'; readonly format: AudioFileInfo; readonly ffmpeg: FfmpegAudioMedia };

/** How loading reads files. */
export interface FileLoadOptions {
  /** Y4M files smaller than this are read whole; larger ones are streamed. Default 64 MiB. */
  readonly memoryLimitBytes?: number;
  /** Where findFfmpeg looks (MEDIACAPTURE_FFMPEG, MEDIACAPTURE_FFPROBE, PATH). Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What ffmpeg-decoded audio reports as sampleSize: the file's own is not known; Chromium reports 16. */
const DECODED_SAMPLE_SIZE = 16;
/** Bytes read synchronously for a header: a whole Y4M stream header and first FRAME line, or a WAV header. */
const HEADER_BYTES = MAX_STREAM_HEADER + MAX_FRAME_HEADER;

/**
 * The format of a Y4M or WAV file read synchronously from its header, for the capture model before the
 * file is loaded; undefined for files only ffmpeg reads and for any problem (loading reports it).
 */
export function inspectFileSync(path: string, kind: 'video'): VideoFileFormat | undefined;
export function inspectFileSync(path: string, kind: 'audio'): AudioFileInfo | undefined;
export function inspectFileSync(path: string, kind: 'video' | 'audio'): VideoFileFormat | AudioFileInfo | undefined {
  try {
    const { head, size } = readHeadSync(path);
    if (kind === 'video') {
      if (!isY4M(path, head)) {
        return undefined;
      }
      const { width, height, frameRate } = parseY4MHeader(head, size, path);
      return { width, height, frameRate };
    }
    if (!isWav(path, head)) {
      return undefined;
    }
    const info = parseWav(head, path, size);
    return { sampleRate: info.sampleRate, channels: info.channels, sampleSize: info.bitsPerSample };
  } catch {
    return undefined;
  }
}

/**
 * Loads a camera file: Y4M read whole or checked for streaming, anything else probed with ffprobe.
 *
 * @throws MediaFileError saying what is wrong (missing file, malformed or truncated Y4M, no ffmpeg, …).
 */
export async function loadVideoFile(path: string, options: FileLoadOptions = {}): Promise<VideoFileMedia> {
  const { head, size } = await readHead(path);
  if (isY4M(path, head)) {
    const y4m = await loadY4M(path, size, options.memoryLimitBytes ?? Y4M_MEMORY_LIMIT_BYTES);
    const { width, height, frameRate } = y4m.info;
    return { type: 'y4m', format: { width, height, frameRate }, y4m };
  }
  const ffmpeg = await loadFfmpegVideo(path, options.env);
  return { type: 'ffmpeg', format: ffmpeg.format, ffmpeg };
}

/**
 * Loads a microphone file: WAV read whole and decoded, anything else probed with ffprobe. A file that does
 * not `loop` ends its tracks after its last sample.
 *
 * @throws MediaFileError saying what is wrong.
 */
export async function loadAudioFile(path: string, loop: boolean, options: FileLoadOptions = {}): Promise<AudioFileMedia> {
  const { head } = await readHead(path);
  if (isWav(path, head)) {
    const wav = await loadWav(path, loop);
    const { sampleRate, channels, bitsPerSample } = wav.info;
    return { type: 'wav', format: { sampleRate, channels, sampleSize: bitsPerSample }, wav };
  }
  const ffmpeg = await loadFfmpegAudio(path, loop, options.env);
  const format = { sampleRate: ffmpeg.sampleRate, channels: ffmpeg.channels, sampleSize: DECODED_SAMPLE_SIZE };
  return { type: 'ffmpeg', format, ffmpeg };
}

/** Makes producers playing a camera file. */
export function videoFileProducer(media: VideoFileMedia): ProducerFactory {
  return media.type === 'y4m' ? y4mProducer(media.y4m) : ffmpegVideoProducer(media.ffmpeg);
}

/** Makes producers playing a microphone file. */
export function audioFileProducer(media: AudioFileMedia): ProducerFactory {
  return media.type === 'wav' ? wavProducer(media.wav) : ffmpegAudioProducer(media.ffmpeg);
}

function isY4M(path: string, head: Uint8Array): boolean {
  return extname(path).toLowerCase() === '.y4m' || startsWith(head, 0, SIGNATURE);
}

function isWav(path: string, head: Uint8Array): boolean {
  return extname(path).toLowerCase() === '.wav' || (startsWith(head, 0, 'RIFF') && startsWith(head, 8, 'WAVE'));
}

function startsWith(bytes: Uint8Array, offset: number, text: string): boolean {
  return bytes.length >= offset + text.length && [...text].every((character, index) => bytes[offset + index] === character.charCodeAt(0));
}

/** The first bytes of a regular file and its size, synchronously. */
function readHeadSync(path: string): { head: Uint8Array; size: number } {
  const descriptor = openSync(path, 'r');
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) {
      throw new MediaFileError(path, 'is not a regular file');
    }
    const head = new Uint8Array(Math.min(stats.size, HEADER_BYTES));
    let filled = 0;
    while (filled < head.length) {
      const read = readSync(descriptor, head, filled, head.length - filled, filled);
      if (read === 0) {
        break;
      }
      filled += read;
    }
    return { head: head.subarray(0, filled), size: stats.size };
  } finally {
    closeSync(descriptor);
  }
}

/** The first bytes of a regular file and its size. */
async function readHead(path: string): Promise<{ head: Uint8Array; size: number }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new MediaFileError(path, 'is not a regular file');
    }
    const head = new Uint8Array(Math.min(stats.size, HEADER_BYTES));
    let filled = 0;
    while (filled < head.length) {
      const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
      if (bytesRead === 0) {
        break;
      }
      filled += bytesRead;
    }
    return { head: head.subarray(0, filled), size: stats.size };
  } catch (error) {
    throw fileSystemError(path, error);
  } finally {
    await handle?.close();
  }
}
