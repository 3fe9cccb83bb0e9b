/** One JT/T 808 frame ⇄ header + body: delimiters, escaping, check code, header, length. */
import { escapeBytes, FLAG, unescapeBytes, xorChecksum } from './escape.ts';
import { readHeader, writeHeader, type Jt808Header, type Jt808Target } from './header.ts';
import { ByteReader, Truncated } from './reader.ts';

export type ParsedFrame =
  { ok: true; header: Jt808Header; body: Buffer } | { ok: false; reason: string; header?: Jt808Header };

const MIN_UNESCAPED = 12 + 1; // 2013 header without sub-package fields, empty body, check code

/**
 * Strictness. Both checks are on by default and should stay on: they are what tells a frame from line noise.
 * Turn one off only for a known terminal model that gets it wrong (some send a stale check code or a body
 * length that ignores a trailing pad byte); Traccar's Huabao decoder checks neither.
 */
export interface Jt808DecodeOptions {
  /** Reject frames whose XOR check code is wrong. Default true. */
  verifyChecksum?: boolean;
  /** Reject frames whose body length differs from the header's. Default true; when false the actual body is used. */
  verifyLength?: boolean;
}

/**
 * Parses one frame, with or without its 0x7e delimiters. Never throws. A frame whose check code fails gives no
 * header (nothing in it can be trusted); one whose check passes but whose body length disagrees with the header
 * gives the header, so the server can answer "bad message".
 */
export function parseJt808Frame(frame: Buffer, options: Jt808DecodeOptions = {}): ParsedFrame {
  let start = 0;
  let end = frame.length;
  if (frame[start] === FLAG) start += 1;
  if (end > start && frame[end - 1] === FLAG) end -= 1;
  const raw = unescapeBytes(frame.subarray(start, end));
  if (!Buffer.isBuffer(raw)) return { ok: false, reason: raw.error };
  if (raw.length < MIN_UNESCAPED) return { ok: false, reason: `frame too short (${raw.length} bytes unescaped)` };
  const check = raw[raw.length - 1];
  const computed = xorChecksum(raw, 0, raw.length - 1);
  if (check !== computed && options.verifyChecksum !== false) {
    return { ok: false, reason: `check code mismatch: got 0x${hex2(check ?? 0)}, computed 0x${hex2(computed)}` };
  }
  const content = raw.subarray(0, raw.length - 1);
  const r = new ByteReader(content);
  let header: Jt808Header;
  try {
    header = readHeader(r);
  } catch (error) {
    if (error instanceof Truncated) return { ok: false, reason: `header ${error.message}` };
    throw error;
  }
  const body = r.rest();
  if (body.length !== header.bodyLength && options.verifyLength !== false) {
    return { ok: false, reason: `body is ${body.length} bytes, header says ${header.bodyLength}`, header };
  }
  return { ok: true, header, body };
}

/**
 * Builds a complete frame for the wire: header (in the terminal's protocol version) + body + check code,
 * escaped, between 0x7e delimiters. Throws RangeError for a body over 1023 bytes or a bad phone number;
 * those are programming errors on our side, not device input.
 */
export function buildJt808Frame(
  target: Jt808Target,
  msgId: number,
  serial: number,
  body: Buffer,
  packet?: { count: number; index: number },
): Buffer {
  const header = writeHeader({ target, msgId, serial, bodyLength: body.length, packet });
  const content = Buffer.concat([header, body, Buffer.alloc(1)]);
  content[content.length - 1] = xorChecksum(content, 0, content.length - 1);
  const escaped = escapeBytes(content);
  const out = Buffer.allocUnsafe(escaped.length + 2);
  out[0] = FLAG;
  escaped.copy(out, 1);
  out[out.length - 1] = FLAG;
  return out;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
