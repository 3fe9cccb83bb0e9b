/** Analytics ranges are whole Asia/Shanghai calendar days (UTC+8 all year, no DST). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DD` (a Shanghai day) → the instant its midnight is, ISO-8601 UTC. */
export function dayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString();
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The query range [first day 00:00, day after last day 00:00) for inclusive Shanghai days. */
export function dayRange(firstDay: string, lastDay: string): { from: string; to: string } {
  return { from: dayStart(firstDay), to: dayStart(addDays(lastDay, 1)) };
}

/** The last `days` Shanghai days up to and including today. */
export function lastDays(nowMs: number, days: number): { first: string; last: string } {
  const last = shanghaiDay(nowMs);
  return { first: addDays(last, -(days - 1)), last };
}
