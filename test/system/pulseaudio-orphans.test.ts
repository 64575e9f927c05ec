// Child processes never outlive the Node process, even when it is killed with SIGKILL and has no chance
// to kill them: parec (which writes, and would die of EPIPE later) and `pactl subscribe` (which only
// reads from the server) run under setpriv --pdeathsig.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { childrenDieWithParent } from '../../src/sources/platform/linux/guarded-spawn.js';
import { childrenOf, pulseUnavailable, running, waitFor } from './pulse-harness.js';

const pulse = pulseUnavailable();
const skip = pulse ?? (childrenDieWithParent() ? undefined : 'setpriv (util-linux) with --pdeathsig is not installed');

/** A Node process that opens the default microphone, reads it, and says when it runs. */
const CHILD = `
  const { createMediaDevices, MediaStreamTrackProcessor } = await import(${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)});
  const mediaDevices = createMediaDevices({ devices: 'system', permission: 'granted' });
  const stream = await mediaDevices.getUserMedia({ audio: true });
  const reader = new MediaStreamTrackProcessor({ track: stream.getAudioTracks()[0] }).readable.getReader();
  process.stdout.write('capturing\\n');
  for (;;) { const { value } = await reader.read(); value.close(); }
`;

describe('child processes after the parent is killed', { skip }, () => {
  test('no parec or pactl process of a SIGKILLed Node process remains', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    const pid = child.pid as number;
    await waitFor(() => output.includes('capturing'), 'the child to capture', 20_000);
    let grandchildren: { pid: number; command: string }[] = [];
    await waitFor(() => {
      grandchildren = childrenOf(pid).filter((p) => p.command === 'parec' || p.command === 'pactl');
      return grandchildren.some((p) => p.command === 'parec') && grandchildren.some((p) => p.command === 'pactl');
    }, 'parec and pactl subscribe to run under the child');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitFor(() => grandchildren.every((p) => !running(p.pid)), `${grandchildren.map((p) => `${p.command} ${p.pid}`).join(', ')} to end`);
    assert.deepEqual(
      grandchildren.filter((p) => running(p.pid)),
      [],
    );
  });
});
