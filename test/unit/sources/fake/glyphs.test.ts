// The fake camera's bitmap font.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { GLYPH_CHARACTERS, GLYPH_COLUMNS, GLYPH_ROWS, glyphBitmap } from '../../../../src/sources/fake/glyphs.js';

describe('glyphBitmap()', () => {
  test('draws every digit, the colon and the space as 5x7 cells of 0 and 1', () => {
    assert.equal(GLYPH_COLUMNS, 5);
    assert.equal(GLYPH_ROWS, 7);
    for (const character of [...'0123456789', ':', ' ']) {
      const bits = glyphBitmap(character);
      assert.ok(bits, `glyph for ${JSON.stringify(character)}`);
      assert.equal(bits.length, GLYPH_COLUMNS * GLYPH_ROWS);
      assert.ok(bits.every((bit) => bit === 0 || bit === 1));
    }
  });

  test('leaves the space blank and lights something in every other glyph', () => {
    for (const character of GLYPH_CHARACTERS) {
      const lit = (glyphBitmap(character) as Uint8Array).reduce((sum, bit) => sum + bit, 0);
      assert.equal(lit === 0, character === ' ', `glyph ${JSON.stringify(character)} has ${lit} lit cells`);
    }
  });

  test('any two glyphs differ in at least six cells, so a reader can tell them apart', () => {
    for (const a of GLYPH_CHARACTERS) {
      for (const b of GLYPH_CHARACTERS) {
        if (a >= b) {
          continue;
        }
        const bitsA = glyphBitmap(a) as Uint8Array;
        const bitsB = glyphBitmap(b) as Uint8Array;
        const distance = bitsA.reduce((sum, bit, index) => sum + (bit === bitsB[index] ? 0 : 1), 0);
        assert.ok(distance >= 6, `${JSON.stringify(a)} and ${JSON.stringify(b)} differ in ${distance} cells`);
      }
    }
  });

  test('has no glyph for characters outside the font', () => {
    assert.equal(glyphBitmap('A'), undefined);
    assert.equal(glyphBitmap(''), undefined);
    assert.equal(glyphBitmap('00'), undefined);
  });
});
