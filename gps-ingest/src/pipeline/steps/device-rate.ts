import { KeyedBuckets } from '@c120/shared/token-bucket';
import type { ItemStep } from '../step.ts';

/**
 * Flood guard: each unit may send `deviceMaxFixesPerSecond` fixes on average (burst `deviceBurstFixes`).
 * Runs right after authentication, so the key is a known unit (unknown ids are already refused and cannot
 * fill the table). Over the allowance a fix is answered "resend later" (`rate_limited`): nothing is stored,
 * nothing of the unit's track changes, and other units keep their own allowance.
 */
export function deviceRateStep(now: () => number = Date.now): ItemStep {
  let buckets: KeyedBuckets<number> | null = null;
  return {
    kind: 'item',
    name: 'device-rate',
    onError: 'pass',
    process(item, ctx) {
      if (item.unitId === null || ctx.config.deviceMaxFixesPerSecond <= 0) return;
      buckets ??= new KeyedBuckets(ctx.config.deviceMaxFixesPerSecond, ctx.config.deviceBurstFixes);
      if (!buckets.take(item.unitId, now())) item.outcome = { status: 'retry', reason: 'rate_limited' };
    },
  };
}
