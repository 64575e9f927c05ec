// Parsing V4L2 format listings (v4l2-ctl in both layouts, ffmpeg's -list_formats) and choosing native modes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  ASSUMED_V4L2_FRAME_RATE,
  parseFfmpegV4l2Formats,
  parseV4l2CtlFormats,
  v4l2Modes,
} from '../../../../src/sources/platform/linux/v4l2-formats.js';
import {
  FFMPEG_V4L2_LIST_FORMATS,
  FFMPEG_V4L2_STEPWISE,
  V4L2_CTL_METADATA_NODE,
  V4L2_CTL_OLD_LAYOUT,
  V4L2_CTL_STEPWISE,
  V4L2_CTL_UVC_WEBCAM,
} from './v4l2-recorded-outputs.js';

describe('parseV4l2CtlFormats', () => {
  test('reads pixel formats, discrete sizes and their intervals in the current layout', () => {
    const formats = parseV4l2CtlFormats(V4L2_CTL_UVC_WEBCAM);
    assert.deepEqual(
      formats.map((format) => [format.pixelFormat, format.inputFormat, format.compressed]),
      [
        ['YUYV', 'yuyv422', false],
        ['MJPG', 'mjpeg', true],
        ['H264', 'h264', true],
      ],
    );
    const yuyv = formats[0];
    assert.ok(yuyv !== undefined);
    assert.deepEqual(yuyv.sizes[0], { width: 640, height: 480, frameRates: [30, 24, 20, 15, 10, 7.5, 5] });
    assert.deepEqual(yuyv.sizes[3], { width: 1920, height: 1080, frameRates: [5] });
    assert.equal(formats[1]?.sizes.length, 3);
  });

  test('reads the layout of v4l-utils before 1.16, keeping NTSC rates', () => {
    const formats = parseV4l2CtlFormats(V4L2_CTL_OLD_LAYOUT);
    assert.deepEqual(
      formats.map((format) => [format.pixelFormat, format.compressed, format.sizes]),
      [
        ['MJPG', true, [{ width: 1280, height: 720, frameRates: [30] }, { width: 640, height: 480, frameRates: [29.97] }]],
        ['YUYV', false, [{ width: 640, height: 480, frameRates: [29.97, 15] }]],
      ],
    );
  });

  test('finds nothing on a metadata node', () => {
    assert.deepEqual(parseV4l2CtlFormats(V4L2_CTL_METADATA_NODE), []);
    assert.deepEqual(v4l2Modes(parseV4l2CtlFormats(V4L2_CTL_METADATA_NODE)), []);
  });

  test('turns a stepwise size range into its largest size and the common sizes on its grid', () => {
    const [yu12, bayer] = parseV4l2CtlFormats(V4L2_CTL_STEPWISE);
    assert.equal(yu12?.inputFormat, 'yuv420p');
    assert.deepEqual(
      yu12?.sizes.map((size) => `${size.width}x${size.height}@${size.frameRates.join(',')}`),
      ['320x240@60', '640x360@60', '640x480@60', '1280x720@60', '1920x1080@60'],
    );
    assert.equal(bayer?.pixelFormat, 'pRAA');
    assert.equal(bayer?.inputFormat, undefined, 'ffmpeg cannot capture packed Bayer');
  });

  test('skips formats of buffer types other than capture', () => {
    const text = V4L2_CTL_UVC_WEBCAM.replace('Type: Video Capture', 'Type: Video Output');
    assert.deepEqual(parseV4l2CtlFormats(text), []);
  });
});

describe('parseFfmpegV4l2Formats', () => {
  test("reads raw and compressed formats and their sizes from ffmpeg's log", () => {
    const formats = parseFfmpegV4l2Formats(FFMPEG_V4L2_LIST_FORMATS);
    assert.deepEqual(
      formats.map((format) => [format.pixelFormat, format.inputFormat, format.compressed, format.sizes.length]),
      [
        ['yuyv422', 'yuyv422', false, 5],
        ['mjpeg', 'mjpeg', true, 3],
        ['Unsupported', undefined, true, 1],
      ],
    );
    assert.deepEqual(formats[0]?.sizes[1], { width: 160, height: 90, frameRates: [] });
  });

  test('reads ranged sizes', () => {
    const [format] = parseFfmpegV4l2Formats(FFMPEG_V4L2_STEPWISE);
    assert.deepEqual(
      format?.sizes.map((size) => `${size.width}x${size.height}`),
      ['320x240', '640x360', '640x480', '1280x720', '1920x1080'],
    );
  });

  test('ignores the rest of the log', () => {
    assert.deepEqual(parseFfmpegV4l2Formats('/dev/video9: No such file or directory\n'), []);
  });
});

describe('v4l2Modes', () => {
  test('offers every size at every listed rate, captured raw where the raw format gives the mode', () => {
    const modes = v4l2Modes(parseV4l2CtlFormats(V4L2_CTL_UVC_WEBCAM));
    const at = (width: number, height: number, frameRate: number): string | undefined =>
      modes.find((mode) => mode.width === width && mode.height === height && mode.frameRate === frameRate)?.inputFormat;
    assert.equal(at(640, 480, 30), 'yuyv422', 'YUYV and MJPEG both give 640x480@30: raw wins');
    assert.equal(at(1280, 720, 10), 'yuyv422');
    assert.equal(at(1280, 720, 30), 'mjpeg', 'only MJPEG reaches 720p30');
    assert.equal(at(1920, 1080, 30), 'mjpeg', 'MJPEG before H.264');
    assert.equal(at(1920, 1080, 5), 'yuyv422');
    assert.equal(modes.length, new Set(modes.map((mode) => `${mode.width}x${mode.height}@${mode.frameRate}`)).size);
  });

  test('sorts modes by size, then rate', () => {
    const modes = v4l2Modes(parseV4l2CtlFormats(V4L2_CTL_UVC_WEBCAM));
    assert.deepEqual(modes.slice(0, 3).map((mode) => `${mode.width}x${mode.height}@${mode.frameRate}`), [
      '160x90@15',
      '160x90@30',
      '640x480@5',
    ]);
    assert.equal(modes.at(-1)?.width, 1920);
  });

  test(`assumes ${ASSUMED_V4L2_FRAME_RATE} fps for sizes listed without intervals`, () => {
    const modes = v4l2Modes(parseFfmpegV4l2Formats(FFMPEG_V4L2_LIST_FORMATS));
    assert.ok(modes.every((mode) => mode.frameRate === ASSUMED_V4L2_FRAME_RATE));
    assert.deepEqual(
      modes.map((mode) => `${mode.width}x${mode.height}:${mode.inputFormat}`),
      ['160x90:yuyv422', '320x240:yuyv422', '640x480:yuyv422', '1280x720:yuyv422', '1920x1080:yuyv422'],
    );
  });

  test('leaves out formats ffmpeg cannot capture', () => {
    const modes = v4l2Modes(parseV4l2CtlFormats(V4L2_CTL_STEPWISE));
    assert.ok(modes.every((mode) => mode.inputFormat === 'yuv420p'));
    assert.ok(!modes.some((mode) => mode.width === 3280));
  });
});
