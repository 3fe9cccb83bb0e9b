import type { BatchStep } from '../step.ts';

/**
 * Fix-time order within the batch (stable), hence per unit: a JT/T 808 0x0704 blind-area upload or a phone's
 * stored queue may list fixes newest first, and the stateful steps after this one must see them oldest first.
 */
export function orderStep(): BatchStep {
  return {
    kind: 'batch',
    name: 'order',
    onError: 'pass',
    run(items) {
      return [...items].sort((a, b) => a.fixAtMs - b.fixAtMs);
    },
  };
}
