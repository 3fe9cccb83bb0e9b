import { FIX_FIELDS, fixFieldError } from '../../protocols/common/numbers.ts';
import type { ItemStep } from '../step.ts';

/**
 * Speed, heading, altitude and accuracy outside `FIX_FIELD_BOUNDS` (an OsmAnd `speed=1e9`, a JT/T 808 altitude
 * of -32768): the field is dropped — not stored, not shown — and counted (`ingest_fields_dropped_total{field}`);
 * the position itself is kept, since its coordinates and time passed their own checks. The JSON batch refuses
 * such items already in its decoder.
 */
export function fieldBoundsStep(): ItemStep {
  return {
    kind: 'item',
    name: 'field-bounds',
    onError: 'pass',
    process(item, ctx) {
      for (const field of FIX_FIELDS) {
        const v = item.decoded[field];
        if (v === undefined || fixFieldError(field, v) === undefined) continue;
        (item.omit ??= new Set()).add(field);
        ctx.metrics.inc('ingest_fields_dropped_total', { field });
      }
    },
  };
}
