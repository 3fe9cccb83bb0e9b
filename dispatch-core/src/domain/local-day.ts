/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. China keeps UTC+8 all year (no daylight saving). */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
