/**
 * The staleness rule, one for the server (unit views, ranking, the watchdog) and the console (the map greys a
 * unit at once instead of waiting for the server's `unit.staleness_changed`): a unit is stale when its last fix
 * is older than `staleAfterSeconds`, or it has none.
 */
export function isFixStale(fixAtMs: number | null | undefined, nowMs: number, staleAfterSeconds: number): boolean {
  if (fixAtMs === null || fixAtMs === undefined || !(fixAtMs > 0)) return true;
  return nowMs - fixAtMs > staleAfterSeconds * 1000;
}
