// The text the command prints: the recording status line and its level meter, sizes, times and tables.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { formatMeter, formatStatus } from '../../src/cli/status-line.js';
import { formatBytes, formatElapsed, formatSettings, formatTable, shortId } from '../../src/cli/text-format.js';

describe('the status line of record', () => {
  const status = { elapsedMs: 4210, frames: 126, droppedFrames: 2, bytes: 538_200, audioLevelDb: -12.04, stopping: false };

  test('shows elapsed time, frames, dropped frames, the audio level and bytes', () => {
    assert.equal(formatStatus(status, false), 'REC 0:04.2  frames 126  dropped 2  audio [##########..] -12 dB  538.2 kB');
    assert.equal(formatStatus({ ...status, stopping: true }, true).startsWith('■ SAVING 0:04.2'), true);
  });

  test('leaves out what the recording does not have', () => {
    assert.equal(formatStatus({ ...status, frames: undefined, droppedFrames: undefined }, false), 'REC 0:04.2  audio [##########..] -12 dB  538.2 kB');
    assert.equal(formatStatus({ ...status, audioLevelDb: undefined }, false), 'REC 0:04.2  frames 126  dropped 2  538.2 kB');
  });

  test('the meter spans -60 to 0 dBFS and shows silence as -inf', () => {
    assert.equal(formatMeter(0, true), '[████████████]   0 dB');
    assert.equal(formatMeter(-Infinity, false), '[............] -inf dB');
    assert.equal(formatMeter(-60, false), '[............] -60 dB');
    assert.equal(formatMeter(-30.2, false), '[######......] -30 dB');
  });
});

describe('text formats', () => {
  test('bytes, elapsed times and ids', () => {
    assert.deepEqual([formatBytes(999), formatBytes(1000), formatBytes(1_280_000)], ['999 B', '1.00 kB', '1.28 MB']);
    assert.deepEqual([formatElapsed(0), formatElapsed(65_432)], ['0:00.0', '1:05.4']);
    assert.deepEqual([shortId(''), shortId('default'), shortId('0123456789abcdef')], ['(empty)', 'default', '01234567…']);
  });

  test('video settings read as size, rate and resize mode; others as name value pairs', () => {
    assert.equal(
      formatSettings({ width: 1280, height: 720, aspectRatio: 1.7777777778, frameRate: 20, resizeMode: 'none', deviceId: 'x' }),
      '1280x720 @20 fps none',
    );
    assert.equal(formatSettings({ sampleRate: 48000, echoCancellation: true, latency: 0.01 }), 'sampleRate 48000, echoCancellation true, latency 0.01');
  });

  test('tables pad every column but the last', () => {
    assert.deepEqual(formatTable([['A', 'BB', 'C'], ['long', 'x', 'y']]), ['A     BB  C', 'long  x   y']);
  });
});
