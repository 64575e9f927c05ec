/**
 * WebCodecs' AudioData for Node.js (which has none): a chunk of PCM samples with its sample rate and timestamp,
 * copyable per plane into caller buffers in any sample format.
 *
 * Audio made by this package comes from {@link audioDataInternals}.create: f32-planar over Float32Arrays that are
 * never copied; clones share them.
 *
 * @see https://w3c.github.io/webcodecs/#audiodata-interface
 * @module
 */
import {
  AUDIO_SAMPLE_FORMATS,
  bytesPerSample,
  convertSamples,
  isPlanar,
  sampleTypeOf,
  viewSamples,
  type AudioSampleFormat,
  type SampleStore,
} from './audio-sample-format.js';
import { assertBrand, closedError, mediaRangeError, mediaTypeError } from './errors.js';
import {
  bufferOf,
  checkTransferList,
  detachAll,
  member,
  toBufferSource,
  toDictionary,
  toEnforcedLongLong,
  toEnforcedUnsignedLong,
  toEnumValue,
  toFloat,
  toTransferList,
  type BufferSource,
  type AllowSharedBufferSource,
} from './idl-values.js';

export { AUDIO_SAMPLE_FORMATS, type AudioSampleFormat } from './audio-sample-format.js';

/** @see https://w3c.github.io/webcodecs/#dictdef-audiodatainit */
export interface AudioDataInit {
  format: AudioSampleFormat;
  sampleRate: number;
  numberOfFrames: number;
  numberOfChannels: number;
  /** Microseconds. */
  timestamp: number;
  data: BufferSource;
  transfer?: ArrayBuffer[];
}

/** @see https://w3c.github.io/webcodecs/#dictdef-audiodatacopytooptions */
export interface AudioDataCopyToOptions {
  planeIndex: number;
  frameOffset?: number;
  frameCount?: number;
  format?: AudioSampleFormat;
}

/** What backs audio made by this package: f32-planar, one plane per channel. */
export interface AudioDataData {
  readonly sampleRate: number;
  readonly numberOfFrames: number;
  readonly planes: readonly Float32Array[];
}

/** [[resource reference]]: the samples, shared by clones. */
interface AudioResource {
  readonly store: SampleStore;
  readonly sampleRate: number;
  /** The samples as f32 planes, made once when first asked for. */
  f32: AudioDataData | undefined;
  /** Open AudioData over the resource (clones included), counted only when `release` is set. */
  holders: number;
  /** Given back the planes once the last AudioData over them is closed (a producer's buffer pool). */
  readonly release: ((planes: readonly Float32Array[]) => void) | undefined;
}

/** Passed as the constructor's first argument by internal code, with an AudioResource as the second. */
const CREATE: unique symbol = Symbol('AudioData.create');

let openAudio = 0;
let audioResource: (audio: AudioData) => AudioResource | null;

/**
 * A chunk of audio samples.
 *
 * @see https://w3c.github.io/webcodecs/#audiodata-interface
 */
export class AudioData {
  #resource: AudioResource | null;
  readonly #timestamp: number;

  /**
   * Creates audio over a copy of `init.data` (or over its memory when its buffer is in `init.transfer`).
   *
   * @throws TypeError for an invalid init; DataCloneError for a bad transfer list
   * @see https://w3c.github.io/webcodecs/#dom-audiodata-audiodata
   */
  constructor(init: AudioDataInit);
  constructor(init: unknown, internal?: unknown) {
    if (init === CREATE) {
      const { resource, timestamp } = internal as { resource: AudioResource; timestamp: number };
      this.#resource = resource;
      this.#timestamp = timestamp;
      resource.holders++;
    } else {
      const converted = fromInit(init);
      this.#resource = converted.resource;
      this.#timestamp = converted.timestamp;
    }
    openAudio++;
  }

  static {
    audioResource = (audio) => audio.#resource;
  }

  /** The sample format, or null once closed. */
  get format(): AudioSampleFormat | null {
    assertBrand(#resource in this, 'AudioData.format');
    return this.#resource?.store.format ?? null;
  }

  /** Samples per second per channel (0 once closed). */
  get sampleRate(): number {
    assertBrand(#resource in this, 'AudioData.sampleRate');
    return this.#resource?.sampleRate ?? 0;
  }

  /** Frames (samples per channel) (0 once closed). */
  get numberOfFrames(): number {
    assertBrand(#resource in this, 'AudioData.numberOfFrames');
    return this.#resource?.store.numberOfFrames ?? 0;
  }

  /** Channels (0 once closed). */
  get numberOfChannels(): number {
    assertBrand(#resource in this, 'AudioData.numberOfChannels');
    return this.#resource?.store.numberOfChannels ?? 0;
  }

  /** Duration in whole microseconds (0 once closed). */
  get duration(): number {
    assertBrand(#resource in this, 'AudioData.duration');
    const resource = this.#resource;
    return resource === null ? 0 : Math.trunc((resource.store.numberOfFrames * 1_000_000) / resource.sampleRate);
  }

  /** Presentation timestamp in microseconds. */
  get timestamp(): number {
    assertBrand(#resource in this, 'AudioData.timestamp');
    return this.#timestamp;
  }

  /**
   * The bytes copyTo() needs for `options`.
   *
   * @throws InvalidStateError once closed; RangeError for a plane or frame range that does not exist
   * @see https://w3c.github.io/webcodecs/#dom-audiodata-allocationsize
   */
  allocationSize(options: AudioDataCopyToOptions): number {
    assertBrand(#resource in this, 'AudioData.allocationSize');
    const context = 'AudioData.allocationSize';
    const converted = toCopyToOptions(options, context);
    if (this.#resource === null) {
      throw closedError(context);
    }
    const { elementCount, format } = computeCopyElementCount(this.#resource.store, converted, context);
    return elementCount * bytesPerSample(format);
  }

  /**
   * Copies the samples of one plane (all channels for an interleaved `options.format`) into `destination`,
   * converting to `options.format` when given.
   *
   * @throws InvalidStateError once closed; RangeError for a bad range or a destination too small
   * @see https://w3c.github.io/webcodecs/#dom-audiodata-copyto
   */
  copyTo(destination: AllowSharedBufferSource, options: AudioDataCopyToOptions): void {
    assertBrand(#resource in this, 'AudioData.copyTo');
    const context = 'AudioData.copyTo';
    const bytes = toBufferSource(destination, context, 'destination');
    const converted = toCopyToOptions(options, context);
    // 1.
    if (this.#resource === null) {
      throw closedError(context);
    }
    // 2.–6.
    const store = this.#resource.store;
    const { elementCount, format, frameCount } = computeCopyElementCount(store, converted, context);
    const byteLength = elementCount * bytesPerSample(format);
    if (byteLength > bytes.byteLength) {
      throw mediaRangeError(context, `destination holds ${bytes.byteLength} bytes, ${byteLength} are needed`);
    }
    // 7.–9.
    const samples = convertSamples(store, format, converted.planeIndex, converted.frameOffset, frameCount);
    bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, byteLength));
  }

  /**
   * New audio sharing these samples. @throws InvalidStateError once closed
   *
   * @see https://w3c.github.io/webcodecs/#dom-audiodata-clone
   */
  clone(): AudioData {
    assertBrand(#resource in this, 'AudioData.clone');
    if (this.#resource === null) {
      throw closedError('AudioData.clone');
    }
    return createAudioData(this.#resource, this.#timestamp);
  }

  /**
   * Releases the samples; every later call but close() throws. Closing twice does nothing.
   *
   * @see https://w3c.github.io/webcodecs/#close-audiodata
   */
  close(): void {
    assertBrand(#resource in this, 'AudioData.close');
    const resource = this.#resource;
    if (resource !== null) {
      this.#resource = null;
      openAudio--;
      resource.holders--;
      if (resource.holders === 0 && resource.release !== undefined) {
        resource.release(resource.store.arrays as readonly Float32Array[]);
      }
    }
  }
}

Object.defineProperty(AudioData.prototype, Symbol.toStringTag, { value: 'AudioData', configurable: true });

/** Whether every plane holds at least `frames` samples. */
function planesHold(planes: readonly Float32Array[], frames: number): boolean {
  for (let index = 0; index < planes.length; index++) {
    if ((planes[index] as Float32Array).length < frames) {
      return false;
    }
  }
  return true;
}

function createAudioData(resource: AudioResource, timestamp: number): AudioData {
  const construct = AudioData as unknown as new (token: typeof CREATE, internal: unknown) => AudioData;
  return new construct(CREATE, { resource, timestamp });
}

/** AudioDataCopyToOptions after WebIDL conversion. */
interface ConvertedCopyToOptions {
  readonly planeIndex: number;
  readonly frameOffset: number;
  readonly frameCount: number | undefined;
  readonly format: AudioSampleFormat | undefined;
}

function toCopyToOptions(value: unknown, context: string): ConvertedCopyToOptions {
  const dictionary = toDictionary(value, context, 'options');
  const format = member(dictionary, 'format');
  const frameCount = member(dictionary, 'frameCount');
  const frameOffset = member(dictionary, 'frameOffset');
  const planeIndex = member(dictionary, 'planeIndex');
  if (planeIndex === undefined) {
    throw mediaTypeError(context, 'options.planeIndex is required');
  }
  return {
    format: format === undefined ? undefined : toEnumValue(AUDIO_SAMPLE_FORMATS, format, context, 'format'),
    frameCount: frameCount === undefined ? undefined : toEnforcedUnsignedLong(frameCount, context, 'frameCount'),
    frameOffset: frameOffset === undefined ? 0 : toEnforcedUnsignedLong(frameOffset, context, 'frameOffset'),
    planeIndex: toEnforcedUnsignedLong(planeIndex, context, 'planeIndex'),
  };
}

/**
 * Compute Copy Element Count (every conversion is supported, so no NotSupportedError).
 *
 * @see https://w3c.github.io/webcodecs/#compute-copy-element-count
 */
function computeCopyElementCount(store: SampleStore, options: ConvertedCopyToOptions, context: string) {
  // 1.–2.
  const format = options.format ?? store.format;
  // 3.–4.
  if (!isPlanar(format) && options.planeIndex > 0) {
    throw mediaRangeError(context, `${format} has a single plane, planeIndex ${options.planeIndex} does not exist`);
  }
  if (isPlanar(format) && options.planeIndex >= store.numberOfChannels) {
    throw mediaRangeError(context, `planeIndex ${options.planeIndex} does not exist (${store.numberOfChannels} channels)`);
  }
  // 6.–9.
  const frames = store.numberOfFrames;
  if (options.frameOffset >= frames) {
    throw mediaRangeError(context, `frameOffset ${options.frameOffset} is not below numberOfFrames ${frames}`);
  }
  let frameCount = frames - options.frameOffset;
  if (options.frameCount !== undefined) {
    if (options.frameCount > frameCount) {
      throw mediaRangeError(context, `frameCount ${options.frameCount} exceeds the ${frameCount} frames available`);
    }
    frameCount = options.frameCount;
  }
  // 10.–12.
  const elementCount = isPlanar(format) ? frameCount : frameCount * store.numberOfChannels;
  return { format, frameCount, elementCount };
}

/** @see https://w3c.github.io/webcodecs/#dom-audiodata-audiodata */
function fromInit(value: unknown): { resource: AudioResource; timestamp: number } {
  const context = 'AudioData.constructor';
  if (value === undefined || value === null) {
    throw mediaTypeError(context, 'init is required');
  }
  const dictionary = toDictionary(value, context, 'init');
  const required = (key: string): unknown => {
    const raw = member(dictionary, key);
    if (raw === undefined) {
      throw mediaTypeError(context, `init.${key} is required`);
    }
    return raw;
  };
  const dataValue = required('data');
  const data = toBufferSource(dataValue, context, 'data');
  const format = toEnumValue(AUDIO_SAMPLE_FORMATS, required('format'), context, 'format');
  const channels = toEnforcedUnsignedLong(required('numberOfChannels'), context, 'numberOfChannels');
  const frames = toEnforcedUnsignedLong(required('numberOfFrames'), context, 'numberOfFrames');
  const sampleRate = toFloat(required('sampleRate'), context, 'sampleRate');
  const timestamp = toEnforcedLongLong(required('timestamp'), context, 'timestamp');
  const transfer = toTransferList(member(dictionary, 'transfer'), context, 'transfer');
  // 1. valid AudioDataInit
  if (sampleRate <= 0 || frames === 0 || channels === 0) {
    throw mediaTypeError(context, 'sampleRate, numberOfFrames and numberOfChannels must be positive');
  }
  const byteLength = frames * channels * bytesPerSample(format);
  if (data.byteLength < byteLength) {
    throw mediaTypeError(context, `data holds ${data.byteLength} bytes, ${byteLength} are needed`);
  }
  // 2.–3.
  checkTransferList(transfer, context);
  // 4.7–4.8 Use transferred memory, else a copy; 5. detach.
  const buffer = bufferOf(dataValue);
  const { byteOffset } = data;
  const ownsMemory = buffer instanceof ArrayBuffer && transfer.includes(buffer);
  const copy = ownsMemory ? undefined : data.slice(0, byteLength);
  const moved = detachAll(transfer);
  const own = copy ?? new Uint8Array(moved.get(buffer as ArrayBuffer) as ArrayBuffer, byteOffset, byteLength);
  const type = sampleTypeOf(format);
  const samples = viewSamples(type, own, frames * channels);
  const arrays = isPlanar(format)
    ? Array.from({ length: channels }, (_, channel) => samples.subarray(channel * frames, (channel + 1) * frames))
    : [samples];
  const store: SampleStore = { format, numberOfChannels: channels, numberOfFrames: frames, arrays };
  return { resource: { store, sampleRate, f32: undefined, holders: 0, release: undefined }, timestamp };
}

/** The internal API the pipeline and sources use; not part of the package's public surface. */
export const audioDataInternals = {
  /**
   * f32-planar audio over `data.planes` (one per channel, each at least `numberOfFrames` long), without copying.
   * `release`, when given, gets the planes back once every AudioData over them (clones too) is closed, for a
   * producer to reuse: code that reads planes through {@link audioDataInternals.data} must not keep them past
   * closing its AudioData.
   *
   * @throws RangeError for no planes, no frames, short planes or a sample rate that is not positive
   */
  create(data: AudioDataData, timestamp: number, release?: (planes: readonly Float32Array[]) => void): AudioData {
    const context = 'audioDataInternals.create';
    const { sampleRate, numberOfFrames, planes } = data;
    if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) {
      throw mediaRangeError(context, `sampleRate ${sampleRate} is not a positive number`);
    }
    if (!Number.isSafeInteger(numberOfFrames) || numberOfFrames < 1) {
      throw mediaRangeError(context, `numberOfFrames ${numberOfFrames} is not a positive integer`);
    }
    if (planes.length === 0 || !planesHold(planes, numberOfFrames)) {
      throw mediaRangeError(context, `needs at least one plane of ${numberOfFrames} samples per channel`);
    }
    if (!Number.isFinite(timestamp)) {
      throw mediaRangeError(context, 'timestamp must be a finite number of microseconds');
    }
    const store: SampleStore = { format: 'f32-planar', numberOfChannels: planes.length, numberOfFrames, arrays: planes };
    return createAudioData({ store, sampleRate, f32: data, holders: 0, release }, timestamp);
  },

  /**
   * The f32 planes behind `audio` (converted once, then shared, for audio in another format).
   *
   * @throws InvalidStateError when closed
   */
  data(audio: AudioData): AudioDataData {
    const resource = audioResource(audio);
    if (resource === null) {
      throw closedError('audioDataInternals.data');
    }
    if (resource.f32 === undefined) {
      const { store } = resource;
      const planes = Array.from({ length: store.numberOfChannels }, (_, channel) =>
        store.format === 'f32-planar'
          ? (store.arrays[channel] as Float32Array)
          : (convertSamples(store, 'f32-planar', channel, 0, store.numberOfFrames) as Float32Array),
      );
      resource.f32 = { sampleRate: resource.sampleRate, numberOfFrames: store.numberOfFrames, planes };
    }
    return resource.f32;
  },

  /** AudioData created (by any means, including clone) and not yet closed, for leak checks in tests. */
  openAudioDataCount(): number {
    return openAudio;
  },
};
