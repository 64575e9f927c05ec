// MediaDevices.getUserMedia(), from https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  MediaStream,
  MediaStreamTrack,
  OverconstrainedError,
  createMediaDevices,
  type MediaDevices,
  type PermissionRequest,
} from '../../../src/index.js';
import { mediaDevicesSlots } from '../../../src/api/media-devices.js';
import { controlDevices } from '../../../src/testing.js';
import { nextTask, fake, stopAll, withoutDevices } from '../../helpers/devices.js';

/** Asserts that `promise` rejects with a DOMException (or OverconstrainedError) named `name`. */
async function rejectsWith(promise: Promise<unknown>, name: string): Promise<DOMException> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof DOMException, `expected a DOMException, got ${String(caught)}`);
  assert.equal(caught.name, name, caught.message);
  return caught;
}

/** The id of the second camera, read from enumerateDevices() after a capture exposed it. */
async function secondCameraId(md: MediaDevices): Promise<string> {
  const stream = await md.getUserMedia({ video: true });
  const cameras = (await md.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  stopAll(stream);
  assert.equal(cameras.length, 2);
  return (cameras[1] as { deviceId: string }).deviceId;
}

describe('getUserMedia() rejects with a TypeError before anything else when nothing is requested', () => {
  it('rejects getUserMedia() with no argument with a TypeError', async () => {
    await assert.rejects(fake().getUserMedia(), TypeError);
  });

  it('rejects getUserMedia({}) with a TypeError', async () => {
    await assert.rejects(fake().getUserMedia({}), TypeError);
  });

  it('rejects {video: false} and {audio: false, video: false} with a TypeError', async () => {
    const md = fake();
    await assert.rejects(md.getUserMedia({ video: false }), TypeError);
    await assert.rejects(md.getUserMedia({ audio: false }), TypeError);
    await assert.rejects(md.getUserMedia({ audio: false, video: false }), TypeError);
  });

  it('rejects with the TypeError even when permission is denied and there are no devices', async () => {
    const md = await withoutDevices({ permission: 'denied' });
    await assert.rejects(md.getUserMedia(), TypeError);
    await assert.rejects(md.getUserMedia({}), TypeError);
    await assert.rejects(md.getUserMedia({ video: false }), TypeError);
    await assert.rejects(md.getUserMedia({ audio: false, video: false }), TypeError);
  });

  it('rejects with the TypeError without asking the prompt handler', async () => {
    let prompts = 0;
    const md = fake({ permission: 'prompt', onPrompt: () => (prompts++, 'granted') });
    await assert.rejects(md.getUserMedia({ audio: false, video: false }), TypeError);
    assert.equal(prompts, 0);
  });

  it('rejects a non-object argument with a TypeError', async () => {
    const md = fake();
    for (const value of [5, 'video', true, Symbol('x')]) {
      await assert.rejects(md.getUserMedia(value as never), TypeError);
    }
  });

  it('rejects a constraints value of the wrong type with a TypeError', async () => {
    const md = fake();
    await assert.rejects(md.getUserMedia({ video: { advanced: 5 } } as never), TypeError);
    await assert.rejects(md.getUserMedia({ video: { width: { exact: 10n } } } as never), TypeError);
  });

  it('converts a non-object member to a boolean, as WebIDL does for (boolean or MediaTrackConstraints)', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: 'yes' as never, audio: 0 as never });
    assert.deepEqual(
      stream.getTracks().map((t) => t.kind),
      ['video'],
    );
    stopAll(stream);
  });

  it('reads audio before video, once each, and rejects with what a getter throws', async () => {
    const md = fake();
    const reads: string[] = [];
    const constraints = {
      get video() {
        reads.push('video');
        return true;
      },
      get audio() {
        reads.push('audio');
        return false;
      },
    };
    const stream = await md.getUserMedia(constraints);
    assert.deepEqual(reads, ['audio', 'video']);
    stopAll(stream);
    const throwing = {
      get video(): boolean {
        throw new RangeError('no video for you');
      },
    };
    await assert.rejects(md.getUserMedia(throwing), RangeError);
  });

  it('returns a rejected promise rather than throwing', () => {
    const md = fake();
    const promise = md.getUserMedia({});
    assert.ok(promise instanceof Promise);
    return assert.rejects(promise, TypeError);
  });

  it('rejects with a TypeError when called on an object that is not a MediaDevices', async () => {
    const md = fake();
    await assert.rejects(md.getUserMedia.call({} as MediaDevices, { video: true }), TypeError);
  });

  it('treats null, undefined and true members as requests for that kind only', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: null as never, audio: undefined });
    assert.deepEqual(
      stream.getTracks().map((t) => t.kind),
      ['video'],
    );
    stopAll(stream);
  });
});

describe('getUserMedia() constraints', () => {
  it('ignores constraint names it does not know', async () => {
    const md = fake();
    const stream = await md.getUserMedia({
      video: { torchlight: { exact: true }, zoomy: 3 } as never,
      audio: { volumeKnob: { exact: 11 } } as never,
    });
    assert.equal(stream.getTracks().length, 2);
    stopAll(stream);
  });

  it('ignores audio-only constraints inside video and video-only constraints inside audio', async () => {
    const md = fake();
    const video = await md.getUserMedia({ video: { sampleRate: { exact: 1 }, channelCount: { exact: 99 } } });
    assert.equal(video.getVideoTracks().length, 1);
    const audio = await md.getUserMedia({ audio: { width: { exact: 1 }, frameRate: { exact: 999 } } });
    assert.equal(audio.getAudioTracks().length, 1);
    stopAll(video);
    stopAll(audio);
  });

  it('rejects a required constraint outside the device-selection list with a TypeError', async () => {
    const md = fake();
    await assert.rejects(md.getUserMedia({ video: { backgroundBlur: { exact: false } } }), TypeError);
    await assert.rejects(md.getUserMedia({ audio: { voiceIsolation: { exact: true } } }), TypeError);
    await assert.rejects(md.getUserMedia({ audio: { voiceIsolation: { exact: false } } }), TypeError);
  });

  it('rejects such a required constraint with a TypeError rather than an OverconstrainedError', async () => {
    const md = fake();
    await assert.rejects(
      md.getUserMedia({ video: { width: { exact: 99999 }, backgroundBlur: { exact: true } } }),
      TypeError,
    );
  });

  it('rejects such a required constraint with a TypeError even when permission is denied', async () => {
    const md = fake({ permission: 'denied' });
    await assert.rejects(md.getUserMedia({ video: { backgroundBlur: { exact: false } } }), TypeError);
  });

  it('accepts those properties as optional or advanced constraints', async () => {
    const md = fake();
    const streams = [
      await md.getUserMedia({ video: { backgroundBlur: false } }),
      await md.getUserMedia({ video: { backgroundBlur: { ideal: true } } }),
      await md.getUserMedia({ audio: { voiceIsolation: true } }),
      await md.getUserMedia({ video: { advanced: [{ backgroundBlur: { exact: true } }] } }),
    ];
    assert.equal(streams.length, 4);
    streams.forEach(stopAll);
  });

  it('drops a required constraint of the other kind before the device-selection check', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ audio: { backgroundBlur: { exact: true } } as never });
    assert.equal(stream.getAudioTracks().length, 1);
    stopAll(stream);
  });

  it('gives a track whose settings meet the constraints', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: { width: 320, height: 240 } });
    const settings = stream.getVideoTracks()[0]?.getSettings();
    assert.equal(settings?.width, 320);
    assert.equal(settings?.height, 240);
    stopAll(stream);
  });

  it('gives the fake camera 640x480 at 20 fps, without resizing, when nothing is asked', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: true });
    const settings = stream.getVideoTracks()[0]?.getSettings();
    assert.equal(settings?.width, 640);
    assert.equal(settings?.height, 480);
    assert.equal(settings?.frameRate, 20);
    assert.equal(settings?.resizeMode, 'none');
    assert.ok(Math.abs((settings?.aspectRatio ?? 0) - 4 / 3) < 1e-3);
    stopAll(stream);
  });

  it('gives the fake microphone Chromium’s audio settings when nothing is asked', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ audio: true });
    const settings = stream.getAudioTracks()[0]?.getSettings();
    assert.equal(settings?.channelCount, 1);
    assert.equal(settings?.sampleRate, 48000);
    assert.equal(settings?.sampleSize, 16);
    assert.equal(settings?.echoCancellation, true);
    assert.equal(settings?.autoGainControl, true);
    assert.equal(settings?.noiseSuppression, true);
    stopAll(stream);
  });

  it('keeps the frame rate within the camera’s (1280x720 at fps=30 when 60 is ideal)', async () => {
    const md = fake({ devices: 'fps=30' });
    const stream = await md.getUserMedia({ video: { width: 1280, height: 720, frameRate: 60 } });
    const settings = stream.getVideoTracks()[0]?.getSettings();
    assert.equal(settings?.width, 1280);
    assert.equal(settings?.height, 720);
    assert.equal(settings?.frameRate, 30);
    stopAll(stream);
  });

  it('keeps the constraints given for the track in getConstraints()', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: { width: { ideal: 320 } } });
    assert.deepEqual(stream.getVideoTracks()[0]?.getConstraints(), { width: { ideal: 320 } });
    stopAll(stream);
  });

  it('picks the camera an exact deviceId names', async () => {
    const md = fake({ devices: 'device-count=2' });
    const id = await secondCameraId(md);
    const stream = await md.getUserMedia({ video: { deviceId: { exact: id } } });
    const track = stream.getVideoTracks()[0];
    assert.equal(track?.label, 'fake_device_1');
    assert.equal(track?.getSettings().deviceId, id);
    stopAll(stream);
  });

  it('picks the camera a bare deviceId names', async () => {
    const md = fake({ devices: 'device-count=2' });
    const id = await secondCameraId(md);
    const stream = await md.getUserMedia({ video: { deviceId: id } });
    assert.equal(stream.getVideoTracks()[0]?.label, 'fake_device_1');
    stopAll(stream);
  });

  it('picks the microphone an exact groupId names', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ audio: true }));
    const input1 = (await md.enumerateDevices()).find((d) => d.label === 'Fake Audio Input 1');
    assert.ok(input1 !== undefined);
    const stream = await md.getUserMedia({ audio: { groupId: { exact: input1.groupId } } });
    const track = stream.getAudioTracks()[0];
    assert.equal(track?.label, 'Fake Audio Input 1');
    assert.equal(track?.getSettings().groupId, input1.groupId);
    stopAll(stream);
  });

  it('treats an empty deviceId as if no deviceId were given', async () => {
    const md = fake();
    for (const deviceId of ['', { exact: '' }, { ideal: '' }]) {
      const stream = await md.getUserMedia({ video: { deviceId } });
      assert.equal(stream.getVideoTracks()[0]?.label, 'fake_device_0');
      stopAll(stream);
    }
  });

  it('picks a camera by its facingMode', async () => {
    const md = fake();
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'Front camera', facingMode: 'user' });
    const stream = await md.getUserMedia({ video: { facingMode: { exact: 'user' } } });
    const track = stream.getVideoTracks()[0];
    assert.equal(track?.label, 'Front camera');
    assert.equal(track?.getSettings().facingMode, 'user');
    stopAll(stream);
  });

  it('prefers the camera whose facingMode is the ideal one, and the default camera on a tie', async () => {
    const md = fake();
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'Front camera', facingMode: 'user' });
    const front = await md.getUserMedia({ video: { facingMode: 'user' } });
    assert.equal(front.getVideoTracks()[0]?.label, 'Front camera');
    const tie = await md.getUserMedia({ video: { facingMode: 'environment' } });
    assert.equal(tie.getVideoTracks()[0]?.label, 'fake_device_0');
    stopAll(front);
    stopAll(tie);
  });
});

describe('getUserMedia() streams', () => {
  it('resolves with a MediaStream holding an audio track, then a video track', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: true, audio: true });
    assert.ok(stream instanceof MediaStream);
    const tracks = stream.getTracks();
    assert.deepEqual(
      tracks.map((t) => t.kind),
      ['audio', 'video'],
    );
    for (const track of tracks) {
      assert.ok(track instanceof MediaStreamTrack);
      assert.equal(track.readyState, 'live');
      assert.equal(track.enabled, true);
    }
    assert.equal(stream.active, true);
    stopAll(stream);
  });

  it('uses the system default device of each kind when nothing else decides', async () => {
    const md = fake({ devices: 'device-count=2' });
    const stream = await md.getUserMedia({ video: true, audio: true });
    assert.deepEqual(
      stream.getTracks().map((t) => t.label),
      ['Fake Default Audio Input', 'fake_device_0'],
    );
    stopAll(stream);
  });

  it('gives tracks of two calls on one device one source: stopping one does not end the other', async () => {
    const md = fake();
    const first = (await md.getUserMedia({ video: true })).getVideoTracks()[0] as MediaStreamTrack;
    const second = (await md.getUserMedia({ video: true })).getVideoTracks()[0] as MediaStreamTrack;
    assert.notEqual(first.id, second.id);
    assert.equal(first.getSettings().deviceId, second.getSettings().deviceId);
    let ended = 0;
    second.addEventListener('ended', () => ended++);
    first.stop();
    await nextTask();
    assert.equal(first.readyState, 'ended');
    assert.equal(second.readyState, 'live');
    assert.equal(ended, 0);
    // One source: ending the device ends the track still on it.
    controlDevices(md).endDevice('fake_device_0');
    await nextTask();
    assert.equal(second.readyState, 'ended');
    assert.equal(ended, 1);
  });

  it('sets deviceId and groupId settings to the values enumerateDevices() shows', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: true, audio: true });
    const devices = await md.enumerateDevices();
    for (const track of stream.getTracks()) {
      const settings = track.getSettings();
      const info = devices.find((d) => d.deviceId === settings.deviceId && d.kind === `${track.kind}input`);
      assert.ok(info !== undefined, `no device info for ${track.label}`);
      assert.equal(info.label, track.label);
      assert.equal(info.groupId, settings.groupId);
    }
    stopAll(stream);
  });
});

describe('getUserMedia() NotFoundError', () => {
  it('rejects with NotFoundError when there is no device of the kind', async () => {
    const md = await withoutDevices({ permission: 'granted' });
    await rejectsWith(md.getUserMedia({ video: true }), 'NotFoundError');
    await rejectsWith(md.getUserMedia({ audio: true }), 'NotFoundError');
  });

  it('rejects with NotFoundError once every camera is unplugged, while microphones still work', async () => {
    const md = fake({ devices: 'device-count=2' });
    const control = controlDevices(md);
    for (const device of control.devices().filter((d) => d.kind === 'videoinput')) {
      control.removeDevice(device);
    }
    await rejectsWith(md.getUserMedia({ video: true }), 'NotFoundError');
    await rejectsWith(md.getUserMedia({ video: true, audio: true }), 'NotFoundError');
    const stream = await md.getUserMedia({ audio: true });
    assert.equal(stream.getAudioTracks().length, 1);
    stopAll(stream);
  });

  it('rejects with NotFoundError when only the kind without devices has its permission granted', async () => {
    const md = await withoutDevices({ permission: { camera: 'denied', microphone: 'granted' } });
    await rejectsWith(md.getUserMedia({ audio: true }), 'NotFoundError');
  });
});

describe('getUserMedia() NotAllowedError', () => {
  it('rejects with NotAllowedError when permission is denied', async () => {
    const md = fake({ permission: 'denied' });
    await rejectsWith(md.getUserMedia({ video: true }), 'NotAllowedError');
    await rejectsWith(md.getUserMedia({ audio: true }), 'NotAllowedError');
  });

  it('rejects with NotAllowedError when one of the requested kinds is denied', async () => {
    const md = fake({ permission: { camera: 'denied', microphone: 'granted' } });
    await rejectsWith(md.getUserMedia({ video: true, audio: true }), 'NotAllowedError');
    const stream = await md.getUserMedia({ audio: true });
    assert.equal(stream.getTracks().length, 1);
    stopAll(stream);
  });

  it('rejects with NotAllowedError instead of NotFoundError when permission is denied', async () => {
    const md = await withoutDevices({ permission: 'denied' });
    await rejectsWith(md.getUserMedia({ video: true }), 'NotAllowedError');
    const mixed = await withoutDevices({ permission: { camera: 'granted', microphone: 'denied' } });
    await rejectsWith(mixed.getUserMedia({ video: true, audio: true }), 'NotAllowedError');
  });

  it('rejects with NotAllowedError instead of OverconstrainedError when permission is denied', async () => {
    const md = fake({ permission: 'denied' });
    await rejectsWith(md.getUserMedia({ video: { width: { exact: 99999 } } }), 'NotAllowedError');
    await rejectsWith(md.getUserMedia({ audio: { sampleRate: { exact: 8000 } } }), 'NotAllowedError');
  });
});

describe('getUserMedia() OverconstrainedError', () => {
  it('rejects with an OverconstrainedError whose constraint is "" before any capture', async () => {
    const md = fake();
    const error = await rejectsWith(md.getUserMedia({ video: { width: { exact: 99999 } } }), 'OverconstrainedError');
    assert.ok(error instanceof OverconstrainedError);
    assert.equal((error as OverconstrainedError).constraint, '');
  });

  it('names the failed constraint once device information can be exposed', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: true });
    const error = await rejectsWith(md.getUserMedia({ video: { width: { exact: 99999 } } }), 'OverconstrainedError');
    assert.equal((error as OverconstrainedError).constraint, 'width');
    stopAll(stream);
  });

  it('keeps naming the failed constraint after the capturing track is stopped', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ audio: true }));
    const error = await rejectsWith(md.getUserMedia({ audio: { sampleRate: { exact: 8000 } } }), 'OverconstrainedError');
    assert.equal((error as OverconstrainedError).constraint, 'sampleRate');
  });

  it('names the constraint no settings dictionary satisfies, and "" when only the combination fails', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const single = await rejectsWith(
      md.getUserMedia({ video: { width: { exact: 640 }, height: { exact: 99999 } } }),
      'OverconstrainedError',
    );
    assert.equal((single as OverconstrainedError).constraint, 'height');
    // 3840 wide needs 3840 high at aspect ratio 1, which no mode has; each constraint alone is possible.
    const combined = await rejectsWith(
      md.getUserMedia({ video: { width: { exact: 3840 }, aspectRatio: { exact: 1 } } }),
      'OverconstrainedError',
    );
    assert.equal((combined as OverconstrainedError).constraint, '');
  });

  it('names an unsatisfiable exact deviceId after a capture', async () => {
    const md = fake();
    stopAll(await md.getUserMedia({ video: true }));
    const error = await rejectsWith(
      md.getUserMedia({ video: { deviceId: { exact: 'no-such-camera' } } }),
      'OverconstrainedError',
    );
    assert.equal((error as OverconstrainedError).constraint, 'deviceId');
  });

  it('rejects a frame rate above the camera’s and accepts it with fps=N', async () => {
    await rejectsWith(fake().getUserMedia({ video: { frameRate: { exact: 30 } } }), 'OverconstrainedError');
    const stream = await fake({ devices: 'fps=30' }).getUserMedia({ video: { frameRate: { exact: 30 } } });
    assert.equal(stream.getVideoTracks()[0]?.getSettings().frameRate, 30);
    stopAll(stream);
  });

  it('never fails because of an ideal value', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ video: { width: { ideal: 99999 }, facingMode: 'environment' } });
    assert.equal(stream.getVideoTracks().length, 1);
    stopAll(stream);
  });
});

describe('getUserMedia() device failures', () => {
  it('rejects with NotReadableError when the device is unreadable', async () => {
    const md = fake();
    controlDevices(md).failDevice('fake_device_0', 'unreadable');
    await rejectsWith(md.getUserMedia({ video: true }), 'NotReadableError');
  });

  it('rejects with AbortError when opening the device fails for another reason', async () => {
    const md = fake();
    controlDevices(md).failDevice('fake_device_0', 'aborted');
    await rejectsWith(md.getUserMedia({ video: true }), 'AbortError');
  });

  it('opens the device again once it recovers', async () => {
    const md = fake();
    const control = controlDevices(md);
    control.failDevice('fake_device_0');
    await rejectsWith(md.getUserMedia({ video: true }), 'NotReadableError');
    control.recoverDevice('fake_device_0');
    const stream = await md.getUserMedia({ video: true });
    assert.equal(stream.getVideoTracks()[0]?.readyState, 'live');
    stopAll(stream);
  });

  it('falls back to another device when the best one fails', async () => {
    const md = fake({ devices: 'device-count=2' });
    controlDevices(md).failDevice('fake_device_0');
    const stream = await md.getUserMedia({ video: true });
    assert.equal(stream.getVideoTracks()[0]?.label, 'fake_device_1');
    stopAll(stream);
  });

  it('falls back to another microphone when the default one fails', async () => {
    const md = fake();
    controlDevices(md).failDevice('Fake Default Audio Input', 'aborted');
    const stream = await md.getUserMedia({ audio: true });
    assert.equal(stream.getAudioTracks()[0]?.label, 'Fake Audio Input 1');
    stopAll(stream);
  });

  it('rejects with NotReadableError when the only camera is unplugged while the user is asked', async () => {
    const md = fake({
      permission: 'prompt',
      onPrompt: () => {
        controlDevices(md).removeDevice('fake_device_0');
        return 'granted';
      },
    });
    await rejectsWith(md.getUserMedia({ video: true }), 'NotReadableError');
  });

  it('opens another camera when the chosen one is unplugged while the user is asked', async () => {
    const md = fake({
      devices: 'device-count=2',
      permission: 'prompt',
      onPrompt: async () => {
        controlDevices(md).removeDevice('fake_device_0');
        return 'granted' as const;
      },
    });
    const stream = await md.getUserMedia({ video: true });
    const track = stream.getVideoTracks()[0];
    assert.equal(track?.label, 'fake_device_1');
    await nextTask();
    assert.equal(track?.readyState, 'live');
    stopAll(stream);
  });

  it('rejects with NotReadableError when the camera fails while the user is asked', async () => {
    const md = fake({
      permission: 'prompt',
      onPrompt: () => {
        controlDevices(md).failDevice('fake_device_0');
        return 'granted';
      },
    });
    await rejectsWith(md.getUserMedia({ video: true }), 'NotReadableError');
  });

  it('leaves no track of the other kind running when one kind fails', async () => {
    const md = fake();
    controlDevices(md).failDevice('fake_device_0');
    await rejectsWith(md.getUserMedia({ audio: true, video: true }), 'NotReadableError');
    const { session } = mediaDevicesSlots(md);
    assert.equal(session.hasLiveSource('microphone'), false);
  });
});

describe('getUserMedia() permission prompts', () => {
  it('resolves when the prompt handler grants', async () => {
    const md = fake({ permission: 'prompt', onPrompt: () => 'granted' });
    const stream = await md.getUserMedia({ video: true });
    assert.equal(stream.getVideoTracks().length, 1);
    stopAll(stream);
  });

  it('resolves when an async prompt handler grants', async () => {
    const md = fake({ permission: 'prompt', onPrompt: async () => 'granted' as const });
    const stream = await md.getUserMedia({ audio: true });
    assert.equal(stream.getAudioTracks().length, 1);
    stopAll(stream);
  });

  it('rejects with NotAllowedError when the prompt handler denies', async () => {
    const md = fake({ permission: 'prompt', onPrompt: () => 'denied' });
    await rejectsWith(md.getUserMedia({ video: true }), 'NotAllowedError');
  });

  it('rejects with NotAllowedError when there is no prompt handler', async () => {
    const md = fake({ permission: 'prompt' });
    await rejectsWith(md.getUserMedia({ video: true }), 'NotAllowedError');
  });

  it('rejects with NotAllowedError when the prompt handler throws or answers "prompt"', async () => {
    const throwing = fake({
      permission: 'prompt',
      onPrompt: () => {
        throw new Error('no user');
      },
    });
    await rejectsWith(throwing.getUserMedia({ video: true }), 'NotAllowedError');
    const undecided = fake({ permission: 'prompt', onPrompt: () => 'prompt' });
    await rejectsWith(undecided.getUserMedia({ video: true }), 'NotAllowedError');
  });

  it('rejects the whole call when one of two prompts is denied, exposing nothing', async () => {
    const md = fake({ permission: 'prompt', onPrompt: ({ name }) => (name === 'microphone' ? 'granted' : 'denied') });
    await rejectsWith(md.getUserMedia({ audio: true, video: true }), 'NotAllowedError');
    assert.equal(mediaDevicesSlots(md).session.hasLiveSource('microphone'), false);
    assert.deepEqual(
      (await md.enumerateDevices()).map((d) => d.deviceId),
      ['', ''],
    );
  });

  it('asks the prompt handler with the permission name and the labels of the candidate devices', async () => {
    const requests: PermissionRequest[] = [];
    const md = fake({
      devices: 'device-count=2',
      permission: 'prompt',
      onPrompt: (request) => {
        requests.push(request);
        return 'granted';
      },
    });
    const stream = await md.getUserMedia({ audio: true, video: true });
    assert.deepEqual(
      requests.map((r) => r.name),
      ['microphone', 'camera'],
    );
    assert.deepEqual(
      [...(requests[0]?.deviceLabels ?? [])].sort(),
      ['Fake Audio Input 1', 'Fake Audio Input 2', 'Fake Default Audio Input'],
    );
    assert.deepEqual([...(requests[1]?.deviceLabels ?? [])].sort(), ['fake_device_0', 'fake_device_1']);
    stopAll(stream);
  });

  it('offers only the devices that satisfy the constraints in the prompt', async () => {
    const requests: PermissionRequest[] = [];
    const md = fake({ permission: 'prompt', onPrompt: (request) => (requests.push(request), 'granted') });
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'Front camera', facingMode: 'user' });
    stopAll(await md.getUserMedia({ video: { facingMode: { exact: 'user' } } }));
    assert.deepEqual(requests[0]?.deviceLabels, ['Front camera']);
  });

  it('does not prompt for a permission that is granted', async () => {
    let prompts = 0;
    const md = fake({ permission: { camera: 'granted', microphone: 'prompt' }, onPrompt: () => (prompts++, 'granted') });
    stopAll(await md.getUserMedia({ video: true }));
    assert.equal(prompts, 0);
    stopAll(await md.getUserMedia({ audio: true }));
    assert.equal(prompts, 1);
  });

  it('does not prompt again while a live track uses a device of that kind', async () => {
    let prompts = 0;
    const md = fake({ permission: 'prompt', onPrompt: () => (prompts++, 'granted') });
    const first = await md.getUserMedia({ video: true });
    const second = await md.getUserMedia({ video: true });
    assert.equal(prompts, 1);
    assert.equal(second.getVideoTracks()[0]?.label, first.getVideoTracks()[0]?.label);
    stopAll(first);
    stopAll(second);
  });

  it('does not prompt when the constraints cannot be satisfied', async () => {
    let prompts = 0;
    const md = fake({ permission: 'prompt', onPrompt: () => (prompts++, 'granted') });
    await rejectsWith(md.getUserMedia({ video: { width: { exact: 99999 } } }), 'OverconstrainedError');
    assert.equal(prompts, 0);
  });
});

describe('getSupportedConstraints()', () => {
  it('lists exactly the 16 mediacapture-main properties, voiceIsolation and the screen-share video properties, all true', () => {
    const supported = fake().getSupportedConstraints();
    const expected = [
      'width',
      'height',
      'aspectRatio',
      'frameRate',
      'facingMode',
      'resizeMode',
      'sampleRate',
      'sampleSize',
      'echoCancellation',
      'autoGainControl',
      'noiseSuppression',
      'latency',
      'channelCount',
      'deviceId',
      'groupId',
      'backgroundBlur',
      'voiceIsolation',
      'displaySurface',
      'logicalSurface',
      'cursor',
    ];
    assert.deepEqual(Object.keys(supported).sort(), [...expected].sort());
    for (const name of expected) {
      assert.equal((supported as Record<string, unknown>)[name], true, name);
    }
  });

  it('returns a new dictionary each time, so changing one does not change the next', () => {
    const md = fake();
    const first = md.getSupportedConstraints() as Record<string, unknown>;
    first['width'] = false;
    first['torch'] = true;
    const second = md.getSupportedConstraints() as Record<string, unknown>;
    assert.equal(second['width'], true);
    assert.equal('torch' in second, false);
  });

  it('is the same for every MediaDevices object, whatever its devices', () => {
    assert.deepEqual(
      createMediaDevices({ devices: 'system' }).getSupportedConstraints(),
      fake().getSupportedConstraints(),
    );
  });
});
