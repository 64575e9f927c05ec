import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alsaCaptureStatusPath, alsaDeviceName, alsaSubstreamBusy, arecordArgs, parseAlsaPcmList } from '../../../../../src/sources/platform/linux/alsa-listing.js';
import { alsaDevices } from '../../../../../src/sources/platform/linux/alsa-provider.js';

// The format of alsa-utils 1.2 `arecord -l` / `aplay -l` (a laptop with a USB webcam); alsa-utils is not
// installed on the CI machine, which has no sound card either.
const ARECORD_L = `**** List of CAPTURE Hardware Devices ****
card 0: PCH [HDA Intel PCH], device 0: ALC3246 Analog [ALC3246 Analog]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
card 2: C922 [C922 Pro Stream Webcam], device 0: USB Audio [USB Audio]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
`;
const APLAY_L = `**** List of PLAYBACK Hardware Devices ****
card 0: PCH [HDA Intel PCH], device 0: ALC3246 Analog [ALC3246 Analog]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
card 0: PCH [HDA Intel PCH], device 3: HDMI 0 [HDMI 0]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
`;

describe('ALSA listing', () => {
  test('arecord -l lines become PCM devices with card ids and names', () => {
    assert.deepEqual(parseAlsaPcmList(ARECORD_L), [
      { card: 0, cardId: 'PCH', cardName: 'HDA Intel PCH', device: 0, deviceName: 'ALC3246 Analog' },
      { card: 2, cardId: 'C922', cardName: 'C922 Pro Stream Webcam', device: 0, deviceName: 'USB Audio' },
    ]);
    assert.deepEqual(parseAlsaPcmList('arecord: device_list:274: no soundcards found...\n'), []);
  });

  test('capture devices are microphones, playback devices outputs, grouped by card, the first of each the default', () => {
    const devices = alsaDevices(parseAlsaPcmList(ARECORD_L), parseAlsaPcmList(APLAY_L));
    assert.deepEqual(
      devices.map((d) => [d.kind, d.rawId, d.label, d.groupKey, d.isDefault, d.producer !== undefined]),
      [
        ['audioinput', 'hw:CARD=PCH,DEV=0', 'HDA Intel PCH: ALC3246 Analog', 'alsa:card=PCH', true, true],
        ['audioinput', 'hw:CARD=C922,DEV=0', 'C922 Pro Stream Webcam: USB Audio', 'alsa:card=C922', false, true],
        ['audiooutput', 'hw:CARD=PCH,DEV=0', 'HDA Intel PCH: ALC3246 Analog', 'alsa:card=PCH', true, false],
        ['audiooutput', 'hw:CARD=PCH,DEV=3', 'HDA Intel PCH: HDMI 0', 'alsa:card=PCH', false, false],
      ],
    );
  });

  test('a capture substream another program holds is busy, with its process id', () => {
    // /proc/asound/card0/pcm0c/sub0/status while arecord records (kernel 6.1).
    const running = `state: RUNNING
owner_pid   : 4242
trigger_time: 1234.567890123
tstamp      : 0.000000000
delay       : 480
avail       : 480
avail_max   : 960
-----
hw_ptr      : 96000
appl_ptr    : 95520
`;
    assert.equal(alsaSubstreamBusy('closed\n'), undefined);
    assert.match(alsaSubstreamBusy(running) ?? '', /process 4242/);
    assert.match(alsaSubstreamBusy('state: SETUP\n') ?? '', /another program/);
    const [pcm] = parseAlsaPcmList(ARECORD_L);
    assert.ok(pcm !== undefined);
    assert.equal(alsaCaptureStatusPath(pcm), '/proc/asound/card0/pcm0c/sub0/status');
  });

  test('arecord captures through the plug layer as raw f32le at the model rate and channels', () => {
    const [pcm] = parseAlsaPcmList(ARECORD_L);
    assert.ok(pcm !== undefined);
    assert.equal(alsaDeviceName(pcm, false), 'hw:CARD=PCH,DEV=0');
    const args = arecordArgs(pcm);
    assert.ok(args.includes('--device=plughw:CARD=PCH,DEV=0'));
    assert.ok(args.includes('--format=FLOAT_LE'));
    assert.ok(args.includes('--file-type=raw'));
    const model = alsaDevices([pcm], [])[0]?.capture;
    assert.ok(model?.kind === 'audio');
    assert.ok(args.includes(`--rate=${model.defaultSampleRate}`));
    assert.ok(args.includes(`--channels=${model.channelCount.max}`));
  });
});
