// The camera permission with panTiltZoom (https://w3c.github.io/mediacapture-image/#pan): a state of its own in the
// permission store, stronger than "camera", requested by getUserMedia() only for constraints naming pan, tilt or zoom.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PermissionStore, type PermissionRequest } from '../../../src/devices/permissions.js';
import { createMediaDevices } from '../../../src/index.js';

describe('the pan-tilt-zoom permission', () => {
  it('starts at the store\'s initial state and is denied whenever the camera is', () => {
    const store = new PermissionStore('granted');
    assert.equal(store.panTiltZoomState(), 'granted');
    store.set('camera', 'denied');
    assert.equal(store.panTiltZoomState(), 'denied');
    store.set('camera', 'granted');
    store.setPanTiltZoom('prompt');
    assert.equal(store.panTiltZoomState(), 'prompt');
    assert.equal(store.state('camera'), 'granted');
  });

  it('prompts with panTiltZoom: true when in "prompt", and answers its state otherwise', async () => {
    const requests: PermissionRequest[] = [];
    const store = new PermissionStore('prompt', (request) => {
      requests.push(request);
      return 'denied';
    });
    assert.equal(await store.requestPanTiltZoom(['cam']), 'denied');
    assert.deepEqual(requests, [{ name: 'camera', deviceLabels: ['cam'], panTiltZoom: true }]);
    store.setPanTiltZoom('granted');
    assert.equal(await store.requestPanTiltZoom(['cam']), 'granted');
    assert.equal(requests.length, 1);
  });

  it('is asked for on its own when the camera is granted already, and a refusal only hides pan, tilt and zoom', async () => {
    const prompts: boolean[] = [];
    const md = createMediaDevices({
      devices: 'fake',
      permission: { camera: 'granted', microphone: 'granted', panTiltZoom: 'prompt' },
      onPrompt: (request) => {
        prompts.push(request.panTiltZoom === true);
        return 'denied';
      },
    });
    const plain = (await md.getUserMedia({ video: true })).getVideoTracks()[0];
    const stream = await md.getUserMedia({ video: { zoom: { ideal: 200 } } });
    const [track] = stream.getVideoTracks();
    assert.deepEqual(prompts, [true]);
    assert.equal(track?.readyState, 'live');
    assert.equal('zoom' in (track?.getSettings() ?? {}), false);
    plain?.stop();
    track?.stop();
  });
});
