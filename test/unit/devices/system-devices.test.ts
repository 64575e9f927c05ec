import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeCameraModel, fakeMicrophoneModel } from '../../../src/devices/fake-devices.js';
import { RELIST_DELAY_MS } from '../../../src/devices/system-devices.js';
import { VideoFrame } from '../../../src/media/video-frame.js';
import type { ProducerFactory } from '../../../src/sources/capture-source.js';
import { CaptureError } from '../../../src/sources/platform/capture-error.js';
import type { PlatformDevice, PlatformProvider } from '../../../src/sources/platform/platform-device.js';
import { nextTask } from '../../helpers/devices.js';
import { systemMediaDevices } from './system-media-devices.js';

/** A capture system whose devices the test sets, counting producer starts and stops. */
class TestProvider implements PlatformProvider {
  readonly name: string;
  devices: PlatformDevice[] = [];
  failure: Error | undefined;
  problemText: string | undefined;
  changed: (() => void) | undefined;
  watchStopped = 0;
  started: string[] = [];
  stopped: string[] = [];

  constructor(name = 'testaudio') {
    this.name = name;
  }

  microphone(rawId: string, label: string, isDefault = false): PlatformDevice {
    const producer: ProducerFactory = () => ({
      start: () => this.started.push(rawId),
      stop: () => this.stopped.push(rawId),
    });
    return { rawId, kind: 'audioinput', label, groupKey: `card-${rawId}`, isDefault, capture: fakeMicrophoneModel(), producer };
  }

  async list(): Promise<readonly PlatformDevice[]> {
    if (this.failure !== undefined) {
      throw this.failure;
    }
    return [...this.devices];
  }

  problem(): string | undefined {
    return this.problemText;
  }

  watch(changed: () => void): () => void {
    this.changed = changed;
    return () => {
      this.watchStopped++;
      this.changed = undefined;
    };
  }

  /** Reports a change and waits for the new listing to reach MediaDevices. */
  async plug(): Promise<void> {
    this.changed?.();
    await new Promise((resolve) => setTimeout(resolve, RELIST_DELAY_MS + 50));
    await nextTask();
  }
}

describe('system devices', () => {
  test('the first listing happens on first use and fires no devicechange', async () => {
    const provider = new TestProvider();
    provider.devices = [provider.microphone('mic-a', 'Mic A', true), provider.microphone('mic-b', 'Mic B')];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    let events = 0;
    mediaDevices.ondevicechange = () => events++;
    assert.equal(session.devices.length, 0);
    const stream = await mediaDevices.getUserMedia({ audio: true });
    assert.equal(stream.getAudioTracks()[0]?.label, 'Mic A');
    const labels = (await mediaDevices.enumerateDevices()).map((d) => d.label);
    assert.deepEqual(labels, ['Mic A', 'Mic B']);
    await nextTask();
    assert.equal(events, 0);
    assert.ok(provider.changed !== undefined, 'watching starts after the first listing');
    stream.getTracks().forEach((t) => t.stop());
    session.close();
    assert.equal(provider.watchStopped, 1);
  });

  test('getUserMedia opens a system device with its platform producer, stopped with the last track', async () => {
    const provider = new TestProvider();
    provider.devices = [provider.microphone('mic-a', 'Mic A', true)];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    const stream = await mediaDevices.getUserMedia({ audio: true });
    assert.deepEqual(provider.started, ['mic-a']);
    stream.getTracks().forEach((t) => t.stop());
    assert.deepEqual(provider.stopped, ['mic-a']);
    session.close();
  });

  test('a device plugged in fires one devicechange; one unplugged ends its live track', async () => {
    const provider = new TestProvider();
    provider.devices = [provider.microphone('mic-a', 'Mic A', true)];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    const stream = await mediaDevices.getUserMedia({ audio: true });
    const track = stream.getAudioTracks()[0];
    assert.ok(track !== undefined);
    const changes: string[][] = [];
    mediaDevices.addEventListener('devicechange', (event) => changes.push((event as unknown as { devices: { label: string }[] }).devices.map((d) => d.label)));
    provider.devices = [...provider.devices, provider.microphone('mic-b', 'Mic B'), provider.microphone('mic-c', 'Mic C')];
    await provider.plug();
    assert.deepEqual(changes, [['Mic A', 'Mic B', 'Mic C']]);
    let ended = 0;
    track.onended = () => ended++;
    provider.devices = provider.devices.filter((d) => d.rawId !== 'mic-a');
    await provider.plug();
    assert.equal(track.readyState, 'ended');
    assert.equal(ended, 1);
    assert.deepEqual(provider.stopped, ['mic-a']);
    assert.equal(changes.length, 2);
    assert.deepEqual(changes[1], ['Mic B', 'Mic C']);
    session.close();
  });

  test('a new system default becomes the default device', async () => {
    const provider = new TestProvider();
    provider.devices = [provider.microphone('mic-a', 'Mic A', true), provider.microphone('mic-b', 'Mic B')];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    await mediaDevices.enumerateDevices();
    provider.devices = [provider.microphone('mic-a', 'Mic A'), provider.microphone('mic-b', 'Mic B', true)];
    await provider.plug();
    assert.deepEqual(session.inputDevices('audio').map((d) => d.rawId), ['mic-b', 'mic-a']);
    const stream = await mediaDevices.getUserMedia({ audio: true });
    assert.equal(stream.getAudioTracks()[0]?.label, 'Mic B');
    stream.getTracks().forEach((t) => t.stop());
    session.close();
  });

  test('the error without devices says what each capture system found, and suggests the fake devices', async () => {
    const sound = new TestProvider('testaudio');
    sound.problemText = 'no sound server answers';
    const cameras = new TestProvider('testvideo');
    cameras.failure = new Error('cannot read /sys');
    const { mediaDevices, session } = systemMediaDevices([sound, cameras]);
    await assert.rejects(mediaDevices.getUserMedia({ audio: true }), (error: DOMException) => {
      assert.equal(error.name, 'NotFoundError');
      assert.match(error.message, /testaudio: no sound server answers/);
      assert.match(error.message, /testvideo: listing failed \(cannot read \/sys\)/);
      assert.match(error.message, /MEDIACAPTURE_FAKE_DEVICES=1/);
      return true;
    });
    session.close();
    const none = systemMediaDevices([]);
    await assert.rejects(none.mediaDevices.getUserMedia({ video: true }), /no capture system of linux is supported yet/);
    const counted = new TestProvider();
    counted.devices = [counted.microphone('mic-a', 'Mic A', true)];
    const one = systemMediaDevices([counted]);
    await assert.rejects(one.mediaDevices.getUserMedia({ video: true }), /testaudio: 1 microphone;/);
    one.session.close();
  });

  test('a device another program holds makes getUserMedia reject with NotReadableError saying so', async () => {
    const provider = new TestProvider();
    let holder: string | undefined = 'another program (process 42) is using the device';
    provider.devices = [{ ...provider.microphone('mic-a', 'Mic A', true), unavailable: () => holder }];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    await assert.rejects(mediaDevices.getUserMedia({ audio: true }), (error: DOMException) => {
      assert.equal(error.name, 'NotReadableError');
      assert.match(error.message, /process 42/);
      return true;
    });
    assert.deepEqual(provider.started, []);
    holder = undefined;
    const stream = await mediaDevices.getUserMedia({ audio: true });
    assert.deepEqual(provider.started, ['mic-a']);
    stream.getTracks().forEach((t) => t.stop());
    session.close();
  });

  test('a camera found busy ends its track and rejects later getUserMedia with NotReadableError until it is listed again', async () => {
    const provider = new TestProvider('v4l2');
    let busy = true;
    const producer: ProducerFactory = (context) => ({
      start: () => {
        provider.started.push('/dev/video0');
        if (busy) {
          // As the camera producer reports ffmpeg's EBUSY, on a later turn.
          setImmediate(() => context.fail('device-failed', new CaptureError('/dev/video0', 'busy', 'Device or resource busy')));
        }
      },
      stop: () => provider.stopped.push('/dev/video0'),
    });
    provider.devices = [{ rawId: '/dev/video0', kind: 'videoinput', label: 'Webcam', groupKey: 'usb-1', isDefault: true, capture: fakeCameraModel(30), producer }];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    const [track] = (await mediaDevices.getUserMedia({ video: true })).getVideoTracks();
    assert.ok(track !== undefined);
    await new Promise<void>((resolve) => track.addEventListener('ended', () => resolve(), { once: true }));
    await assert.rejects(mediaDevices.getUserMedia({ video: true }), (error: DOMException) => {
      assert.equal(error.name, 'NotReadableError');
      assert.match(error.message, /in use by another program/);
      return true;
    });
    assert.equal(provider.started.length, 1);
    busy = false;
    await provider.plug();
    const stream = await mediaDevices.getUserMedia({ video: true });
    assert.equal(stream.getVideoTracks()[0]?.readyState, 'live');
    assert.equal(provider.started.length, 2);
    stream.getTracks().forEach((t) => t.stop());
    session.close();
  });

  test('a camera that confirms its start makes getUserMedia wait for its first frame, and reject with NotReadableError when it is busy', async () => {
    const provider = new TestProvider('v4l2');
    let busy = true;
    const events: string[] = [];
    const producer: ProducerFactory = (context) => ({
      start: (mode) => {
        provider.started.push('/dev/video0');
        const { width, height } = mode as { width: number; height: number };
        setImmediate(() => {
          if (busy) {
            context.fail('device-failed', new CaptureError('/dev/video0', 'busy', 'Device or resource busy'));
            return;
          }
          events.push('first frame');
          const bytes = new Uint8Array((width * height * 3) / 2);
          context.emit(new VideoFrame(bytes, { format: 'I420', codedWidth: width, codedHeight: height, timestamp: 0 }));
        });
      },
      stop: () => provider.stopped.push('/dev/video0'),
    });
    provider.devices = [
      { rawId: '/dev/video0', kind: 'videoinput', label: 'Webcam', groupKey: 'usb-1', isDefault: true, capture: fakeCameraModel(30), producer, startWaitMs: 10_000 },
    ];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    await assert.rejects(mediaDevices.getUserMedia({ video: true }), (error: DOMException) => {
      assert.equal(error.name, 'NotReadableError');
      assert.match(error.message, /Webcam|video0|busy|in use/);
      return true;
    });
    assert.equal(provider.started.length, 1);
    busy = false;
    await provider.plug();
    const stream = await mediaDevices.getUserMedia({ video: true });
    events.push('resolved');
    assert.deepEqual(events, ['first frame', 'resolved']);
    assert.equal(stream.getVideoTracks()[0]?.readyState, 'live');
    stream.getTracks().forEach((t) => t.stop());
    session.close();
  });

  test('a listing that fails later keeps the devices listed before', async () => {
    const provider = new TestProvider();
    provider.devices = [provider.microphone('mic-a', 'Mic A', true)];
    const { mediaDevices, session } = systemMediaDevices([provider]);
    await mediaDevices.enumerateDevices();
    provider.failure = new Error('pactl crashed');
    await provider.plug();
    assert.deepEqual(session.devices.map((d) => d.label), ['Mic A']);
    const stream = await mediaDevices.getUserMedia({ audio: true });
    assert.equal(stream.getAudioTracks()[0]?.label, 'Mic A');
    stream.getTracks().forEach((t) => t.stop());
    session.close();
  });
});
