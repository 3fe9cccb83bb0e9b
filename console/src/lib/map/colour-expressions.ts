import type { ExpressionSpecification } from 'maplibre-gl';
import { PRIORITY_COLOURS, STATUS_COLOURS } from '../domain/palette.ts';

/** Fallback for a value the palette does not know (a newer server's status, say). */
const UNKNOWN = '#607d8b';

/** MapLibre `match` on a feature's `status` property → the unit-status palette (board, replay). */
export const statusColourExpression = [
  'match',
  ['get', 'status'],
  ...Object.entries(STATUS_COLOURS).flat(),
  UNKNOWN,
] as unknown as ExpressionSpecification;

/** MapLibre `match` on a feature's numeric `priority` property → the priority palette (board, replay). */
export const priorityColourExpression = [
  'match',
  ['get', 'priority'],
  ...Object.entries(PRIORITY_COLOURS).flatMap(([p, c]) => [Number(p), c]),
  UNKNOWN,
] as unknown as ExpressionSpecification;
