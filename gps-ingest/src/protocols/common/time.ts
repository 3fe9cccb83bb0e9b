/** Time parsing shared by the HTTP decoders. All results are UTC instants; invalid input gives `undefined`. */

// yyyy-MM-dd, then 'T' or a space (a '+' in a query string arrives as a space), hh:mm[:ss[.fff]], optional zone.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Parses ISO-8601 date-times and the `yyyy-MM-dd HH:mm:ss` form. A time without a zone is taken as **UTC**
 * (Date.parse would take it as server-local time, which differs between a developer laptop and production).
 */
export function parseDateTimeUtc(text: string): Date | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, zh, zm] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (!isValidCivilTime(year, month, day, hour, minute, second)) return undefined;
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const oh = Number(zh);
    const om = zm === undefined ? 0 : Number(zm);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}

/** True when the fields name a real calendar instant (no 31 February, no hour 24, no leap second). */
export function isValidCivilTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

// Fix times outside this window are garbage (an unset RTC reads 1970 or 2000-00-00); the pipeline applies the
// tighter "not in the future, not too old" rule, which needs the clock.
const MIN_FIX_MS = Date.UTC(2000, 0, 1);
const MAX_FIX_MS = Date.UTC(2100, 0, 1);

export function isPlausibleFixTime(date: Date): boolean {
  const t = date.getTime();
  return Number.isFinite(t) && t >= MIN_FIX_MS && t < MAX_FIX_MS;
}

/** Epoch milliseconds → Date, or undefined when not a finite number. */
export function fromEpochMs(ms: number): Date | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) ? undefined : d;
}
