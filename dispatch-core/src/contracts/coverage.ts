import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoTime, Nullable, Text } from './common.ts';

/** The straight-line drive-time model's parameters (the console words them in the chosen language). */
export const StraightLineModelInfo = Type.Object({
  kind: Type.Literal('straight_line'),
  detourFactor: Type.Number(),
  urbanKmh: Type.Number(),
  ruralKmh: Type.Number(),
  startSeconds: Type.Number(),
});
export type StraightLineModelInfo = Static<typeof StraightLineModelInfo>;

/** Which drive-time model is in use, as data (`model` is the same in English, for logs and the API). */
export const EtaModelInfo = Type.Union([
  StraightLineModelInfo,
  Type.Object({
    kind: Type.Literal('road_network'),
    nodes: Type.Integer(),
    offNetworkKmh: Type.Number(),
    maxSnapM: Type.Number(),
    startSeconds: Type.Number(),
    /** Used beyond `maxSnapM` of any road and where no path exists. */
    fallback: StraightLineModelInfo,
  }),
]);
export type EtaModelInfo = Static<typeof EtaModelInfo>;

/** Live coverage (GET /api/coverage and the `sys.coverage` WebSocket frame). */
const Share = Type.Number({ minimum: 0, maximum: 1 });
export const CoverageReportSchema = Type.Object({
  computedAt: Type.String({ format: 'date-time' }),
  /** Milliseconds the last recomputation took (drive times + coverage + move-up). */
  computeMs: Type.Number(),
  /** What triggered it: a request, a unit's status, positions, or a periodic refresh. */
  trigger: Type.String(),
  model: Type.String(),
  modelInfo: EtaModelInfo,
  targets: Type.Object({ urbanSeconds: Type.Number(), ruralSeconds: Type.Number() }),
  /** Below this population share a move-up is suggested. */
  goalPopulationShare: Share,
  availableUnits: Type.Integer(),
  populationShare: Share,
  areaShare: Share,
  population: Type.Number(),
  coveredPopulation: Type.Number(),
  areaKm2: Type.Number(),
  coveredAreaKm2: Type.Number(),
  byTownship: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      populationShare: Share,
      areaShare: Share,
      population: Type.Number(),
      coveredPopulation: Type.Number(),
    }),
  ),
  /** Grid cells for area coverage: the square [i·gridDeg, (i+1)·gridDeg] × [j·gridDeg, (j+1)·gridDeg]. */
  gridDeg: Type.Number(),
  cells: Type.Array(
    Type.Object({
      i: Type.Integer(),
      j: Type.Integer(),
      covered: Type.Boolean(),
      etaSeconds: Nullable(Type.Number()),
    }),
  ),
  villages: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      population: Type.Number(),
      covered: Type.Boolean(),
      etaSeconds: Nullable(Type.Number()),
    }),
  ),
  uncovered: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('village'), Type.Literal('cell')]),
      name: Nullable(Type.String()),
      lon: Type.Number(),
      lat: Type.Number(),
      etaSeconds: Nullable(Type.Number()),
    }),
  ),
  /** Accepted move-up orders still open (the unit is on its way): shown instead of being suggested again. */
  pendingMoves: Type.Array(
    Type.Object({
      relocationId: Id,
      unitId: Id,
      callSign: Type.String(),
      stationId: Id,
      stationName: Type.String(),
      orderedAt: IsoTime,
      acknowledgedAt: Nullable(IsoTime),
    }),
  ),
  moveUp: Nullable(
    Type.Object({
      unitId: Type.Integer(),
      callSign: Type.String(),
      stationId: Type.Integer(),
      stationName: Type.String(),
      gainPopulation: Type.Number(),
      populationShareAfter: Share,
      explanation: Type.String(),
    }),
  ),
});
export type CoverageReport = Static<typeof CoverageReportSchema>;

/** POST /api/units/:id/relocate: post an available unit at a station (accepting a move-up suggestion). */
export const RelocateBody = Type.Object(
  {
    stationId: Id,
    /** The suggestion's expected gain, recorded with the order (omit when not from a suggestion). */
    expectedGainPopulation: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type RelocateBody = Static<typeof RelocateBody>;

export const RELOCATION_END_REASONS = ['arrived', 'dispatched', 'unavailable', 'superseded', 'cancelled'] as const;
/** Why a move-up order ended: at the station, sent to an incident, taken out of service, posted elsewhere, cancelled. */
export const RelocationEndReason = Type.Union(RELOCATION_END_REASONS.map((r) => Type.Literal(r)));
export type RelocationEndReason = (typeof RELOCATION_END_REASONS)[number];

export const RelocationView = Type.Object({
  id: Id,
  unitId: Id,
  stationId: Id,
  stationName: Type.String(),
  orderedAt: IsoTime,
  actor: Nullable(Type.String()),
  expectedGainPopulation: Nullable(Type.Integer()),
  /** When the crew acknowledged the order on its tablet (or a dispatcher did for them). */
  acknowledgedAt: Nullable(IsoTime),
  acknowledgedBy: Nullable(Type.String()),
  endedAt: Nullable(IsoTime),
  endReason: Nullable(RelocationEndReason),
  endedBy: Nullable(Type.String()),
});
export type RelocationView = Static<typeof RelocationView>;

/** POST /api/units/:id/relocation/{acknowledge,arrived,cancel}: acts on the unit's open move-up order. */
export const RelocationActionBody = Type.Object(
  { reason: Type.Optional(Text({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);
export type RelocationActionBody = Static<typeof RelocationActionBody>;
