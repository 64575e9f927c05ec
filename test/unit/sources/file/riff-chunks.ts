/** Hand-built RIFF/WAVE files for the WAV parser tests: any chunks, any sizes, extensible fmt bodies. */

/** One chunk: its id, body, and optionally a size field that lies about the body's length. */
export interface Chunk {
  readonly id: string;
  readonly body: Uint8Array;
  readonly declaredSize?: number;
}

/** A RIFF file of `chunks` (each padded to an even length), with form type `form` (default WAVE). */
export function riff(chunks: readonly Chunk[], form = 'WAVE', magic = 'RIFF'): Uint8Array {
  const parts = chunks.map(({ id, body, declaredSize }) => {
    const part = new Uint8Array(8 + body.length + (body.length % 2));
    part.set(ascii(id), 0);
    new DataView(part.buffer).setUint32(4, declaredSize ?? body.length, true);
    part.set(body, 8);
    return part;
  });
  const size = parts.reduce((total, part) => total + part.length, 4);
  const file = new Uint8Array(8 + size);
  file.set(ascii(magic), 0);
  new DataView(file.buffer).setUint32(4, size, true);
  file.set(ascii(form), 8);
  let offset = 12;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

/** What goes into a fmt chunk. */
export interface FormatFields {
  readonly tag: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly blockAlign?: number;
  /** For tag 0xFFFE: the SubFormat's format code, or a whole 16-byte GUID. */
  readonly subFormat?: number | Uint8Array;
  readonly validBitsPerSample?: number;
}

/** The KSDATAFORMAT_SUBTYPE GUID of format code `code`, as stored in a file. */
export function subFormatGuid(code: number): Uint8Array {
  const guid = Uint8Array.from([0, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]);
  new DataView(guid.buffer).setUint16(0, code, true);
  return guid;
}

/** A fmt chunk body: 16 bytes (WAVEFORMATEX without cbSize) or 40 bytes (WAVEFORMATEXTENSIBLE). */
export function fmtBody(fields: FormatFields): Uint8Array {
  const extensible = fields.subFormat !== undefined;
  const body = new Uint8Array(extensible ? 40 : 16);
  const view = new DataView(body.buffer);
  const blockAlign = fields.blockAlign ?? (fields.channels * fields.bitsPerSample) / 8;
  view.setUint16(0, fields.tag, true);
  view.setUint16(2, fields.channels, true);
  view.setUint32(4, fields.sampleRate, true);
  view.setUint32(8, fields.sampleRate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, fields.bitsPerSample, true);
  if (fields.subFormat !== undefined) {
    view.setUint16(16, 22, true);
    view.setUint16(18, fields.validBitsPerSample ?? fields.bitsPerSample, true);
    view.setUint32(20, (1 << fields.channels) - 1, true);
    body.set(typeof fields.subFormat === 'number' ? subFormatGuid(fields.subFormat) : fields.subFormat, 24);
  }
  return body;
}

/** Little-endian bytes of `values` as `bits`-bit signed integers (8-bit: unsigned, offset 128). */
export function pcmBytes(values: readonly number[], bits: 8 | 16 | 24 | 32): Uint8Array {
  const bytesPerSample = bits / 8;
  const out = new Uint8Array(values.length * bytesPerSample);
  const view = new DataView(out.buffer);
  values.forEach((value, index) => {
    const at = index * bytesPerSample;
    if (bits === 8) {
      view.setUint8(at, value + 128);
    } else if (bits === 16) {
      view.setInt16(at, value, true);
    } else if (bits === 24) {
      view.setUint16(at, value & 0xffff, true);
      view.setInt8(at + 2, value >> 16);
    } else {
      view.setInt32(at, value, true);
    }
  });
  return out;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}
