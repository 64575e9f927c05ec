// Ctrl-C during `mediacapture record`: SIGINT sent to the command's whole process group (as a terminal sends
// it) stops the recording cleanly, with status 0 and a file that decodes. The encoder's ffmpeg runs in its own
// process group, so the signal does not make it finalize and exit by itself (status 255, a failed recording).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { CLI, decodeFile, isolatedEnvironment, noFfmpeg, probeStreams } from './cli-process.js';

const directory = mkdtempSync(join(tmpdir(), 'mediacapture-cli-sigint-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

for (const name of ['interrupted.webm', 'interrupted.mp4']) {
  test(`SIGINT during a recording to ${name} keeps a playable file and exits 0`, { skip: noFfmpeg, timeout: 60_000 }, async () => {
    const out = join(directory, name);
    // Its own process group, so that the signal can go to the group as a terminal's Ctrl-C does.
    const child = spawn(process.execPath, [CLI, 'record', '--fake', '--duration', '60', out], {
      cwd: directory,
      env: isolatedEnvironment(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let code: number | null;
    try {
      // Wait until the recording has written something (the recorder hands over data every 250 ms).
      for (let tries = 0; fileSize(out) < 2000 && tries < 200; tries++) {
        await sleep(50);
      }
      assert.ok(fileSize(out) >= 2000, `the recording did not start: ${stderr}`);
      process.kill(-(child.pid as number), 'SIGINT');
      code = await exited;
    } finally {
      // A failed wait must not leave the command and its ffmpeg recording for a minute.
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-(child.pid as number), 'SIGKILL');
      }
    }
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\(stopped by Ctrl-C\)/);
    assert.deepEqual(
      probeStreams(out).map((s) => s.codec_type),
      ['video', 'audio'],
    );
    assert.ok(decodeFile(out).videoFrames >= 1);
  });
}
