import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileSystemError, MediaFileError } from '../../../../src/sources/file/file-errors.js';

describe('MediaFileError', () => {
  test('reads "<file name>: <reason>" and keeps the full path and the reason apart', () => {
    const error = new MediaFileError('/videos/clip.y4m', 'truncated frame 12 (expected 460800 bytes, got 1000)');
    assert.equal(error.message, 'clip.y4m: truncated frame 12 (expected 460800 bytes, got 1000)');
    assert.equal(error.path, '/videos/clip.y4m');
    assert.equal(error.reason, 'truncated frame 12 (expected 460800 bytes, got 1000)');
    assert.equal(error.name, 'MediaFileError');
    assert.ok(error instanceof Error);
  });

  test('turns ENOENT into "file not found" and other system errors into a reason with their code', () => {
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const converted = fileSystemError('a.wav', missing);
    assert.ok(converted instanceof MediaFileError);
    assert.equal(converted.reason, 'file not found');
    assert.equal(converted.cause, missing);
    const denied = fileSystemError('a.wav', Object.assign(new Error('EACCES'), { code: 'EACCES' }));
    assert.ok(denied instanceof MediaFileError);
    assert.equal(denied.reason, 'cannot read the file (EACCES)');
  });

  test('passes MediaFileErrors and errors that are not system errors through unchanged', () => {
    const own = new MediaFileError('a.wav', 'bad');
    assert.equal(fileSystemError('a.wav', own), own);
    const range = new RangeError('x');
    assert.equal(fileSystemError('a.wav', range), range);
  });
});
