import { Type, type Static } from '@sinclair/typebox';
import {
  CALL_EVENTS,
  CALL_LINK_KINDS,
  CALL_LOCATION_SOURCES,
  CALL_STATUSES,
  LOCATION_LINK_SMS_STATUSES,
  type CallLocationSource,
} from '@c120/shared/vocabulary';
import { Id, IsoTime, LonLat, Nullable, NullableTime, literalUnion } from './common.ts';

/** The seam's events: the call's lifecycle, and `location` (a positioning fix of the caller). */
export const TELEPHONY_EVENTS = [...CALL_EVENTS, 'location'] as const;
/** Sources a PBX/CTI gateway may name for a `location` event (`link` is the caller's own browser, not the seam). */
export const SEAM_LOCATION_SOURCES = ['carrier', 'aml', 'handset'] as const satisfies readonly CallLocationSource[];
/** An accuracy radius, metres (the circle drawn on the map). */
export const AccuracyM = Type.Integer({ minimum: 1, maximum: 100_000, description: 'radius, metres' });

/** A caller's number as the PBX gives it: digits, an optional leading +. */
export const CallerNumber = Type.String({ pattern: '^\\+?[0-9]{1,31}$', description: 'digits, optional leading +' });

/** POST /api/telephony/events — one call event from the PBX/CTI gateway. */
export const TelephonyEventBody = Type.Object(
  {
    /** The PBX's call id (Asterisk Uniqueid/Linkedid, FreeSWITCH Unique-ID); with `event`, the idempotency key. */
    callId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$' }),
    event: literalUnion(
      TELEPHONY_EVENTS,
      'ringing, answered (by a seat), ended, abandoned (ended before an answer), location (a fix of the caller)',
    ),
    /** When it happened on the PBX (default: when received). At most 30 s ahead, at most 24 h old. */
    at: Type.Optional(IsoTime),
    /** The caller (with `ringing`; absent: withheld). */
    callerNumber: Type.Optional(CallerNumber),
    /** The trunk / line it came in on. */
    line: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:/@-]+$' })),
    /** With `answered`: the seat / extension that picked up. */
    seat: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._:/@-]+$' })),
    /** With `answered`: the console account signed in at that seat (dispatcher or admin): its board pops the call. */
    username: Type.Optional(Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' })),
    /** With `location`: the caller's position (WGS-84), its accuracy radius and where it came from. */
    location: Type.Optional(LonLat),
    accuracyM: Type.Optional(AccuracyM),
    source: Type.Optional(literalUnion(SEAM_LOCATION_SOURCES, 'carrier (base station), aml, handset')),
  },
  { additionalProperties: false },
);
export type TelephonyEventBody = Static<typeof TelephonyEventBody>;

/** A position of the caller with its accuracy circle: a hint for the dispatcher, never the incident point itself. */
export const CallLocation = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  accuracyM: Type.Integer(),
  source: literalUnion(CALL_LOCATION_SOURCES),
  locatedAt: IsoTime,
  receivedAt: IsoTime,
});
export type CallLocation = Static<typeof CallLocation>;

export const CallView = Type.Object({
  id: Id,
  externalId: Type.String(),
  callerNumber: Nullable(Type.String()),
  line: Nullable(Type.String()),
  status: literalUnion(CALL_STATUSES),
  ringingAt: IsoTime,
  answeredAt: NullableTime,
  answeredByUserId: Nullable(Id),
  answeredByName: Nullable(Type.String()),
  seat: Nullable(Type.String()),
  endedAt: NullableTime,
  /** Ring → answer, seconds (null until answered). */
  ringSeconds: Nullable(Type.Number()),
  incidentId: Nullable(Id),
  linkKind: Nullable(literalUnion(CALL_LINK_KINDS)),
  linkedAt: NullableTime,
  /** The caller's newest position (carrier feed or location link), null when none came. */
  location: Nullable(CallLocation),
});
export type CallView = Static<typeof CallView>;

export const TelephonyEventResult = Type.Object({
  call: CallView,
  /** The same (call id, event) was applied before: nothing changed. */
  duplicate: Type.Boolean(),
});
export type TelephonyEventResult = Static<typeof TelephonyEventResult>;

/** An earlier incident of the caller's number (history, and repeat-call candidates). */
export const CallerIncident = Type.Object({
  id: Id,
  status: Type.String(),
  priority: Type.Integer(),
  complaint: Type.String(),
  address: Nullable(Type.String()),
  callReceivedAt: IsoTime,
  open: Type.Boolean(),
});
export type CallerIncident = Static<typeof CallerIncident>;

/** GET /api/calls/:id/context — what the popup (来电弹屏) shows. */
export const CallContext = Type.Object({
  call: CallView,
  /** The number's earlier calls, newest first (at most 10). */
  earlierCalls: Type.Array(CallView),
  /** Incidents with this caller number, newest first (at most 10). */
  incidents: Type.Array(CallerIncident),
  /** Open incidents created from this number within REPEAT_CALL_WINDOW_MINUTES: attach instead of a second run. */
  repeatOf: Type.Array(CallerIncident),
  /** Open incidents within REPEAT_CALL_RADIUS_M of the caller's position (重复呼救? by place), nearest first. */
  nearby: Type.Array(Type.Intersect([CallerIncident, Type.Object({ distanceM: Type.Integer() })])),
});
export type CallContext = Static<typeof CallContext>;

/** POST /api/calls/:id/attach — the call is about an incident already open (重复呼救). */
export const AttachCallBody = Type.Object({ incidentId: Id }, { additionalProperties: false });
export type AttachCallBody = Static<typeof AttachCallBody>;

export const CallAnalyticsQuery = Type.Object({ from: IsoTime, to: IsoTime }, { additionalProperties: false });
export type CallAnalyticsQuery = Static<typeof CallAnalyticsQuery>;

/** GET /api/analytics/calls — the phone line's indicators for calls that rang in [from, to). */
export const CallAnalytics = Type.Object({
  from: IsoTime,
  to: IsoTime,
  /** Calls that rang and whose outcome is known (answered, abandoned, or ringing longer than 10 s). */
  offered: Type.Integer(),
  answered: Type.Integer(),
  answeredWithin10s: Type.Integer(),
  /** answeredWithin10s / offered (null with no call); the national target is 0.95. */
  answerRate10s: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  answerRateTarget: Type.Number(),
  /** Ended before anyone answered. */
  abandoned: Type.Integer(),
  ringToAnswerP50: Nullable(Type.Number()),
  ringToAnswerP90: Nullable(Type.Number()),
  /** Answer → first unit dispatched, for incidents created from a call, seconds. */
  answerToDispatchP50: Nullable(Type.Number()),
  answerToDispatchCount: Type.Integer(),
  /** Calls attached to an incident already open (重复呼救). */
  repeatCalls: Type.Integer(),
});
export type CallAnalytics = Static<typeof CallAnalytics>;

/** POST /api/calls/:id/location-link — a one-time link for the caller's browser to send its position. */
export const LocationLinkBody = Type.Object(
  {
    /** Send it by SMS to the caller's number (through the SMS gateway); false: only make it (to read out, copy). */
    sms: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type LocationLinkBody = Static<typeof LocationLinkBody>;

export const LocationLinkResult = Type.Object({
  /** Shown to the dispatcher once (only its hash is stored). */
  url: Type.String(),
  expiresAt: IsoTime,
  sms: literalUnion(LOCATION_LINK_SMS_STATUSES),
  /** Why the SMS failed, or which adapter took it. */
  smsDetail: Nullable(Type.String()),
});
export type LocationLinkResult = Static<typeof LocationLinkResult>;

/** The token in a location link: 43 base64url characters (256 bits). */
export const LocateParams = Type.Object(
  { token: Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]{43}$' }) },
  { additionalProperties: false },
);
export type LocateParams = Static<typeof LocateParams>;

/** GET /api/locate/:token — whether the link may still be used; says nothing about the call or the incident. */
export const LocateStatus = Type.Object({ open: Type.Literal(true), expiresAt: IsoTime });
export type LocateStatus = Static<typeof LocateStatus>;

/** POST /api/locate/:token — the caller's browser position. */
export const LocateBody = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    /** The browser's accuracy (metres), rounded up; at least 1. */
    accuracyM: AccuracyM,
    /** When the browser took the fix (default: received). */
    at: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);
export type LocateBody = Static<typeof LocateBody>;

export const LocateResult = Type.Object({ accepted: Type.Literal(true) });
export type LocateResult = Static<typeof LocateResult>;

/** GET /api/incidents/:id/calls — the calls taken into an incident (the one it was created from, repeats). */
export const IncidentCalls = Type.Object({ incidentId: Id, calls: Type.Array(CallView) });
export type IncidentCalls = Static<typeof IncidentCalls>;
