import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MediaFileError } from '../../../../src/sources/file/file-errors.js';
import { encodeWav, parseWav, readWavFile } from '../../../../src/sources/file/wav.js';
import { removeTemporaryDirectories, temporaryDirectory, writeTemporary } from './fixture-directory.js';
import { ascii, fmtBody, pcmBytes, riff, subFormatGuid } from './riff-chunks.js';

after(removeTemporaryDirectories);

/** Asserts that parseWav rejects `file` with a MediaFileError whose reason matches `reason`. */
function assertRejected(file: Uint8Array, reason: RegExp, fileSize?: number): void {
  assert.throws(
    () => parseWav(file, 'bad.wav', fileSize),
    (error: unknown) => error instanceof MediaFileError && reason.test(error.reason) && error.path === 'bad.wav',
  );
}

const PCM16_MONO = fmtBody({ tag: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 });
const SAMPLES = [0, 16384, -16384, 32767, -32768];

describe('parseWav', () => {
  test('reads a WAVE_FORMAT_EXTENSIBLE header with a PCM SubFormat', async () => {
    const fmt = fmtBody({ tag: 0xfffe, channels: 3, sampleRate: 96000, bitsPerSample: 24, subFormat: 1, validBitsPerSample: 20 });
    const values = [0, 0x7ffff0, -0x800000, 16, -16, 256];
    const file = writeTemporary('ext.wav', riff([{ id: 'fmt ', body: fmt }, { id: 'data', body: pcmBytes(values, 24) }]));
    const { info, planes } = await readWavFile(file);
    assert.deepEqual(info, { sampleRate: 96000, channels: 3, bitsPerSample: 24, sampleFormat: 'pcm', blockAlign: 9, frameCount: 2, dataOffset: 68 });
    assert.deepEqual(planes, [Float32Array.from([0, 16 / 2 ** 23]), Float32Array.from([0x7ffff0 / 2 ** 23, -16 / 2 ** 23]), Float32Array.from([-1, 256 / 2 ** 23])]);
  });

  test('reads a WAVE_FORMAT_EXTENSIBLE header with an IEEE float SubFormat', () => {
    const fmt = fmtBody({ tag: 0xfffe, channels: 2, sampleRate: 48000, bitsPerSample: 32, subFormat: 3 });
    const info = parseWav(riff([{ id: 'fmt ', body: fmt }, { id: 'data', body: new Uint8Array(80) }]), 'x.wav');
    assert.equal(info.sampleFormat, 'float');
    assert.equal(info.frameCount, 10);
  });

  test('rejects a WAVE_FORMAT_EXTENSIBLE SubFormat it does not know', () => {
    const unknown = subFormatGuid(1);
    unknown[15] = 0x72;
    assertRejected(riff([{ id: 'fmt ', body: fmtBody({ tag: 0xfffe, channels: 1, sampleRate: 8000, bitsPerSample: 16, subFormat: unknown }) }, { id: 'data', body: new Uint8Array(2) }]), /unknown extensible SubFormat/);
    assertRejected(riff([{ id: 'fmt ', body: fmtBody({ tag: 0xfffe, channels: 1, sampleRate: 8000, bitsPerSample: 16, subFormat: 0x55 }) }, { id: 'data', body: new Uint8Array(2) }]), /format tag 0x0055/);
  });

  test('rejects a WAVE_FORMAT_EXTENSIBLE fmt chunk too short for its extension', () => {
    const fmt = fmtBody({ tag: 0xfffe, channels: 1, sampleRate: 8000, bitsPerSample: 16, subFormat: 1 }).subarray(0, 30);
    assertRejected(riff([{ id: 'fmt ', body: fmt }, { id: 'data', body: new Uint8Array(2) }]), /cbSize 22/);
  });

  test('skips unknown chunks before, between and after fmt and data', async () => {
    const file = riff([
      { id: 'LIST', body: ascii('INFOISFT....') },
      { id: 'fmt ', body: PCM16_MONO },
      { id: 'junk', body: new Uint8Array(100) },
      { id: 'data', body: pcmBytes(SAMPLES, 16) },
      { id: 'id3 ', body: new Uint8Array(7) },
    ]);
    const { info, planes } = await readWavFile(writeTemporary('chunks.wav', file));
    assert.equal(info.frameCount, 5);
    assert.equal(info.dataOffset, 12 + 20 + 24 + 108 + 8);
    assert.deepEqual(planes, [Float32Array.from(SAMPLES, (value) => value / 32768)]);
  });

  test('steps over the pad byte after an odd-sized chunk', async () => {
    const file = riff([
      { id: 'fmt ', body: PCM16_MONO },
      { id: 'note', body: ascii('odd') },
      { id: 'data', body: pcmBytes(SAMPLES, 16) },
    ]);
    const { info, planes } = await readWavFile(writeTemporary('pad.wav', file));
    assert.equal(info.dataOffset, 12 + 24 + 12 + 8);
    assert.deepEqual(planes, [Float32Array.from(SAMPLES, (value) => value / 32768)]);
  });

  test('finds the data chunk before the fmt chunk when given the whole file', () => {
    const file = riff([{ id: 'data', body: pcmBytes(SAMPLES, 16) }, { id: 'fmt ', body: PCM16_MONO }]);
    assert.equal(parseWav(file, 'x.wav').frameCount, 5);
  });

  test('parses the header bytes alone when told the file size', () => {
    const file = encodeWav([new Float32Array(1000)], 8000, { sampleFormat: 'pcm', bitsPerSample: 16 });
    const info = parseWav(file.subarray(0, 64), 'x.wav', file.length);
    assert.equal(info.frameCount, 1000);
    assert.equal(info.dataOffset, 44);
  });

  test('accepts a truncated data chunk down to whole frames, with the frame count reduced', () => {
    const whole = riff([{ id: 'fmt ', body: fmtBody({ tag: 1, channels: 2, sampleRate: 8000, bitsPerSample: 16 }) }, { id: 'data', body: new Uint8Array(400) }]);
    const cut = whole.subarray(0, whole.length - 103);
    assert.equal(parseWav(cut, 'x.wav').frameCount, 74);
  });

  test('reads to the end of the file when the data size is 0xFFFFFFFF (a streamed file)', () => {
    const file = riff([{ id: 'fmt ', body: PCM16_MONO }, { id: 'data', body: new Uint8Array(20), declaredSize: 0xffffffff }]);
    assert.equal(parseWav(file, 'x.wav').frameCount, 10);
  });

  test('ignores a RIFF size that disagrees with the file', () => {
    const file = encodeWav([new Float32Array(10)], 8000, { sampleFormat: 'pcm', bitsPerSample: 16 });
    new DataView(file.buffer).setUint32(4, 7, true);
    assert.equal(parseWav(file, 'x.wav').frameCount, 10);
  });

  test('rejects files that are not RIFF/WAVE, naming RIFX and RF64', () => {
    assertRejected(ascii('ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00'), /no RIFF\/WAVE header/);
    assertRejected(ascii('RIFF'), /no RIFF\/WAVE header/);
    assertRejected(new Uint8Array(0), /no RIFF\/WAVE header/);
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO }], 'AVI '), /no RIFF\/WAVE header/);
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO }], 'WAVE', 'RIFX'), /RIFX WAV files are not supported/);
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO }], 'WAVE', 'RF64'), /RF64 WAV files are not supported/);
  });

  test('rejects a file without a fmt chunk or without a data chunk', () => {
    assertRejected(riff([{ id: 'data', body: new Uint8Array(8) }]), /no fmt chunk/);
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO }, { id: 'LIST', body: new Uint8Array(4) }]), /no data chunk/);
  });

  test('rejects a chunk whose size runs past the end of the file before the samples', () => {
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO, declaredSize: 1_000_000 }, { id: 'data', body: new Uint8Array(8) }]), /chunk "fmt " at byte 12 claims 1000000 bytes/);
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO }, { id: 'LIST', body: new Uint8Array(4), declaredSize: 0x7fffffff }, { id: 'data', body: new Uint8Array(8) }]), /chunk "LIST"/);
  });

  test('rejects a fmt chunk shorter than a WAVE format', () => {
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO.subarray(0, 14) }, { id: 'data', body: new Uint8Array(8) }]), /fmt chunk is 14 bytes/);
  });

  test('rejects encodings other than PCM and IEEE float, and sample sizes it cannot read', () => {
    const cases = [
      [{ tag: 6, channels: 1, sampleRate: 8000, bitsPerSample: 8 }, /format tag 0x0006/],
      [{ tag: 0x55, channels: 2, sampleRate: 44100, bitsPerSample: 0, blockAlign: 1 }, /format tag 0x0055/],
      [{ tag: 1, channels: 1, sampleRate: 8000, bitsPerSample: 12, blockAlign: 2 }, /12-bit pcm/],
      [{ tag: 3, channels: 1, sampleRate: 8000, bitsPerSample: 16 }, /16-bit float/],
      [{ tag: 1, channels: 0, sampleRate: 8000, bitsPerSample: 16, blockAlign: 2 }, /0 channels/],
      [{ tag: 1, channels: 1, sampleRate: 0, bitsPerSample: 16 }, /0 Hz/],
      [{ tag: 1, channels: 2, sampleRate: 8000, bitsPerSample: 16, blockAlign: 2 }, /block align 2/],
    ] as const;
    for (const [fields, reason] of cases) {
      assertRejected(riff([{ id: 'fmt ', body: fmtBody(fields) }, { id: 'data', body: new Uint8Array(8) }]), reason);
    }
  });

  test('rejects a data chunk without one whole frame', () => {
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO }, { id: 'data', body: new Uint8Array(1) }]), /no whole audio frame/);
    assertRejected(riff([{ id: 'fmt ', body: PCM16_MONO }, { id: 'data', body: new Uint8Array(0) }]), /no whole audio frame/);
  });
});

describe('readWavFile', () => {
  test('reports a missing file as "file not found" with its path', async () => {
    const missing = path.join(temporaryDirectory(), 'gone.wav');
    await assert.rejects(readWavFile(missing), (error: unknown) => {
      assert.ok(error instanceof MediaFileError);
      assert.equal(error.reason, 'file not found');
      assert.equal(error.path, missing);
      assert.equal(error.message, 'gone.wav: file not found');
      return true;
    });
  });

  test('reports a directory and a corrupt file as MediaFileError', async () => {
    await assert.rejects(readWavFile(temporaryDirectory()), MediaFileError);
    await assert.rejects(readWavFile(writeTemporary('corrupt.wav', ascii('RIFF\x04\x00\x00\x00WAVE'))), MediaFileError);
  });
});
