/**
 * The fake camera's bitmap font: 5x7 cells for the digits, ':' and space, drawn for this package.
 *
 * The shapes are chosen so that any two glyphs differ in at least six cells, which lets the reader of the
 * camera pattern tell them apart after scaling, blur and lossy coding.
 *
 * @module
 */

/** Columns of a glyph cell. */
export const GLYPH_COLUMNS = 5;

/** Rows of a glyph cell. */
export const GLYPH_ROWS = 7;

/** Every character the font can draw, in the order the reader tries them. */
export const GLYPH_CHARACTERS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ' '] as const;

/** A character the font can draw. */
export type GlyphCharacter = (typeof GLYPH_CHARACTERS)[number];

// One string per row, '#' for a lit cell. Kept as pictures so the shapes can be reviewed at a glance.
const GLYPH_PICTURES: Readonly<Record<GlyphCharacter, readonly string[]>> = {
  '0': [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  '1': ['  #  ', ' ##  ', '# #  ', '  #  ', '  #  ', '  #  ', '#####'],
  '2': [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  '3': ['#####', '   # ', '  #  ', '   # ', '    #', '#   #', ' ### '],
  '4': ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  '5': ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  '6': ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  '7': ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  '8': [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  '9': [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
  ':': ['     ', ' ##  ', ' ##  ', '     ', ' ##  ', ' ##  ', '     '],
  ' ': ['     ', '     ', '     ', '     ', '     ', '     ', '     '],
};

function bitmapOf(picture: readonly string[]): Uint8Array {
  const bits = new Uint8Array(GLYPH_COLUMNS * GLYPH_ROWS);
  picture.forEach((row, rowIndex) => {
    for (let column = 0; column < GLYPH_COLUMNS; column++) {
      bits[rowIndex * GLYPH_COLUMNS + column] = row[column] === '#' ? 1 : 0;
    }
  });
  return bits;
}

const GLYPH_BITMAPS: ReadonlyMap<string, Uint8Array> = new Map(
  GLYPH_CHARACTERS.map((character) => [character, bitmapOf(GLYPH_PICTURES[character])]),
);

/**
 * The cells of a glyph, row by row (GLYPH_COLUMNS x GLYPH_ROWS entries, 1 for lit, 0 for unlit), or undefined
 * for a character the font lacks. The returned array is shared: do not modify it.
 */
export function glyphBitmap(character: string): Uint8Array | undefined {
  return GLYPH_BITMAPS.get(character);
}
