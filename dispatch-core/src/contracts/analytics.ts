import { Type, type Static } from '@sinclair/typebox';
import { STAMPS } from '../domain/analytics.ts';
import { Id, IsoTime, Nullable, literalUnion } from './common.ts';

/** `from..to` or `from..to@seconds` over the stamps of `domain/analytics.ts` (checked there, with reasons). */
const DefinitionText = Type.String({
  maxLength: 60,
  description: `an interval definition "from..to" or "from..to@targetSeconds"; stamps: ${STAMPS.join(', ')}`,
});

const Range = {
  from: Type.String({ format: 'date-time', description: 'start (inclusive), ISO-8601 instant' }),
  to: Type.String({ format: 'date-time', description: 'end (exclusive), ISO-8601 instant' }),
};
const DefinitionOverrides = {
  callToDispatch: Type.Optional(DefinitionText),
  dispatchToEnRoute: Type.Optional(DefinitionText),
  enRouteToScene: Type.Optional(DefinitionText),
  total: Type.Optional(DefinitionText),
};

export const GROUP_BY = ['day', 'township', 'priority'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const AnalyticsSummaryQuery = Type.Object(
  {
    ...Range,
    groupBy: Type.Optional(literalUnion(GROUP_BY, 'Asia/Shanghai calendar day, township of the incident, or priority')),
    ...DefinitionOverrides,
  },
  { additionalProperties: false },
);
export type AnalyticsSummaryQuery = Static<typeof AnalyticsSummaryQuery>;

export const AnalyticsRunsQuery = Type.Object({ ...Range, ...DefinitionOverrides }, { additionalProperties: false });
export type AnalyticsRunsQuery = Static<typeof AnalyticsRunsQuery>;

const StampSchema = literalUnion(STAMPS);
export const IntervalDefinitionView = Type.Object({
  from: StampSchema,
  to: StampSchema,
  targetSeconds: Type.Number(),
});

const Seconds = Nullable(Type.Number());
export const IntervalStatsView = Type.Object({
  count: Type.Integer({ description: 'incidents whose responding run has both stamps' }),
  median: Seconds,
  p90: Seconds,
  mean: Seconds,
  withinTarget: Type.Integer(),
  shareWithinTarget: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
});
export type IntervalStatsView = Static<typeof IntervalStatsView>;

const intervalsOf = <T extends typeof IntervalStatsView | typeof IntervalDefinitionView>(t: T) =>
  Type.Object({ callToDispatch: t, dispatchToEnRoute: t, enRouteToScene: t, total: t });

export const AnalyticsGroup = Type.Object({
  /** YYYY-MM-DD, a township code ('' when the point is outside every township), or '1'…'4'; null: all. */
  key: Nullable(Type.String()),
  label: Type.String(),
  volumes: Type.Object({
    incidents: Type.Integer(),
    runs: Type.Integer(),
    cancelledIncidents: Type.Integer(),
    transported: Type.Integer(),
  }),
  intervals: intervalsOf(IntervalStatsView),
  national: Type.Object({
    /** 3分钟出车率: runs leaving ≤ 180 s after the command (dispatchToEnRoute definition) / runs that left. */
    departureRate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    departures: Type.Integer(),
    departuresWithin180s: Type.Integer(),
    departureRateTarget: Type.Number(),
    meetsDepartureTarget: Nullable(Type.Boolean()),
    /** 平均反应时间 受理→到达现场 (the `total` definition), mean in seconds. */
    averageResponseSeconds: Seconds,
    responses: Type.Integer(),
  }),
  /** Runs that ended without transport, by outcome: 病人不去, 车到人走, 死亡不送. */
  emptyRuns: Type.Object({
    declined: Type.Integer(),
    gone_on_arrival: Type.Integer(),
    deceased: Type.Integer(),
    total: Type.Integer(),
  }),
});
export type AnalyticsGroup = Static<typeof AnalyticsGroup>;

export const AnalyticsSummary = Type.Object({
  from: IsoTime,
  to: IsoTime,
  groupBy: literalUnion(GROUP_BY),
  timeZone: Type.Literal('Asia/Shanghai'),
  percentile: Type.String({ description: 'how median and p90 are computed' }),
  definitions: intervalsOf(IntervalDefinitionView),
  overall: AnalyticsGroup,
  groups: Type.Array(AnalyticsGroup),
});
export type AnalyticsSummary = Static<typeof AnalyticsSummary>;

// ─── Replay ────────────────────────────────────────────────────────────────────────────────────────────
/** [epoch ms, lon, lat, speed km/h | null, heading ° | null] — compact, a track has up to thousands. */
// A type array, not anyOf: fast-json-stringify mis-serialises anyOf inside tuple items.
const NumberOrNull = Type.Unsafe<number | null>({ type: ['number', 'null'] });
export const TrackPoint = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), NumberOrNull, NumberOrNull]);
export type TrackPoint = Static<typeof TrackPoint>;

export const ReplayTrack = Type.Object({
  unitId: Id,
  callSign: Type.String(),
  assignmentId: Nullable(Id),
  from: IsoTime,
  to: IsoTime,
  /** Valid fixes in the window before thinning; `points.length` < this when decimated. */
  fixes: Type.Integer(),
  points: Type.Array(TrackPoint),
});
export type ReplayTrack = Static<typeof ReplayTrack>;

export const ReplayStatusChange = Type.Object({
  unitId: Id,
  from: Type.String(),
  to: Type.String(),
  source: Type.String(),
  at: IsoTime,
  assignmentId: Nullable(Id),
  incidentId: Nullable(Id),
});
export type ReplayStatusChange = Static<typeof ReplayStatusChange>;

export const ReplayIncident = Type.Object({
  id: Id,
  priority: Type.Integer(),
  complaint: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  callReceivedAt: IsoTime,
  endedAt: Nullable(IsoTime),
});
export type ReplayIncident = Static<typeof ReplayIncident>;

export const ReplayUnitStart = Type.Object({ unitId: Id, callSign: Type.String(), status: Type.String() });

export const IncidentReplay = Type.Object({
  incident: ReplayIncident,
  from: IsoTime,
  to: IsoTime,
  maxPointsPerTrack: Type.Integer(),
  tracks: Type.Array(ReplayTrack),
  statusChanges: Type.Array(ReplayStatusChange),
  timeline: Type.Array(
    Type.Object({ seq: Type.Integer(), type: Type.String(), at: IsoTime, actor: Nullable(Type.String()) }),
  ),
});
export type IncidentReplay = Static<typeof IncidentReplay>;

export const CountyReplayQuery = Type.Object({ from: Range.from, to: Range.to }, { additionalProperties: false });
export type CountyReplayQuery = Static<typeof CountyReplayQuery>;

export const CountyReplay = Type.Object({
  from: IsoTime,
  to: IsoTime,
  maxPointsPerTrack: Type.Integer(),
  /** Each unit's status at `from` (its last change before, or its current status if it never changed). */
  unitsAtStart: Type.Array(ReplayUnitStart),
  tracks: Type.Array(ReplayTrack),
  statusChanges: Type.Array(ReplayStatusChange),
  incidents: Type.Array(ReplayIncident),
});
export type CountyReplay = Static<typeof CountyReplay>;
