// Microphones another program holds, on the real ALSA and PulseAudio providers with stand-in arecord,
// pactl and parec that list a device and fail to capture it the way the real programs do: the track ends,
// the device is marked busy, and the next getUserMedia rejects with NotReadableError without running the
// capture program again; a failure that is not "busy" leaves the device to be opened again.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { MediaDevices, MediaStreamTrack } from '../../../../../src/index.js';
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

/** A PulseAudio provider over the recorded listing whose parec prints `said` and exits 1. */
function pulseSaying(said: string): { provider: PlatformProvider; captures: () => number } {
  const name = `parec-${captureCount++}`;
  const info = dataFile('info.json', RECORDED_INFO);
  const sources = dataFile('sources.json', RECORDED_SOURCES);
  const sinks = dataFile('sinks.json', RECORDED_SINKS);
  const pactl = standIn(
    `pactl-${name}`,
    [
      'case "$*" in',
      `  "-f json info") cat '${info}' ;;`,
      `  "-f json list sources") cat '${sources}' ;;`,
      `  "-f json list sinks") cat '${sinks}' ;;`,
      '  subscribe) exec sleep 120 ;;',
      'esac',
    ].join('\n'),
  );
  const parec = standIn(name, `printf x >> '${path.join(directory, `${name}.runs`)}'\necho ${JSON.stringify(said)} >&2\nexit 1`);
  return { provider: new PulseAudioProvider({ pactl: pactl.path, parec: parec.path }), captures: parec.runs };
}

/** Resolves once `track` has ended (its "ended" event fired), with how many "ended" events it got. */
function endedEvents(track: MediaStreamTrack): Promise<number> {
  let count = 0;
  return new Promise((resolve) => {
    track.addEventListener('ended', () => {
      count++;
      // Any further "ended" event would be counted before this task ends.
      setImmediate(() => resolve(count));
    });
  });
}

/** The audio track of a getUserMedia() call for the default microphone, and the "ended" events it gets. */
async function openMicrophone(mediaDevices: MediaDevices): Promise<{ track: MediaStreamTrack; ended: Promise<number> }> {
  const [track] = (await mediaDevices.getUserMedia({ audio: true })).getAudioTracks();
  assert.ok(track !== undefined);
  assert.equal(track.readyState, 'live', 'the capture fails after getUserMedia resolved');
  return { track, ended: endedEvents(track) };
}

describe('busy microphones', { skip: process.platform !== 'linux' ? 'stand-ins are shell scripts' : false }, () => {
  const busyCases = [
    { system: 'ALSA', said: 'Device or resource busy', label: 'C922 Pro Stream Webcam: USB Audio', make: () => alsaSaying('Device or resource busy') },
    { system: 'PulseAudio', said: 'Stream error: Device or resource busy', label: 'VirtualMic', make: () => pulseSaying('Stream error: Device or resource busy') },
    { system: 'PulseAudio', said: 'Stream error: Access denied', label: 'VirtualMic', make: () => pulseSaying('Stream error: Access denied') },
  ];
  for (const { system, said, label, make } of busyCases) {
    test(`${system}: a microphone whose capture says "${said}" ends its track, and the next getUserMedia rejects with NotReadableError`, async () => {
      const { provider, captures } = make();
      const { mediaDevices, session } = systemMediaDevices([provider]);
      try {
        const { track, ended } = await openMicrophone(mediaDevices);
        assert.equal(track.label, label);
        const { deviceId } = track.getSettings();
        assert.equal(await ended, 1);
        assert.equal(track.readyState, 'ended');
        assert.deepEqual(captureChildPids(), [], 'no capture program is left running');
        assert.equal(captures(), 1);
        // Asked for by id: a request for any microphone would go on to the next one.
        await assert.rejects(mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId } } }), (error: unknown) => {
          assert.ok(error instanceof DOMException);
          assert.equal(error.name, 'NotReadableError');
          assert.match(error.message, new RegExp(`${label}.* is in use by another program or refused by the system`));
          assert.ok(error.message.includes(said), error.message);
          return true;
        });
        assert.equal(captures(), 1, 'the capture program is not run again for a busy device');
      } finally {
        session.close();
      }
    });
  }

  test('PulseAudio: a parec that fails otherwise ends its track, and the next getUserMedia tries the microphone again', async () => {
    const { provider, captures } = pulseSaying('Connection failure: Connection refused');
    const { mediaDevices, session } = systemMediaDevices([provider]);
    try {
      const first = await openMicrophone(mediaDevices);
      assert.equal(await first.ended, 1);
      const second = await openMicrophone(mediaDevices);
      assert.equal(await second.ended, 1);
      assert.equal(captures(), 2);
      assert.deepEqual(captureChildPids(), []);
    } finally {
      session.close();
    }
  });

});
