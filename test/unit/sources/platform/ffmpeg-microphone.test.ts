// Microphones on macOS and Windows through ffmpeg: the providers over recorded listings, the capture
// arguments, and the capture pipeline run with real ffmpeg and a lavfi tone standing in for the device.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import type { AudioData } from '../../../../src/media/audio-data.js';
import { MonotonicClock } from '../../../../src/media/clock.js';
import type { ProducerContext, SourceEndReason } from '../../../../src/sources/capture-source.js';
import { findFfmpeg } from '../../../../src/sources/file/ffmpeg-location.js';
import { CaptureError } from '../../../../src/sources/platform/capture-error.js';
import type { CommandRunner } from '../../../../src/sources/platform/command-output.js';
import { ffmpegMicrophoneArgs, ffmpegMicrophoneProducer, FFMPEG_MICROPHONE_FORMAT } from '../../../../src/sources/platform/ffmpeg-microphone.js';
import { avfoundationMicrophoneProvider } from '../../../../src/sources/platform/macos/avfoundation-microphone-provider.js';
import { platformProviders } from '../../../../src/sources/platform/platform-providers.js';
import { captureChildPids } from '../../../../src/sources/platform/raw-pcm-producer.js';
import { dshowMicrophoneProvider } from '../../../../src/sources/platform/windows/dshow-microphone-provider.js';
import { AVFOUNDATION_DEVICES, AVFOUNDATION_DEVICES_WITH_IDS, DSHOW_DEVICES_SECTIONS, DSHOW_DEVICES_TYPED } from './ffmpeg-device-recorded-outputs.js';
import { StandInFfmpeg } from './stand-in-ffmpeg.js';
import { waitFor } from '../../../helpers/processes.js';

const standIn = new StandInFfmpeg('[dshow @ 000001f8c1a0e7c0] Could not find audio only device with name [Microphone Array (Realtek(R) Audio)] among source devices of type audio.');
// DirectShow's words for a device another application holds.
const busyStandIn = new StandInFfmpeg();
after(() => {
  standIn.remove();
  busyStandIn.remove();
});

/** ffmpeg answering the listing from a recording; records what it was asked. */
function recorded(listing: string): { run: CommandRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: CommandRunner = async (_command, args) => {
    calls.push([...args]);
    return { code: 1, stdout: '', stderr: listing };
  };
  return { run, calls };
}

/** A producer context collecting chunks and the failure. */
function harness(): { context: ProducerContext; chunks: AudioData[]; failure: Promise<{ reason: SourceEndReason; error: Error | undefined }> } {
  const chunks: AudioData[] = [];
  let failed: (value: { reason: SourceEndReason; error: Error | undefined }) => void = () => {};
  const failure = new Promise<{ reason: SourceEndReason; error: Error | undefined }>((resolve) => {
    failed = resolve;
  });
  const context: ProducerContext = {
    clock: new MonotonicClock(),
    emit: (frame) => chunks.push(frame as AudioData),
    fail: (reason, error) => failed({ reason, error }),
  };
  return { context, chunks, failure };
}

describe('macOS and Windows microphones through ffmpeg', () => {
  test('the output arguments ask for f32le at 48 kHz stereo on stdout, after the device input', () => {
    assert.deepEqual(ffmpegMicrophoneArgs(['-f', 'avfoundation', '-i', ':1']), [
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
      '-f', 'avfoundation', '-i', ':1',
      '-map', '0:a:0', '-f', 'f32le', '-acodec', 'pcm_f32le', '-ar', '48000', '-ac', '2', '-flush_packets', '1', 'pipe:1',
    ]);
  });

  test('avfoundation lists its audio devices as microphones, the first as the default, screens and cameras left out', async () => {
    const { run, calls } = recorded(AVFOUNDATION_DEVICES);
    const devices = await avfoundationMicrophoneProvider({ run, env: standIn.env }).list();
    assert.deepEqual(calls, [['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', '']]);
    assert.deepEqual(
      devices.map((device) => [device.kind, device.label, device.rawId, device.isDefault]),
      [
        ['audioinput', 'MacBook Pro Microphone', 'avfoundation-audio:MacBook Pro Microphone', true],
        ['audioinput', 'ZoomAudioDevice', 'avfoundation-audio:ZoomAudioDevice', false],
      ],
    );
    const capture = devices[0]?.capture;
    assert.ok(capture?.kind === 'audio');
    assert.equal(capture.defaultSampleRate, 48_000);
    assert.deepEqual(capture.channelCount, { min: 1, max: 2 });
    assert.deepEqual(capture.echoCancellation, [false]);
  });

  test('avfoundation microphones take the unique id as raw id where ffmpeg prints it', async () => {
    const { run } = recorded(AVFOUNDATION_DEVICES_WITH_IDS);
    const devices = await avfoundationMicrophoneProvider({ run, env: standIn.env }).list();
    assert.deepEqual(devices.map((device) => [device.label, device.rawId]), [['Built-in Microphone', 'AppleHDAEngineInput:1B,0,1,0:1']]);
  });

  test('dshow lists its audio devices in both layouts with their monikers as raw ids', async () => {
    for (const [listing, expected] of [
      [DSHOW_DEVICES_SECTIONS, [['Microphone (High Definition Audio Device)', '@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{E26AD2BE-B335-41EC-BED5-40F982F21FF7}', true]]],
      [DSHOW_DEVICES_TYPED, [['Microphone Array (Realtek(R) Audio)', '@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{8A4D4E2B-5B3F-4E4B-9C2E-3F0B8C6D7E11}', true]]],
    ] as const) {
      const { run, calls } = recorded(listing);
      const devices = await dshowMicrophoneProvider({ run, env: standIn.env }).list();
      assert.deepEqual(calls, [['-hide_banner', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy']]);
      assert.deepEqual(devices.map((device) => [device.label, device.rawId, device.isDefault]), expected);
      assert.ok(devices.every((device) => device.kind === 'audioinput' && device.capture?.kind === 'audio'));
    }
  });

  test('without ffmpeg the providers list nothing and say why', async () => {
    const provider = dshowMicrophoneProvider({ run: recorded(DSHOW_DEVICES_TYPED).run, env: { PATH: '/nonexistent', MEDIACAPTURE_FFMPEG: '/nonexistent/ffmpeg' } });
    assert.deepEqual(await provider.list(), []);
    assert.match(provider.problem?.() ?? '', /ffmpeg is not installed/);
  });

  test('macOS and Windows list microphones before cameras', () => {
    assert.deepEqual(platformProviders('darwin').map((provider) => provider.name), ['avfoundation-audio', 'avfoundation']);
    assert.deepEqual(platformProviders('win32').map((provider) => provider.name), ['dshow-audio', 'dshow']);
  });

  /** Runs the first dshow microphone with the ffmpeg of `env` until it fails. */
  async function dshowFailure(env: NodeJS.ProcessEnv): Promise<{ reason: SourceEndReason; error: Error | undefined }> {
    const { run } = recorded(DSHOW_DEVICES_TYPED);
    const [microphone] = await dshowMicrophoneProvider({ run, env }).list();
    assert.ok(microphone?.producer !== undefined);
    const { context, failure } = harness();
    const producer = microphone.producer(context);
    producer.start(undefined);
    const result = await failure;
    producer.stop();
    return result;
  }

  test('a microphone producer runs ffmpeg with the device input and ends its source with ffmpeg\'s last words when it exits', async () => {
    const { reason, error } = await dshowFailure(standIn.env);
    // ffmpeg could not find the device: it is gone.
    assert.equal(reason, 'device-removed');
    assert.ok(error instanceof CaptureError);
    assert.equal(error.reason, 'removed');
    assert.equal(error.device, 'Microphone Array (Realtek(R) Audio)');
    assert.match(error.message, /ffmpeg exited with code 1: Could not find audio only device/);
  });

  test('a microphone another application holds ends its source with a busy CaptureError', async () => {
    const { reason, error } = await dshowFailure(busyStandIn.env);
    assert.equal(reason, 'device-failed');
    assert.ok(error instanceof CaptureError);
    assert.equal(error.reason, 'busy');
    assert.match(error.detail, /Could not run graph/);
    assert.deepEqual(captureChildPids(), []);
  });

  test('a tone captured through real ffmpeg arrives as 10 ms f32-planar chunks at 48 kHz stereo', async (t) => {
    const ffmpeg = findFfmpeg(process.env)?.ffmpeg;
    if (ffmpeg === undefined) {
      t.skip('ffmpeg is not installed');
      return;
    }
    // lavfi's sine (amplitude 1/8, 44.1 kHz mono) stands in for the device: ffmpeg resamples and upmixes it.
    const { context, chunks } = harness();
    const producer = ffmpegMicrophoneProducer('Tone', ffmpeg, ['-re', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=44100'])(context);
    producer.start(undefined);
    try {
      await waitFor(() => chunks.length >= 20, 'twenty chunks');
    } finally {
      producer.stop();
    }
    await waitFor(() => captureChildPids().length === 0, 'ffmpeg to be gone');
    const chunk = chunks[10] as AudioData;
    assert.equal(chunk.format, 'f32-planar');
    assert.equal(chunk.sampleRate, FFMPEG_MICROPHONE_FORMAT.sampleRate);
    assert.equal(chunk.numberOfChannels, 2);
    assert.equal(chunk.numberOfFrames, 480);
    for (let channel = 0; channel < 2; channel++) {
      const samples = new Float32Array(480);
      chunk.copyTo(samples, { planeIndex: channel });
      const peak = Math.max(...samples.map(Math.abs));
      // ffmpeg spreads a mono input over both channels at -3 dB.
      assert.ok(Math.abs(peak - 0.125 * Math.SQRT1_2) < 0.01, `peak ${peak}`);
      let crossings = 0;
      for (let i = 1; i < samples.length; i++) {
        if ((samples[i - 1] as number) < 0 !== (samples[i] as number) < 0) {
          crossings++;
        }
      }
      // 1 kHz for 10 ms: ten cycles.
      assert.ok(crossings >= 19 && crossings <= 21, `${crossings} zero crossings`);
    }
    for (let i = 1; i < chunks.length; i++) {
      assert.ok((chunks[i] as AudioData).timestamp > (chunks[i - 1] as AudioData).timestamp);
    }
    for (const each of chunks) {
      each.close();
    }
  });
});
