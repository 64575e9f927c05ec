// Real PulseAudio for the system tests: whether a server answers, modules loaded and unloaded for a test,
// a pacat feeder playing a tone into a sink, and the child processes of a process (from /proc).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Why the PulseAudio tests cannot run here, or undefined when a server answers with the vsink/vmic pair. */
export function pulseUnavailable(): string | undefined {
  const info = spawnSync('pactl', ['info'], { encoding: 'utf8', timeout: 5000 });
  if (info.error !== undefined) {
    return `pactl cannot run (${info.error.message}); install pulseaudio-utils`;
  }
  if (info.status !== 0) {
    return `no PulseAudio server answers (${info.stderr.trim()}); .ci/run starts one`;
  }
  const sources = spawnSync('pactl', ['list', 'short', 'sources'], { encoding: 'utf8' }).stdout;
  if (!/^\d+\s+vmic\s/m.test(sources)) {
    return 'PulseAudio has no vmic source (.ci/run loads it)';
  }
  return undefined;
}

/** Loads a module; returns its index. */
export function loadModule(...args: string[]): string {
  return execFileSync('pactl', ['load-module', ...args], { encoding: 'utf8' }).trim();
}

/** Unloads a module, ignoring one that is gone. */
export function unloadModule(index: string): void {
  spawnSync('pactl', ['unload-module', index]);
}

/**
 * Plays a sine tone of `hz` at `amplitude` into `sink` (48 kHz stereo f32, low latency) until killed.
 * Samples are written as pacat takes them, so memory stays small.
 */
export function playTone(sink: string, hz: number, amplitude: number): ChildProcess {
  const rate = 48000;
  const child = spawn('pacat', ['--playback', `--device=${sink}`, '--raw', '--format=float32le', `--rate=${rate}`, '--channels=2', '--latency-msec=20'], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  let frame = 0;
  const block = (): Buffer => {
    const samples = new Float32Array(2 * 4800);
    for (let i = 0; i < 4800; i++, frame++) {
      const value = amplitude * Math.sin((2 * Math.PI * hz * frame) / rate);
      samples[2 * i] = value;
      samples[2 * i + 1] = value;
    }
    return Buffer.from(samples.buffer);
  };
  const pump = (): void => {
    while (child.stdin?.writable === true && child.stdin.write(block())) {
      // Keep writing until the pipe is full.
    }
  };
  child.stdin?.on('drain', pump);
  child.stdin?.on('error', () => {});
  pump();
  return child;
}

/** A name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`;
}
