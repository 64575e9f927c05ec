/**
 * WebCodecs' audio sample formats: the list (which is also the type), their sizes and arrangement, and sample
 * conversion between them.
 *
 * Conversion goes through a float in [-1, 1]: u8 (v - 128) / 128, s16 v / 32768, s32 v / 2147483648. Back to
 * integers the value is scaled by the same factor, rounded and clipped to the type's range (so 1.0 becomes 32767
 * in s16, -1.0 becomes -32768, and integer → float → integer round-trips exactly).
 *
 * @see https://w3c.github.io/webcodecs/#audio-sample-formats
 * @module
 */

/** @see https://w3c.github.io/webcodecs/#enumdef-audiosampleformat */
export const AUDIO_SAMPLE_FORMATS = [
  'u8',
  's16',
  's32',
  'f32',
  'u8-planar',
  's16-planar',
  's32-planar',
  'f32-planar',
] as const;

/** One of {@link AUDIO_SAMPLE_FORMATS}. */
export type AudioSampleFormat = (typeof AUDIO_SAMPLE_FORMATS)[number];

/** The numeric type of a sample, without its arrangement. */
export type AudioSampleType = 'u8' | 's16' | 's32' | 'f32';

/** A typed array holding samples of one {@link AudioSampleType}. */
export type SampleArray = Uint8Array | Int16Array | Int32Array | Float32Array;

const SAMPLE_TYPES: Readonly<Record<AudioSampleFormat, AudioSampleType>> = {
  u8: 'u8',
  s16: 's16',
  s32: 's32',
  f32: 'f32',
  'u8-planar': 'u8',
  's16-planar': 's16',
  's32-planar': 's32',
  'f32-planar': 'f32',
};

/** The sample type of `format`. */
export function sampleTypeOf(format: AudioSampleFormat): AudioSampleType {
  return SAMPLE_TYPES[format];
}

/** Whether `format` stores each channel in its own plane. */
export function isPlanar(format: AudioSampleFormat): boolean {
  return SAMPLE_TYPES[format] !== format;
}

const BYTES_PER_SAMPLE: Readonly<Record<AudioSampleType, number>> = { u8: 1, s16: 2, s32: 4, f32: 4 };

/** Bytes per sample of `format`. */
export function bytesPerSample(format: AudioSampleFormat): number {
  return BYTES_PER_SAMPLE[SAMPLE_TYPES[format]];
}

/** A new typed array of `length` samples of `type`. */
export function allocateSamples(type: AudioSampleType, length: number): SampleArray {
  switch (type) {
    case 'u8':
      return new Uint8Array(length);
    case 's16':
      return new Int16Array(length);
    case 's32':
      return new Int32Array(length);
    case 'f32':
      return new Float32Array(length);
  }
}

/**
 * Samples of `type` over `bytes` (a copy when `bytes` is not aligned for the type), `length` samples long.
 */
export function viewSamples(type: AudioSampleType, bytes: Uint8Array, length: number): SampleArray {
  const size = BYTES_PER_SAMPLE[type];
  const source = bytes.byteOffset % size === 0 ? bytes : bytes.slice(0, length * size);
  const { buffer, byteOffset } = source;
  switch (type) {
    case 'u8':
      return new Uint8Array(buffer, byteOffset, length);
    case 's16':
      return new Int16Array(buffer, byteOffset, length);
    case 's32':
      return new Int32Array(buffer, byteOffset, length);
    case 'f32':
      return new Float32Array(buffer, byteOffset, length);
  }
}

/** A sample of `type` as a float in [-1, 1] (floats pass through, unclipped). */
export function sampleToFloat(type: AudioSampleType, value: number): number {
  switch (type) {
    case 'u8':
      return (value - 128) / 128;
    case 's16':
      return value / 32768;
    case 's32':
      return value / 2147483648;
    case 'f32':
      return value;
  }
}

/** A float sample as `type`: scaled, rounded and clipped to the type's range (NaN becomes silence). */
export function floatToSample(type: AudioSampleType, value: number): number {
  const x = Number.isNaN(value) ? 0 : value;
  switch (type) {
    case 'u8':
      return Math.min(255, Math.max(0, Math.round(x * 128 + 128)));
    case 's16':
      return Math.min(32767, Math.max(-32768, Math.round(x * 32768)));
    case 's32':
      return Math.min(2147483647, Math.max(-2147483648, Math.round(x * 2147483648)));
    case 'f32':
      return value;
  }
}

/** Samples of one AudioData: one array per channel when planar, one interleaved array otherwise. */
export interface SampleStore {
  readonly format: AudioSampleFormat;
  readonly numberOfChannels: number;
  readonly numberOfFrames: number;
  readonly arrays: readonly SampleArray[];
}

/**
 * `frameCount` frames from `frameOffset` of `source` in `destinationFormat`: channel `planeIndex` for a planar
 * destination, all channels interleaved otherwise. In the source's own format they are a view of its samples
 * (the caller copies what it keeps); otherwise a new array.
 */
export function convertSamples(
  source: SampleStore,
  destinationFormat: AudioSampleFormat,
  planeIndex: number,
  frameOffset: number,
  frameCount: number,
): SampleArray {
  const channels = source.numberOfChannels;
  const destinationPlanar = isPlanar(destinationFormat);
  if (destinationFormat === source.format) {
    const samplesPerFrame = destinationPlanar ? 1 : channels;
    const array = source.arrays[destinationPlanar ? planeIndex : 0] as SampleArray;
    return array.subarray(frameOffset * samplesPerFrame, (frameOffset + frameCount) * samplesPerFrame);
  }
  const fromType = sampleTypeOf(source.format);
  const toType = sampleTypeOf(destinationFormat);
  const firstChannel = destinationPlanar ? planeIndex : 0;
  const channelCount = destinationPlanar ? 1 : channels;
  const output = allocateSamples(toType, frameCount * channelCount);
  const sourcePlanar = isPlanar(source.format);
  const sameType = fromType === toType;
  for (let c = 0; c < channelCount; c++) {
    const channel = firstChannel + c;
    const input = (sourcePlanar ? source.arrays[channel] : source.arrays[0]) as SampleArray;
    const step = sourcePlanar ? 1 : channels;
    let i = sourcePlanar ? frameOffset : frameOffset * channels + channel;
    for (let frame = 0, o = c; frame < frameCount; frame++, i += step, o += channelCount) {
      const value = input[i] as number;
      output[o] = sameType ? value : floatToSample(toType, sampleToFloat(fromType, value));
    }
  }
  return output;
}
