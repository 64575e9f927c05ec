// Runs the built `mediacapture` command (dist/cli/main.js) as a child process, and checks what it writes
// with ffprobe, ffmpeg and sharp, for the tests of test/cli.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository (this file is compiled to .build/test/cli/). */
export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
/** The command, as package.json's bin names it. */
export const CLI = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

/** What a run of the command gave. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a run: without MEDIACAPTURE_* variables (so only the options choose the devices), and
 * without PulseAudio or an X display, so "the system's devices" are none on any machine.
 */
export function isolatedEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('MEDIACAPTURE_') && name !== 'DISPLAY' && !name.startsWith('PULSE_')) {
      env[name] = value;
    }
  }
  return { ...env, PULSE_SERVER: 'unix:/nonexistent/pulse', ...extra };
}

/** Runs `mediacapture ...args` in `cwd` and resolves with its exit status and output. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = isolatedEnvironment()): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Asserts a failed run: the exit status, one line on stderr matching `message`, and no stack trace. */
export function assertOneLineError(result: CliResult, code: number, message: RegExp): void {
  assert.equal(result.code, code, `exit status of a run that wrote: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0] ?? '', /^mediacapture: /);
  assert.match(lines[0] ?? '', message);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

/** Whether ffmpeg and ffprobe run here, or why the tests that need them skip. */
export const noFfmpeg: string | false = ['ffmpeg', 'ffprobe'].every((tool) => spawnSync(tool, ['-version']).status === 0)
  ? false
  : 'ffmpeg or ffprobe is not installed';

/** The streams of a media file as ffprobe lists them. */
export function probeStreams(path: string): { codec_type: string; codec_name: string; width?: number; height?: number }[] {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height', '-of', 'json', path], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `ffprobe ${path}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { streams: ReturnType<typeof probeStreams> }).streams;
}

/** Decodes a whole media file with ffmpeg: it must decode without a single error; returns its video frame count. */
export function decodeFile(path: string): { videoFrames: number } {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', path, '-f', 'null', '-'], { encoding: 'utf8' });
  assert.equal(result.status, 0, `ffmpeg could not decode ${path}: ${result.stderr}`);
  assert.equal(result.stderr.trim(), '', `decoding ${path} reported errors`);
  const count = spawnSync(
    'ffprobe',
    ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path],
    { encoding: 'utf8' },
  );
  return { videoFrames: Number.parseInt(count.stdout.trim() || '0', 10) || 0 };
}

/** The part of sharp the tests use to decode photos. */
interface SharpMetadata {
  metadata(): Promise<{ width?: number; height?: number; format?: string }>;
}

/** sharp, when the optional dependency is installed. */
export async function loadSharp(): Promise<((input: string) => SharpMetadata) | undefined> {
  const specifier = 'sharp';
  try {
    return ((await import(specifier)) as { default: (input: string) => SharpMetadata }).default;
  } catch {
    return undefined;
  }
}
