// `mediacapture view`: pictures drawn with half blocks in 24-bit colour, the fit to the terminal, and the
// command itself on a pseudo-terminal (through script(1), when it is installed) and without a terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { drawPicture, fitPicture } from '../../src/cli/terminal-picture.js';
import { assertOneLineError, CLI, isolatedEnvironment, runCli } from './cli-process.js';

const directory = mkdtempSync(join(tmpdir(), 'mediacapture-cli-view-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe('terminal pictures', () => {
  test('fit the cells at the aspect ratio, two pixels per cell', () => {
    assert.deepEqual(fitPicture(4 / 3, 80, 24), { width: 64, height: 48 });
    assert.deepEqual(fitPicture(16 / 9, 40, 100), { width: 40, height: 22 });
    assert.deepEqual(fitPicture(1, 1, 1), { width: 1, height: 2 });
  });

  test('draw the top pixel as the foreground and the bottom one as the background of ▀', () => {
    // 2x2: red, green over blue, white.
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const lines = drawPicture({ width: 2, height: 2, rgba }, { width: 2, height: 2 });
    assert.deepEqual(lines, ['\x1b[38;2;255;0;0m\x1b[48;2;0;0;255m▀\x1b[38;2;0;255;0m\x1b[48;2;255;255;255m▀\x1b[0m']);
  });

  test('scale to the nearest pixel and write a colour only when it changes', () => {
    const rgba = new Uint8Array(4 * 4).fill(7);
    const [line] = drawPicture({ width: 2, height: 2, rgba }, { width: 4, height: 2 });
    assert.equal(line, '\x1b[38;2;7;7;7m\x1b[48;2;7;7;7m▀▀▀▀\x1b[0m');
  });
});

const noScript = spawnSync('script', ['--version']).status === 0 ? false : 'script(1) is not installed';

describe('mediacapture view', () => {
  test('needs a terminal', async () => {
    assertOneLineError(await runCli(['view', '--fake'], directory), 2, /view draws in a terminal/);
  });

  test('draws the fake camera on a pseudo-terminal until --duration, then restores the screen', { skip: noScript }, () => {
    const command = `stty cols 60 rows 20; '${process.execPath}' '${CLI}' view --fake --duration 1`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: directory, env: isolatedEnvironment(), encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /\x1b\[\?1049h/);
    // The fake camera's green field (limited-range green, about 0;128;0 in RGB) fills the picture.
    assert.match(result.stdout, /\x1b\[48;2;\d{1,2};1[0-4]\d;\d{1,2}m▀/);
    assert.match(result.stdout, /\x1b\[\?25h\x1b\[\?1049l/);
    assert.match(result.stdout, /viewed fake_device_0 for 1\.\d s \(\d+ pictures drawn\)/);
  });
});
