import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MediaFileError } from '../../../../src/sources/file/file-errors.js';
import { encodeY4M, parseY4MHeader, Y4MReader } from '../../../../src/sources/file/y4m.js';
import { removeTemporaryDirectories, temporaryDirectory, writeTemporary } from './fixture-directory.js';

after(removeTemporaryDirectories);

/** `count` packed I420 frames of width x height, each different (deterministic pseudo-random bytes). */
function testFrames(width: number, height: number, count: number): Uint8Array[] {
  const size = width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  let state = 12345;
  return Array.from({ length: count }, () =>
    Uint8Array.from({ length: size }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state >>> 24;
    }),
  );
}

function bytes(...parts: (string | Uint8Array)[]): Uint8Array {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)));
}

/** A Y4M file with a custom stream header line and frame lines. */
function customY4M(header: string, frames: readonly Uint8Array[], frameLine = (_index: number) => 'FRAME\n'): Uint8Array {
  return bytes(header, ...frames.flatMap((frame, index) => [frameLine(index), frame]));
}

/** Asserts that `action` fails with a MediaFileError whose reason matches `reason`. */
async function rejectsWithReason(action: () => unknown, reason: RegExp): Promise<void> {
  await assert.rejects(async () => action(), (error: unknown) => {
    assert.ok(error instanceof MediaFileError, `expected a MediaFileError, got ${String(error)}`);
    assert.match(error.reason, reason);
    return true;
  });
}

describe('parseY4MHeader', () => {
  const frames = testFrames(8, 6, 3);

  test('reads size, rate, chroma, interlacing, aspect and frame geometry from what encodeY4M writes', () => {
    const file = encodeY4M(8, 6, 30000, 1001, frames);
    const info = parseY4MHeader(file, file.length, 'clip.y4m');
    assert.equal(info.width, 8);
    assert.equal(info.height, 6);
    assert.equal(info.frameRateNumerator, 30000);
    assert.equal(info.frameRateDenominator, 1001);
    assert.equal(info.frameRate, 30000 / 1001);
    assert.equal(info.chroma, '420jpeg');
    assert.equal(info.interlace, 'p');
    assert.equal(info.pixelAspect, '1:1');
    assert.equal(info.frameBytes, 72);
    assert.equal(info.frameCount, 3);
    assert.equal(info.headerBytes, file.indexOf(0x0a) + 1);
  });

  test('counts frames from the file size when given only the header bytes', () => {
    const file = encodeY4M(8, 6, 25, 1, frames);
    const header = file.subarray(0, parseY4MHeader(file, file.length, 'x.y4m').headerBytes);
    assert.equal(parseY4MHeader(header, file.length, 'x.y4m').frameCount, 3);
  });

  for (const tag of ['C420', 'C420jpeg', 'C420paldv', 'C420mpeg2']) {
    test(`accepts ${tag} as 4:2:0`, () => {
      const file = customY4M(`YUV4MPEG2 W8 H6 F25:1 ${tag}\n`, frames);
      assert.equal(parseY4MHeader(file, file.length, 'x.y4m').chroma, tag.slice(1));
    });
  }

  test('takes a header without a C tag as 4:2:0 and fills the defaults of absent I and A tags', () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1\n', frames);
    const info = parseY4MHeader(file, file.length, 'x.y4m');
    assert.equal(info.chroma, '420jpeg');
    assert.equal(info.interlace, '?');
    assert.equal(info.pixelAspect, '0:0');
    assert.equal(info.frameCount, 3);
  });

  test('ignores X extension fields and unknown tags, as ffmpeg writes them', () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1 Ip A1:1 C420jpeg XYSCSS=420JPEG XCOLORRANGE=LIMITED Zzz\n', frames);
    assert.equal(parseY4MHeader(file, file.length, 'x.y4m').frameCount, 3);
  });

  for (const tag of ['C444', 'C422', 'Cmono', 'C420p10']) {
    test(`rejects ${tag} with a message naming the chroma and what is supported`, async () => {
      const file = customY4M(`YUV4MPEG2 W8 H6 F25:1 ${tag}\n`, frames);
      await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), new RegExp(`${tag}.*only 4:2:0`));
    });
  }

  test('rejects a file that does not start with the YUV4MPEG2 signature', async () => {
    const garbage = bytes('RIFF\x00\x00\x00\x00WAVEfmt garbage garbage\n');
    await rejectsWithReason(() => parseY4MHeader(garbage, garbage.length, 'x.y4m'), /not a Y4M file/);
    const lookalike = bytes('YUV4MPEG2X W8 H6 F25:1\n');
    await rejectsWithReason(() => parseY4MHeader(lookalike, lookalike.length, 'x.y4m'), /not a Y4M file/);
  });

  test('rejects headers without a width, a height or a frame rate', async () => {
    for (const [header, reason] of [
      ['YUV4MPEG2 H6 F25:1\n', /no W/],
      ['YUV4MPEG2 W8 F25:1\n', /no H/],
      ['YUV4MPEG2 W8 H6\n', /no F/],
    ] as const) {
      const file = customY4M(header, frames);
      await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), reason);
    }
  });

  test('rejects unusable sizes and frame rates', async () => {
    for (const header of ['YUV4MPEG2 W0 H6 F25:1\n', 'YUV4MPEG2 W8 H-6 F25:1\n', 'YUV4MPEG2 W99999 H6 F25:1\n', 'YUV4MPEG2 W8x H6 F25:1\n']) {
      const file = customY4M(header, frames);
      await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), /not a usable size/);
    }
    for (const header of ['YUV4MPEG2 W8 H6 F0:0\n', 'YUV4MPEG2 W8 H6 F25\n', 'YUV4MPEG2 W8 H6 F25:0\n']) {
      const file = customY4M(header, frames);
      await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), /frame rate/);
    }
  });

  test('rejects a stream header that never ends', async () => {
    const file = bytes('YUV4MPEG2 W8 H6 F25:1');
    await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), /no end of line/);
  });

  test('rejects a file with no frames', async () => {
    const file = bytes('YUV4MPEG2 W8 H6 F25:1\n');
    await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), /no frames/);
  });

  test('counts frames whose FRAME lines carry parameters', () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1\n', frames, (index) => `FRAME Ip XINDEX=${index}\n`);
    assert.equal(parseY4MHeader(file, file.length, 'x.y4m').frameCount, 3);
  });

  test('names the truncated last frame, 0-based, with expected and actual bytes', async () => {
    const file = encodeY4M(8, 6, 25, 1, frames);
    const cut = file.subarray(0, file.length - 50);
    const reason = /^truncated frame 2 \(expected 72 bytes, got 22\)$/;
    await rejectsWithReason(() => parseY4MHeader(cut, cut.length, 'x.y4m'), reason);
    await rejectsWithReason(() => parseY4MHeader(cut.subarray(0, 40), cut.length, 'x.y4m'), reason);
    const error = await parseAsync(cut);
    assert.equal(error.message, 'clip.y4m: truncated frame 2 (expected 72 bytes, got 22)');
  });

  test('calls a file cut inside a FRAME line truncated at that frame', async () => {
    const file = encodeY4M(8, 6, 25, 1, frames);
    const cut = bytes(file, 'FRA');
    await rejectsWithReason(() => parseY4MHeader(cut, cut.length, 'x.y4m'), /^truncated frame 3 \(expected 72 bytes, got 0\)$/);
  });

  test('rejects a whole file in which a FRAME marker is missing, naming the frame', async () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1\n', frames, (index) => (index === 1 ? 'FRAMX\n' : 'FRAME\n'));
    await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), /^frame 1: missing FRAME marker$/);
  });

  test('takes FRAME followed by anything but a space or a newline as a missing marker', async () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1\n', frames, (index) => (index === 2 ? 'FRAMES\n' : 'FRAME\n'));
    await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), /^frame 2: missing FRAME marker$/);
  });

  test('rejects a FRAME line of 4096 bytes or more, naming the frame', async () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1\n', frames, (index) => (index === 1 ? `FRAME X${'a'.repeat(4100)}\n` : 'FRAME\n'));
    await rejectsWithReason(() => parseY4MHeader(file, file.length, 'x.y4m'), /^frame 1: FRAME line longer than 4096 bytes$/);
  });
});

async function parseAsync(file: Uint8Array): Promise<MediaFileError> {
  try {
    parseY4MHeader(file, file.length, '/some/where/clip.y4m');
  } catch (error) {
    assert.ok(error instanceof MediaFileError);
    assert.equal(error.path, '/some/where/clip.y4m');
    return error;
  }
  assert.fail('parseY4MHeader accepted a truncated file');
}

describe('Y4MReader', () => {
  test('reads every frame bit-exact with what encodeY4M wrote', async () => {
    const frames = testFrames(16, 10, 5);
    const reader = await Y4MReader.open(writeTemporary('clip.y4m', encodeY4M(16, 10, 30, 1, frames)));
    try {
      assert.equal(reader.info.frameCount, 5);
      for (const [index, frame] of frames.entries()) {
        assert.deepEqual(await reader.readFrame(index), frame);
      }
    } finally {
      await reader.close();
    }
  });

  test('wraps indexes past the end, so counting up loops the clip', async () => {
    const frames = testFrames(8, 6, 4);
    const reader = await Y4MReader.open(writeTemporary('loop.y4m', encodeY4M(8, 6, 30, 1, frames)));
    try {
      assert.deepEqual(await reader.readFrame(4), frames[0]);
      assert.deepEqual(await reader.readFrame(7), frames[3]);
      assert.deepEqual(await reader.readFrame(4 * 1000 + 2), frames[2]);
    } finally {
      await reader.close();
    }
  });

  test('answers concurrent reads with the right frames', async () => {
    const frames = testFrames(8, 6, 6);
    const reader = await Y4MReader.open(writeTemporary('many.y4m', encodeY4M(8, 6, 30, 1, frames)));
    try {
      const read = await Promise.all([5, 0, 3, 1, 4, 2].map((index) => reader.readFrame(index)));
      assert.deepEqual(read, [5, 0, 3, 1, 4, 2].map((index) => frames[index]));
    } finally {
      await reader.close();
    }
  });

  test('indexes and reads files whose FRAME lines carry parameters of varying length', async () => {
    const frames = testFrames(8, 6, 4);
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1 C420mpeg2\n', frames, (index) => (index === 0 ? 'FRAME\n' : `FRAME Ib X${'z'.repeat(index * 3)}\n`));
    const reader = await Y4MReader.open(writeTemporary('params.y4m', file));
    try {
      assert.equal(reader.info.frameCount, 4);
      for (const [index, frame] of frames.entries()) {
        assert.deepEqual(await reader.readFrame(index), frame);
      }
      assert.deepEqual(await reader.readFrame(5), frames[1]);
    } finally {
      await reader.close();
    }
  });

  test('reads odd sizes with chroma planes rounded up', async () => {
    const frames = testFrames(5, 3, 2);
    assert.equal(frames[0]?.length, 5 * 3 + 2 * 3 * 2);
    const reader = await Y4MReader.open(writeTemporary('odd.y4m', encodeY4M(5, 3, 1, 1, frames)));
    try {
      assert.equal(reader.info.frameBytes, 27);
      assert.deepEqual(await reader.readFrame(1), frames[1]);
    } finally {
      await reader.close();
    }
  });

  test('refuses to open a truncated file, naming the frame', async () => {
    const file = encodeY4M(8, 6, 25, 1, testFrames(8, 6, 13));
    const cut = writeTemporary('clip.y4m', file.subarray(0, file.length - 60));
    await rejectsWithReason(() => Y4MReader.open(cut), /^truncated frame 12 \(expected 72 bytes, got 12\)$/);
  });

  test('refuses to open a file whose last FRAME marker is missing', async () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1\n', testFrames(8, 6, 3), (index) => (index === 2 ? 'FRAMX\n' : 'FRAME\n'));
    await rejectsWithReason(() => Y4MReader.open(writeTemporary('x.y4m', file)), /^frame 2: missing FRAME marker$/);
  });

  test('fails the read of a frame whose FRAME marker is damaged, naming it', async () => {
    const file = customY4M('YUV4MPEG2 W8 H6 F25:1\n', testFrames(8, 6, 4), (index) => (index === 2 ? 'FRAMX\n' : 'FRAME\n'));
    const reader = await Y4MReader.open(writeTemporary('x.y4m', file));
    try {
      await reader.readFrame(1);
      await rejectsWithReason(() => reader.readFrame(2), /^frame 2: missing FRAME marker$/);
    } finally {
      await reader.close();
    }
  });

  test('rejects unsupported and non-Y4M files at open with MediaFileError', async () => {
    const c444 = bytes('YUV4MPEG2 W8 H6 F25:1 C444\nFRAME\n', new Uint8Array(144));
    await rejectsWithReason(() => Y4MReader.open(writeTemporary('c444.y4m', c444)), /C444/);
    await rejectsWithReason(() => Y4MReader.open(writeTemporary('junk.y4m', bytes('hello'))), /not a Y4M file/);
    await rejectsWithReason(() => Y4MReader.open(writeTemporary('empty.y4m', new Uint8Array(0))), /not a Y4M file/);
  });

  test('reports a missing file as "file not found" with its path', async () => {
    const missing = path.join(temporaryDirectory(), 'nope.y4m');
    await assert.rejects(Y4MReader.open(missing), (error: unknown) => {
      assert.ok(error instanceof MediaFileError);
      assert.equal(error.reason, 'file not found');
      assert.equal(error.path, missing);
      assert.equal(error.message, 'nope.y4m: file not found');
      return true;
    });
  });

  test('reports a directory as not a file', async () => {
    await rejectsWithReason(() => Y4MReader.open(temporaryDirectory()), /directory|not a regular file/);
  });

  test('throws RangeError for indexes that are not non-negative integers', async () => {
    const reader = await Y4MReader.open(writeTemporary('x.y4m', encodeY4M(8, 6, 25, 1, testFrames(8, 6, 1))));
    try {
      for (const index of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await assert.rejects(reader.readFrame(index), RangeError);
      }
    } finally {
      await reader.close();
    }
  });

  test('fails reads after close and allows closing twice', async () => {
    const reader = await Y4MReader.open(writeTemporary('x.y4m', encodeY4M(8, 6, 25, 1, testFrames(8, 6, 1))));
    await reader.close();
    await reader.close();
    await rejectsWithReason(() => reader.readFrame(0), /closed/);
  });
});

describe('encodeY4M', () => {
  test('writes the header line and a plain FRAME line before each frame', () => {
    const frames = testFrames(2, 2, 2);
    const file = encodeY4M(2, 2, 24, 1, frames);
    const header = 'YUV4MPEG2 W2 H2 F24:1 Ip A1:1 C420jpeg\n';
    assert.equal(Buffer.from(file).toString('latin1'), header + frames.map((frame) => `FRAME\n${Buffer.from(frame).toString('latin1')}`).join(''));
  });

  test('throws RangeError for frames of the wrong length or a bad rate or size', () => {
    assert.throws(() => encodeY4M(8, 6, 25, 1, [new Uint8Array(71)]), RangeError);
    assert.throws(() => encodeY4M(8, 6, 0, 1, []), RangeError);
    assert.throws(() => encodeY4M(8, 6, 25, 1.5, []), RangeError);
    assert.throws(() => encodeY4M(0, 6, 25, 1, []), RangeError);
  });
});
