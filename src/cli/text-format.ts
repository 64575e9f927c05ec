/**
 * Text for the terminal: aligned tables, capabilities and settings dictionaries on one line, byte counts,
 * durations and ids shortened for reading.
 *
 * @module
 */

/** Rows of cells as lines with each column padded to its widest cell (the last column is not padded). */
export function formatTable(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}

/** The first 8 characters of a long id, then an ellipsis; "" as "(empty)". */
export function shortId(id: string): string {
  if (id === '') {
    return '(empty)';
  }
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** A number as short as it reads well: integers as they are, others to 4 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return String(value);
  }
  return String(Number(value.toPrecision(4)));
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  if (Array.isArray(value)) {
    return value.map((v) => formatValue(v)).join('|');
  }
  if (typeof value === 'object' && value !== null) {
    const { min, max } = value as { min?: number; max?: number };
    if (typeof min === 'number' && typeof max === 'number') {
      return min === max ? formatNumber(min) : `${formatNumber(min)}–${formatNumber(max)}`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** Members that identify the device rather than describe what it gives. */
const IDENTITY_MEMBERS = new Set(['deviceId', 'groupId']);

/** A capabilities or settings dictionary on one line, without deviceId and groupId: `width 1–3840, …`. */
export function formatDictionary(dictionary: object): string {
  return Object.entries(dictionary)
    .filter(([name]) => !IDENTITY_MEMBERS.has(name))
    .map(([name, value]) => `${name} ${formatValue(value)}`)
    .join(', ');
}

/** Video settings as `1280x720 @20 fps (resizeMode none)`; other settings as {@link formatDictionary}. */
export function formatSettings(settings: object): string {
  const { width, height, frameRate, resizeMode, aspectRatio: _aspectRatio, ...rest } = settings as Readonly<Record<string, unknown>>;
  if (typeof width !== 'number' || typeof height !== 'number') {
    return formatDictionary(settings);
  }
  const others = formatDictionary(rest);
  const rate = typeof frameRate === 'number' ? ` @${formatNumber(frameRate)} fps` : '';
  const resize = typeof resizeMode === 'string' ? ` ${resizeMode}` : '';
  return `${width}x${height}${rate}${resize}${others === '' ? '' : `, ${others}`}`;
}

/** A byte count in B, kB, MB or GB (powers of 1000, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** Milliseconds as `M:SS.s`. */
export function formatElapsed(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0')}`;
}
