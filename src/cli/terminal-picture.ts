/**
 * Pictures in a terminal: RGBA pixels drawn with the upper half block `▀` in 24-bit colour, one character
 * cell per two pixels stacked vertically, which makes the pixels about square.
 *
 * @module
 */

/** RGBA pixels, 4 bytes each, rows packed. */
export interface RGBAPicture {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** A picture size in pixels that fits `columns` x `rows` character cells (two pixels per cell, stacked). */
export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/** The largest size of aspect ratio `aspectRatio` (width / height) that fits the cells; the height is even. */
export function fitPicture(aspectRatio: number, columns: number, rows: number): PictureSize {
  const maxHeight = Math.max(2, rows * 2);
  let width = Math.max(1, Math.min(columns, Math.round(maxHeight * aspectRatio)));
  let height = Math.round(width / aspectRatio / 2) * 2;
  if (height > maxHeight) {
    height = maxHeight;
    width = Math.max(1, Math.round(height * aspectRatio));
  }
  return { width, height: Math.max(2, height) };
}

/**
 * The picture scaled (nearest pixel) to `size` and drawn as `size.height / 2` lines of `size.width` cells,
 * each line ending with a colour reset.
 */
export function drawPicture(picture: RGBAPicture, size: PictureSize): string[] {
  const lines: string[] = [];
  const pixel = (x: number, y: number): string => {
    const sx = Math.min(picture.width - 1, Math.floor(((x + 0.5) * picture.width) / size.width));
    const sy = Math.min(picture.height - 1, Math.floor(((y + 0.5) * picture.height) / size.height));
    const offset = (sy * picture.width + sx) * 4;
    return `${picture.rgba[offset] ?? 0};${picture.rgba[offset + 1] ?? 0};${picture.rgba[offset + 2] ?? 0}`;
  };
  for (let y = 0; y + 1 < size.height; y += 2) {
    let line = '';
    let lastTop = '';
    let lastBottom = '';
    for (let x = 0; x < size.width; x++) {
      const top = pixel(x, y);
      const bottom = pixel(x, y + 1);
      // Colours are written only when they change along the line.
      if (top !== lastTop) {
        line += `\x1b[38;2;${top}m`;
        lastTop = top;
      }
      if (bottom !== lastBottom) {
        line += `\x1b[48;2;${bottom}m`;
        lastBottom = bottom;
      }
      line += '▀';
    }
    lines.push(`${line}\x1b[0m`);
  }
  return lines;
}
