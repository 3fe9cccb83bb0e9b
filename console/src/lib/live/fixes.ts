import { isFixStale } from '@c120/shared/staleness';
import type { PositionsFrame } from '@c120/dispatch-core/events';
import type { UnitView } from '@c120/dispatch-core/contracts';

/** The latest known position of a unit. `fixAtMs` 0: a position without a fix time (e.g. the home station). */
export interface Fix {
  lon: number;
  lat: number;
  headingDeg: number | null;
  speedKmh: number | null;
  fixAtMs: number;
}

export type FixMap = Map<number, Fix>;

/** The position a unit view carries, as a Fix (null when it has none). */
export function fixOfUnit(unit: UnitView): Fix | null {
  if (!unit.position) return null;
  const at = unit.fixAt ? Date.parse(unit.fixAt) : 0;
  return {
    lon: unit.position.lon,
    lat: unit.position.lat,
    headingDeg: unit.headingDeg,
    speedKmh: unit.speedKmh,
    fixAtMs: Number.isNaN(at) ? 0 : at,
  };
}

/**
 * Latest wins: a fix replaces the stored one only when it is at least as new. Events carry a unit view whose
 * position may be older than the last position tick (the tick is faster than the event stream), so an event
 * never moves a unit back in time.
 */
export function offerFix(fixes: FixMap, unitId: number, fix: Fix | null): boolean {
  if (!fix) return false;
  const known = fixes.get(unitId);
  if (known && known.fixAtMs > fix.fixAtMs) return false;
  fixes.set(unitId, fix);
  return true;
}

/** Applies a position tick; returns how many units moved. */
export function applyPositions(fixes: FixMap, frame: PositionsFrame): number {
  let moved = 0;
  for (const [unitId, lon, lat, headingDeg, speedKmh, fixAtMs] of frame.units) {
    if (offerFix(fixes, unitId, { lon, lat, headingDeg, speedKmh, fixAtMs })) moved++;
  }
  return moved;
}

/**
 * A unit is stale when its last fix is older than the limit (or it has none), judged on the server's clock.
 * Computed locally rather than waiting for `unit.staleness_changed`, which the server's watchdog sends a few
 * seconds late; the rule is the same as the server's.
 */
export function isStale(fix: Fix | undefined | null, serverNowMs: number, staleAfterSeconds: number): boolean {
  return isFixStale(fix?.fixAtMs, serverNowMs, staleAfterSeconds);
}
