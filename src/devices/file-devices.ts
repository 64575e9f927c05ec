/**
 * File-backed fake devices, as Chromium's `--use-file-for-fake-video-capture` and
 * `--use-file-for-fake-audio-capture` make them: a video file replaces the fake cameras' pattern and an
 * audio file the fake microphones' beep, and each device's capture model becomes the file's (one native
 * mode at the file's size and rate, crop-and-scale below it; the file's sample rate, up to its channel
 * count).
 *
 * Decisions:
 * - The devices keep their fake names and ids (`fake_device_0`, "Fake Default Audio Input", …), so a
 *   file can be swapped at run time without a device changing. Deviation: Chromium lists a single
 *   camera labelled with the file's path (id `/dev/placeholder-for-file-backed-fake-capture-device`);
 *   here every fake camera plays the file, as every fake microphone plays the audio file.
 * - Models must be known before getUserMedia selects settings, yet reading files is asynchronous: a Y4M
 *   or WAV header is read synchronously at creation (a few kilobytes) for the model, and everything else
 *   — reading a Y4M under 64 MiB or a WAV whole, checking a larger Y4M, probing other files with ffprobe
 *   — happens in {@link FileDevices.ready}, which getUserMedia and enumerateDevices await. Loading starts
 *   at the first ready(), not at creation, so an unused MediaDevices object reads nothing.
 * - A file that cannot be used leaves its devices listed (with the synthetic model); opening them fails
 *   with the file's error, which getUserMedia reports as NotReadableError.
 * - Files apply to the fake device set only, as Chromium's switches need its fake-device switch; devices
 *   added later through `mediacapture/testing` keep the synthetic media.
 *
 * @module
 */

import type { AudioCaptureModel, DeviceCaptureModel, VideoCaptureModel } from '../sources/capture-model.js';
import type { ProducerFactory } from '../sources/capture-source.js';
import {
  audioFileProducer,
  inspectFileSync,
  loadAudioFile,
  loadVideoFile,
  videoFileProducer,
  type AudioFileInfo,
  type FileLoadOptions,
} from '../sources/file/file-media.js';
import { MediaFileError } from '../sources/file/file-errors.js';
import type { VideoFileFormat } from '../sources/file/paced-video-producer.js';
import { deviceKeyOf, type DeviceDescriptor } from './device.js';
import type { DeviceRegistry } from './device-registry.js';

/** Chromium's suffix for an audio file that plays once: `--use-file-for-fake-audio-capture=a.wav%noloop`. */
export const NO_LOOP_SUFFIX = '%noloop';

/** A file chosen for the fake cameras or microphones. */
export interface MediaFileChoice {
  readonly path: string;
  /** False for an audio file given with `%noloop`: its tracks end after the last sample. */
  readonly loop: boolean;
}

/** The files of a device set, as options give them (audio possibly with `%noloop`). */
export interface FileDeviceOptions extends FileLoadOptions {
  readonly videoFile?: string | undefined;
  readonly audioFile?: string | undefined;
}

/** What a file-backed device plays now. */
export type DeviceMedia =
  | { readonly type: 'synthetic' }
  | { readonly type: 'file'; readonly producer: ProducerFactory }
  | { readonly type: 'failed'; readonly error: MediaFileError };

type Kind = 'video' | 'audio';

/** A loaded file, or the synthetic media. */
type Committed =
  | { readonly type: 'synthetic' }
  | { readonly type: 'file'; readonly producer: ProducerFactory; readonly format: VideoFileFormat | AudioFileInfo }
  | { readonly type: 'failed'; readonly error: MediaFileError };

interface KindState {
  choice: MediaFileChoice | undefined;
  committed: Committed | undefined;
  /** The last queued load or swap; loads and swaps of a kind run one after another. */
  queue: Promise<void>;
  /** Whether the configured file's load was queued (by ready() or before a swap). */
  loadQueued: boolean;
}

/**
 * Parses a file option: the path, and for audio Chromium's `%noloop` suffix (stripped). Empty means none.
 */
export function parseMediaFileOption(text: string | undefined, kind: Kind): MediaFileChoice | undefined {
  if (text === undefined || text.trim() === '') {
    return undefined;
  }
  if (kind === 'audio' && text.endsWith(NO_LOOP_SUFFIX)) {
    return { path: text.slice(0, -NO_LOOP_SUFFIX.length), loop: false };
  }
  return { path: text, loop: true };
}

/** A camera's model playing a file: the file's mode only (crop-and-scale below it), the rest as `base`. */
export function fileCameraModel(base: VideoCaptureModel, format: VideoFileFormat): VideoCaptureModel {
  return { ...base, modes: [{ width: format.width, height: format.height, frameRate: format.frameRate }], cropAndScale: true };
}

/** A microphone's model playing a file: its rate, 1 up to its channels (its count by default), its sample size. */
export function fileMicrophoneModel(base: AudioCaptureModel, format: AudioFileInfo): AudioCaptureModel {
  return {
    ...base,
    sampleRate: { min: format.sampleRate, max: format.sampleRate },
    defaultSampleRate: format.sampleRate,
    channelCount: { min: 1, max: format.channels },
    defaultChannelCount: format.channels,
    sampleSize: format.sampleSize,
  };
}

/** The files behind the fake devices of one device set, and the swaps `mediacapture/testing` makes. */
export class FileDevices {
  readonly #registry: DeviceRegistry;
  readonly #loadOptions: FileLoadOptions;
  /** The fake devices as the set made them (synthetic models), by kind and raw id. */
  readonly #originals = new Map<string, DeviceDescriptor>();
  readonly #states: Record<Kind, KindState>;
  readonly #changed: (kind: Kind) => void;

  /**
   * Files for the input devices `registry` holds now (the fake set). `changed` hears when a kind's media
   * was replaced, after the registry's models were, so live sources can follow.
   */
  constructor(registry: DeviceRegistry, options: FileDeviceOptions, changed: (kind: Kind) => void) {
    this.#registry = registry;
    this.#loadOptions = options;
    this.#changed = changed;
    for (const device of registry.devices) {
      if (device.capture !== undefined) {
        this.#originals.set(deviceKeyOf(device), device);
      }
    }
    const state = (choice: MediaFileChoice | undefined): KindState => ({
      choice,
      committed: choice === undefined ? { type: 'synthetic' } : undefined,
      queue: Promise.resolve(),
      loadQueued: false,
    });
    this.#states = {
      video: state(parseMediaFileOption(options.videoFile, 'video')),
      audio: state(parseMediaFileOption(options.audioFile, 'audio')),
    };
    // The header gives the model now; ready() loads the file.
    const video = this.#states.video.choice;
    const videoFormat = video === undefined ? undefined : inspectFileSync(video.path, 'video');
    if (videoFormat !== undefined) {
      this.#applyModels('video', videoFormat);
    }
    const audio = this.#states.audio.choice;
    const audioFormat = audio === undefined ? undefined : inspectFileSync(audio.path, 'audio');
    if (audioFormat !== undefined) {
      this.#applyModels('audio', audioFormat);
    }
  }

  /** Whether a device plays these files (a device of the fake set). */
  isFileBacked(device: Pick<DeviceDescriptor, 'kind' | 'rawId'>): boolean {
    return this.#originals.has(deviceKeyOf(device));
  }

  /** Resolves once every configured file is loaded (or known to be unusable) and pending swaps are done. */
  async ready(): Promise<void> {
    this.#queueFirstLoad('video');
    this.#queueFirstLoad('audio');
    await Promise.all([this.#states.video.queue, this.#states.audio.queue]);
  }

  /** What a file-backed device plays now. */
  mediaFor(device: DeviceDescriptor): DeviceMedia {
    const kind: Kind = device.kind === 'videoinput' ? 'video' : 'audio';
    const state = this.#states[kind];
    const committed = state.committed;
    if (committed === undefined) {
      const path = state.choice?.path ?? '';
      return { type: 'failed', error: new MediaFileError(path, 'is not loaded yet (await the MediaDevices call that reads it)') };
    }
    return committed.type === 'file' ? { type: 'file', producer: committed.producer } : committed;
  }

  /**
   * Plays `path` on the devices of `kind` from now on (undefined: the synthetic media again), live
   * sources included. Resolves once done.
   *
   * @throws MediaFileError when the file cannot be used; nothing changes then.
   */
  async setFile(kind: Kind, path: string | undefined): Promise<void> {
    const choice = parseMediaFileOption(path, kind);
    const state = this.#states[kind];
    // The configured file loads first, so a failed swap leaves it in place.
    this.#queueFirstLoad(kind);
    let failure: MediaFileError | undefined;
    await this.#enqueue(kind, async () => {
      const result: Committed = choice === undefined ? { type: 'synthetic' } : await this.#load(kind, choice);
      if (result.type === 'failed') {
        failure = result.error;
        return;
      }
      state.choice = choice;
      this.#commit(kind, result);
    });
    if (failure !== undefined) {
      throw failure;
    }
  }

  /** Queues the load of the configured file, once. */
  #queueFirstLoad(kind: Kind): void {
    const state = this.#states[kind];
    const choice = state.choice;
    if (choice !== undefined && !state.loadQueued) {
      state.loadQueued = true;
      this.#enqueue(kind, async () => {
        this.#commit(kind, await this.#load(kind, choice));
      }).catch((error: unknown) => {
        state.committed = { type: 'failed', error: new MediaFileError(choice.path, `cannot be used (${String(error)})`, { cause: error }) };
      });
    }
  }

  #enqueue(kind: Kind, operation: () => Promise<void>): Promise<void> {
    const state = this.#states[kind];
    const run = state.queue.then(operation);
    // The next operation runs whatever happened to this one.
    state.queue = run.catch(() => {});
    return run;
  }

  /** Loads a file; never rejects. */
  async #load(kind: Kind, choice: MediaFileChoice): Promise<Committed> {
    try {
      if (kind === 'video') {
        const media = await loadVideoFile(choice.path, this.#loadOptions);
        return { type: 'file', producer: videoFileProducer(media), format: media.format };
      }
      const media = await loadAudioFile(choice.path, choice.loop, this.#loadOptions);
      return { type: 'file', producer: audioFileProducer(media), format: media.format };
    } catch (error) {
      const failure = error instanceof MediaFileError ? error : new MediaFileError(choice.path, `cannot be used (${String(error)})`, { cause: error });
      return { type: 'failed', error: failure };
    }
  }

  #commit(kind: Kind, committed: Committed): void {
    this.#states[kind].committed = committed;
    if (committed.type === 'failed') {
      return;
    }
    this.#applyModels(kind, committed.type === 'file' ? committed.format : undefined);
    this.#changed(kind);
  }

  /** Gives the fake devices of `kind` the model of a file of `format` (undefined: their synthetic model). */
  #applyModels(kind: Kind, format: VideoFileFormat | AudioFileInfo | undefined): void {
    for (const original of this.#originals.values()) {
      const capture = original.capture;
      if (capture === undefined || capture.kind !== kind) {
        continue;
      }
      const current = this.#registry.find(original.kind, original.rawId);
      if (current === undefined) {
        continue;
      }
      this.#registry.replace({ ...current, capture: modelFor(capture, format) });
    }
  }
}

function modelFor(base: DeviceCaptureModel, format: VideoFileFormat | AudioFileInfo | undefined): DeviceCaptureModel {
  if (format === undefined) {
    return base;
  }
  return base.kind === 'video'
    ? fileCameraModel(base, format as VideoFileFormat)
    : fileMicrophoneModel(base, format as AudioFileInfo);
}

