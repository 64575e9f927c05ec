// explainConstraints() of `mediacapture/testing`: what getUserMedia would pick and why, checked against
// what getUserMedia actually does on the same devices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { OverconstrainedError, type MediaStreamConstraints } from '../../../src/index.js';
import { controlDevices, explainConstraints, type CandidateExplanation } from '../../../src/testing.js';
import { fake, stopAll } from '../../helpers/devices.js';

function failed(candidate: CandidateExplanation | undefined): Extract<CandidateExplanation, { satisfied: false }> {
  assert.ok(candidate !== undefined && !candidate.satisfied, 'the candidate should be ruled out');
  return candidate;
}

describe('explainConstraints()', () => {
  it('picks the device and the settings getUserMedia gives, for several constraint sets', async () => {
    const requests: MediaStreamConstraints[] = [
      { video: true },
      { video: { width: 1280, height: 720 } },
      { video: { width: { min: 300, ideal: 1000 }, frameRate: { max: 10 } } },
      { video: { aspectRatio: { exact: 1 }, height: { ideal: 500 } } },
      { audio: { channelCount: 2, sampleRate: 44100 } },
    ];
    for (const request of requests) {
      const md = fake({ devices: 'device-count=2' });
      const explanation = await explainConstraints(md, request);
      const stream = await md.getUserMedia(request);
      const [track] = stream.getTracks();
      assert.ok(track !== undefined);
      const [kind] = explanation.kinds;
      assert.ok(kind !== undefined);
      assert.equal(kind.chosenDeviceId, track.getSettings().deviceId, JSON.stringify(request));
      const device = kind.devices.find((d) => d.deviceId === kind.chosenDeviceId);
      assert.deepEqual(device?.settings, track.getSettings(), JSON.stringify(request));
      stopAll(stream);
    }
  });

  it('lists one candidate per native mode and resize mode, with the fitness of each', async () => {
    const explanation = await explainConstraints(fake(), { video: { width: 1280, height: 720 } });
    const [camera] = explanation.kinds[0]?.devices ?? [];
    assert.ok(camera !== undefined);
    assert.equal(camera.candidates.length, 12);
    const exact = camera.candidates.find((c) => c.mode?.width === 1280 && c.mode.resizeMode === 'none');
    assert.ok(exact?.satisfied);
    assert.equal(exact.fitness, 0);
    assert.deepEqual([exact.settings['width'], exact.settings['height']], [1280, 720]);
    const small = camera.candidates.find((c) => c.mode?.width === 320 && c.mode.resizeMode === 'none');
    assert.ok(small?.satisfied);
    assert.ok(small.fitness > 0);
    assert.equal(camera.fitness, 0);
  });

  it('says which required constraint failed on which candidate, and by how much', async () => {
    const md = fake();
    const explanation = await explainConstraints(md, { video: { width: { exact: 4000 } } });
    const [kind] = explanation.kinds;
    assert.ok(kind !== undefined);
    assert.equal(kind.chosenDeviceId, undefined);
    assert.equal(kind.failedConstraint, 'width');
    const [camera] = kind.devices;
    assert.ok(camera !== undefined && camera.settings === undefined);
    const largest = failed(camera.candidates.find((c) => c.mode?.width === 3840 && c.mode.resizeMode === 'crop-and-scale'));
    assert.deepEqual(largest.shortfall, {
      constraint: 'width',
      required: { exact: 4000 },
      offered: { type: 'range', min: 1, max: 3840 },
      shortBy: 160,
      conflictsWith: [],
    });
    // getUserMedia agrees on the failed constraint.
    await assert.rejects(md.getUserMedia({ video: true }).then(stopAll).then(() => md.getUserMedia({ video: { width: { exact: 4000 } } })), (error: unknown) => {
      return error instanceof OverconstrainedError && error.constraint === 'width';
    });
  });

  it('names the earlier constraints a failing one conflicts with', async () => {
    const explanation = await explainConstraints(fake(), { video: { width: { exact: 1280 }, aspectRatio: { exact: 1 } } });
    const [camera] = explanation.kinds[0]?.devices ?? [];
    const hd = failed(camera?.candidates.find((c) => c.mode?.width === 1280 && c.mode.resizeMode === 'crop-and-scale'));
    assert.equal(hd.shortfall.constraint, 'aspectRatio');
    assert.deepEqual(hd.shortfall.conflictsWith, ['width']);
    assert.ok(hd.shortfall.offered.type === 'range' && Math.abs(hd.shortfall.offered.min - 16 / 9) < 1e-6);
    // The 4K mode can crop a 1280x1280 square.
    assert.equal(camera?.settings?.['height'], 1280);
  });

  it('reports discrete constraints with the values the device offers', async () => {
    const md = fake({ devices: 'device-count=2' });
    const explanation = await explainConstraints(md, { video: { facingMode: { exact: 'left' } } });
    const [kind] = explanation.kinds;
    assert.equal(kind?.failedConstraint, 'facingMode');
    const candidate = failed(kind?.devices[0]?.candidates[0]);
    assert.deepEqual(candidate.shortfall.required, { oneOf: ['left'] });
    assert.equal(candidate.shortfall.shortBy, undefined);
  });

  it('follows the devices the control plane adds', async () => {
    const md = fake();
    controlDevices(md).addDevice({ kind: 'videoinput', label: 'Wide', modes: [{ width: 2560, height: 1080, frameRate: 30 }] });
    const explanation = await explainConstraints(md, { video: { aspectRatio: { exact: 2560 / 1080 }, resizeMode: 'none' } });
    const [kind] = explanation.kinds;
    const wide = kind?.devices.find((d) => d.label === 'Wide');
    assert.equal(kind?.chosenDeviceId, wide?.deviceId);
  });

  it('rejects with a TypeError what getUserMedia rejects with a TypeError', async () => {
    const md = fake();
    await assert.rejects(explainConstraints(md, {}), TypeError);
    await assert.rejects(explainConstraints(md, { video: { advanced: 3 as unknown as [] } }), TypeError);
    await assert.rejects(explainConstraints(md, { video: { backgroundBlur: { exact: true } } }), TypeError);
  });
});
