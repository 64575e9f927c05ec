/**
 * Microphones and audio outputs from PulseAudio (or PipeWire's PulseAudio server): listed with
 * `pactl -f json`, captured with `parec`, watched with `pactl subscribe`. See pulse-listing.ts for what
 * the listing means and raw-pcm-producer.ts for the capture.
 *
 * @module
 */

import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { MICROPHONE_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import { runCommand, spawnGuarded, type CommandResult } from './guarded-spawn.js';
import { PAREC_LATENCY_MS, parsePactlInfo, parsePactlList, pulseDevices, type PulseDeviceEntry, type PulseSampleSpec } from './pulse-listing.js';
import { rawPcmProducer, type CaptureCommand } from '../raw-pcm-producer.js';
import { hostClearTimeout, hostNowMs, hostSetTimeout } from '../../../media/host-timers.js';

/** What `pactl` found the last time it ran. */
export type PulseState =
  | { readonly type: 'unknown' }
  | { readonly type: 'available' }
  /** pactl is not installed. */
  | { readonly type: 'missing' }
  /** pactl runs but no server answers (or it is too old for JSON output); `reason` is its stderr. */
  | { readonly type: 'unreachable'; readonly reason: string };

/** Restarts of `pactl subscribe` in a row (each after a failure within a minute) before watching gives up. */
const MAX_SUBSCRIBE_RESTARTS = 5;
const SUBSCRIBE_RESTART_DELAY_MS = 1_000;
const SUBSCRIBE_HEALTHY_MS = 60_000;

/** The parec command (default: from PATH) capturing source `name` at its native format as f32le. */
export function parecCommand(
  name: string,
  spec: Pick<PulseSampleSpec, 'rate' | 'channels'>,
  parec = 'parec',
  env?: NodeJS.ProcessEnv,
): CaptureCommand {
  return {
    command: parec,
    ...(env === undefined ? {} : { env }),
    args: [
      `--device=${name}`,
      '--raw',
      '--format=float32le',
      `--rate=${spec.rate}`,
      `--channels=${spec.channels}`,
      `--latency-msec=${PAREC_LATENCY_MS}`,
      '--client-name=mediacapture',
      '--stream-name=getUserMedia',
    ],
  };
}

/** Whether a line of `pactl subscribe` output may mean the device list changed. */
export function isDeviceEvent(line: string): boolean {
  return /^Event '(new|remove|change)' on (source|sink|server|card) #?\d*/.test(line.trim());
}

/**
 * A PlatformDevice of a listed entry: sources get a producer running `parec` (default: from PATH) in `env` (default:
 * this process's), the environment pactl listed them in, so both talk to the same server.
 */
export function platformDeviceOf(entry: PulseDeviceEntry, parec = 'parec', env?: NodeJS.ProcessEnv): PlatformDevice {
  const { rawId, kind, label, groupKey, isDefault, capture, spec } = entry;
  if (capture === undefined || spec === undefined) {
    return { rawId, kind, label, groupKey, isDefault };
  }
  const producer = rawPcmProducer({ device: label, program: 'parec', format: { sampleRate: spec.rate, channels: spec.channels }, command: parecCommand(rawId, spec, parec, env) });
  return { rawId, kind, label, groupKey, isDefault, capture, producer, startWaitMs: MICROPHONE_START_WAIT_MS };
}

/** Where the PulseAudio provider finds pactl and parec, and the environment it runs pactl in (PULSE_SERVER, …). */
export interface PulseAudioOptions {
  readonly pactl?: string;
  readonly parec?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Lists PulseAudio's devices and watches them. */
export class PulseAudioProvider implements PlatformProvider {
  readonly name = 'pulseaudio';
  readonly #pactl: string;
  readonly #parec: string;
  readonly #env: NodeJS.ProcessEnv;
  #state: PulseState = { type: 'unknown' };

  /** A provider running `pactl` in `env` (default: this process's) and capturing with `parec` (both default: from PATH). */
  constructor(options: PulseAudioOptions = {}) {
    this.#pactl = options.pactl ?? 'pactl';
    this.#parec = options.parec ?? 'parec';
    this.#env = options.env ?? process.env;
  }

  /** What pactl found the last time it ran. */
  get state(): PulseState {
    return this.#state;
  }

  /** Why the last listing found no server, or undefined. */
  problem(): string | undefined {
    const state = this.#state;
    if (state.type === 'missing') {
      return 'pactl (pulseaudio-utils) is not installed';
    }
    if (state.type === 'unreachable') {
      return `no PulseAudio server answers (${state.reason})`;
    }
    return undefined;
  }

  /** The server's sources and sinks; empty when pactl is missing or no server answers. */
  async list(): Promise<PlatformDevice[]> {
    const [info, sources, sinks] = await Promise.all([
      runCommand(this.#pactl, ['-f', 'json', 'info'], this.#env),
      runCommand(this.#pactl, ['-f', 'json', 'list', 'sources'], this.#env),
      runCommand(this.#pactl, ['-f', 'json', 'list', 'sinks'], this.#env),
    ]);
    if (!this.#answered(info) || !this.#answered(sources) || !this.#answered(sinks)) {
      return [];
    }
    const entries = pulseDevices(parsePactlList(sources.stdout), parsePactlList(sinks.stdout), parsePactlInfo(info.stdout));
    return entries.map((entry) => platformDeviceOf(entry, this.#parec, this.#env));
  }

  /** Runs `pactl subscribe` (unref'd; restarted a few times if it dies) and calls `changed` on device events. */
  watch(changed: () => void): () => void {
    return new SubscribeWatch(this.#pactl, this.#env, changed).stop;
  }

  #answered(result: CommandResult): result is CommandResult & { type: 'exited' } {
    if (result.type === 'missing') {
      this.#state = { type: 'missing' };
      return false;
    }
    if (result.code !== 0) {
      const reason = result.stderr.trim().split('\n').pop() ?? '';
      this.#state = { type: 'unreachable', reason: reason === '' ? `pactl exited with code ${String(result.code)}` : reason };
      return false;
    }
    this.#state = { type: 'available' };
    return true;
  }
}

/** One `pactl subscribe` child at a time, restarted after a failure unless it keeps failing. */
class SubscribeWatch {
  readonly #pactl: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #changed: () => void;
  #child: ChildProcess | undefined;
  #stopped = false;
  #restarts = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(pactl: string, env: NodeJS.ProcessEnv, changed: () => void) {
    this.#pactl = pactl;
    this.#env = env;
    this.#changed = changed;
    this.#start();
  }

  readonly stop = (): void => {
    this.#stopped = true;
    hostClearTimeout(this.#timer);
    const child = this.#child;
    this.#child = undefined;
    if (child !== undefined && child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      child.kill('SIGKILL');
    }
    child?.stdout?.destroy();
  };

  #start(): void {
    const startedAt = hostNowMs();
    const child = spawnGuarded(this.#pactl, ['subscribe'], { stdio: ['ignore', 'pipe', 'ignore'], env: this.#env });
    this.#child = child;
    // Watching never keeps Node alive.
    child.unref();
    const stdout = child.stdout as Readable & { unref?: () => void };
    stdout.unref?.();
    let partial = '';
    stdout.setEncoding('utf8').on('data', (text: string) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      if (!this.#stopped && lines.some(isDeviceEvent)) {
        this.#changed();
      }
    });
    stdout.on('error', () => {});
    child.once('error', () => {});
    child.once('close', () => {
      if (this.#stopped || this.#child !== child) {
        return;
      }
      this.#child = undefined;
      this.#restarts = hostNowMs() - startedAt > SUBSCRIBE_HEALTHY_MS ? 0 : this.#restarts + 1;
      if (this.#restarts > MAX_SUBSCRIBE_RESTARTS) {
        return;
      }
      this.#timer = hostSetTimeout(() => {
        if (!this.#stopped) {
          // The server may have restarted with other devices.
          this.#changed();
          this.#start();
        }
      }, SUBSCRIBE_RESTART_DELAY_MS);
      this.#timer.unref();
    });
  }
}
