// Child processes never outlive the Node process, even when it is killed with SIGKILL and has no chance
// to kill them: parec (which writes, and would die of EPIPE later) and `pactl subscribe` (which only
// reads from the server) run under setpriv --pdeathsig.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { childrenDieWithParent } from '../../src/sources/platform/linux/guarded-spawn.js';
import { childProcesses, isRunning, waitFor } from '../helpers/processes.js';
import { pulseUnavailable } from './pulse-harness.js';

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

/** Runs `script` (an ES module body) in a Node child; resolves with its exit code and output. */
function runNode(script: string, nodeArgs: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const IMPORTS = `
  const { readdirSync, readFileSync } = await import('node:fs');
  const { createMediaDevices, MediaStreamTrackProcessor } = await import(${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)});
  // Our running children with this command name, from /proc.
  const children = (command) => readdirSync('/proc').filter((e) => /^\\d+$/.test(e)).filter((e) => {
    try {
      const stat = readFileSync('/proc/' + e + '/stat', 'utf8');
      const close = stat.lastIndexOf(')');
      const [state, ppid] = stat.slice(close + 2).split(' ');
      return stat.slice(stat.indexOf('(') + 1, close) === command && Number(ppid) === process.pid && state !== 'Z';
    } catch { return false; }
  });
`;

describe('child processes of system devices', { skip }, () => {
  test('a Node process watching for hot-plug exits by itself once its tracks are stopped', async () => {
    const { code, output } = await runNode(`${IMPORTS}
      const mediaDevices = createMediaDevices({ devices: 'system', permission: 'granted' });
      const stream = await mediaDevices.getUserMedia({ audio: true });
      const reader = new MediaStreamTrackProcessor({ track: stream.getAudioTracks()[0] }).readable.getReader();
      const { value } = await reader.read();
      value.close();
      stream.getTracks().forEach((t) => t.stop());
      await mediaDevices.enumerateDevices();
      process.stdout.write('watching with ' + children('pactl').length + ' pactl\\n');
    `);
    assert.equal(code, 0);
    assert.match(output, /watching with 1 pactl/);
  });

  test('a MediaDevices object that is garbage collected stops its pactl subscribe', async () => {
    const { code, output } = await runNode(
      `${IMPORTS}
      await (async () => { await createMediaDevices({ devices: 'system' }).enumerateDevices(); })();
      process.stdout.write('before ' + children('pactl').length + '\\n');
      for (let i = 0; i < 100 && children('pactl').length > 0; i++) {
        globalThis.gc();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      process.stdout.write('after ' + children('pactl').length + '\\n');
    `,
      ['--expose-gc'],
    );
    assert.equal(code, 0);
    assert.match(output, /before 1\nafter 0/);
  });

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
      grandchildren = childProcesses(pid).filter((p) => p.command === 'parec' || p.command === 'pactl');
      return grandchildren.some((p) => p.command === 'parec') && grandchildren.some((p) => p.command === 'pactl');
    }, 'parec and pactl subscribe to run under the child');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitFor(() => grandchildren.every((p) => !isRunning(p.pid)), `${grandchildren.map((p) => `${p.command} ${p.pid}`).join(', ')} to end`);
    assert.deepEqual(
      grandchildren.filter((p) => isRunning(p.pid)),
      [],
    );
  });
});
