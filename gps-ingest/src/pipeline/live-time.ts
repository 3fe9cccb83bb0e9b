import type { UnitFix } from './types.ts';

/**
 * When a fix puts its unit, for the live position: its time, but never later than its receipt. A device clock
 * running ahead (within `maxFutureMs`) or a spoofed time cannot hold a unit's position or keep it from going
 * stale: the writer stores this as `units.fix_at` and core's position ticks carry it.
 */
export function liveFixAtMs(fix: UnitFix): number {
  return Math.min(fix.fixAt.getTime(), fix.receivedAt.getTime());
}
