/**
 * The producer of a real camera on every platform: an ffmpeg child opens the device in the native mode
 * SelectSettings picked (`-f v4l2|avfoundation|dshow … -i <device>`) and writes packed I420 frames of that
 * size to its stdout; each frame is emitted as it arrives, timestamped by the source clock.
 *
 * The device's input arguments come from the platform provider, so the same pipeline runs in tests with
 * `-f lavfi -i testsrc2=…` standing in for the camera. The child is spawned with an argument array,
 * killed (SIGKILL) when the producer stops, and dies with Node: its stdout is a pipe to us, so once we are
 * gone its next write fails (EPIPE) and it exits. A child that dies, or a device that goes away, ends the
 * source with a {@link CaptureError} saying why (see capture-error.ts).
 *
 * @module
 */

import { i420Layout, i420PlaneLayouts } from '../../media/i420.js';
import { videoFrameInternals } from '../../media/video-frame.js';
import type { NativeVideoMode } from '../capture-model.js';
import type { MediaProducer, ProducerContext, ProducerFactory } from '../capture-source.js';
import { FfmpegDecoder } from '../file/ffmpeg.js';
import { CaptureError, captureFailureOf, failCapture } from './capture-error.js';
import { lastLogLine, runCommand } from './command-output.js';

/** How a platform opens one camera with ffmpeg. */
export interface FfmpegCameraInput {
  /** Names the device in errors: /dev/video0, "FaceTime HD Camera". */
  readonly label: string;
  /** The ffmpeg executable; undefined when none is installed (capture then fails at once). */
  readonly ffmpeg: string | undefined;
  /** ffmpeg's input arguments opening the device in `mode`, ending with `-i <device>`. */
  inputArgs(mode: NativeVideoMode): readonly string[];
  /** Whether the device has gone (its /dev node vanished); consulted when ffmpeg stops. */
  isGone?(): boolean;
}

/**
 * ffmpeg's output option that hands frames on as they come, from `ffmpeg -version`: `-fps_mode
 * passthrough` since ffmpeg 5.1 (June 2022), `-vsync passthrough` before it (ffmpeg 9 removed -vsync).
 * Releases are told by number, git builds by their `N-<commits>` count or date; an unknown version is
 * taken as recent. Without the option ffmpeg repeats frames to keep a camera's nominal rate when the
 * camera slows down (long exposures in the dark).
 */
export function passthroughArgs(versionOutput: string): string[] {
  const release = /ffmpeg version n?(\d+)\.(\d+)/.exec(versionOutput);
  const gitCount = /ffmpeg version N-(\d+)-/.exec(versionOutput);
  const gitDate = /ffmpeg version (?:git-)?(\d{4})-(\d{2})-\d{2}/.exec(versionOutput);
  const old =
    release !== null ? Number(release[1]) * 100 + Number(release[2]) < 501
    : gitCount !== null ? Number(gitCount[1]) < 107_000
    : gitDate !== null && Number(gitDate[1]) * 100 + Number(gitDate[2]) < 202207;
  return old ? ['-vsync', 'passthrough'] : ['-fps_mode', 'passthrough'];
}

/** The passthrough option of each ffmpeg executable, asked once per process. */
const passthroughByFfmpeg = new Map<string, Promise<string[]>>();

function passthroughArgsOf(ffmpeg: string): Promise<string[]> {
  let args = passthroughByFfmpeg.get(ffmpeg);
  if (args === undefined) {
    args = runCommand(ffmpeg, ['-hide_banner', '-version']).then((output) => passthroughArgs(output?.stdout ?? ''));
    passthroughByFfmpeg.set(ffmpeg, args);
  }
  return args;
}

/** Makes producers capturing `camera` with ffmpeg. */
export function ffmpegCameraProducer(camera: FfmpegCameraInput): ProducerFactory {
  return (context) => new FfmpegCameraProducer(context, camera);
}

/** One run of the child, from start() to stop(). */
interface CameraRun {
  /** The child's reader, once started. */
  decoder: FfmpegDecoder | undefined;
  active: boolean;
}

class FfmpegCameraProducer implements MediaProducer {
  readonly #context: ProducerContext;
  readonly #camera: FfmpegCameraInput;
  #run: CameraRun | undefined;
  /** Resolves when the child of the previous run has exited. */
  #previousExit: Promise<void> = Promise.resolve();

  constructor(context: ProducerContext, camera: FfmpegCameraInput) {
    this.#context = context;
    this.#camera = camera;
  }

  start(mode: NativeVideoMode | undefined): void {
    if (mode === undefined) {
      throw new Error('FfmpegCameraProducer.start: a native mode is required');
    }
    this.stop();
    const run: CameraRun = { decoder: undefined, active: true };
    this.#run = run;
    void this.#pump(run, mode);
  }

  stop(): void {
    const run = this.#run;
    if (run === undefined) {
      return;
    }
    this.#run = undefined;
    run.active = false;
    if (run.decoder !== undefined) {
      this.#previousExit = run.decoder.close();
    }
  }

  /** Starts the run's child once the previous one has exited, then emits its frames until it stops or fails. */
  async #pump(run: CameraRun, mode: NativeVideoMode): Promise<void> {
    const { ffmpeg, label } = this.#camera;
    // A device stays busy until the child holding it has gone (a mode change restarts the child). This
    // also puts any failure on a later turn: start() runs inside the source's own state change.
    await this.#previousExit;
    if (!run.active) {
      return;
    }
    if (ffmpeg === undefined) {
      this.#fail(run, new CaptureError(label, 'failed', 'ffmpeg is not installed; install ffmpeg to capture cameras'));
      return;
    }
    const passthrough = await passthroughArgsOf(ffmpeg);
    if (!run.active) {
      return;
    }
    let decoder: FfmpegDecoder;
    try {
      decoder = FfmpegDecoder.liveVideo(label, ffmpeg, this.#camera.inputArgs(mode), mode.width, mode.height, passthrough);
    } catch (error) {
      this.#fail(run, new CaptureError(label, 'failed', error instanceof Error ? error.message : String(error), { cause: error }));
      return;
    }
    run.decoder = decoder;
    const planes = i420PlaneLayouts(i420Layout(mode.width, mode.height));
    const clock = this.#context.clock;
    let lastTimestampUs = -Infinity;
    let failure: unknown;
    try {
      for await (const picture of decoder) {
        if (!run.active) {
          return;
        }
        // The arrival time on the source clock, strictly increasing even when frames arrive together.
        const timestampUs = Math.max(clock.nowUs(), lastTimestampUs + 1);
        lastTimestampUs = timestampUs;
        const frame = videoFrameInternals.create(
          { format: 'I420', codedWidth: mode.width, codedHeight: mode.height, bytes: picture, layout: planes },
          { timestamp: timestampUs, duration: null },
        );
        this.#context.emit(frame);
      }
    } catch (error) {
      failure = error;
    }
    if (!run.active) {
      return;
    }
    const stderr = decoder.stderr;
    let reason = captureFailureOf(stderr);
    if (reason === 'failed' && this.#camera.isGone?.() === true) {
      reason = 'removed';
    }
    const detail = lastLogLine(stderr) ?? (failure instanceof Error ? failure.message : 'ffmpeg stopped capturing');
    this.#fail(run, new CaptureError(label, reason, detail, { cause: failure }));
  }

  #fail(run: CameraRun, error: CaptureError): void {
    if (!run.active) {
      return;
    }
    this.stop();
    failCapture(this.#context, error);
  }
}
