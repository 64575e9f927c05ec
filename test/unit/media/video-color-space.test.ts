import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { VideoColorSpace } from '../../../src/media/video-frame.js';

describe('VideoColorSpace', () => {
  test('members default to null and toJSON returns them all', () => {
    const colorSpace = new VideoColorSpace();
    assert.equal(colorSpace.primaries, null);
    assert.equal(colorSpace.transfer, null);
    assert.equal(colorSpace.matrix, null);
    assert.equal(colorSpace.fullRange, null);
    assert.deepEqual(colorSpace.toJSON(), { primaries: null, transfer: null, matrix: null, fullRange: null });
  });

  test('the init is kept as given', () => {
    const init = { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true } as const;
    assert.deepEqual(new VideoColorSpace(init).toJSON(), init);
  });

  test('a value outside an enum is a TypeError', () => {
    assert.throws(() => new VideoColorSpace({ matrix: 'bt601' } as never), TypeError);
    assert.throws(() => new VideoColorSpace({ primaries: 'srgb' } as never), TypeError);
  });

  test('getters on another object are TypeErrors and the string tag is VideoColorSpace', () => {
    const getter = Object.getOwnPropertyDescriptor(VideoColorSpace.prototype, 'matrix')?.get;
    assert.throws(() => getter?.call({}), TypeError);
    assert.equal(String(new VideoColorSpace()), '[object VideoColorSpace]');
  });
});
