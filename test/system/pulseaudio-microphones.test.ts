// Real microphones and outputs from the PulseAudio server .ci/run starts (null sink vsink "VirtualSpeaker",
// remapped monitor vmic "VirtualMic"): listing, capture of a tone played with pacat, hot-plug with
// load-module/unload-module, and the parec child process ending with its track.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMediaDevices, MediaStreamTrackProcessor, type DeviceChangeEvent, type MediaDevices, type MediaStreamTrack } from '../../src/index.js';
import type { AudioData } from '../../src/media/audio-data.js';
import { childProcesses, isRunning, waitFor } from '../helpers/processes.js';
import { loadModule, playTone, pulseUnavailable, uniqueName, unloadModule } from './pulse-harness.js';

const skip = pulseUnavailable();

function systemDevices(): MediaDevices {
  return createMediaDevices({ devices: 'system', permission: 'granted' });
}

async function virtualMic(mediaDevices: MediaDevices): Promise<MediaStreamTrack> {
  const stream = await mediaDevices.getUserMedia({ audio: true });
  const devices = await mediaDevices.enumerateDevices();
  const vmic = devices.find((d) => d.kind === 'audioinput' && d.label === 'VirtualMic');
  assert.ok(vmic !== undefined, 'VirtualMic is listed');
  stream.getTracks().forEach((t) => t.stop());
  const exact = await mediaDevices.getUserMedia({ audio: { deviceId: { exact: vmic.deviceId } } });
  return exact.getAudioTracks()[0] as MediaStreamTrack;
}

/**
 * The frequency of a sine from the spacing of its zero crossings (interpolated between samples). Spacings
 * far from the typical one (a gap where the feeder underran on a loaded machine) are left out, so a
 * short dropout does not read as another frequency, while a wrong tone still does.
 */
function toneFrequency(samples: readonly number[], sampleRate: number): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1] as number;
    const after = samples[i] as number;
    if (before < 0 !== after < 0 && before !== after) {
      crossings.push(i - 1 + before / (before - after));
    }
  }
  const spacings = crossings.slice(1).map((at, index) => at - (crossings[index] as number));
  const typical = [...spacings].sort((a, b) => a - b)[Math.floor(spacings.length / 2)] ?? 0;
  const kept = spacings.filter((spacing) => Math.abs(spacing - typical) < typical / 4);
  const halfPeriod = kept.reduce((sum, spacing) => sum + spacing, 0) / kept.length;
  return sampleRate / (2 * halfPeriod);
}

/** Our parec children. */
function parecChildren(): number[] {
  return childProcesses(process.pid)
    .filter((child) => child.command === 'parec' && child.state !== 'Z')
    .map((child) => child.pid);
}

describe('PulseAudio microphones and outputs', { skip }, () => {
  const modules: string[] = [];
  after(() => {
    for (const index of modules.reverse()) {
      unloadModule(index);
    }
  });

  test('enumerateDevices lists VirtualMic and VirtualSpeaker with labels only after getUserMedia', async () => {
    const mediaDevices = systemDevices();
    const before = await mediaDevices.enumerateDevices();
    assert.ok(before.some((d) => d.kind === 'audioinput'));
    assert.ok(before.every((d) => d.label === '' && d.deviceId === ''));
    const stream = await mediaDevices.getUserMedia({ audio: true });
    const after = await mediaDevices.enumerateDevices();
    const vmic = after.find((d) => d.label === 'VirtualMic');
    const vsink = after.find((d) => d.label === 'VirtualSpeaker');
    assert.equal(vmic?.kind, 'audioinput');
    assert.equal(vsink?.kind, 'audiooutput');
    // The remapped monitor hears the sink: one group.
    assert.equal(vmic?.groupId, vsink?.groupId);
    assert.equal(after.some((d) => d.label.startsWith('Monitor of')), false);
    stream.getTracks().forEach((t) => t.stop());
  });

  test('getUserMedia on VirtualMic captures the tone played into vsink', async () => {
    const mediaDevices = systemDevices();
    const track = await virtualMic(mediaDevices);
    const settings = track.getSettings();
    assert.equal(track.label, 'VirtualMic');
    assert.equal(settings.echoCancellation, false);
    const feeder = playTone('vsink', 1000, 0.5);
    try {
      // A deep queue: a busy machine must not make the reader lose chunks (a gap would distort the level).
      const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 100 }).readable.getReader();
      const samples: number[] = [];
      let sampleRate = 0;
      const deadline = Date.now() + 15_000;
      // Skip the silence before the tone arrives, and its first 100 ms.
      let skipFrames = -1;
      while (samples.length < (sampleRate || 48000) / 2 && Date.now() < deadline) {
        const { value, done } = await reader.read();
        assert.equal(done, false);
        const chunk = value as unknown as AudioData;
        sampleRate = chunk.sampleRate;
        assert.equal(chunk.format, 'f32-planar');
        assert.equal(chunk.numberOfFrames, Math.round(sampleRate / 100));
        const plane = new Float32Array(chunk.numberOfFrames);
        chunk.copyTo(plane, { planeIndex: 0 });
        chunk.close();
        if (skipFrames < 0 && plane.some((v) => Math.abs(v) > 0.1)) {
          skipFrames = sampleRate / 10;
        }
        for (const value of plane) {
          if (skipFrames > 0) {
            skipFrames--;
          } else if (skipFrames === 0) {
            samples.push(value);
          }
        }
      }
      await reader.cancel();
      assert.ok(samples.length >= sampleRate / 2, 'half a second of the tone arrived');
      const frequency = toneFrequency(samples, sampleRate);
      assert.ok(Math.abs(frequency - 1000) < 20, `frequency ${frequency} Hz`);
      const rms = Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
      // A 0.5 sine is 0.354 RMS; an underrun of the feeder on a loaded machine lowers it a little, while
      // silence, clipping or a second tone would be far off.
      assert.ok(Math.abs(rms - 0.5 / Math.SQRT2) < 0.08, `level ${rms}`);
    } finally {
      feeder.kill();
      track.stop();
    }
  });

  test('a source loaded with pactl fires devicechange, and unloading it ends its live track', async () => {
    const mediaDevices = systemDevices();
    (await mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((t) => t.stop());
    const sinkName = uniqueName('mc_test_sink');
    const sourceName = uniqueName('mc_test_mic');
    const label = `TestMic${process.pid}`;
    const changes: string[][] = [];
    mediaDevices.addEventListener('devicechange', (event) => changes.push((event as DeviceChangeEvent).devices.map((d) => d.label)));
    const sink = loadModule('module-null-sink', `sink_name=${sinkName}`, `sink_properties=device.description=TestSpeaker${process.pid}`);
    modules.push(sink);
    const source = loadModule('module-remap-source', `master=${sinkName}.monitor`, `source_name=${sourceName}`, `source_properties=device.description=${label}`);
    modules.push(source);
    await waitFor(() => changes.some((labels) => labels.includes(label)), 'a devicechange listing the new microphone');
    const info = (await mediaDevices.enumerateDevices()).find((d) => d.label === label);
    assert.ok(info !== undefined);
    const track = (await mediaDevices.getUserMedia({ audio: { deviceId: { exact: info.deviceId } } })).getAudioTracks()[0] as MediaStreamTrack;
    assert.equal(track.label, label);
    let ended = 0;
    track.onended = () => ended++;
    const seen = changes.length;
    unloadModule(source);
    unloadModule(sink);
    await waitFor(() => ended === 1, 'the track to end');
    assert.equal(track.readyState, 'ended');
    await waitFor(() => changes.length > seen && !(changes.at(-1) as string[]).includes(label), 'a devicechange without the microphone');
    await waitFor(() => parecChildren().length === 0, 'parec to be gone');
  });

  test('killing the parec process ends the track and leaves no child process', async () => {
    const mediaDevices = systemDevices();
    const before = new Set(parecChildren());
    const track = await virtualMic(mediaDevices);
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const parec = parecChildren().filter((pid) => !before.has(pid));
    assert.equal(parec.length, 1, 'one parec runs for the track');
    let ended = false;
    track.onended = () => {
      ended = true;
    };
    process.kill(parec[0] as number, 'SIGKILL');
    await waitFor(() => ended, 'the track to end');
    assert.equal(track.readyState, 'ended');
    await waitFor(() => !isRunning(parec[0] as number), 'parec to be reaped');
    assert.deepEqual(parecChildren().filter((pid) => !before.has(pid)), []);
    await reader.cancel();
  });
});

before(() => {
  if (skip !== undefined) {
    process.stderr.write(`PulseAudio system tests skipped: ${skip}\n`);
  }
});
