import type { ItemStep } from '../step.ts';

/**
 * Last of the list: what this fix changes in the unit's track, so the next fix of the same batch is judged
 * against it. Committed to the tracker only when the writer takes the batch.
 */
export function rememberStep(): ItemStep {
  return {
    kind: 'item',
    name: 'remember',
    onError: 'pass',
    stateful: true,
    process(item, ctx) {
      if (item.unitId === null) return;
      const t = ctx.tracks.get(item.unitId);
      t.lastAcceptedMs = item.fixAtMs;
      if (item.valid && !item.late) {
        t.latestMs = item.liveAtMs;
        t.lon = item.lon;
        t.lat = item.lat;
        t.jumpStreak = 0;
      }
    },
  };
}
