/**
 * GBK text, the encoding of every JT/T 808 STRING (plate numbers, text messages, TTS).
 *
 * Decoding uses Node's WHATWG `TextDecoder('gbk')`. Node has no GBK *encoder* and `iconv-lite` is not a
 * dependency, so the encoder inverts the decoder: on first use it decodes every double-byte code (lead
 * 0x81–0xFE, trail 0x40–0x7E / 0x80–0xFE, 23 940 codes, ~2 ms) and keeps a char → code table (~24k entries).
 * ASCII is single-byte, '€' is 0x80 as in CP936, and characters GBK cannot express become '?'.
 */

const decoder = new TextDecoder('gbk');

export function decodeGbk(bytes: Buffer): string {
  return decoder.decode(bytes);
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/**
 * A fixed-width text field: NUL padding (trailing in 2013, leading in 2019) and surrounding spaces removed, and
 * any other control characters dropped (some terminals put binary in text fields; keep it out of logs and UIs).
 */
export function decodeFixedText(bytes: Buffer): string {
  return decodeGbk(bytes).replace(CONTROL_CHARS, '').trim();
}

let table: Map<number, number> | undefined;

function buildTable(): Map<number, number> {
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) codes.push((lead << 8) | trail);
  }
  const bytes = Buffer.allocUnsafe(codes.length * 2);
  codes.forEach((code, i) => bytes.writeUInt16BE(code, i * 2));
  const text = decoder.decode(bytes);
  const map = new Map<number, number>();
  if (text.length === codes.length) {
    // Every code decodes to one BMP character (true of the WHATWG gbk index), so position i is code i.
    codes.forEach((code, i) => {
      const ch = text.charCodeAt(i);
      if (ch !== 0xfffd && !map.has(ch)) map.set(ch, code);
    });
    return map;
  }
  // Defensive fallback should a future ICU leave holes: decode code by code.
  const pair = Buffer.allocUnsafe(2);
  for (const code of codes) {
    pair.writeUInt16BE(code, 0);
    const s = decoder.decode(pair);
    const ch = s.charCodeAt(0);
    if (s.length === 1 && ch !== 0xfffd && !map.has(ch)) map.set(ch, code);
  }
  return map;
}

export function encodeGbk(text: string): Buffer {
  table ??= buildTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (cp < 0x80) {
      out.push(cp);
    } else if (cp === 0x20ac) {
      out.push(0x80);
    } else {
      const code = table.get(cp);
      if (code === undefined) out.push(0x3f);
      else out.push(code >> 8, code & 0xff);
    }
  }
  return Buffer.from(out);
}
