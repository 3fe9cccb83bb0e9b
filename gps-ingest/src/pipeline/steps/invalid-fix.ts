import { drop, type ItemStep } from '../step.ts';

/** With `invalidFixes: 'drop'`, fixes without a GNSS lock are discarded; by default they stay as history. */
export function invalidFixStep(): ItemStep {
  return {
    kind: 'item',
    name: 'invalid-fix',
    onError: 'pass',
    process(item, ctx) {
      if (!item.valid && ctx.config.invalidFixes === 'drop') drop(item, 'invalid_fix');
    },
  };
}
