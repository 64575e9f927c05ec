import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PulseAudioProvider } from '../../../../../src/sources/platform/linux/pulse-provider.js';
import { waitFor } from '../../../../helpers/processes.js';

const directory = mkdtempSync(path.join(tmpdir(), 'mediacapture-pactl-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** A stand-in for pactl: `subscribe` prints `lines` and then exits (as when the server goes away) or waits. */
function fakePactl(name: string, lines: string[], exitAfter: boolean): string {
  const file = path.join(directory, name);
  const body = `process.stdout.write(${JSON.stringify(lines.map((line) => `${line}\n`).join(''))}, () => { ${exitAfter ? 'process.exit(1);' : 'setInterval(() => {}, 1000);'} });`;
  writeFileSync(file, `#!${process.execPath}\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('pactl subscribe', () => {
  test('device events call back, client events do not', async () => {
    const pactl = fakePactl('pactl-events', ["Event 'new' on client #7", "Event 'remove' on client #7"], false);
    let changes = 0;
    const stop = new PulseAudioProvider({ pactl }).watch(() => changes++);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(changes, 0);
    stop();
    const devices = fakePactl('pactl-devices', ["Event 'new' on source #9"], false);
    const stopDevices = new PulseAudioProvider({ pactl: devices }).watch(() => changes++);
    await waitFor(() => changes === 1, 'the source event');
    stopDevices();
  });

  test('a subscribe that dies is restarted with a new listing, and stop ends it', async () => {
    const pactl = fakePactl('pactl-dies', ["Event 'change' on sink #1"], true);
    let changes = 0;
    const stop = new PulseAudioProvider({ pactl }).watch(() => changes++);
    // The event, then the restart's relisting and the event of the restarted child.
    await waitFor(() => changes >= 3, 'a restart');
    stop();
    const seen = changes;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(changes, seen, 'nothing after stop');
  });
});
