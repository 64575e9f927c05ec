// MediaDevices.selectAudioOutput() (https://w3c.github.io/mediacapture-output/#dom-mediadevices-selectaudiooutput)
// and the exposure of audio outputs it grants, with the "speaker-selection" permission answering for the user.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MediaDeviceInfo, type MediaDevices } from '../../../src/index.js';
import type { PermissionRequest } from '../../../src/devices/permissions.js';
import { controlDevices } from '../../../src/testing.js';
import { fake, rejectsNamed, stopAll, withoutDevices } from '../../helpers/devices.js';


/** A fake MediaDevices whose "speaker-selection" prompts are answered by `answer` and recorded. */
function prompting(answer: 'granted' | 'denied'): { md: MediaDevices; prompts: PermissionRequest[] } {
  const prompts: PermissionRequest[] = [];
  const md = fake({
    onPrompt: (request) => {
      prompts.push(request);
      return answer;
    },
  });
  controlDevices(md).setPermission('speaker-selection', 'prompt');
  return { md, prompts };
}

async function outputLabels(md: MediaDevices): Promise<string[]> {
  return (await md.enumerateDevices()).filter((d) => d.kind === 'audiooutput').map((d) => d.label);
}

describe('selectAudioOutput()', () => {
  it('resolves with the MediaDeviceInfo of the system default output when the user grants', async () => {
    const info = await fake().selectAudioOutput();
    assert.ok(info instanceof MediaDeviceInfo);
    assert.equal(info.kind, 'audiooutput');
    assert.equal(info.label, 'Fake Default Audio Output');
    assert.notEqual(info.deviceId, '');
    assert.notEqual(info.groupId, '');
  });

  it('asks the prompt handler with the outputs to choose among, and picks the requested one', async () => {
    const { md, prompts } = prompting('granted');
    const first = await md.selectAudioOutput();
    assert.equal(prompts.length, 1);
    assert.equal(prompts[0]?.name, 'speaker-selection');
    assert.deepEqual(prompts[0]?.deviceLabels, ['Fake Default Audio Output', 'Fake Audio Output 1', 'Fake Audio Output 2']);
    assert.equal(first.label, 'Fake Default Audio Output');
  });

  it('exposes the chosen output, and only it, to enumerateDevices', async () => {
    const md = fake();
    assert.deepEqual(await outputLabels(md), []);
    const info = await md.selectAudioOutput();
    const outputs = (await md.enumerateDevices()).filter((d) => d.kind === 'audiooutput');
    assert.ok(outputs.some((d) => d.deviceId === info.deviceId && d.label === info.label));
    assert.ok(!outputs.some((d) => d.label === 'Fake Audio Output 1'));
  });

  it('resolves a deviceId it exposed before without prompting again', async () => {
    const { md, prompts } = prompting('granted');
    const first = await md.selectAudioOutput();
    const again = await md.selectAudioOutput({ deviceId: first.deviceId });
    assert.equal(prompts.length, 1);
    assert.equal(again.deviceId, first.deviceId);
    assert.equal(again.label, first.label);
  });

  it('resolves an output in the group of a microphone getUserMedia exposed without prompting', async () => {
    const { md, prompts } = prompting('granted');
    const stream = await md.getUserMedia({ audio: true });
    const microphone = stream.getAudioTracks()[0]?.getSettings();
    const output = (await md.enumerateDevices()).find(
      (d) => d.kind === 'audiooutput' && d.deviceId !== 'default' && d.groupId === microphone?.groupId,
    );
    assert.ok(output !== undefined, 'the fake default microphone and output share a group');
    const info = await md.selectAudioOutput({ deviceId: output.deviceId });
    assert.equal(prompts.length, 0);
    assert.equal(info.deviceId, output.deviceId);
    stopAll(stream);
  });

  it('prompts for a deviceId it does not know, and gives the default output', async () => {
    const { md, prompts } = prompting('granted');
    const info = await md.selectAudioOutput({ deviceId: 'no-such-device' });
    assert.equal(prompts.length, 1);
    assert.equal(info.label, 'Fake Default Audio Output');
  });

  it('gives the requested output when the user grants a prompt for it', async () => {
    const { md } = prompting('granted');
    const stream = await md.getUserMedia({ audio: true });
    const other = (await md.enumerateDevices()).find((d) => d.label === 'Fake Audio Output 2');
    stopAll(stream);
    assert.ok(other !== undefined);
    const fresh = prompting('granted');
    // The same origin and salt give the same deviceId on another MediaDevices object.
    const info = await fresh.md.selectAudioOutput({ deviceId: other.deviceId });
    assert.equal(fresh.prompts.length, 1);
    assert.equal(info.label, 'Fake Audio Output 2');
  });

  it('rejects with NotAllowedError when the user declines, or nobody answers the prompt', async () => {
    await rejectsNamed(prompting('denied').md.selectAudioOutput(), 'NotAllowedError');
    const md = fake();
    controlDevices(md).setPermission('speaker-selection', 'prompt');
    await rejectsNamed(md.selectAudioOutput(), 'NotAllowedError');
  });

  it('rejects with NotAllowedError without prompting when "speaker-selection" is denied', async () => {
    const { md, prompts } = prompting('granted');
    controlDevices(md).setPermission('speaker-selection', 'denied');
    await rejectsNamed(md.selectAudioOutput(), 'NotAllowedError');
    assert.equal(prompts.length, 0);
  });

  it('rejects with NotFoundError when there is no audio output', async () => {
    await rejectsNamed((await withoutDevices()).selectAudioOutput(), 'NotFoundError');
  });

  it('rejects a non-object argument with a TypeError', async () => {
    await assert.rejects(fake().selectAudioOutput(5 as never), TypeError);
  });

  it('rejects with a TypeError when called on an object that is not a MediaDevices', async () => {
    await assert.rejects(fake().selectAudioOutput.call({} as MediaDevices), TypeError);
  });
});
