import type { PipelineStep } from '../step.ts';
import { authenticateStep } from './authenticate.ts';
import { coordinatesStep } from './coordinates.ts';
import { datumStep } from './datum.ts';
import { deviceRateStep } from './device-rate.ts';
import { dedupeStep } from './dedupe.ts';
import { fieldBoundsStep } from './field-bounds.ts';
import { invalidFixStep } from './invalid-fix.ts';
import { jumpStep } from './jump.ts';
import { lateStep } from './late.ts';
import { orderStep } from './order.ts';
import { rememberStep } from './remember.ts';
import { timeSanityStep } from './time-sanity.ts';
import { unitStateStep } from './unit-state.ts';

/**
 * The pipeline, in order. Each step is small and isolated; reorder or remove here. Stateless checks come first
 * (cheap, and they keep garbage out of the unit tracks); the stateful ones run last, item by item in fix-time
 * order, after the only asynchronous lookups.
 */
export function defaultSteps(): PipelineStep[] {
  return [
    authenticateStep(),
    deviceRateStep(),
    timeSanityStep(),
    coordinatesStep(),
    fieldBoundsStep(),
    invalidFixStep(),
    datumStep(),
    orderStep(),
    unitStateStep(),
    dedupeStep(),
    lateStep(),
    jumpStep(),
    rememberStep(),
  ];
}

export {
  authenticateStep,
  coordinatesStep,
  datumStep,
  dedupeStep,
  deviceRateStep,
  fieldBoundsStep,
  invalidFixStep,
  jumpStep,
  lateStep,
  orderStep,
  rememberStep,
  timeSanityStep,
  unitStateStep,
};
