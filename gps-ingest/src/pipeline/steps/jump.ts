import { haversineM } from '@c120/shared/geo';
import { drop, type ItemStep } from '../step.ts';

/**
 * Drops a valid fix whose implied speed from the unit's latest position exceeds `maxSpeedKmh` (a multipath
 * glitch, a GCJ-02 terminal configured as WGS-84 for one fix, a SIM moved between vehicles). Moves shorter than
 * `jumpMinDistanceM` always pass. After `jumpResetAfter` consecutive jumps the new place is believed: the
 * reference itself was probably the wrong one, and refusing for ever would freeze the unit on the map.
 * Invalid fixes are not checked (they are history only).
 */
export function jumpStep(): ItemStep {
  return {
    kind: 'item',
    name: 'jump',
    onError: 'pass',
    stateful: true,
    process(item, ctx) {
      if (item.unitId === null || !item.valid) return;
      const t = ctx.tracks.get(item.unitId);
      if (t.latestMs === null || t.lon === null || t.lat === null) return;
      const metres = haversineM(t.lon, t.lat, item.lon, item.lat);
      if (metres < ctx.config.jumpMinDistanceM) return;
      const seconds = Math.abs(item.liveAtMs - t.latestMs) / 1000;
      const kmh = seconds === 0 ? Infinity : (metres / seconds) * 3.6;
      if (kmh <= ctx.config.maxSpeedKmh) return;
      if (item.late) {
        // A late fix cannot become the reference; it is simply not believed.
        drop(item, 'impossible_jump');
        return;
      }
      t.jumpStreak += 1;
      if (t.jumpStreak >= ctx.config.jumpResetAfter) {
        ctx.metrics.inc('ingest_jump_resets_total');
        return; // accepted; the remember step makes it the new reference
      }
      drop(item, 'impossible_jump');
    },
  };
}
