import { Type, type Static } from '@sinclair/typebox';
import {
  ROUND_ARRIVAL_SOURCES,
  ROUND_PURPOSES,
  ROUND_STATUSES,
  TRANSFER_NEEDS,
  TRANSFER_STATUSES,
} from '@c120/shared/vocabulary';
import { Id, IsoTime, LonLat, Nullable, NullableTime, literalUnion } from './common.ts';

/** Village rounds (巡诊) and booked transfers (预约转运 / 双向转诊): request and view shapes. */
export const RoundPurposeSchema = literalUnion(ROUND_PURPOSES, '健康体检, 慢病随访, 疫苗接种, 采样, 筛查, 远程会诊');
export const RoundStatusSchema = literalUnion(ROUND_STATUSES);
export const TransferNeedSchema = literalUnion(TRANSFER_NEEDS, '负压, 监护, 担架, 陪护');
export const TransferStatusSchema = literalUnion(TRANSFER_STATUSES);
const DateOnly = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Asia/Shanghai calendar day' });
const TownshipCode = Type.String({ pattern: '^[0-9]{9}$' });

/** People served at a stop, per service type (the purposes). */
export const ServedCounts = Type.Partial(
  Type.Object(
    Object.fromEntries(ROUND_PURPOSES.map((p) => [p, Type.Integer({ minimum: 0, maximum: 10_000 })])) as Record<
      (typeof ROUND_PURPOSES)[number],
      ReturnType<typeof Type.Integer>
    >,
  ),
  { additionalProperties: false, description: 'people served per service type' },
);
export type ServedCounts = Static<typeof ServedCounts>;

/**
 * Where a stop stands: `pending` (not reached yet), `arrived` (the vehicle is there), `visited` (it left, or the
 * crew recorded the visit), `missed` (a later stop was reached, or the round ended, without arriving here).
 */
export const StopStateSchema = literalUnion(['pending', 'arrived', 'visited', 'missed'] as const);

export const RoundStopView = Type.Object({
  id: Id,
  seq: Type.Integer({ minimum: 1 }),
  placeId: Id,
  placeName: Type.String(),
  townshipCode: Nullable(Type.String()),
  location: LonLat,
  purpose: RoundPurposeSchema,
  /** false: the vehicle dwelt at a village that was not on the plan (recorded by its GPS). */
  planned: Type.Boolean(),
  plannedAt: NullableTime,
  arrivedAt: NullableTime,
  departedAt: NullableTime,
  arrivalSource: Nullable(literalUnion(ROUND_ARRIVAL_SOURCES)),
  state: StopStateSchema,
  served: Type.Record(Type.String(), Type.Integer()),
  remoteConsultations: Type.Integer(),
  recordedBy: Nullable(Type.String()),
  recordedAt: NullableTime,
});
export type RoundStopView = Static<typeof RoundStopView>;

/** The gap in a round: its vehicle was taken for an emergency. */
export const RoundDiversionView = Type.Object({ incidentId: Id, startedAt: IsoTime, endedAt: NullableTime });

export const RoundView = Type.Object({
  id: Id,
  unitId: Id,
  unitCallSign: Type.String(),
  townshipCode: Type.String(),
  townshipName: Type.String(),
  date: DateOnly,
  status: RoundStatusSchema,
  team: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: IsoTime,
  startedAt: NullableTime,
  endedAt: NullableTime,
  stops: Type.Array(RoundStopView),
  diversions: Type.Array(RoundDiversionView),
});
export type RoundView = Static<typeof RoundView>;

export const PlanStop = Type.Object(
  {
    placeId: Id,
    purpose: RoundPurposeSchema,
    /** Planned arrival; computed from `startAt` and drive times when absent. */
    plannedAt: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);

/** POST /api/rounds */
export const PlanRoundBody = Type.Object(
  {
    unitId: Id,
    date: DateOnly,
    stops: Type.Array(PlanStop, { minItems: 1, maxItems: 30 }),
    /** Leave the first stop at this time; planned times follow from drive times and `serviceMinutes`. */
    startAt: Type.Optional(IsoTime),
    /** Minutes spent at each stop (default 40). */
    serviceMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 480 })),
    /** Reorder the stops by drive time from the vehicle (nearest neighbour, then 2-opt). */
    optimise: Type.Optional(Type.Boolean()),
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    notes: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type PlanRoundBody = Static<typeof PlanRoundBody>;

export const RoundListQuery = Type.Object(
  { date: Type.Optional(DateOnly), townshipCode: Type.Optional(TownshipCode), unitId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type RoundListQuery = Static<typeof RoundListQuery>;

/** POST /api/round-stops/:id/record: the crew confirms, corrects and says what was done. */
export const RecordStopBody = Type.Object(
  {
    arrivedAt: Type.Optional(IsoTime),
    departedAt: Type.Optional(IsoTime),
    served: Type.Optional(ServedCounts),
    remoteConsultations: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RecordStopBody = Static<typeof RecordStopBody>;

/** POST /api/rounds/:id/handover: the rest of the round goes to another vehicle. */
export const HandoverBody = Type.Object({ unitId: Id }, { additionalProperties: false });
export type HandoverBody = Static<typeof HandoverBody>;

// ─── Booked transfers ─────────────────────────────────────────────────────────────────────────────────────

export const TransferView = Type.Object({
  id: Id,
  status: TransferStatusSchema,
  patientName: Type.String(),
  patientNotes: Nullable(Type.String()),
  fromHospitalId: Id,
  fromName: Type.String(),
  toHospitalId: Id,
  toName: Type.String(),
  windowStart: IsoTime,
  windowEnd: IsoTime,
  needs: Type.Array(TransferNeedSchema),
  townshipCode: Nullable(Type.String()),
  unitId: Nullable(Id),
  unitCallSign: Nullable(Type.String()),
  incidentId: Nullable(Id),
  /** The scheduled unit was taken for an emergency: assign another. */
  needsReassignment: Type.Boolean(),
  bookedBy: Nullable(Type.String()),
  createdAt: IsoTime,
  /** Arrival at the pick-up facility (the run's on-scene time), and whether it was within the window. */
  pickedUpAt: NullableTime,
  onTime: Nullable(Type.Boolean()),
});
export type TransferView = Static<typeof TransferView>;

/** POST /api/transfers */
export const BookTransferBody = Type.Object(
  {
    patientName: Type.String({ minLength: 1, maxLength: 100 }),
    patientNotes: Type.Optional(Type.String({ maxLength: 1000 })),
    fromHospitalId: Id,
    toHospitalId: Id,
    windowStart: IsoTime,
    windowEnd: IsoTime,
    needs: Type.Optional(Type.Array(TransferNeedSchema, { uniqueItems: true, maxItems: 4 })),
  },
  { additionalProperties: false },
);
export type BookTransferBody = Static<typeof BookTransferBody>;

export const ScheduleTransferBody = Type.Object({ unitId: Id }, { additionalProperties: false });
export type ScheduleTransferBody = Static<typeof ScheduleTransferBody>;

export const TransferListQuery = Type.Object({ date: Type.Optional(DateOnly) }, { additionalProperties: false });
export type TransferListQuery = Static<typeof TransferListQuery>;

// ─── Village outreach (officials) ─────────────────────────────────────────────────────────────────────────

export const OutreachQuery = Type.Object(
  {
    /** "Not seen" threshold in days (default 30). */
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
    /** Count only visits for this purpose. */
    purpose: Type.Optional(RoundPurposeSchema),
    townshipCode: Type.Optional(TownshipCode),
  },
  { additionalProperties: false },
);
export type OutreachQuery = Static<typeof OutreachQuery>;

export const VillageOutreach = Type.Object({
  placeId: Id,
  name: Type.String(),
  townshipCode: Nullable(Type.String()),
  location: LonLat,
  population: Nullable(Type.Integer()),
  lastVisitAt: NullableTime,
  /** Whole days since the last visit; null: never visited. */
  daysSince: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
});
export type VillageOutreach = Static<typeof VillageOutreach>;

export const TownshipMonthOutreach = Type.Object({
  townshipCode: Type.String(),
  townshipName: Type.String(),
  month: Type.String({ description: 'YYYY-MM (Asia/Shanghai)' }),
  visits: Type.Integer(),
  peopleServed: Type.Integer(),
  remoteConsultations: Type.Integer(),
});

export const OutreachReport = Type.Object({
  days: Type.Integer(),
  purpose: Nullable(RoundPurposeSchema),
  villages: Type.Array(VillageOutreach),
  overdueCount: Type.Integer(),
  byTownshipMonth: Type.Array(TownshipMonthOutreach),
});
export type OutreachReport = Static<typeof OutreachReport>;

/** GET /api/analytics/transfers: booked transfers whose window starts in [from, to). */
export const TransferKpis = Type.Object({
  bookings: Type.Integer(),
  cancelled: Type.Integer(),
  completed: Type.Integer(),
  /** Runs that reached the pick-up facility (their on-scene time). */
  pickedUp: Type.Integer(),
  /** Of those, reached by the end of the booked window. */
  onTime: Type.Integer(),
  /** onTime / pickedUp; null with no pick-up in the range. */
  onTimeRate: Nullable(Type.Number()),
  /** Bookings whose unit was taken for an emergency (flagged, now or before). */
  flagged: Type.Integer(),
});
export type TransferKpis = Static<typeof TransferKpis>;
