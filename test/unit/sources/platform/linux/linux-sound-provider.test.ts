import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findOnPath } from '../../../../../src/sources/platform/linux/guarded-spawn.js';
import { AlsaProvider } from '../../../../../src/sources/platform/linux/alsa-provider.js';
import { LinuxSoundProvider } from '../../../../../src/sources/platform/linux/linux-sound-provider.js';
import { PulseAudioProvider } from '../../../../../src/sources/platform/linux/pulse-provider.js';

const NO_SUCH_PROGRAM = 'mediacapture-test-no-such-program';

describe('Linux sound providers without a sound system', () => {
  test('PulseAudio without pactl lists nothing and says pactl is missing', async () => {
    const provider = new PulseAudioProvider({ pactl: NO_SUCH_PROGRAM });
    assert.deepEqual(await provider.list(), []);
    assert.equal(provider.state.type, 'missing');
    assert.match(provider.problem() ?? '', /pactl \(pulseaudio-utils\) is not installed/);
  });

  test('PulseAudio with no server answering lists nothing and says why', { skip: pactlMissing() }, async () => {
    const provider = new PulseAudioProvider({ env: { ...process.env, PULSE_SERVER: 'unix:/nonexistent/mediacapture-test' } });
    assert.deepEqual(await provider.list(), []);
    assert.equal(provider.state.type, 'unreachable');
    assert.match(provider.problem() ?? '', /no PulseAudio server answers/);
  });

  test('ALSA without alsa-utils lists nothing and says so', async () => {
    const provider = new AlsaProvider({ arecord: NO_SUCH_PROGRAM, aplay: NO_SUCH_PROGRAM });
    assert.deepEqual(await provider.list(), []);
    assert.match(provider.problem() ?? '', /arecord \(alsa-utils\) is not installed/);
  });

  test('without PulseAudio the provider falls back to ALSA and reports both', async () => {
    const provider = new LinuxSoundProvider({ pactl: NO_SUCH_PROGRAM }, { arecord: NO_SUCH_PROGRAM, aplay: NO_SUCH_PROGRAM });
    assert.equal(provider.name, 'pulseaudio');
    assert.deepEqual(await provider.list(), []);
    assert.equal(provider.name, 'alsa');
    assert.match(provider.problem() ?? '', /pactl .* not installed; arecord .* not installed/);
    // ALSA's watch (inotify on /dev/snd) never throws, with or without sound cards.
    provider.watch(() => {})();
  });
});

function pactlMissing(): string | undefined {
  return findOnPath('pactl') === undefined ? 'pactl is not installed' : undefined;
}
