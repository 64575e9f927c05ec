// `mediacapture record` names the type from the file's extension with the library's one table of recording
// formats (RECORDING_FILE_TYPES): every extension it lists gives its container, read back with ffprobe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { MediaRecorder, RECORDING_FILE_EXTENSIONS } from '../../src/index.js';
import { assertOneLineError, noFfmpeg, probeStreams, runCli } from './cli-process.js';

const directory = mkdtempSync(join(tmpdir(), 'mediacapture-cli-extensions-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** ffprobe's format name of a file. */
function formatName(path: string): string {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=format_name', '-of', 'default=noprint_wrappers=1:nokey=1', path], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';
const MATROSKA = 'matroska,webm';
/** Each extension: the type recorded (up to its codecs), ffprobe's format name, and its streams' kinds. */
const EXPECTED: Readonly<Record<string, { type: string; format: string; kinds: string[] }>> = {
  '.webm': { type: 'video/webm', format: MATROSKA, kinds: ['video', 'audio'] },
  '.weba': { type: 'audio/webm', format: MATROSKA, kinds: ['audio'] },
  '.mkv': { type: 'video/x-matroska', format: MATROSKA, kinds: ['video', 'audio'] },
  '.mka': { type: 'video/x-matroska', format: MATROSKA, kinds: ['audio'] },
  '.mp4': { type: 'video/mp4', format: MP4, kinds: ['video', 'audio'] },
  '.m4v': { type: 'video/mp4', format: MP4, kinds: ['video', 'audio'] },
  '.m4a': { type: 'audio/mp4', format: MP4, kinds: ['audio'] },
  '.ogg': { type: 'audio/ogg', format: 'ogg', kinds: ['audio'] },
  '.oga': { type: 'audio/ogg', format: 'ogg', kinds: ['audio'] },
  '.opus': { type: 'audio/ogg', format: 'ogg', kinds: ['audio'] },
};

describe('mediacapture record: the type from the extension', { skip: noFfmpeg }, () => {
  test('the CLI knows exactly the extensions of the library\'s table', () => {
    assert.deepEqual([...RECORDING_FILE_EXTENSIONS].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [extension, expected] of Object.entries(EXPECTED)) {
    test(`${extension} records ${expected.type} (${expected.kinds.join(' + ')})`, { skip: !MediaRecorder.isTypeSupported(expected.type) && `cannot record ${expected.type} here` }, async () => {
      const out = join(directory, `take${extension}`);
      const result = await runCli(['record', '--fake', '--duration', '0.5', out], directory);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(` of ${expected.type.replace('/', '\\/')};codecs=`));
      assert.equal(formatName(out), expected.format);
      assert.deepEqual(probeStreams(out).map((stream) => stream.codec_type), expected.kinds);
    });
  }

  test('an audio extension with video requested is a usage error; an unknown one lists the table\'s extensions', async () => {
    const video = await runCli(['record', '--fake', '--duration', '0.5', '--constraints', '{"video":true}', join(directory, 'x.oga')], directory);
    assertOneLineError(video, 2, /\.oga files hold audio only/);
    const unknown = await runCli(['record', '--fake', '--duration', '0.5', join(directory, 'x.avi')], directory);
    assertOneLineError(unknown, 2, new RegExp(`name the file ${RECORDING_FILE_EXTENSIONS.join(', ')}, or give --mime`));
  });
});
