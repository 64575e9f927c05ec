// Permissions of getUserMedia(): the permission store, prompts and the device permission revocation
// algorithm (https://w3c.github.io/mediacapture-main/#dfn-device-permission-revocation-algorithm).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createMediaDevices,
  type MediaDevices,
  type MediaDevicesOptions,
  type MediaStreamTrack,
} from '../../../src/index.js';
import { controlDevices } from '../../../src/testing.js';
import { nextTask, rejectsNamed } from '../../helpers/devices.js';

function fake(options: Omit<MediaDevicesOptions, 'devices'> = {}): MediaDevices {
  return createMediaDevices({ permission: 'granted', ...options, devices: 'fake' });
}

/** Live audio and video tracks, each counting its `ended` events. */
async function liveTracks(md: MediaDevices): Promise<{ audio: MediaStreamTrack; video: MediaStreamTrack; ended: Map<MediaStreamTrack, number> }> {
  const stream = await md.getUserMedia({ audio: true, video: true });
  const [audio, video] = stream.getTracks() as [MediaStreamTrack, MediaStreamTrack];
  const ended = new Map<MediaStreamTrack, number>([
    [audio, 0],
    [video, 0],
  ]);
  for (const track of [audio, video]) {
    track.addEventListener('ended', () => ended.set(track, (ended.get(track) ?? 0) + 1));
  }
  return { audio, video, ended };
}


describe('permission answers', () => {
  it('starts from the permission option, for both kinds or each kind', () => {
    assert.equal(controlDevices(fake({ permission: 'denied' })).permission('camera'), 'denied');
    const mixed = controlDevices(fake({ permission: { camera: 'prompt', microphone: 'denied' } }));
    assert.equal(mixed.permission('camera'), 'prompt');
    assert.equal(mixed.permission('microphone'), 'denied');
  });

  it('rejects an unknown permission answer with an error naming it', () => {
    assert.throws(() => fake({ permission: 'maybe' as never }), /maybe/);
    assert.throws(() => controlDevices(fake()).setPermission('camera', 'sometimes' as never), /sometimes/);
  });

  it('keeps the permission answers of one MediaDevices object to itself', async () => {
    const a = fake();
    const b = fake();
    controlDevices(a).setPermission('camera', 'denied');
    assert.equal(controlDevices(b).permission('camera'), 'granted');
    const stream = await b.getUserMedia({ video: true });
    assert.equal(stream.getVideoTracks()[0]?.readyState, 'live');
    stream.getTracks()[0]?.stop();
  });

  it('lets getUserMedia() succeed again once a denied permission is granted', async () => {
    const md = fake({ permission: 'denied' });
    await rejectsNamed(md.getUserMedia({ video: true }), 'NotAllowedError');
    controlDevices(md).setPermission('camera', 'granted');
    const stream = await md.getUserMedia({ video: true });
    assert.equal(stream.getVideoTracks().length, 1);
    stream.getTracks()[0]?.stop();
  });

  it('uses the prompt handler set through the control plane, and none once it is removed', async () => {
    const md = fake({ permission: 'prompt' });
    const control = controlDevices(md);
    await rejectsNamed(md.getUserMedia({ audio: true }), 'NotAllowedError');
    control.setPromptHandler(() => 'granted');
    const stream = await md.getUserMedia({ audio: true });
    stream.getTracks()[0]?.stop();
    control.setPromptHandler(undefined);
    await rejectsNamed(md.getUserMedia({ audio: true }), 'NotAllowedError');
  });
});

describe('device permission revocation', () => {
  it('ends live camera tracks with an ended event when camera permission becomes denied', async () => {
    const md = fake();
    const { audio, video, ended } = await liveTracks(md);
    controlDevices(md).setPermission('camera', 'denied');
    await nextTask();
    assert.equal(video.readyState, 'ended');
    assert.equal(ended.get(video), 1);
    assert.equal(audio.readyState, 'live');
    assert.equal(ended.get(audio), 0);
    audio.stop();
  });

  it('ends live microphone tracks when microphone permission goes back to prompt', async () => {
    const md = fake();
    const { audio, video, ended } = await liveTracks(md);
    controlDevices(md).setPermission('microphone', 'prompt');
    await nextTask();
    assert.equal(audio.readyState, 'ended');
    assert.equal(ended.get(audio), 1);
    assert.equal(video.readyState, 'live');
    assert.equal(ended.get(video), 0);
    video.stop();
  });

  it('fires ended through the onended attribute too', async () => {
    const md = fake();
    const { audio, video } = await liveTracks(md);
    let handled = 0;
    video.onended = () => {
      handled++;
    };
    controlDevices(md).setPermission('camera', 'denied');
    await nextTask();
    assert.equal(handled, 1);
    audio.stop();
  });

  it('ends every track of the kind: clones and tracks of other calls', async () => {
    const md = fake();
    const first = (await md.getUserMedia({ video: true })).getVideoTracks()[0] as MediaStreamTrack;
    const clone = first.clone();
    const other = (await md.getUserMedia({ video: true })).getVideoTracks()[0] as MediaStreamTrack;
    controlDevices(md).setPermission('camera', 'prompt');
    await nextTask();
    assert.deepEqual(
      [first, clone, other].map((t) => t.readyState),
      ['ended', 'ended', 'ended'],
    );
  });

  it('fires no ended event at a track the script already stopped', async () => {
    const md = fake();
    const { audio, video, ended } = await liveTracks(md);
    video.stop();
    controlDevices(md).setPermission('camera', 'denied');
    await nextTask();
    assert.equal(ended.get(video), 0);
    audio.stop();
  });

  it('does nothing when the permission is set to the answer it already has', async () => {
    const md = fake();
    const { audio, video, ended } = await liveTracks(md);
    controlDevices(md).setPermission('camera', 'granted');
    await nextTask();
    assert.equal(video.readyState, 'live');
    assert.equal(ended.get(video), 0);
    audio.stop();
    video.stop();
  });

  it('ends tracks when permission changes from prompt (granted by a prompt) to denied', async () => {
    const md = fake({ permission: 'prompt', onPrompt: () => 'granted' });
    const { audio, video, ended } = await liveTracks(md);
    controlDevices(md).setPermission('camera', 'denied');
    await nextTask();
    assert.equal(video.readyState, 'ended');
    assert.equal(ended.get(video), 1);
    audio.stop();
  });

  it('makes later getUserMedia() calls for that kind fail with NotAllowedError', async () => {
    const md = fake();
    const { audio } = await liveTracks(md);
    controlDevices(md).setPermission('camera', 'denied');
    await rejectsNamed(md.getUserMedia({ video: true }), 'NotAllowedError');
    const more = await md.getUserMedia({ audio: true });
    assert.equal(more.getAudioTracks()[0]?.label, audio.label);
    audio.stop();
    more.getTracks()[0]?.stop();
  });

  it('does not end the tracks of another MediaDevices object', async () => {
    const a = fake();
    const b = fake();
    const tracks = await liveTracks(b);
    controlDevices(a).setPermission('camera', 'denied');
    await nextTask();
    assert.equal(tracks.video.readyState, 'live');
    tracks.audio.stop();
    tracks.video.stop();
  });
});
