import { drop, type ItemStep } from '../step.ts';

/** Fixes from the future (beyond `maxFutureMs` after receipt) or before `minFixTimeMs` are dropped. */
export function timeSanityStep(): ItemStep {
  return {
    kind: 'item',
    name: 'time-sanity',
    onError: 'pass',
    process(item, ctx) {
      const t = item.fixAtMs;
      if (!Number.isFinite(t) || t < ctx.config.minFixTimeMs) drop(item, 'absurd_time');
      else if (t > ctx.meta.receivedAt.getTime() + ctx.config.maxFutureMs) drop(item, 'future_time');
    },
  };
}
