import type { BatchStep } from '../step.ts';

/**
 * Loads, once per unit, what the database knows of its latest position (one query per batch for units not
 * seen yet). Fail-open: without it the stateful steps see an empty history and the writer's guard still keeps
 * the stored latest position from moving backwards.
 */
export function unitStateStep(): BatchStep {
  return {
    kind: 'batch',
    name: 'unit-state',
    onError: 'pass',
    async: true,
    async run(items, ctx) {
      const ids: number[] = [];
      for (const item of items) if (!item.outcome && item.unitId !== null) ids.push(item.unitId);
      await ctx.tracker.load(ids);
    },
  };
}
