#!/usr/bin/env node
/**
 * The `mediacapture` command: `devices`, `probe`, `snap` and `record` on the system's devices or the fake
 * ones, as a client of the package's public API. Errors are one line on stderr and a non-zero exit status
 * (2 for bad input, 1 for failures); `--debug` adds the stack trace.
 *
 * @module
 */

import { readFileSync } from 'node:fs';

import { explainConstraints } from 'mediacapture/testing';
import { CliError, EXIT_FAILURE, usageError } from './cli-error.js';
import {
  applyDeviceChoice,
  checkCommandLine,
  openMediaDevices,
  parseCommandLine,
  parseConstraints,
  readConstraints,
  usesFakeDevices,
  type CommandLine,
} from './command-line.js';
import { formatDeviceTable, listDevices, requireInputDevices } from './devices-command.js';
import { formatExplanation } from './probe-command.js';
import { DEFAULT_DURATION_S, defaultRecordConstraints, parseDuration, runRecord } from './record-command.js';
import { runSnap } from './snap-command.js';
import { runView } from './view-command.js';

const COMMON_HELP = `Devices (every command):
  --fake[=OPTIONS]     the fake devices (Chromium's); OPTIONS as MEDIACAPTURE_FAKE_DEVICES, e.g. --fake=fps=30,device-count=2
  --video-file FILE    the fake cameras play FILE (.y4m or anything ffmpeg reads); implies --fake
  --audio-file FILE    the fake microphones play FILE (.wav or anything ffmpeg reads); implies --fake
  --device LABEL|ID    use this device (label, part of it, or deviceId); once per kind
  --permission STATE   granted (default), denied or prompt (asks on a terminal)
  --debug              stack traces with errors
  -h, --help           this help;  -v, --version  the version`;

const HELP: Readonly<Record<string, string>> = {
  '': `usage: mediacapture <command> [options]

The W3C Media Capture and Streams API for Node.js, from the command line.

Commands:
  devices [--json]                        the devices getUserMedia sees, with their capabilities
  probe '<constraints JSON>' [--json]     what getUserMedia would pick for MediaStreamConstraints, and why
  snap [out.png|out.jpg]                  a photo through ImageCapture
  record [out.webm|out.mp4|…]             a recording through MediaRecorder (Ctrl-C stops it)
  view                                    a live preview of the camera in the terminal (q quits)

Without --fake (or MEDIACAPTURE_FAKE_DEVICES) the commands use the system's devices.
Try: mediacapture record --fake demo.webm

${COMMON_HELP}`,
  devices: `usage: mediacapture devices [--json] [options]

Lists the devices a page would see after getUserMedia is allowed: kind, label, deviceId, groupId and the
capabilities of each input. --json prints them as JSON.

${COMMON_HELP}`,
  probe: `usage: mediacapture probe '<MediaStreamConstraints JSON>' [--json] [options]

Runs the constraints engine as getUserMedia would, without opening anything: per device and candidate mode,
the settings and fitness distance SelectSettings gives, or the required constraint that rules it out and by
how much. Exits 1 when getUserMedia would reject. Example: mediacapture probe --fake '{"video":{"width":{"exact":1280}}}'

${COMMON_HELP}`,
  snap: `usage: mediacapture snap [out.png|out.jpg] [--constraints JSON] [options]

Takes a photo with ImageCapture.takePhoto() from the camera getUserMedia gives for the constraints
(default {"video":true}); the extension picks PNG or JPEG. Default file: photo.png.

${COMMON_HELP}`,
  record: `usage: mediacapture record [out.webm|out.mp4|out.mkv|out.ogg|out.m4a] [options]

Records with MediaRecorder for --duration seconds (default ${DEFAULT_DURATION_S}), or until Ctrl-C, which stops cleanly
and keeps a playable file. The type comes from the extension (or --mime); the constraints default to
{"audio":true,"video":true} ({"audio":true} for audio-only files). Default file: recording.webm.
A status line (time, frames, dropped frames, audio level, bytes) shows on stderr.

  --duration SECONDS   how long to record (default ${DEFAULT_DURATION_S})
  --constraints JSON   MediaStreamConstraints for getUserMedia
  --mime TYPE          the MediaRecorder type, e.g. "video/webm;codecs=vp9,opus"

${COMMON_HELP}`,
  view: `usage: mediacapture view [--constraints JSON] [--duration SECONDS] [options]

Shows the camera live in the terminal (24-bit colour, two pixels per character cell) until q, Ctrl-C or
--duration. Without constraints the track is asked for about the terminal's size and crops and scales to it.

${COMMON_HELP}`,
};

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs the command line; resolves with the exit status. */
async function main(argv: readonly string[]): Promise<number> {
  let line: CommandLine | undefined;
  try {
    line = parseCommandLine(argv);
    if (line.values.version === true) {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const command = line.command ?? '';
    if (line.values.help === true || command === '' || command === 'help') {
      const topic = command === 'help' ? (line.positionals[0] ?? '') : command;
      const text = HELP[topic];
      if (text === undefined) {
        throw usageError(`unknown command "${topic}" (commands: devices, probe, snap, record, view)`);
      }
      process.stdout.write(`${text}\n`);
      return command === '' && line.values.help !== true ? 2 : 0;
    }
    return await runCommand(line);
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError(error instanceof Error ? error.message : String(error), EXIT_FAILURE, { cause: error });
    process.stderr.write(`mediacapture: ${failure.message}\n`);
    if (line?.values.debug === true || argv.includes('--debug')) {
      process.stderr.write(`${describeStack(failure)}\n`);
    }
    return failure.exitCode;
  }
}

function describeStack(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? (cause.stack ?? String(cause)) : (error.stack ?? String(error));
}

/** Runs one command; resolves with its exit status. */
async function runCommand(line: CommandLine): Promise<number> {
  const usingFake = usesFakeDevices(line);
  switch (line.command) {
    case 'devices': {
      checkCommandLine(line, ['json'], 0);
      const mediaDevices = openMediaDevices(line);
      await requireInputDevices(mediaDevices, usingFake);
      const devices = await listDevices(mediaDevices);
      process.stdout.write(line.values.json === true ? `${JSON.stringify(devices, null, 2)}\n` : `${formatDeviceTable(devices).join('\n')}\n`);
      return 0;
    }
    case 'probe': {
      checkCommandLine(line, ['json', 'device', 'constraints'], 1);
      const text = line.positionals[0] ?? line.values.constraints;
      if (text === undefined) {
        throw usageError(`probe needs MediaStreamConstraints JSON, e.g. mediacapture probe '{"video":{"width":1280}}'`);
      }
      const mediaDevices = openMediaDevices(line);
      await requireInputDevices(mediaDevices, usingFake);
      const constraints = applyDeviceChoice(mediaDevices, line, parseConstraints(text, 'the constraints'));
      let explanation;
      try {
        explanation = await explainConstraints(mediaDevices, constraints);
      } catch (error) {
        throw usageError(`invalid constraints: ${(error as Error).message}`, error);
      }
      const { lines, satisfied } = formatExplanation(explanation);
      process.stdout.write(line.values.json === true ? `${JSON.stringify(explanation, null, 2)}\n` : `${lines.join('\n')}\n`);
      return satisfied ? 0 : 1;
    }
    case 'snap': {
      checkCommandLine(line, ['constraints', 'device'], 1);
      const path = line.positionals[0] ?? 'photo.png';
      const mediaDevices = openMediaDevices(line);
      await requireInputDevices(mediaDevices, usingFake);
      const constraints = applyDeviceChoice(mediaDevices, line, readConstraints(line, { video: true }));
      process.stdout.write(`${await runSnap(mediaDevices, { path, constraints, constraintsText: line.values.constraints, usingFake })}\n`);
      return 0;
    }
    case 'record': {
      checkCommandLine(line, ['constraints', 'device', 'duration', 'mime'], 1);
      const path = line.positionals[0] ?? 'recording.webm';
      const durationS = parseDuration(line.values.duration);
      const mediaDevices = openMediaDevices(line);
      await requireInputDevices(mediaDevices, usingFake);
      const given = readConstraints(line, defaultRecordConstraints(path, line.values.mime));
      const constraints = applyDeviceChoice(mediaDevices, line, given);
      const summary = await runRecord(
        mediaDevices,
        { path, durationS, mime: line.values.mime, constraints, constraintsText: line.values.constraints, usingFake },
        process.stderr,
      );
      process.stdout.write(`${summary}\n`);
      return 0;
    }
    case 'view': {
      checkCommandLine(line, ['constraints', 'device', 'duration'], 0);
      const durationS = line.values.duration === undefined ? undefined : parseDuration(line.values.duration);
      const mediaDevices = openMediaDevices(line);
      await requireInputDevices(mediaDevices, usingFake);
      const given = line.values.constraints === undefined ? undefined : parseConstraints(line.values.constraints, '--constraints');
      const constraints = line.values.device === undefined ? given : applyDeviceChoice(mediaDevices, line, given ?? { video: {} });
      const summary = await runView(
        mediaDevices,
        { constraints, constraintsText: line.values.constraints, usingFake, durationS },
        process.stdout,
        process.stdin,
      );
      process.stdout.write(`${summary}\n`);
      return 0;
    }
    default:
      throw usageError(`unknown command "${line.command ?? ''}" (commands: devices, probe, snap, record, view; see mediacapture --help)`);
  }
}

const status = await main(process.argv.slice(2));
// Devices and encoders are released by now; exit without waiting for idle handles, after stdout drains.
process.stdout.write('', () => process.exit(status));
