// Choosing camera providers per platform, running listing commands, and ffmpeg's passthrough option.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { cameraProviders } from '../../../../src/sources/platform/camera-providers.js';
import { logLines, runCommand } from '../../../../src/sources/platform/command-output.js';
import { passthroughArgs } from '../../../../src/sources/platform/ffmpeg-camera-producer.js';

describe('cameraProviders', () => {
  test('gives V4L2 on Linux, avfoundation on macOS, DirectShow on Windows, nothing elsewhere', () => {
    const names = (platform: NodeJS.Platform): string[] => cameraProviders(platform).map((provider) => provider.name);
    assert.deepEqual(names('linux'), ['v4l2']);
    assert.deepEqual(names('darwin'), ['avfoundation']);
    assert.deepEqual(names('win32'), ['dshow']);
    assert.deepEqual(names('freebsd'), []);
  });

  test('only the V4L2 provider watches for hot-plug', () => {
    assert.equal(typeof cameraProviders('linux')[0]?.watch, 'function');
    assert.equal(cameraProviders('darwin')[0]?.watch, undefined);
    assert.equal(cameraProviders('win32')[0]?.watch, undefined);
  });
});

describe('runCommand', () => {
  test('collects stdout, stderr and the exit code', async () => {
    const script = "process.stdout.write('out'); process.stderr.write('err'); process.exitCode = 3;";
    assert.deepEqual(await runCommand(process.execPath, ['-e', script]), { code: 3, stdout: 'out', stderr: 'err' });
  });

  test('resolves to undefined for a command that is not installed', async () => {
    assert.equal(await runCommand('mediacapture-no-such-command', []), undefined);
  });
});

describe('logLines', () => {
  test("drops ffmpeg's [name @ address] prefixes and blank lines, keeping indentation", () => {
    const log = '[dshow @ 000001f8c1a0e7c0]   Alternative name "x"\n\n[in#0 @ 0x55c1f6a4b680] Error\nplain line\n';
    assert.deepEqual(logLines(log), ['  Alternative name "x"', 'Error', 'plain line']);
  });
});

describe('passthroughArgs', () => {
  test('asks ffmpeg 5.1 and later for -fps_mode, older ones for -vsync', () => {
    const cases: [string, string][] = [
      ['ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers', '-fps_mode'],
      ['ffmpeg version 9.0.1-full_build-www.gyan.dev Copyright (c) 2000-2026 the FFmpeg developers', '-fps_mode'],
      ['ffmpeg version n7.1 Copyright (c) 2000-2024 the FFmpeg developers', '-fps_mode'],
      ['ffmpeg version N-115391-g63697d3350-20240526 Copyright (c) 2000-2024 the FFmpeg developers', '-fps_mode'],
      ['ffmpeg version 2023-03-05-git-912ac82f3c-full_build-www.gyan.dev Copyright (c) 2000-2023', '-fps_mode'],
      ['ffmpeg version 5.0.1 Copyright (c) 2000-2022 the FFmpeg developers', '-vsync'],
      ['ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers', '-vsync'],
      ['ffmpeg version N-46470-g1d1d8f2-static https://johnvansickle.com/ffmpeg/', '-vsync'],
      ['ffmpeg version 2018-08-20-git-2d3d2a6c3c Copyright (c) 2000-2018', '-vsync'],
      ['', '-fps_mode'],
    ];
    for (const [version, option] of cases) {
      assert.deepEqual(passthroughArgs(version), [option, 'passthrough'], version);
    }
  });
});
