/**
 * Parsing the command line (node:util parseArgs) and what every command shares: which devices to use
 * (`--fake`, `--video-file`, `--audio-file`, or the system's), `--permission` with a prompt on the terminal,
 * `--device` to pick one device, and `--constraints` as MediaStreamConstraints JSON.
 *
 * @module
 */

import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { createMediaDevices, type MediaDevices, type MediaStreamConstraints, type MediaTrackConstraints, type PermissionRequest } from 'mediacapture';
import { controlDevices } from 'mediacapture/testing';
import { usageError } from './cli-error.js';

/** Every option any command takes; each command says which of them it accepts. */
const OPTIONS = {
  'video-file': { type: 'string' },
  'audio-file': { type: 'string' },
  device: { type: 'string', multiple: true },
  permission: { type: 'string' },
  constraints: { type: 'string' },
  duration: { type: 'string' },
  mime: { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

/** The name of an option (without `--`); `fake` is parsed separately because its value is optional. */
export type OptionName = keyof typeof OPTIONS | 'fake';

/** A parsed command line. */
export interface CommandLine {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  /** `--fake`: true, or the fake device options given as `--fake=fps=30,device-count=2`. */
  readonly fake: string | true | undefined;
  readonly values: {
    readonly 'video-file'?: string;
    readonly 'audio-file'?: string;
    readonly device?: readonly string[];
    readonly permission?: string;
    readonly constraints?: string;
    readonly duration?: string;
    readonly mime?: string;
    readonly json?: boolean;
    readonly debug?: boolean;
    readonly help?: boolean;
    readonly version?: boolean;
  };
  /** The options that were given, to check them against what the command accepts. */
  readonly given: readonly OptionName[];
}

const FAKE_OPTION = /^--fake(?:=(.*))?$/s;

/** Parses `argv` (without node and the script); a usage error for unknown options or missing values. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let fake: string | true | undefined;
  const rest: string[] = [];
  for (const argument of argv) {
    const match = FAKE_OPTION.exec(argument);
    if (argument === '--') {
      rest.push(...argv.slice(argv.indexOf(argument)));
      break;
    }
    if (match === null) {
      rest.push(argument);
    } else {
      fake = match[1] === undefined || match[1] === '' ? true : match[1];
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const message = (error as Error).message
      .replace(/\.?\s*To specify a positional argument.*$/s, '')
      .replace(/\s*\n\s*/g, ' ');
    throw usageError(`${message.charAt(0).toLowerCase()}${message.slice(1)} (see mediacapture --help)`, error);
  }
  const given = new Set<OptionName>(fake === undefined ? [] : ['fake']);
  for (const token of parsed.tokens) {
    if (token.kind === 'option') {
      given.add(token.name as OptionName);
    }
  }
  const [command, ...positionals] = parsed.positionals;
  return { command, positionals, fake, values: parsed.values, given: [...given] };
}

/** Rejects options the command does not take, and more positional arguments than it takes. */
export function checkCommandLine(line: CommandLine, accepted: readonly OptionName[], maxPositionals: number): void {
  for (const name of line.given) {
    if (!accepted.includes(name) && !COMMON.includes(name)) {
      throw usageError(`${line.command ?? 'mediacapture'} does not take --${name} (see mediacapture ${line.command ?? ''} --help)`);
    }
  }
  if (line.positionals.length > maxPositionals) {
    throw usageError(`unexpected argument "${line.positionals[maxPositionals] ?? ''}" (see mediacapture ${line.command ?? ''} --help)`);
  }
}

/** Options every command takes. */
const COMMON: readonly OptionName[] = ['fake', 'video-file', 'audio-file', 'permission', 'debug', 'help', 'version'];

/** Whether the run uses the fake devices: `--fake`, a media file, or MEDIACAPTURE_FAKE_DEVICES. */
export function usesFakeDevices(line: CommandLine): boolean {
  const env = process.env['MEDIACAPTURE_FAKE_DEVICES']?.trim();
  return (
    line.fake !== undefined ||
    line.values['video-file'] !== undefined ||
    line.values['audio-file'] !== undefined ||
    (env !== undefined && env !== '' && env !== '0')
  );
}

/**
 * The MediaDevices object of this run: the fake devices with `--fake` (or a media file), otherwise those of
 * MEDIACAPTURE_FAKE_DEVICES when set, otherwise the system's. With `--permission prompt`, a terminal asks.
 */
export function openMediaDevices(line: CommandLine): MediaDevices {
  const { values } = line;
  const fileGiven = values['video-file'] !== undefined || values['audio-file'] !== undefined;
  const devices = typeof line.fake === 'string' ? line.fake : line.fake === true || fileGiven ? 'fake' : undefined;
  try {
    return createMediaDevices({
      ...(devices === undefined ? {} : { devices }),
      ...(values.permission === undefined ? {} : { permission: values.permission as 'granted' }),
      ...(values['video-file'] === undefined ? {} : { videoFile: values['video-file'] }),
      ...(values['audio-file'] === undefined ? {} : { audioFile: values['audio-file'] }),
      ...(process.stdin.isTTY && process.stderr.isTTY ? { onPrompt: askOnTerminal } : {}),
    });
  } catch (error) {
    const option = devices !== undefined && /fake|fps|device-count/i.test((error as Error).message) ? '--fake' : '--permission';
    throw usageError(`${option}: ${(error as Error).message}`, error);
  }
}

async function askOnTerminal(request: PermissionRequest): Promise<'granted' | 'denied'> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await terminal.question(`Allow access to the ${request.name} (${request.deviceLabels.join(', ')})? [y/N] `);
    return /^y(es)?$/i.test(answer.trim()) ? 'granted' : 'denied';
  } finally {
    terminal.close();
  }
}

/** `--constraints` as a MediaStreamConstraints object, or `fallback` when not given. */
export function readConstraints(line: CommandLine, fallback: MediaStreamConstraints): MediaStreamConstraints {
  const text = line.values.constraints;
  return text === undefined ? fallback : parseConstraints(text, '--constraints');
}

/** Parses MediaStreamConstraints JSON with one clear line when it is not JSON or not an object. */
export function parseConstraints(text: string, what: string): MediaStreamConstraints {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`${what} are not valid JSON (${(error as Error).message}): ${text}`, error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError(`${what} must be a JSON object such as {"video":{"width":1280}}, not ${text}`);
  }
  return value as MediaStreamConstraints;
}

/**
 * Adds `deviceId: {exact}` for each `--device` (a label, a deviceId or a system id) to the constraints of
 * its kind, requesting that kind if needed. A usage error names the devices there are when none matches.
 */
export function applyDeviceChoice(mediaDevices: MediaDevices, line: CommandLine, constraints: MediaStreamConstraints): MediaStreamConstraints {
  const wanted = line.values.device ?? [];
  if (wanted.length === 0) {
    return constraints;
  }
  const inputs = controlDevices(mediaDevices)
    .devices()
    .filter((d) => d.kind !== 'audiooutput');
  const result: { audio?: boolean | MediaTrackConstraints; video?: boolean | MediaTrackConstraints } = { ...constraints };
  for (const selector of wanted) {
    const device =
      inputs.find((d) => d.deviceId === selector || d.id === selector || d.label === selector) ??
      singleMatch(inputs.filter((d) => d.label.toLowerCase().includes(selector.toLowerCase())), selector);
    if (device === undefined) {
      const labels = inputs.map((d) => `"${d.label}"`).join(', ');
      throw usageError(`--device "${selector}" matches no input device${labels === '' ? ' (there are none)' : ` (there are ${labels})`}`);
    }
    const kind = device.kind === 'videoinput' ? 'video' : 'audio';
    const current = result[kind];
    result[kind] = { ...(typeof current === 'object' ? current : {}), deviceId: { exact: device.deviceId } };
  }
  return result;
}

function singleMatch<T>(matches: readonly T[], selector: string): T | undefined {
  if (matches.length > 1) {
    throw usageError(`--device "${selector}" matches ${matches.length} devices; give more of the label or the deviceId`);
  }
  return matches[0];
}
