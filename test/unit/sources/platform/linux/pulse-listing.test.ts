import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isMonitorSource,
  PAREC_LATENCY_MS,
  parsePactlInfo,
  parsePactlList,
  parseSampleSpec,
  pulseCaptureModel,
  pulseDevices,
} from '../../../../../src/sources/platform/linux/pulse-listing.js';
import { isDeviceEvent, parecCommand, platformDeviceOf } from '../../../../../src/sources/platform/linux/pulse-provider.js';
import { RECORDED_INFO, RECORDED_SINKS, RECORDED_SOURCES, RECORDED_SUBSCRIBE } from './pactl-recordings.js';

function recordedDevices() {
  return pulseDevices(parsePactlList(RECORDED_SOURCES), parsePactlList(RECORDED_SINKS), parsePactlInfo(RECORDED_INFO));
}

/** A sound card's source and sink as PulseAudio's ALSA modules describe them (the members read). */
function cardNode(name: string, description: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    description,
    driver: 'module-alsa-card.c',
    sample_specification: 's32le 2ch 48000Hz',
    owner_module: 7,
    monitor_source: '',
    latency: { actual: 0, configured: 40000 },
    properties: { 'alsa.card': '1', 'device.bus_path': 'pci-0000:00:1f.3', 'device.class': 'sound' },
    ...extra,
  };
}

describe('PulseAudio listing', () => {
  test('recorded sources become microphones, without the monitors of sinks', () => {
    const inputs = recordedDevices().filter((d) => d.kind === 'audioinput');
    assert.deepEqual(
      inputs.map((d) => [d.rawId, d.label]),
      [
        ['vmic', 'VirtualMic'],
        ['fx_mic', 'FixtureMic'],
      ],
    );
    for (const source of parsePactlList(RECORDED_SOURCES)) {
      assert.equal(isMonitorSource(source), (source.name as string).endsWith('.monitor'));
    }
  });

  test('recorded sinks become audio outputs with their descriptions as labels', () => {
    const outputs = recordedDevices().filter((d) => d.kind === 'audiooutput');
    assert.deepEqual(
      outputs.map((d) => [d.rawId, d.label, d.capture]),
      [
        ['vsink', 'VirtualSpeaker', undefined],
        ['fx_sink', 'FixtureSpeaker', undefined],
      ],
    );
  });

  test('the defaults come from pactl info', () => {
    assert.deepEqual(parsePactlInfo(RECORDED_INFO), { source: 'vmic', sink: 'vsink' });
    const defaults = recordedDevices()
      .filter((d) => d.isDefault)
      .map((d) => d.rawId);
    assert.deepEqual(defaults, ['vmic', 'vsink']);
  });

  test('a remapped monitor shares the group of the sink it hears, and other modules get other groups', () => {
    const byId = new Map(recordedDevices().map((d) => [d.rawId, d.groupKey]));
    assert.equal(byId.get('vmic'), byId.get('vsink'));
    assert.equal(byId.get('fx_mic'), byId.get('fx_sink'));
    assert.notEqual(byId.get('vmic'), byId.get('fx_mic'));
  });

  test('a sound card input and output share a group through their bus path', () => {
    const devices = pulseDevices(
      [cardNode('alsa_input.pci.analog', 'Built-in Audio Analog Stereo'), cardNode('alsa_input.usb', 'Webcam Mic', { properties: { 'device.bus_path': 'pci-0000:00:14.0-usb-0:2:1.0' } })],
      [cardNode('alsa_output.pci.analog', 'Built-in Audio Analog Stereo', { sample_specification: 's16le 2ch 44100Hz' })],
      { source: undefined, sink: undefined },
    );
    const [pciIn, usbIn, pciOut] = devices;
    assert.equal(pciIn?.groupKey, pciOut?.groupKey);
    assert.notEqual(pciIn?.groupKey, usbIn?.groupKey);
    // A Bluetooth headset's microphone and speaker (PulseAudio's bluez modules) share its device path.
    const headset = { 'bluez.path': '/org/bluez/hci0/dev_00_1B_66_AA_BB_CC', 'device.bus': 'bluetooth' };
    const [btIn, btOut] = pulseDevices(
      [cardNode('bluez_source.00_1B_66_AA_BB_CC.handsfree_head_unit', 'Headset', { properties: headset })],
      [cardNode('bluez_sink.00_1B_66_AA_BB_CC.handsfree_head_unit', 'Headset', { properties: headset })],
      { source: undefined, sink: undefined },
    );
    assert.equal(btIn?.groupKey, btOut?.groupKey);
    assert.notEqual(btIn?.groupKey, pciIn?.groupKey);
    assert.equal(devices.some((d) => d.isDefault), false);
  });

  test('capabilities follow the source: its rate, up to its channels, its sample size and latency', () => {
    const [device] = pulseDevices([cardNode('alsa_input.pci.analog', 'Mic', { sample_specification: 's24le 4ch 96000Hz' })], [], {
      source: undefined,
      sink: undefined,
    });
    const model = device?.capture;
    assert.deepEqual(model?.sampleRate, { min: 96000, max: 96000 });
    assert.equal(model?.defaultSampleRate, 96000);
    assert.deepEqual(model?.channelCount, { min: 1, max: 4 });
    assert.equal(model?.sampleSize, 24);
    // The configured latency (40 ms) is above parec's.
    assert.equal(model?.latency, 0.04);
    assert.deepEqual([model?.echoCancellation, model?.autoGainControl, model?.noiseSuppression], [[false], [false], [false]]);
    const recorded = recordedDevices().find((d) => d.rawId === 'vmic')?.capture;
    assert.equal(recorded?.sampleSize, 16);
    assert.equal(recorded?.latency, PAREC_LATENCY_MS / 1000);
  });

  test('sample specifications parse, and sources without one are skipped', () => {
    assert.deepEqual(parseSampleSpec('float32le 1ch 16000Hz'), { format: 'float32le', channels: 1, rate: 16000 });
    assert.equal(parseSampleSpec('s16le 0ch 44100Hz'), undefined);
    assert.equal(parseSampleSpec('n/a'), undefined);
    assert.equal(pulseCaptureModel({ format: 'u8', channels: 1, rate: 8000 }, 0).sampleSize, 8);
    assert.deepEqual(pulseDevices([cardNode('x', 'X', { sample_specification: 'bogus' })], [], { source: undefined, sink: undefined }), []);
  });

  test('malformed pactl output is an error, not an empty list', () => {
    assert.throws(() => parsePactlList('{"name":"x"}'), TypeError);
    assert.throws(() => parsePactlList('not json'), SyntaxError);
    assert.deepEqual(parsePactlInfo('{}'), { source: undefined, sink: undefined });
  });

  test('sources get a parec producer capturing their native format, sinks none', () => {
    const devices = recordedDevices().map((entry) => platformDeviceOf(entry));
    assert.equal(typeof devices.find((d) => d.rawId === 'vmic')?.producer, 'function');
    assert.equal(devices.find((d) => d.rawId === 'vsink')?.producer, undefined);
    assert.deepEqual(parecCommand('vmic', { rate: 44100, channels: 2 }).args.slice(0, 6), [
      '--device=vmic',
      '--raw',
      '--format=float32le',
      '--rate=44100',
      '--channels=2',
      `--latency-msec=${PAREC_LATENCY_MS}`,
    ]);
  });

  test('only source, sink, card and server events of pactl subscribe mean a new listing', () => {
    const lines = RECORDED_SUBSCRIBE.split('\n').filter((line) => line !== '');
    assert.deepEqual(
      lines.filter(isDeviceEvent),
      lines.filter((line) => / on (source|sink) /.test(line)),
    );
    assert.equal(isDeviceEvent("Event 'change' on server #-1"), true);
    assert.equal(isDeviceEvent("Event 'new' on card #3"), true);
  });
});
