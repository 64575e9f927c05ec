// Choosing a recording's encoder and answering isTypeSupported from what was found (no I/O: the found
// encoders are given), and the ffmpeg arguments of live streams against finalized files.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { chooseEncoder, isTypeSupportedHere, type AvailableEncoders } from '../../../../src/sinks/recorder/encoder-discovery.js';
import { encoderArguments, type EncoderConfig } from '../../../../src/sinks/recorder/ffmpeg-encoder.js';
import { inProcessOpus } from '../../../../src/sinks/recorder/opus-encoder.js';

const full: AvailableEncoders = { ffmpeg: '/usr/bin/ffmpeg', ffmpegEncoders: new Set(['libvpx', 'libvpx-vp9', 'libx264', 'libopus', 'aac']), inProcessOpus: true };
const none: AvailableEncoders = { ffmpeg: undefined, ffmpegEncoders: new Set(), inProcessOpus: false };
const opusOnly: AvailableEncoders = { ffmpeg: undefined, ffmpegEncoders: new Set(), inProcessOpus: true };
const video = { width: 640, height: 480, frameRate: 30 };
const inProcessLoads = typeof inProcessOpus() !== 'string';

describe('isTypeSupported from the encoders found', () => {
  test('without ffmpeg or in-process Opus only "" is supported', () => {
    for (const type of ['video/webm', 'audio/webm', 'audio/ogg', 'audio/mp4']) {
      assert.equal(isTypeSupportedHere(type, false, none), false, type);
    }
    assert.equal(isTypeSupportedHere('', false, none), true);
  });

  test('in-process Opus alone supports audio/webm and audio/ogg with Opus, nothing with video or AAC', () => {
    const expected: [string, boolean][] = [
      ['audio/webm', true],
      ['audio/webm;codecs=opus', true],
      ['audio/ogg;codecs=opus', true],
      ['video/webm', false],
      ['video/webm;codecs=opus', false],
      ['audio/mp4', false],
      ['video/x-matroska;codecs=opus', false],
      ['audio/ogg;codecs=vorbis', false],
    ];
    for (const [type, supported] of expected) {
      assert.equal(isTypeSupportedHere(type, false, opusOnly), supported, type);
    }
  });

  test('an ffmpeg without libopus cannot record Opus in video/webm even when in-process Opus loads', () => {
    const noOpus: AvailableEncoders = { ...full, ffmpegEncoders: new Set(['libvpx']) };
    assert.equal(isTypeSupportedHere('video/webm;codecs=vp8,opus', false, noOpus), false);
    assert.equal(isTypeSupportedHere('video/webm;codecs=vp8', false, noOpus), true);
    assert.equal(isTypeSupportedHere('audio/webm', false, noOpus), true);
  });
});

describe('choosing the encoder', () => {
  test('ffmpeg when it can, in-process Opus for audio alone otherwise, a reason when neither', () => {
    const audioOnly = { video: undefined, audioSampleRate: 48_000 };
    assert.deepEqual(chooseEncoder('audio/webm', audioOnly, full, 'auto'), {
      format: { container: 'audio/webm', videoCodec: undefined, audioCodec: 'opus', h264Level: undefined, mimeType: 'audio/webm;codecs=opus' },
      backend: { kind: 'ffmpeg', ffmpeg: '/usr/bin/ffmpeg' },
    });
    const withoutFfmpeg = chooseEncoder('audio/ogg', audioOnly, opusOnly, 'auto');
    assert.ok(!('reason' in withoutFfmpeg) || !inProcessLoads);
    const videoWithout = chooseEncoder('video/webm', { video, audioSampleRate: 48_000 }, opusOnly, 'auto');
    assert.ok('reason' in videoWithout);
    assert.match(videoWithout.reason, /recording needs ffmpeg: ffmpeg was not found; install it/);
  });

  test('"ffmpeg" never falls back; "in-process" never uses ffmpeg and refuses video, takes any sample rate', { skip: !inProcessLoads && '@evan/opus or mediabunny is not installed' }, () => {
    const audioOnly = { video: undefined, audioSampleRate: 48_000 };
    assert.ok('reason' in chooseEncoder('audio/webm', audioOnly, opusOnly, 'ffmpeg'));
    const forced = chooseEncoder('audio/webm', audioOnly, full, 'in-process');
    assert.ok(!('reason' in forced));
    assert.deepEqual(forced.backend, { kind: 'in-process' });
    assert.ok('reason' in chooseEncoder('video/webm', { video, audioSampleRate: 48_000 }, full, 'in-process'));
    const cd = chooseEncoder('audio/webm', { video: undefined, audioSampleRate: 44_100 }, opusOnly, 'auto');
    assert.ok(!('reason' in cd));
  });
});

describe('ffmpeg arguments', () => {
  const config: EncoderConfig = {
    ffmpeg: 'ffmpeg',
    container: 'video/webm',
    video: { width: 320, height: 240, frameRate: 30, codec: 'vp8', bitsPerSecond: 1_000_000, keyFrameInterval: undefined },
    audio: { sampleRate: 48_000, channels: 1, codec: 'opus', bitsPerSecond: 64_000, bitrateMode: 'variable' },
    output: { kind: 'stream' },
  };

  test('a stream is live WebM on stdout; a file is written by ffmpeg itself, so it can be finalized', () => {
    const live = encoderArguments(config);
    assert.equal(live[live.indexOf('-live') + 1], '1');
    assert.equal(live.at(-1), 'pipe:1');
    const file = encoderArguments({ ...config, output: { kind: 'file', path: '/tmp/a:b.webm' } });
    assert.equal(file.includes('-live'), false);
    assert.equal(file.at(-1), 'file:/tmp/a:b.webm');
  });

  test('MP4 is fragmented on a stream and faststart in a file; libvpx has no look-ahead', () => {
    const mp4 = { ...config, container: 'video/mp4' as const, video: { ...config.video!, codec: 'h264' as const }, audio: { ...config.audio!, codec: 'aac' as const } };
    assert.ok(encoderArguments(mp4).includes('frag_keyframe+empty_moov+default_base_moof'));
    const file = encoderArguments({ ...mp4, output: { kind: 'file', path: '/tmp/x.mp4' } });
    assert.ok(file.includes('+faststart'));
    assert.equal(file.some((argument) => argument.includes('frag_keyframe')), false);
    const vp8 = encoderArguments(config);
    assert.equal(vp8[vp8.indexOf('-lag-in-frames') + 1], '0');
  });
});
