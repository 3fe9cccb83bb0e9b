import { drop, type ItemStep } from '../step.ts';

/**
 * A fix with the same unit and fix time as the unit's latest or last accepted fix is a resend (device retry
 * after a lost acknowledgement, a phone uploading its queue twice). Older resends are caught by the unique
 * (unit_id, fix_at) index (ON CONFLICT DO NOTHING). A stationary unit reporting the same place with a new time
 * is NOT a duplicate: those fixes prove the unit is alive (staleness watchdog).
 */
export function dedupeStep(): ItemStep {
  return {
    kind: 'item',
    name: 'dedupe',
    onError: 'pass',
    stateful: true,
    process(item, ctx) {
      if (item.unitId === null) return;
      const t = ctx.tracks.get(item.unitId);
      if (item.fixAtMs === t.latestMs || item.fixAtMs === t.lastAcceptedMs) drop(item, 'duplicate');
    },
  };
}
