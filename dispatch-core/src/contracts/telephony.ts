import { Type, type Static } from '@sinclair/typebox';
import { CALL_EVENTS, CALL_LINK_KINDS, CALL_STATUSES } from '@c120/shared/vocabulary';
import { Id, IsoTime, Nullable, NullableTime, literalUnion } from './common.ts';

/** A caller's number as the PBX gives it: digits, an optional leading +. */
export const CallerNumber = Type.String({ pattern: '^\\+?[0-9]{1,31}$', description: 'digits, optional leading +' });

/** POST /api/telephony/events — one call event from the PBX/CTI gateway. */
export const TelephonyEventBody = Type.Object(
  {
    /** The PBX's call id (Asterisk Uniqueid/Linkedid, FreeSWITCH Unique-ID); with `event`, the idempotency key. */
    callId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@-]+$' }),
    event: literalUnion(CALL_EVENTS, 'ringing, answered (by a seat), ended, abandoned (ended before an answer)'),
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
  },
  { additionalProperties: false },
);
export type TelephonyEventBody = Static<typeof TelephonyEventBody>;

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
  /** Open incidents created from this number within the last hour: attach instead of a second run (重复呼救?). */
  repeatOf: Type.Array(CallerIncident),
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
