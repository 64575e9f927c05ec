// The X11 capture producer's handling of its ffmpeg child, with stand-in programs: frames are cut from the
// pipe at the I420 size of the mode, a child that exits on its own ends the source with a CaptureError
// carrying its stderr, and a program that cannot start ends it too.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { MonotonicClock } from '../../../../src/media/clock.js';
import { CaptureSource } from '../../../../src/sources/capture-source.js';
import { CaptureError } from '../../../../src/sources/platform/capture-error.js';
import { x11MonitorSurface } from '../../../../src/sources/platform/linux/x11-display.js';
import { childProcesses, eventually } from '../../../helpers/processes.js';

const directory = mkdtempSync(join(tmpdir(), 'mediacapture-x11-producer-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** A stand-in for ffmpeg: writes `frames` black 4x2 I420 frames (12 bytes each), a line on stderr, and exits with `code`. */
function standIn(frames: number, code: number): string {
  const path = join(directory, `ffmpeg-${frames}-${code}`);
  writeFileSync(path, `#!/bin/sh\nhead -c ${frames * 12} /dev/zero\necho "x11grab: display went away" >&2\nexit ${code}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** This process's children whose command line is `sleep 31`. */
function sleepingChildren(): number[] {
  return childProcesses()
    .filter(({ pid, state }) => {
      try {
        return state !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8') === 'sleep\u000031\u0000';
      } catch {
        return false;
      }
    })
    .map(({ pid }) => pid);
}

function capture(ffmpeg: string): { source: CaptureSource; sizes: string[]; stopped: Promise<void> } {
  const surface = x11MonitorSurface(':77', { name: 'screen', x: 0, y: 0, width: 4, height: 2, isPrimary: true, refreshRate: undefined }, 0, ffmpeg);
  const source = new CaptureSource(surface.label, surface.capture, { deviceId: 'd', groupId: 'g' }, new MonotonicClock(), surface.producer);
  const sizes: string[] = [];
  source.setFrameListener((frame) => {
    if ('codedWidth' in frame) {
      sizes.push(`${frame.codedWidth}x${frame.codedHeight}@${frame.timestamp}`);
    }
  });
  const stopped = new Promise<void>((resolve) => source.onStop(() => resolve()));
  source.setNativeMode({ width: 4, height: 2, frameRate: 30, cursor: 'never' });
  source.setDemand(true);
  return { source, sizes, stopped };
}

describe('the X11 capture producer', { skip: process.platform !== 'linux' ? 'uses a shell script and /proc' : false }, () => {
  it('emits one frame per I420 frame read, then ends the source with ffmpeg\'s exit and stderr', async () => {
    const { source, sizes, stopped } = capture(standIn(3, 1));
    await stopped;
    assert.equal(sizes.length, 3);
    assert.ok(sizes.every((s) => s.startsWith('4x2@')));
    const timestamps = sizes.map((s) => Number(s.split('@')[1]));
    assert.ok(timestamps.every((t, i) => i === 0 || t > (timestamps[i - 1] as number)), 'timestamps increase');
    assert.equal(source.state, 'stopped');
    assert.ok(source.failure instanceof CaptureError);
    assert.equal(source.failure.reason, 'failed');
    assert.equal(source.failure.message, 'X display :77: ffmpeg exited with code 1: x11grab: display went away');
  });

  it('ends the source when ffmpeg cannot be started', async () => {
    const { source, sizes, stopped } = capture(join(directory, 'no-such-ffmpeg'));
    await stopped;
    assert.equal(sizes.length, 0);
    assert.ok(source.failure instanceof CaptureError);
    assert.equal(source.failure.reason, 'failed');
    assert.match(source.failure.message, /could not start ffmpeg .*ENOENT/);
  });

  it('kills ffmpeg on stop without ending the source as failed', async () => {
    const path = join(directory, 'ffmpeg-forever');
    writeFileSync(path, '#!/bin/sh\nexec sleep 31\n');
    chmodSync(path, 0o755);
    const { source } = capture(path);
    assert.ok(await eventually(() => sleepingChildren().length === 1, 30_000), 'the stand-in runs');
    source.setDemand(false);
    assert.ok(await eventually(() => sleepingChildren().length === 0, 30_000), 'the stand-in was killed');
    assert.equal(source.state, 'live');
    assert.equal(source.failure, undefined);
    source.end('ended');
  });
});
