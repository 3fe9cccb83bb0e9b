/** CSV for Excel as used in China: UTF-8 with a byte-order mark (else Excel reads GBK), CRLF line ends. */
export const UTF8_BOM = '\uFEFF';

/**
 * One field per RFC 4180: quoted when it holds a comma, quote, CR or LF. A text starting with = + - @ (or a
 * tab/CR) is prefixed with an apostrophe so Excel does not run it as a formula (free text such as an address or
 * a complaint comes from callers). Numbers are written as they are.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: readonly (string | number | null)[]): string => fields.map(csvField).join(',') + '\r\n';

/** `YYYY-MM-DD HH:MM:SS` in Asia/Shanghai (UTC+8, no DST), the form Excel reads as a date-time. */
export function shanghaiTime(at: Date | null): string | null {
  if (!at) return null;
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
