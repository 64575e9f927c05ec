import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** scripts/check-layers.mjs, found by walking up from this file (it runs from src and from the .build copy). */
function findScript(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'scripts', 'check-layers.mjs');
    if (existsSync(candidate)) {
      return candidate;
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      throw new Error('scripts/check-layers.mjs not found above the test file');
    }
    directory = parent;
  }
}

const script = findScript();
const temporaryDirectories: string[] = [];

after(() => {
  for (const directory of temporaryDirectories) {
    rmSync(directory, { recursive: true, force: true });
  }
});

/** Writes `files` (paths relative to src/) into a fresh temporary tree and returns its src/ directory. */
function makeTree(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'check-layers-'));
  temporaryDirectories.push(directory);
  const root = path.join(directory, 'src');
  for (const [relativePath, content] of Object.entries(files)) {
    const filePath = path.join(root, relativePath);
    mkdirSync(path.dirname(filePath), { recursive: true });
    writeFileSync(filePath, content);
  }
  return root;
}

interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCheck(...args: string[]): RunResult {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The violation lines of a failed run (everything but the closing summary). */
function violationsOf(result: RunResult): string[] {
  return result.stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('layers: '));
}

const cleanTree = {
  'index.ts': "export { MediaStream } from './api/media-stream.js';\nexport * from './testing.js';\n",
  'testing.ts': "export { VirtualClock } from './media/clock.js';\n",
  'global.ts': "import { MediaStream } from './index.js';\nvoid MediaStream;\n",
  'cli/main.ts': "import { MediaStream } from '../index.js';\nimport 'mediacapture/global';\nvoid MediaStream;\n",
  'api/media-stream.ts': [
    "import { readFile } from 'node:fs/promises';",
    "import type { Clock } from '../media/clock.js';",
    "import {",
    '  toDOMString,',
    '  type Converter,',
    "} from '../webidl/converters.js';",
    "import { selectSettings } from '../constraints/select-settings.js';",
    "import { DeviceRegistry } from '../devices/device-registry.js';",
    'export class MediaStream {}',
    'void readFile; void toDOMString; void selectSettings; void DeviceRegistry;',
    'export type { Clock, Converter };',
    '',
  ].join('\n'),
  'webidl/converters.ts': "export type Converter = unknown;\nexport function toDOMString(): void {}\n",
  'constraints/select-settings.ts': "import { fitnessDistance } from './fitness.js';\nexport const selectSettings = fitnessDistance;\n",
  'constraints/fitness.ts': 'export function fitnessDistance(): number {\n  return 0;\n}\n',
  'devices/device-registry.ts': [
    "import { FakeCamera } from '../sources/fake/camera.js';",
    "// A comment that mentions import { x } from '../api/media-stream.js' is not an import.",
    '/* Nor is this: export * from "../api/media-stream.js"; */',
    "const text = \"import { y } from '../api/media-stream.js'\";",
    'const template = `export * from "../index.js"`;',
    'const pattern = /import x from "..\\/api\\/y.js"/;',
    'export class DeviceRegistry {',
    '  camera = new FakeCamera();',
    '  text = text; template = template; pattern = pattern;',
    '}',
    '',
  ].join('\n'),
  'sources/fake/camera.ts': "import { MonotonicClock } from '../../media/clock.js';\nexport class FakeCamera { clock = new MonotonicClock(); }\n",
  'pipeline/track-adapter.ts': "import type { FakeCamera } from '../sources/fake/camera.js';\nexport type Adapter = FakeCamera;\n",
  'sinks/recorder/recorder.ts': "import type { Adapter } from '../../pipeline/track-adapter.js';\nexport type R = Adapter;\n",
  'media/clock.ts': 'export class MonotonicClock {}\nexport class VirtualClock {}\nexport interface Clock {}\n',
};

describe('scripts/check-layers.mjs', () => {
  test('a tree that follows the layer rules passes with a one-line summary', () => {
    const result = runCheck('--root', makeTree(cleanTree));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `layers: ${Object.keys(cleanTree).length} files checked, no violations\n`);
    assert.equal(result.stderr, '');
  });

  test('an upward import fails the run and is reported with its file, line, target and layers', () => {
    const root = makeTree({
      ...cleanTree,
      'media/frame.ts': "// VideoFrame\n\nimport { MediaStream } from '../api/media-stream.js';\nvoid MediaStream;\n",
    });
    const result = runCheck('--root', root);
    assert.equal(result.status, 1);
    assert.deepEqual(violationsOf(result), [
      'src/media/frame.ts:3 imports src/api/media-stream.ts (layer media may not import layer api)',
    ]);
    assert.match(result.stderr, /layers: \d+ files checked, 1 violation\n$/);
    assert.equal(result.stdout, '');
  });

  test('every import form is checked: re-exports, type-only, side-effect, dynamic and multi-line imports', () => {
    const root = makeTree({
      ...cleanTree,
      'sources/file/wav.ts': [
        "export { selectSettings } from '../../constraints/select-settings.js';",
        "export * from '../../pipeline/track-adapter.js';",
        "import type { MediaStream } from '../../api/media-stream.js';",
        "import '../../devices/device-registry.js';",
        'export async function load(): Promise<unknown> {',
        "  return import('../../sinks/recorder/recorder.js');",
        '}',
        'export type Entry = typeof import("../../index.js");',
        'import {',
        '  toDOMString,',
        "} from '../../webidl/converters.js';",
        'export type S = MediaStream;',
        'void toDOMString;',
        "const quote = /['\"`]/; import '../../sinks/recorder/recorder.js'; void quote;",
        "/* it's */ import '../../api/media-stream.js'; // don't",
        '',
      ].join('\n'),
    });
    const result = runCheck('--root', root);
    assert.equal(result.status, 1);
    assert.deepEqual(violationsOf(result), [
      'src/sources/file/wav.ts:2 imports src/pipeline/track-adapter.ts (layer sources may not import layer pipeline)',
      'src/sources/file/wav.ts:3 imports src/api/media-stream.ts (layer sources may not import layer api)',
      'src/sources/file/wav.ts:4 imports src/devices/device-registry.ts (layer sources may not import layer devices)',
      'src/sources/file/wav.ts:6 imports src/sinks/recorder/recorder.ts (layer sources may not import layer sinks)',
      'src/sources/file/wav.ts:8 imports src/index.ts (layer sources may not import layer entry)',
      'src/sources/file/wav.ts:9 imports src/webidl/converters.ts (layer sources may not import layer webidl)',
      'src/sources/file/wav.ts:14 imports src/sinks/recorder/recorder.ts (layer sources may not import layer sinks)',
      'src/sources/file/wav.ts:15 imports src/api/media-stream.ts (layer sources may not import layer api)',
    ]);
  });

  test('the cli may import only the entry points, and engines never the entry points through the package name', () => {
    const root = makeTree({
      ...cleanTree,
      'cli/devices-command.ts': "import { MediaStream } from '../api/media-stream.js';\nvoid MediaStream;\n",
      'pipeline/queue.ts': "import { VirtualClock } from 'mediacapture/testing';\nvoid VirtualClock;\n",
    });
    const result = runCheck('--root', root);
    assert.equal(result.status, 1);
    assert.deepEqual(violationsOf(result), [
      'src/cli/devices-command.ts:1 imports src/api/media-stream.ts (layer cli may not import layer api)',
      'src/pipeline/queue.ts:1 imports src/testing.ts (layer pipeline may not import layer entry)',
    ]);
  });

  test('files named utils, helpers or misc are violations', () => {
    const root = makeTree({
      ...cleanTree,
      'api/utils.ts': 'export {};\n',
      'media/helpers.ts': 'export {};\n',
      'devices/misc.ts': 'export {};\n',
    });
    const result = runCheck('--root', root);
    assert.equal(result.status, 1);
    const violations = violationsOf(result);
    assert.equal(violations.length, 3);
    for (const name of ['src/api/utils.ts', 'src/devices/misc.ts', 'src/media/helpers.ts']) {
      assert.ok(
        violations.some((line) => line.startsWith(`${name}: `)),
        `${name} is not reported in:\n${result.stderr}`,
      );
    }
  });

  test('a file over 450 lines is a violation that states its line count', () => {
    const root = makeTree({
      ...cleanTree,
      'constraints/long.ts': 'export const a = 1;\n'.repeat(451),
      'constraints/at-limit.ts': 'export const b = 1;\n'.repeat(450),
    });
    const result = runCheck('--root', root);
    assert.equal(result.status, 1);
    const violations = violationsOf(result);
    assert.equal(violations.length, 1);
    assert.match(violations[0] ?? '', /^src\/constraints\/long\.ts: 451 lines \(limit 450\)/);
  });

  test('imports that leave src/, stray top-level files and unknown folders are violations', () => {
    const root = makeTree({
      ...cleanTree,
      'api/version.ts': "import pkg from '../../package.json' with { type: 'json' };\nvoid pkg;\n",
      'shared.ts': 'export {};\n',
      'extras/thing.ts': 'export {};\n',
    });
    const result = runCheck('--root', root);
    assert.equal(result.status, 1);
    const violations = violationsOf(result);
    assert.equal(violations.length, 3, result.stderr);
    assert.ok(violations.some((line) => line.startsWith('src/api/version.ts:1 imports package.json (outside src/)')));
    assert.ok(violations.some((line) => line.startsWith('src/shared.ts: ')));
    assert.ok(violations.some((line) => line.startsWith('src/extras/thing.ts: ')));
  });

  test('an unknown argument or a missing root is a usage error with exit status 2', () => {
    const unknown = runCheck('--fix');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown argument "--fix"/);
    const missing = runCheck('--root', path.join(tmpdir(), 'check-layers-does-not-exist', 'src'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such directory/);
  });
});
