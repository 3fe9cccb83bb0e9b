import { Type, type Static } from '@sinclair/typebox';
import { HOSPITAL_CAPABILITIES, RUN_OUTCOMES, UNIT_CAPABILITIES } from '@c120/shared/vocabulary';
import { Id, IsoTime, LonLat, Nullable, Text, literalUnion } from './common.ts';
import {
  AssignmentView,
  CloseReasonSchema,
  HospitalView,
  IncidentView,
  StationView,
  StatusChangeView,
  UnitKindSchema,
  UnitStatusSchema,
  UnitView,
} from './views.ts';

/** GET /api/state — everything a console needs at load, consistent with event `seq` (apply events after it). */
export const StateSnapshot = Type.Object({
  seq: Type.Integer({ minimum: 0 }),
  serverTime: IsoTime,
  units: Type.Array(UnitView),
  /** Every incident not closed or cancelled, plus those that ended in the last 12 hours. */
  incidents: Type.Array(IncidentView),
  stations: Type.Array(StationView),
  hospitals: Type.Array(HospitalView),
  staleAfterSeconds: Type.Integer(),
  /** "No unit yet" alarm thresholds, seconds, for priority 1–4 (WAIT_ALARM_SECONDS). */
  waitAlarmSeconds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 4, maxItems: 4 }),
  /** A crew reporting 到达现场 further than this from the scene is asked to confirm (0: never). */
  sceneConfirmDistanceM: Type.Integer(),
});
export type StateSnapshot = Static<typeof StateSnapshot>;

/** POST /api/incidents */
export const CreateIncidentBody = Type.Object(
  {
    /** A map point, or a gazetteer place (its point is used when `location` is absent). */
    location: Type.Optional(LonLat),
    placeId: Type.Optional(Id),
    address: Type.Optional(Text({ maxLength: 200 })),
    callerPhone: Type.Optional(Type.String({ maxLength: 32, pattern: '^[0-9+\\- ]*$' })),
    callerName: Type.Optional(Text({ maxLength: 50 })),
    complaint: Text({ minLength: 1, maxLength: 500, multiline: true }),
    priority: Type.Integer({ minimum: 1, maximum: 4, description: '1 = life-threatening … 4 = non-urgent' }),
    patients: Type.Optional(Type.Integer({ minimum: 0, maximum: 500 })),
    infectious: Type.Optional(Type.Boolean()),
    requiredCapabilities: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
    notes: Type.Optional(Text({ maxLength: 2000, multiline: true })),
    /** When the call was answered, if earlier than now (call-taking software may post later). */
    callReceivedAt: Type.Optional(IsoTime),
    /** The PBX call it was taken from (来电弹屏): linked to the incident, its answer time becomes 受理. */
    callId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateIncidentBody = Static<typeof CreateIncidentBody>;

/** PATCH /api/incidents/:id */
export const UpdateIncidentBody = Type.Partial(
  Type.Object(
    {
      location: LonLat,
      /** A new gazetteer place (its point is used unless `location` is given), or null to drop the place. */
      placeId: Nullable(Id),
      address: Text({ maxLength: 200 }),
      callerPhone: Type.String({ maxLength: 32, pattern: '^[0-9+\\- ]*$' }),
      callerName: Text({ maxLength: 50 }),
      complaint: Text({ minLength: 1, maxLength: 500, multiline: true }),
      priority: Type.Integer({ minimum: 1, maximum: 4 }),
      patients: Type.Integer({ minimum: 0, maximum: 500 }),
      infectious: Type.Boolean(),
      requiredCapabilities: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }),
      notes: Text({ maxLength: 2000, multiline: true }),
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateIncidentBody = Static<typeof UpdateIncidentBody>;

export const CancelIncidentBody = Type.Object(
  { reason: Text({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type CancelIncidentBody = Static<typeof CancelIncidentBody>;

/** POST /api/incidents/:id/close — a reason is required when no run reached the scene (422 otherwise). */
export const CloseIncidentBody = Type.Object(
  {
    reason: Type.Optional(CloseReasonSchema),
    /** Required with `other`; free text with any reason. */
    reasonText: Type.Optional(Text({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CloseIncidentBody = Static<typeof CloseIncidentBody>;

/** POST /api/incidents/:id/notes */
export const AddNoteBody = Type.Object(
  { body: Text({ minLength: 1, maxLength: 2000, multiline: true }) },
  { additionalProperties: false },
);
export type AddNoteBody = Static<typeof AddNoteBody>;

export const IncidentListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('ended'), Type.Literal('all')])),
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    since: Type.Optional(IsoTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type IncidentListQuery = Static<typeof IncidentListQuery>;

/** Derived response intervals, seconds; null until both ends exist. */
export const ResponseIntervals = Type.Object({
  callToDispatch: Nullable(Type.Number()),
  dispatchToEnRoute: Nullable(Type.Number()),
  enRouteToScene: Nullable(Type.Number()),
  callToScene: Nullable(Type.Number()),
  sceneToHospital: Nullable(Type.Number()),
  total: Nullable(Type.Number()),
});
export type ResponseIntervals = Static<typeof ResponseIntervals>;

export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: IsoTime,
  actor: Nullable(Type.String()),
  /** The display name of a user actor (the console shows it, never "user:1"); null for other actors. */
  actorName: Nullable(Type.String()),
  summary: Type.Unknown(),
});

/** GET /api/incidents/:id */
export const IncidentDetail = Type.Object({
  incident: IncidentView,
  intervals: ResponseIntervals,
  statusChanges: Type.Array(StatusChangeView),
  timeline: Type.Array(TimelineEntry),
});
export type IncidentDetail = Static<typeof IncidentDetail>;

/** GET /api/incidents/:id/recommendations */
export const Recommendation = Type.Object({
  unit: UnitView,
  distanceM: Type.Number({ description: 'straight-line distance' }),
  etaSeconds: Type.Number({ description: 'estimated drive time' }),
  /** The unit's position is older than the staleness limit: ranked down, shown with a warning. */
  stale: Type.Boolean(),
  /** Has every required capability and the preferred kind for the priority. */
  preferred: Type.Boolean(),
  reasons: Type.Array(Type.String({ description: 'machine-readable reason codes, e.g. stale_position, not_als' })),
});
export type Recommendation = Static<typeof Recommendation>;
/**
 * Dual dispatch (双车): a life-threatening call whose fastest unit is not a monitoring ambulance gets the nearest
 * monitoring (监护型) ambulance named as well, with how much later it would arrive (rule in DESIGN-NOTES).
 */
export const DualDispatch = Type.Object({
  /** The top-ranked unit (sent first) and its ETA. */
  firstUnitId: Id,
  firstEtaSeconds: Type.Number(),
  /** The nearest available monitoring ambulance with the incident's required capabilities. */
  monitoring: Recommendation,
  /** How much later the monitoring ambulance arrives than the first unit, seconds. */
  differenceSeconds: Type.Number(),
});
export type DualDispatch = Static<typeof DualDispatch>;
export const RecommendationList = Type.Object({
  incidentId: Id,
  requiredCapabilities: Type.Array(Type.String()),
  etaModel: Type.String(),
  recommendations: Type.Array(Recommendation),
  /** Present when the dual-dispatch rule applies (null otherwise, and when not asked for). */
  dualDispatch: Nullable(DualDispatch),
});
export type RecommendationList = Static<typeof RecommendationList>;

/** POST /api/incidents/:id/assignments (header Idempotency-Key recommended) */
export const CreateAssignmentBody = Type.Object(
  {
    unitId: Type.Union([Id, Type.Literal('nearest')]),
    /** Reassign: end this active assignment of the incident (outcome "reassigned") in the same transaction. */
    replacesAssignmentId: Type.Optional(Id),
    /**
     * 加派: a further unit for an incident that already has one on it. Without it, such a request is refused
     * (409 `incident_has_active_run`), so a repeated key press can never send a second ambulance silently.
     */
    additional: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Text({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CreateAssignmentBody = Static<typeof CreateAssignmentBody>;

export const AssignmentResult = Type.Object({
  assignment: AssignmentView,
  incident: IncidentView,
  unit: UnitView,
});
export type AssignmentResult = Static<typeof AssignmentResult>;

/** POST /api/assignments/:id/cancel */
export const CancelAssignmentBody = Type.Object(
  { reason: Text({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** POST /api/units/:id/status */
export const ChangeUnitStatusBody = Type.Object(
  {
    status: UnitStatusSchema,
    source: Type.Optional(literalUnion(['console', 'crew'] as const)),
    /** For on_scene → returning without transport: declined (病人不去), gone_on_arrival (车到人走), deceased (死亡不送). */
    outcome: Type.Optional(literalUnion(RUN_OUTCOMES)),
    destinationHospitalId: Type.Optional(Id),
    reason: Type.Optional(Text({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ChangeUnitStatusBody = Static<typeof ChangeUnitStatusBody>;

export const UnitStatusResult = Type.Object({ unit: UnitView, change: StatusChangeView });

/** GET /api/places/search?q= — villages, communities, landmarks, townships; Chinese, pinyin or initials. */
export const PlaceSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 50 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);
export const PlaceHit = Type.Object({
  id: Nullable(Id),
  kind: Type.String(),
  code: Type.String(),
  name: Type.String(),
  townshipCode: Nullable(Type.String()),
  townshipName: Nullable(Type.String()),
  location: LonLat,
});
export type PlaceHit = Static<typeof PlaceHit>;

/** GET /api/incidents/:id/hospitals — destination suggestions by the national rule. */
export const HospitalSuggestionList = Type.Object({
  incidentId: Id,
  neededSpecialties: Type.Array(Type.String()),
  suggestions: Type.Array(
    Type.Object({
      hospital: HospitalView,
      distanceM: Type.Number(),
      etaSeconds: Type.Number(),
      missingSpecialties: Type.Array(Type.String()),
    }),
  ),
});
export type HospitalSuggestionList = Static<typeof HospitalSuggestionList>;

export const HospitalSuggestionQuery = Type.Object(
  { specialty: Type.Optional(Type.Array(literalUnion(HOSPITAL_CAPABILITIES), { maxItems: 9 })) },
  { additionalProperties: false },
);

/** PUT /api/incidents/:id/destination */
export const ChooseDestinationBody = Type.Object(
  {
    hospitalId: Id,
    /** Required when not the first suggestion: 患者意愿, 专科满床 … */
    reason: Type.Optional(Text({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ChooseDestinationBody = Static<typeof ChooseDestinationBody>;

/** POST /api/units (admin) */
export const CreateUnitBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
    callSign: Text({ minLength: 1, maxLength: 40 }),
    plate: Type.Optional(Text({ maxLength: 20 })),
    kind: UnitKindSchema,
    capabilities: Type.Array(literalUnion(UNIT_CAPABILITIES), { maxItems: 12, uniqueItems: true }),
    stationId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateUnitBody = Static<typeof CreateUnitBody>;

/** PATCH /api/units/:id (admin) — descriptive fields only; status changes go through /status. */
export const UpdateUnitBody = Type.Partial(
  Type.Object(
    {
      callSign: Text({ minLength: 1, maxLength: 40 }),
      plate: Text({ maxLength: 20 }),
      kind: UnitKindSchema,
      capabilities: Type.Array(literalUnion(UNIT_CAPABILITIES), { maxItems: 12, uniqueItems: true }),
      stationId: Id,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUnitBody = Static<typeof UpdateUnitBody>;

/** GET /api/units/:id/crew — who is on the unit (its crew accounts), for the board's unit card. */
export const UnitCrew = Type.Object({
  unitId: Id,
  crew: Type.Array(
    Type.Object({
      userId: Id,
      displayName: Type.String(),
      username: Type.String(),
      /** Has a live session (the tablet is signed in). */
      signedIn: Type.Boolean(),
    }),
  ),
});
export type UnitCrew = Static<typeof UnitCrew>;
