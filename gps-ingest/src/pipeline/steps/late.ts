import type { ItemStep } from '../step.ts';

/**
 * A fix older than the unit's latest position is kept as history but flagged `late`: it must never move the
 * latest position backwards (the writer guards that in SQL too) nor be pushed to consoles as "now".
 */
export function lateStep(): ItemStep {
  return {
    kind: 'item',
    name: 'late',
    onError: 'pass',
    stateful: true,
    process(item, ctx) {
      if (item.unitId === null) return;
      const t = ctx.tracks.get(item.unitId);
      item.late = t.latestMs !== null && item.liveAtMs < t.latestMs;
    },
  };
}
