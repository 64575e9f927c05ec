// Telling a busy device, a vanished one and other failures apart from what the capture programs print
// (ffmpeg for cameras, screens and microphones on macOS and Windows, arecord and parec on Linux).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CaptureError, captureFailureOf, stderrTail, type CaptureFailureReason } from '../../../../src/sources/platform/capture-error.js';

describe('captureFailureOf', () => {
  test('tells a busy device, a vanished one and other failures apart from what ffmpeg, arecord and parec print', () => {
    const cases: [string, CaptureFailureReason][] = [
      // Cameras through ffmpeg.
      ['[video4linux2,v4l2 @ 0x5581c0] ioctl(VIDIOC_STREAMON): Device or resource busy', 'busy'],
      ['[dshow @ 0000020d] Could not run graph (sometimes caused by a device already in use by other application)', 'busy'],
      ['[video4linux2,v4l2 @ 0x5581c0] Cannot open video device /dev/video0: No such file or directory', 'removed'],
      ['[video4linux2,v4l2 @ 0x5581c0] ioctl(VIDIOC_DQBUF): No such device', 'removed'],
      ['[dshow @ 0000020d] Could not find video device with name [USB Cam] among source devices of type video.', 'removed'],
      ['[video4linux2,v4l2 @ 0x5581c0] Cannot find a proper format for codec mjpeg (id 7), pixel format -1 (id -1)', 'failed'],
      ['', 'failed'],
      // Microphones: arecord, parec, ffmpeg's dshow.
      ['arecord: main:850: audio open error: Device or resource busy', 'busy'],
      ['Stream error: Device or resource busy', 'busy'],
      ['Stream error: Access denied', 'busy'],
      ['Connection failure: Access denied', 'busy'],
      ['arecord: main:850: audio open error: No such file or directory', 'removed'],
      ['Stream error: No such entity', 'removed'],
      ['[dshow @ 000001f8c1a0e7c0] Could not find audio only device with name [Mic] among source devices of type audio.', 'removed'],
      ['Connection failure: Connection refused\npa_context_connect() failed: Connection refused', 'failed'],
      ['arecord: set_params:1416: Sample format non available', 'failed'],
    ];
    for (const [stderr, reason] of cases) {
      assert.equal(captureFailureOf(stderr), reason, stderr);
    }
  });
});

describe('CaptureError', () => {
  test('names the device and carries the reason and the detail', () => {
    const error = new CaptureError('VirtualMic', 'busy', 'parec exited with code 1: Stream error: Access denied');
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'CaptureError');
    assert.equal(error.message, 'VirtualMic: parec exited with code 1: Stream error: Access denied');
    assert.deepEqual([error.device, error.reason, error.detail], ['VirtualMic', 'busy', 'parec exited with code 1: Stream error: Access denied']);
  });

  test("stderrTail keeps the last lines without ffmpeg's prefixes", () => {
    assert.equal(stderrTail('one\n[x11grab @ 0x55d1] two\n\nthree\nfour\n', 3), 'two / three / four');
    assert.equal(stderrTail('  \n', 3), '');
  });
});
