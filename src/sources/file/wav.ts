/**
 * WAVE (.wav) files as a fake microphone, as Chromium's `--use-file-for-fake-audio-capture` reads them.
 *
 * A RIFF file (`RIFF`, size, `WAVE`) of chunks, each a four-character id, a little-endian 32-bit size and
 * that many bytes plus a pad byte when the size is odd. `fmt ` describes the samples (WAVEFORMATEX, or
 * WAVEFORMATEXTENSIBLE whose SubFormat GUID carries the format tag in its first two bytes); `data` holds
 * interleaved little-endian samples, one block of `blockAlign` bytes per frame. Other chunks are skipped.
 *
 * @module
 */

import { readFile } from 'node:fs/promises';
import { fileSystemError, MediaFileError } from './file-errors.js';

/** What a WAV file holds. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  /** Bits of each sample's container: 8, 16, 24 or 32 for PCM, 32 or 64 for float. */
  bitsPerSample: number;
  /** Integer PCM (8-bit unsigned, wider signed) or IEEE float. */
  sampleFormat: 'pcm' | 'float';
  /** Whole frames (one sample per channel) in the data chunk, after clamping it to the file. */
  frameCount: number;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Bytes per frame: channels × bitsPerSample / 8. */
  blockAlign: number;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2–15 of the KSDATAFORMAT_SUBTYPE_* GUIDs as stored in a file (bytes 0–1 are the format tag). */
const SUBFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
/** A data size writers use when they cannot seek back to fill it in (streamed output): "up to the end". */
const UNKNOWN_SIZE = 0xffffffff;
const SUPPORTED_BITS = { pcm: [8, 16, 24, 32], float: [32, 64] } as const;

/**
 * Parses RIFF/WAVE: fmt (PCM = 1, IEEE float = 3, WAVE_FORMAT_EXTENSIBLE with a PCM or float SubFormat),
 * 8-bit unsigned, 16/24/32-bit signed PCM, 32/64-bit float, any rate and channel count; unknown chunks are
 * skipped (with their pad bytes).
 *
 * The data chunk is clamped to the file: a truncated data chunk (a download cut short, a recorder that
 * never fixed up its sizes, a size of 0xFFFFFFFF) is accepted down to whole frames, with `frameCount`
 * reduced accordingly and a trailing partial frame ignored.
 *
 * `bytes` holds at least the header (every chunk up to the start of the samples); it may be the whole file.
 * `fileSize` is the file's length when `bytes` is only its beginning (default: `bytes.length`).
 *
 * @throws MediaFileError for a non-RIFF file, a missing fmt or data chunk, a chunk that runs past the end
 *   of the file before the samples, an unsupported encoding, or no whole frame of audio.
 */
export function parseWav(bytes: Uint8Array, path: string, fileSize: number = bytes.length): WavInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = fourCC(bytes, 0);
  if (bytes.length < 12 || kind !== 'RIFF' || fourCC(bytes, 8) !== 'WAVE') {
    const detail = kind === 'RIFX' || kind === 'RF64' ? `${kind} WAV files are not supported` : 'no RIFF/WAVE header';
    throw new MediaFileError(path, `not a usable WAV file (${detail})`);
  }
  let format: Omit<WavInfo, 'frameCount' | 'dataOffset'> | undefined;
  let data: { offset: number; size: number } | undefined;
  let offset = 12;
  while (offset + 8 <= Math.min(bytes.length, fileSize) && (format === undefined || data === undefined)) {
    const id = fourCC(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'data') {
      const available = Math.max(0, fileSize - body);
      data = { offset: body, size: size === UNKNOWN_SIZE ? available : Math.min(size, available) };
    } else if (body + size > fileSize) {
      const reason = `chunk "${printable(id)}" at byte ${offset} claims ${size} bytes, past the end of the file`;
      throw new MediaFileError(path, reason);
    } else if (id === 'fmt ') {
      if (body + size > bytes.length) {
        throw new MediaFileError(path, 'the fmt chunk lies outside the bytes given to parseWav');
      }
      format = parseFormat(new DataView(bytes.buffer, bytes.byteOffset + body, size), path);
    }
    offset = body + size + (size % 2);
  }
  if (format === undefined) {
    throw new MediaFileError(path, 'no fmt chunk (not a complete WAV header)');
  }
  if (data === undefined) {
    throw new MediaFileError(path, 'no data chunk');
  }
  const frameCount = Math.floor(data.size / format.blockAlign);
  if (frameCount === 0) {
    throw new MediaFileError(path, 'the data chunk holds no whole audio frame');
  }
  return { ...format, frameCount, dataOffset: data.offset };
}

/**
 * Reads a WAV file whole (files used as fake microphones are small) and returns its info and f32 planar
 * samples in [-1, 1]: PCM scaled by 2^(bits-1) (8-bit centred on 128 first), float clamped to [-1, 1] with
 * NaN as 0, 64-bit float rounded to 32 bits.
 *
 * @throws MediaFileError when the file is missing ("file not found"), unreadable or not a usable WAV file.
 */
export async function readWavFile(path: string): Promise<{ info: WavInfo; planes: Float32Array[] }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileSystemError(path, error);
  }
  const info = parseWav(bytes, path);
  return { info, planes: decodeSamples(bytes, info) };
}

/**
 * Encodes f32 planes (one per channel, equal lengths) as a WAV file (for fixtures and tests): format 'pcm'
 * with 8, 16, 24 or 32 bits (rounded to nearest, clamped), or 'float' with 32 or 64 bits (a fmt chunk with
 * cbSize 0 and a fact chunk, as the format asks of non-PCM data).
 *
 * @throws RangeError for no planes, planes of unequal length, a bad rate or an unsupported format.
 */
export function encodeWav(
  planes: readonly Float32Array[],
  sampleRate: number,
  format: { sampleFormat: 'pcm' | 'float'; bitsPerSample: 8 | 16 | 24 | 32 | 64 },
): Uint8Array {
  const { sampleFormat, bitsPerSample } = format;
  const channels = planes.length;
  const frameCount = planes[0]?.length ?? 0;
  if (channels === 0 || channels > 0xffff || planes.some((plane) => plane.length !== frameCount)) {
    throw new RangeError('encodeWav: give 1 to 65535 planes of equal length');
  }
  if (!Number.isSafeInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new RangeError(`encodeWav: ${sampleRate} is not a sample rate`);
  }
  if (!(SUPPORTED_BITS[sampleFormat] as readonly number[]).includes(bitsPerSample)) {
    throw new RangeError(`encodeWav: ${bitsPerSample}-bit ${sampleFormat} is not supported`);
  }
  const bytesPerSample = bitsPerSample / 8;
  const blockAlign = channels * bytesPerSample;
  const dataSize = frameCount * blockAlign;
  const isFloat = sampleFormat === 'float';
  const fmtSize = isFloat ? 18 : 16;
  const factSize = isFloat ? 12 : 0;
  const headerSize = 12 + 8 + fmtSize + factSize + 8;
  const bytes = new Uint8Array(headerSize + dataSize + (dataSize % 2));
  const view = new DataView(bytes.buffer);
  writeFourCC(bytes, 0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  writeFourCC(bytes, 8, 'WAVE');
  writeFourCC(bytes, 12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bitsPerSample, true);
  if (isFloat) {
    // cbSize (0) at 36, then a fact chunk holding the frame count.
    writeFourCC(bytes, 38, 'fact');
    view.setUint32(42, 4, true);
    view.setUint32(46, frameCount, true);
  }
  writeFourCC(bytes, headerSize - 8, 'data');
  view.setUint32(headerSize - 4, dataSize, true);
  const write = sampleWriter(view, sampleFormat, bitsPerSample);
  for (let frame = 0; frame < frameCount; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      write(headerSize + frame * blockAlign + channel * bytesPerSample, (planes[channel] as Float32Array)[frame] as number);
    }
  }
  return bytes;
}

/** Reads the WAVEFORMATEX / WAVEFORMATEXTENSIBLE body of a fmt chunk. */
function parseFormat(fmt: DataView, path: string): Omit<WavInfo, 'frameCount' | 'dataOffset'> {
  if (fmt.byteLength < 16) {
    throw new MediaFileError(path, `the fmt chunk is ${fmt.byteLength} bytes, too short for a WAVE format`);
  }
  let tag = fmt.getUint16(0, true);
  const channels = fmt.getUint16(2, true);
  const sampleRate = fmt.getUint32(4, true);
  const blockAlign = fmt.getUint16(12, true);
  const bitsPerSample = fmt.getUint16(14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (fmt.byteLength < 40 || fmt.getUint16(16, true) < 22) {
      throw new MediaFileError(path, 'the WAVE_FORMAT_EXTENSIBLE fmt chunk is too short (needs cbSize 22)');
    }
    const guidTail = SUBFORMAT_GUID_TAIL.every((byte, index) => fmt.getUint8(26 + index) === byte);
    tag = guidTail ? fmt.getUint16(24, true) : -1;
  }
  const sampleFormat = tag === WAVE_FORMAT_PCM ? 'pcm' : tag === WAVE_FORMAT_IEEE_FLOAT ? 'float' : undefined;
  if (sampleFormat === undefined) {
    const what = tag < 0 ? 'an unknown extensible SubFormat' : `format tag 0x${tag.toString(16).padStart(4, '0')}`;
    const reason = `unsupported WAV encoding (${what}; only PCM and IEEE float are read, other files need ffmpeg)`;
    throw new MediaFileError(path, reason);
  }
  if (!(SUPPORTED_BITS[sampleFormat] as readonly number[]).includes(bitsPerSample)) {
    throw new MediaFileError(path, `unsupported WAV sample size: ${bitsPerSample}-bit ${sampleFormat}`);
  }
  if (channels === 0 || sampleRate === 0) {
    throw new MediaFileError(path, `the fmt chunk says ${channels} channels at ${sampleRate} Hz`);
  }
  if (blockAlign !== (channels * bitsPerSample) / 8) {
    throw new MediaFileError(path, `block align ${blockAlign} does not fit ${channels} channels of ${bitsPerSample} bits`);
  }
  return { sampleRate, channels, bitsPerSample, sampleFormat, blockAlign };
}

/** The samples of a whole file as f32 planes in [-1, 1]. */
function decodeSamples(bytes: Uint8Array, info: WavInfo): Float32Array[] {
  const { channels, frameCount, blockAlign, dataOffset } = info;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(view, info.sampleFormat, info.bitsPerSample);
  const bytesPerSample = info.bitsPerSample / 8;
  const planes = Array.from({ length: channels }, () => new Float32Array(frameCount));
  planes.forEach((plane, channel) => {
    const start = dataOffset + channel * bytesPerSample;
    for (let frame = 0; frame < frameCount; frame++) {
      plane[frame] = read(start + frame * blockAlign);
    }
  });
  return planes;
}

/** A function reading one sample at a byte position as a number in [-1, 1]. */
function sampleReader(view: DataView, sampleFormat: 'pcm' | 'float', bitsPerSample: number): (position: number) => number {
  if (sampleFormat === 'float') {
    const get = bitsPerSample === 64 ? (at: number) => view.getFloat64(at, true) : (at: number) => view.getFloat32(at, true);
    return (position) => {
      const value = get(position);
      return Number.isNaN(value) ? 0 : Math.min(1, Math.max(-1, value));
    };
  }
  switch (bitsPerSample) {
    case 8:
      return (position) => (view.getUint8(position) - 128) / 128;
    case 16:
      return (position) => view.getInt16(position, true) / 0x8000;
    case 24:
      return (position) => ((view.getUint16(position, true) | (view.getInt8(position + 2) << 16)) / 0x800000);
    default:
      return (position) => view.getInt32(position, true) / 0x80000000;
  }
}

/** A function writing one sample at a byte position: PCM clamped to [-1, 1] with NaN as 0, float as it is. */
function sampleWriter(
  view: DataView,
  sampleFormat: 'pcm' | 'float',
  bitsPerSample: number,
): (position: number, value: number) => void {
  if (sampleFormat === 'float') {
    return bitsPerSample === 64
      ? (position, value) => view.setFloat64(position, value, true)
      : (position, value) => view.setFloat32(position, value, true);
  }
  const scale = 2 ** (bitsPerSample - 1);
  const quantize = (value: number): number => {
    const clamped = Number.isNaN(value) ? 0 : Math.min(1, Math.max(-1, value));
    return Math.min(scale - 1, Math.round(clamped * scale));
  };
  switch (bitsPerSample) {
    case 8:
      return (position, value) => view.setUint8(position, quantize(value) + 128);
    case 16:
      return (position, value) => view.setInt16(position, quantize(value), true);
    case 24:
      return (position, value) => {
        const sample = quantize(value);
        view.setUint16(position, sample & 0xffff, true);
        view.setInt8(position + 2, sample >> 16);
      };
    default:
      return (position, value) => view.setInt32(position, quantize(value), true);
  }
}

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function writeFourCC(bytes: Uint8Array, offset: number, id: string): void {
  for (let index = 0; index < 4; index++) {
    bytes[offset + index] = id.charCodeAt(index);
  }
}

/** A chunk id fit for an error message. */
function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, '?');
}
