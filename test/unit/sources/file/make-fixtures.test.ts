import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findFfmpeg } from '../../../../src/sources/file/ffmpeg.js';
import { MediaFileError } from '../../../../src/sources/file/file-errors.js';
import { readWavFile } from '../../../../src/sources/file/wav.js';
import { Y4MReader } from '../../../../src/sources/file/y4m.js';
import { fixtureScript, makeFixtures, removeTemporaryDirectories, type FixtureManifest } from './fixture-directory.js';

after(removeTemporaryDirectories);

/** Sign changes in `samples`: twice the frequency, per second of signal. */
function zeroCrossings(samples: Float32Array): number {
  let count = 0;
  for (let index = 1; index < samples.length; index++) {
    if ((samples[index - 1] as number) < 0 !== (samples[index] as number) < 0) {
      count++;
    }
  }
  return count;
}

describe('scripts/make-fixtures.mjs', () => {
  let directory = '';
  let manifest: FixtureManifest;

  before(() => {
    ({ directory, manifest } = makeFixtures());
  });

  test('writes a 160x120, 10-frame, 30000/1001 fps Y4M whose frames all differ', async () => {
    const reader = await Y4MReader.open(path.join(directory, manifest.clip.file));
    try {
      assert.equal(reader.info.width, 160);
      assert.equal(reader.info.height, 120);
      assert.equal(reader.info.frameCount, 10);
      assert.equal(reader.info.frameRateNumerator, 30000);
      assert.equal(reader.info.frameRateDenominator, 1001);
      const frames = await Promise.all(Array.from({ length: 10 }, (_, index) => reader.readFrame(index)));
      const distinct = new Set(frames.map((frame) => Buffer.from(frame).toString('base64')));
      assert.equal(distinct.size, 10);
    } finally {
      await reader.close();
    }
  });

  test('writes a truncated Y4M that fails naming its last frame', async () => {
    await assert.rejects(Y4MReader.open(path.join(directory, manifest.truncated)), (error: unknown) => {
      return error instanceof MediaFileError && error.reason === 'truncated frame 9 (expected 28800 bytes, got 14400)';
    });
  });

  test('writes WAVs in 16-bit stereo, 24-bit mono, 8-bit and float32 that read back as described', async () => {
    assert.deepEqual(Object.keys(manifest.wavs).sort(), [
      'tone-16bit-stereo-44100.wav',
      'tone-24bit-mono-48000.wav',
      'tone-8bit-mono-8000.wav',
      'tone-float32-stereo-48000.wav',
    ]);
    for (const [name, expected] of Object.entries(manifest.wavs)) {
      const { info, planes } = await readWavFile(path.join(directory, name));
      assert.equal(info.sampleRate, expected.sampleRate, name);
      assert.equal(info.channels, expected.channels, name);
      assert.equal(info.bitsPerSample, expected.bitsPerSample, name);
      assert.equal(info.sampleFormat, expected.sampleFormat, name);
      assert.equal(info.frameCount, expected.sampleRate, `${name} lasts 1 s`);
      assert.equal(planes.length, expected.channels, name);
    }
  });

  test('puts a 1 kHz sine in the left channel and 500 Hz in the right of the 16-bit tone', async () => {
    const { planes } = await readWavFile(path.join(directory, 'tone-16bit-stereo-44100.wav'));
    const [left, right] = planes as [Float32Array, Float32Array];
    assert.ok(Math.abs(zeroCrossings(left) - 2000) <= 4, `left crosses zero ${zeroCrossings(left)} times`);
    assert.ok(Math.abs(zeroCrossings(right) - 1000) <= 4, `right crosses zero ${zeroCrossings(right)} times`);
    assert.ok(Math.abs(Math.max(...left) - 0.5) < 0.01);
  });

  test('writes a corrupt WAV that fails with MediaFileError', async () => {
    await assert.rejects(readWavFile(path.join(directory, manifest.corruptWav)), (error: unknown) => {
      return error instanceof MediaFileError && /past the end of the file/.test(error.reason);
    });
  });

  test('encodes the clip with ffmpeg when ffmpeg is there', { skip: findFfmpeg() === undefined ? 'ffmpeg not found' : false }, () => {
    assert.ok(manifest.encoded !== null);
    assert.match(manifest.encoded.file, /^clip\.(mp4|webm)$/);
    assert.ok(existsSync(path.join(directory, manifest.encoded.file)));
    assert.ok(existsSync(path.join(directory, manifest.garbage)));
  });

  test('exits with status 2 and a usage line when not given one directory', () => {
    const result = spawnSync(process.execPath, [fixtureScript()], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /usage: node scripts\/make-fixtures\.mjs OUTDIR/);
  });
});
