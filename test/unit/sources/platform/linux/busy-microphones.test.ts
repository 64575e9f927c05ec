// Microphones another program holds, on the real ALSA and PulseAudio providers with stand-in arecord,
// pactl and parec that list a device and fail to capture it the way the real programs do: getUserMedia
// rejects with NotReadableError, the device is marked busy, and the next getUserMedia rejects without
// running the capture program again; a failure that is not "busy" leaves the device to be opened again.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { MediaDevices } from '../../../../../src/index.js';
import { AlsaProvider } from '../../../../../src/sources/platform/linux/alsa-provider.js';
import { PulseAudioProvider } from '../../../../../src/sources/platform/linux/pulse-provider.js';
import type { PlatformProvider } from '../../../../../src/sources/platform/platform-device.js';
import { captureChildPids } from '../../../../../src/sources/platform/raw-pcm-producer.js';
import { systemMediaDevices } from '../../../devices/system-media-devices.js';
import { RECORDED_INFO, RECORDED_SINKS, RECORDED_SOURCES } from './pactl-recordings.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mediacapture-busy-microphones-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const ARECORD_L = `**** List of CAPTURE Hardware Devices ****
card 1: C922 [C922 Pro Stream Webcam], device 0: USB Audio [USB Audio]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
`;

/** Numbers the stand-ins, so each test counts its own runs. */
let captureCount = 0;

/** A stand-in program: a shell script named `name` running `body`, counting its runs (but listings) in `<name>.runs`. */
function standIn(name: string, body: string): { path: string; runs: () => number } {
  const file = path.join(directory, name);
  const runs = path.join(directory, `${name}.runs`);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return { path: file, runs: () => (existsSync(runs) ? readFileSync(runs, 'utf8').length : 0) };
}

/** A file the stand-ins print, written once. */
function dataFile(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

/** An ALSA provider whose card is captured by an arecord that prints `said` and exits 1. */
function alsaSaying(said: string): { provider: PlatformProvider; captures: () => number } {
  const name = `arecord-${captureCount++}`;
  const listing = dataFile(`${name}.list`, ARECORD_L);
  const arecord = standIn(
    name,
    `if [ "$1" = "-l" ]; then cat '${listing}'; exit 0; fi\nprintf x >> '${path.join(directory, `${name}.runs`)}'\necho ${JSON.stringify(`arecord: main:850: audio open error: ${said}`)} >&2\nexit 1`,
  );
  const aplay = standIn(`aplay-${name}`, `echo 'aplay: device_list:274: no soundcards found...' >&2\nexit 1`);
  return { provider: new AlsaProvider({ arecord: arecord.path, aplay: aplay.path }), captures: arecord.runs };
}

/** A stand-in pactl named `name` that lists the recorded PulseAudio devices; returns its path. */
function recordedPactl(name: string): string {
  const info = dataFile('info.json', RECORDED_INFO);
  const sources = dataFile('sources.json', RECORDED_SOURCES);
  const sinks = dataFile('sinks.json', RECORDED_SINKS);
  return standIn(
    name,
    [
      'case "$*" in',
      `  "-f json info") cat '${info}' ;;`,
      `  "-f json list sources") cat '${sources}' ;;`,
      `  "-f json list sinks") cat '${sinks}' ;;`,
      '  subscribe) exec sleep 120 ;;',
      'esac',
    ].join('\n'),
  ).path;
}

/** A PulseAudio provider over the recorded listing whose parec prints `said` and exits 1. */
function pulseSaying(said: string): { provider: PlatformProvider; captures: () => number } {
  const name = `parec-${captureCount++}`;
  const pactl = recordedPactl(`pactl-${name}`);
  const parec = standIn(name, `printf x >> '${path.join(directory, `${name}.runs`)}'\necho ${JSON.stringify(said)} >&2\nexit 1`);
  return { provider: new PulseAudioProvider({ pactl, parec: parec.path }), captures: parec.runs };
}

/** Asserts that getUserMedia for any microphone rejects with a NotReadableError whose message matches each of `patterns`. */
async function rejectsUnreadable(mediaDevices: MediaDevices, ...patterns: (RegExp | string)[]): Promise<void> {
  await assert.rejects(mediaDevices.getUserMedia({ audio: true }), (error: unknown) => {
    assert.ok(error instanceof DOMException);
    assert.equal(error.name, 'NotReadableError');
    for (const pattern of patterns) {
      assert.ok(typeof pattern === 'string' ? error.message.includes(pattern) : pattern.test(error.message), error.message);
    }
    return true;
  });
}

describe('busy microphones', { skip: process.platform !== 'linux' ? 'stand-ins are shell scripts' : false }, () => {
  const busyCases = [
    { system: 'ALSA', said: 'Device or resource busy', make: () => alsaSaying('Device or resource busy') },
    { system: 'PulseAudio', said: 'Stream error: Device or resource busy', make: () => pulseSaying('Stream error: Device or resource busy') },
    { system: 'PulseAudio', said: 'Stream error: Access denied', make: () => pulseSaying('Stream error: Access denied') },
  ];
  for (const { system, said, make } of busyCases) {
    test(`${system}: getUserMedia on a microphone whose capture says "${said}" rejects with NotReadableError, and the next one without capturing again`, async () => {
      const { provider, captures } = make();
      const { mediaDevices, session } = systemMediaDevices([provider]);
      try {
        // The first call starts the capture of each microphone in turn, which fails at once: getUserMedia
        // waits for that.
        await rejectsUnreadable(mediaDevices, 'could not be opened', said);
        assert.deepEqual(captureChildPids(), [], 'no capture program is left running');
        const tried = captures();
        assert.ok(tried >= 1);
        // The devices are marked busy: the next call says so without running the capture program.
        await rejectsUnreadable(mediaDevices, / is in use by another program or refused by the system/, said);
        assert.equal(captures(), tried, 'the capture program is not run again for a busy device');
      } finally {
        session.close();
      }
    });
  }

  test('PulseAudio: a parec that fails otherwise rejects getUserMedia, and the next getUserMedia tries the microphone again', async () => {
    const { provider, captures } = pulseSaying('Connection failure: Connection refused');
    const { mediaDevices, session } = systemMediaDevices([provider]);
    try {
      await rejectsUnreadable(mediaDevices, 'Connection refused');
      const tried = captures();
      await rejectsUnreadable(mediaDevices, 'Connection refused');
      assert.equal(captures(), 2 * tried);
      assert.deepEqual(captureChildPids(), []);
    } finally {
      session.close();
    }
  });

  test('PulseAudio: parec runs in the environment pactl listed the devices in', async () => {
    const name = `parec-env-${captureCount++}`;
    const seen = path.join(directory, `${name}.env`);
    const pactl = recordedPactl(`pactl-${name}`);
    const parec = standIn(name, `printf '%s' "$PULSE_SERVER" > '${seen}'\necho 'Connection failure: Connection refused' >&2\nexit 1`);
    const env = { ...process.env, PULSE_SERVER: 'unix:/run/elsewhere/native' };
    const { mediaDevices, session } = systemMediaDevices([new PulseAudioProvider({ pactl, parec: parec.path, env })]);
    try {
      await rejectsUnreadable(mediaDevices);
      assert.equal(readFileSync(seen, 'utf8'), 'unix:/run/elsewhere/native');
    } finally {
      session.close();
    }
  });
});
