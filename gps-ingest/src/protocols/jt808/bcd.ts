/** BCD fields: the terminal phone number and the Beijing-time fix time. */
import { isValidCivilTime } from '../common/time.ts';

/**
 * BCD bytes → digit string, two digits per byte, high nibble first. Nibbles above 9 (not BCD, but some terminals
 * put them in the phone field) come out as 'A'–'F' so the id still round-trips.
 */
export function decodeBcd(bytes: Buffer): string {
  let s = '';
  for (const b of bytes) s += (b >> 4).toString(16) + (b & 0x0f).toString(16);
  return s.toUpperCase();
}

/** Digit string → `length` BCD bytes, left-padded with zeros. Throws RangeError on non-hex or too many digits. */
export function encodeBcd(digits: string, length: number): Buffer {
  if (!/^[0-9A-Fa-f]*$/.test(digits)) throw new RangeError(`not a BCD digit string: "${digits}"`);
  if (digits.length > length * 2) throw new RangeError(`"${digits}" does not fit in BCD[${length}]`);
  return Buffer.from(digits.padStart(length * 2, '0'), 'hex');
}

/** The padding zeros of a fixed-width phone field removed ("013511221122" → "13511221122"); "000…" → "0". */
export function canonicalTerminalId(phone: string): string {
  const stripped = phone.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * BCD[6] YYMMDDhhmmss in Beijing time (UTC+8, as the standard says; China has no daylight saving) → UTC instant.
 * Undefined when a nibble is not a decimal digit or the fields are not a real date (e.g. the all-zero time some
 * terminals send before their first fix).
 */
export function decodeBcdTime(bytes: Buffer): Date | undefined {
  if (bytes.length !== 6) return undefined;
  const f: number[] = [];
  for (const b of bytes) {
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) return undefined;
    f.push(hi * 10 + lo);
  }
  const [yy = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = f;
  const year = 2000 + yy;
  if (!isValidCivilTime(year, mo, d, h, mi, s)) return undefined;
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS);
}

/** UTC instant → BCD[6] Beijing time (for building test frames and any platform message that carries a time). */
export function encodeBcdTime(date: Date): Buffer {
  const t = new Date(date.getTime() + BEIJING_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  const text =
    two(t.getUTCFullYear() % 100) +
    two(t.getUTCMonth() + 1) +
    two(t.getUTCDate()) +
    two(t.getUTCHours()) +
    two(t.getUTCMinutes()) +
    two(t.getUTCSeconds());
  return Buffer.from(text, 'hex');
}
