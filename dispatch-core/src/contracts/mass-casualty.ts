import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoTime, Nullable } from './common.ts';
import { Recommendation } from './api.ts';

/** The dispatcher's triage of the patients (检伤分类): 危重 red, 重症 yellow, 轻症 green. */
export const Triage = Type.Object(
  {
    /** 危重: each needs a monitoring (监护型) / ALS unit of its own. */
    critical: Type.Integer({ minimum: 0, maximum: 500 }),
    /** 重症: one stretcher, one ambulance each. */
    serious: Type.Integer({ minimum: 0, maximum: 500 }),
    /** 轻症: up to three seated per ambulance. */
    minor: Type.Integer({ minimum: 0, maximum: 500 }),
  },
  { additionalProperties: false },
);
export type Triage = Static<typeof Triage>;

/** GET /api/incidents/:id/mass-casualty?critical&serious&minor — absent: from the incident's patients. */
export const MassCasualtyQuery = Type.Partial(Triage, { additionalProperties: false });
export type MassCasualtyQuery = Static<typeof MassCasualtyQuery>;

/** One recommended unit and what it is for. */
export const MassCasualtyPick = Type.Object({
  recommendation: Recommendation,
  /** The patients it covers: critical (ALS), serious, minor. */
  covers: Type.Union([Type.Literal('critical'), Type.Literal('serious'), Type.Literal('minor')]),
  patients: Type.Integer(),
});
export type MassCasualtyPick = Static<typeof MassCasualtyPick>;

export const Coverage = Type.Object({ critical: Type.Integer(), serious: Type.Integer(), minor: Type.Integer() });

/** What the incident has: sent (active runs) and on scene. */
export const MassCasualtyStatus = Type.Object({
  /** Units needed for the triage (critical + serious + ⌈minor / 3⌉). */
  unitsNeeded: Type.Integer(),
  /** Units of the last one-action request (0 without one). */
  unitsRequested: Type.Integer(),
  /** Active runs on the incident (any unit sent, by this request or one at a time). */
  unitsSent: Type.Integer(),
  /** Of those, on scene or later (到达现场 …). */
  unitsOnScene: Type.Integer(),
});
export type MassCasualtyStatus = Static<typeof MassCasualtyStatus>;

/** The mass-casualty view of an incident: the triage, the set of units recommended, and what was sent. */
export const MassCasualtyPlan = Type.Object({
  incidentId: Id,
  patients: Type.Integer(),
  threshold: Type.Integer(),
  /** patients ≥ MASS_CASUALTY_THRESHOLD (or a triage totalling that many). */
  massCasualty: Type.Boolean(),
  triage: Triage,
  /** Patients covered by units already on the incident (their capacity counts first). */
  coveredByActive: Coverage,
  /** Recommended additional units, nearest first within each need. */
  picks: Type.Array(MassCasualtyPick),
  /** Patients no available unit covers (the county must call for help, 请求支援). */
  shortfall: Coverage,
  status: MassCasualtyStatus,
});
export type MassCasualtyPlan = Static<typeof MassCasualtyPlan>;

/** POST /api/incidents/:id/mass-casualty — send the confirmed set in one action. */
export const MassCasualtyDispatchBody = Type.Object(
  {
    triage: Triage,
    /** The units the dispatcher confirmed (from the plan). */
    unitIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type MassCasualtyDispatchBody = Static<typeof MassCasualtyDispatchBody>;

export const MassCasualtyRequestView = Type.Object({
  id: Id,
  incidentId: Id,
  triage: Triage,
  unitsNeeded: Type.Integer(),
  requestedUnitIds: Type.Array(Id),
  sentUnitIds: Type.Array(Id),
  requestedAt: IsoTime,
  requestedBy: Nullable(Id),
});
export type MassCasualtyRequestView = Static<typeof MassCasualtyRequestView>;

export const MassCasualtyDispatchResult = Type.Object({
  request: MassCasualtyRequestView,
  /** Units that another dispatcher took meanwhile (or that became unavailable): each with the refusal's code. */
  refused: Type.Array(Type.Object({ unitId: Id, code: Type.String(), message: Type.String() })),
  status: MassCasualtyStatus,
});
export type MassCasualtyDispatchResult = Static<typeof MassCasualtyDispatchResult>;
