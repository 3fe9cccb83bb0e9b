import { translate, type Locale } from '../i18n/translate.ts';

/** The centre works in China Standard Time whatever the browser's zone: every time shown is Asia/Shanghai. */
export const TIME_ZONE = 'Asia/Shanghai';

const clockFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export type TimeInput = string | number | Date;

const toDate = (t: TimeInput): Date => (t instanceof Date ? t : new Date(t));

/** `HH:mm:ss` in Asia/Shanghai. */
export function formatClock(t: TimeInput): string {
  const d = toDate(t);
  return Number.isNaN(d.getTime()) ? '—' : clockFormat.format(d);
}

/** `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai. */
export function formatDateTime(t: TimeInput): string {
  const d = toDate(t);
  if (Number.isNaN(d.getTime())) return '—';
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Same calendar day in Asia/Shanghai: then the clock is enough, else the date is shown too. */
export function formatStamp(t: TimeInput, nowMs: number): string {
  const full = formatDateTime(t);
  return full.slice(0, 10) === formatDateTime(nowMs).slice(0, 10) ? full.slice(11) : full;
}

/** Now as an ISO-8601 instant (UTC). */
export const isoNow = (): string => new Date().toISOString();

/** An epoch-ms instant as ISO-8601 (UTC). */
export const isoAt = (ms: number): string => new Date(ms).toISOString();

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A duration in seconds: `45秒`, `3分05秒`, `1小时02分` (or the English equivalents). */
export function formatDuration(seconds: number | null | undefined, locale: Locale): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return translate(locale, 'time.seconds', { s: total });
  if (total < 3600) return translate(locale, 'time.minutes', { m: Math.floor(total / 60), s: pad2(total % 60) });
  return translate(locale, 'time.hours', { h: Math.floor(total / 3600), m: pad2(Math.floor((total % 3600) / 60)) });
}

/** Time elapsed from an instant to `nowMs`, as a duration. */
export function formatAge(from: TimeInput, nowMs: number, locale: Locale): string {
  const ms = toDate(from).getTime();
  return Number.isNaN(ms) ? '—' : formatDuration((nowMs - ms) / 1000, locale);
}
