/** JT/T 808 byte stuffing and check code. Frames are `7e | escaped(header body check) | 7e`. */

export const FLAG = 0x7e;
const ESC = 0x7d;

/** 0x7e → 0x7d 0x02, 0x7d → 0x7d 0x01. */
export function escapeBytes(raw: Buffer): Buffer {
  let extra = 0;
  for (const b of raw) if (b === FLAG || b === ESC) extra += 1;
  if (extra === 0) return raw;
  const out = Buffer.allocUnsafe(raw.length + extra);
  let j = 0;
  for (const b of raw) {
    if (b === FLAG || b === ESC) {
      out[j++] = ESC;
      out[j++] = b === FLAG ? 0x02 : 0x01;
    } else {
      out[j++] = b;
    }
  }
  return out;
}

/** Reverses `escapeBytes`. A 0x7d not followed by 0x01/0x02, or a raw 0x7e inside, is an error (a value). */
export function unescapeBytes(escaped: Buffer): Buffer | { error: string } {
  const out = Buffer.allocUnsafe(escaped.length);
  let j = 0;
  for (let i = 0; i < escaped.length; i++) {
    const b = escaped[i] ?? 0;
    if (b === FLAG) return { error: `unescaped 0x7e at offset ${i}` };
    if (b !== ESC) {
      out[j++] = b;
      continue;
    }
    const next = escaped[i + 1];
    if (next === 0x02) out[j++] = FLAG;
    else if (next === 0x01) out[j++] = ESC;
    else
      return {
        error: `bad escape 0x7d ${next === undefined ? '(end)' : `0x${next.toString(16).padStart(2, '0')}`} at offset ${i}`,
      };
    i += 1;
  }
  return out.subarray(0, j);
}

/** XOR of every byte from header start to body end (the check code). */
export function xorChecksum(bytes: Buffer, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i] ?? 0;
  return x;
}
