import type { Queryable } from '@c120/db';
import { calls as db_ } from '@c120/db/repositories';
import type { CallerIncidentRow } from '@c120/db/repositories';
import type { CallLinkKind, CallLocationSource, CallStatus } from '@c120/shared/vocabulary';
import type { CallAnalytics, CallerIncident, CallView } from '../contracts/telephony.ts';
import { iso, isoOrNull, numOrNull } from './rows.ts';

/** The calls area (telephony seam, popup, repeat calls, the phone line's indicators): SQL in db's `calls`. */

export const { claimTelephonyEvent, wasEventApplied, insertRingingCall, markAnswered, markEnded, findAnsweringUser } =
  db_;

interface CallRow {
  id: number;
  external_id: string;
  caller_number: string | null;
  line: string | null;
  status: CallStatus;
  ringing_at: Date;
  answered_at: Date | null;
  answered_by: number | null;
  answered_by_name: string | null;
  seat: string | null;
  ended_at: Date | null;
  incident_id: number | null;
  link_kind: CallLinkKind | null;
  linked_at: Date | null;
  ring_seconds: number | null;
  loc_lon: number | null;
  loc_lat: number | null;
  loc_accuracy_m: number | null;
  loc_source: CallLocationSource | null;
  loc_located_at: Date | null;
  loc_received_at: Date | null;
  [k: string]: unknown;
}

function toView(r: CallRow): CallView {
  return {
    id: Number(r.id),
    externalId: r.external_id,
    callerNumber: r.caller_number,
    line: r.line,
    status: r.status,
    ringingAt: iso(r.ringing_at),
    answeredAt: isoOrNull(r.answered_at),
    answeredByUserId: numOrNull(r.answered_by),
    answeredByName: r.answered_by_name,
    seat: r.seat,
    endedAt: isoOrNull(r.ended_at),
    ringSeconds: r.ring_seconds === null ? null : Math.round(Number(r.ring_seconds) * 10) / 10,
    incidentId: numOrNull(r.incident_id),
    linkKind: r.link_kind,
    linkedAt: isoOrNull(r.linked_at),
    location:
      r.loc_source === null || r.loc_located_at === null || r.loc_received_at === null
        ? null
        : {
            lon: Number(r.loc_lon),
            lat: Number(r.loc_lat),
            accuracyM: Number(r.loc_accuracy_m),
            source: r.loc_source,
            locatedAt: iso(r.loc_located_at),
            receivedAt: iso(r.loc_received_at),
          },
  };
}

export async function readCall(db: Queryable, id: number): Promise<CallView | null> {
  const row = await db_.readCallRow<CallRow>(db, id);
  return row ? toView(row) : null;
}

/** The call row, locked for a change (by the PBX's id). */
export async function lockCallByExternalId(
  tx: Queryable,
  externalId: string,
): Promise<{ id: number; status: CallStatus; ringingAt: Date; answeredAt: Date | null } | null> {
  const r = await db_.lockCallByExternalId(tx, externalId);
  return r
    ? { id: Number(r.id), status: r.status as CallStatus, ringingAt: r.ringing_at, answeredAt: r.answered_at }
    : null;
}

/** The call row, locked for linking to an incident. */
export async function lockCall(
  tx: Queryable,
  id: number,
): Promise<{ id: number; incidentId: number | null; answeredAt: Date | null; callerNumber: string | null } | null> {
  const r = await db_.lockCall(tx, id);
  return r
    ? {
        id: Number(r.id),
        incidentId: numOrNull(r.incident_id),
        answeredAt: r.answered_at,
        callerNumber: r.caller_number,
      }
    : null;
}

export async function linkCallToIncident(
  tx: Queryable,
  id: number,
  incidentId: number,
  kind: CallLinkKind,
  userId: number | null,
): Promise<void> {
  await db_.linkCallToIncident(tx, id, incidentId, kind, userId);
}

/** A fix of the caller; false when the same (call, source, time) was stored before (a resend). */
export function insertCallLocation(
  tx: Queryable,
  callId: number,
  f: { lon: number; lat: number; accuracyM: number; source: CallLocationSource; at: Date },
): Promise<boolean> {
  return db_.insertCallLocation(tx, callId, f);
}

/** The calls taken into an incident (created from, attached), in the order they rang. */
export async function callsOfIncident(db: Queryable, incidentId: number): Promise<CallView[]> {
  return (await db_.callRowsOfIncident<CallRow>(db, incidentId)).map(toView);
}

/** The same number's earlier calls, newest first. */
export async function earlierCalls(db: Queryable, call: CallView, limit = 10): Promise<CallView[]> {
  if (!call.callerNumber) return [];
  const rows = await db_.earlierCallRows<CallRow>(
    db,
    { callerNumber: call.callerNumber, callId: call.id, ringingAt: call.ringingAt },
    limit,
  );
  return rows.map(toView);
}

const toIncident = (r: CallerIncidentRow): CallerIncident => ({
  id: Number(r.id),
  status: r.status,
  priority: Number(r.priority),
  complaint: r.complaint,
  address: r.address,
  callReceivedAt: iso(r.call_received_at),
  open: r.status !== 'closed' && r.status !== 'cancelled',
});

/** Incidents whose caller number (typed, compared by its digits) is this one, newest first. */
export async function incidentsOfNumber(db: Queryable, number: string, limit = 10): Promise<CallerIncident[]> {
  return (await db_.incidentsOfNumber(db, number, limit)).map(toIncident);
}

/** Open incidents from this number received within `withinSeconds` before `at` (repeat call: 重复呼救?). */
export async function openIncidentsOfNumber(
  db: Queryable,
  number: string,
  at: Date,
  withinSeconds: number,
): Promise<CallerIncident[]> {
  return (await db_.openIncidentsOfNumber(db, number, at, withinSeconds)).map(toIncident);
}

/**
 * Open incidents within `radiusM` of a caller's position, nearest first (repeat call by place: 重复呼救?). The
 * distance is to the incident point; the caller's accuracy is not added (a carrier fix of 2 km would match half a
 * town), so a coarse fix finds only what lies near its centre and the dispatcher judges the rest.
 */
export async function openIncidentsNear(
  db: Queryable,
  p: { lon: number; lat: number },
  radiusM: number,
  excludeIncidentId: number | null,
): Promise<(CallerIncident & { distanceM: number })[]> {
  const rows = await db_.openIncidentsNear(db, p, radiusM, excludeIncidentId);
  return rows.map((r) => ({ ...toIncident(r), distanceM: Math.round(Number(r.distance_m)) }));
}

/** Locks an incident row for attaching a call; its status, or null when there is no such incident. */
export const lockIncidentStatus = db_.lockIncidentStatus;

/**
 * The phone line's indicators for calls that rang in [from, to). A call still ringing counts as offered once it
 * has rung longer than 10 s (it can no longer be answered in time); before that its outcome is unknown.
 */
export async function callIndicators(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<Omit<CallAnalytics, 'from' | 'to' | 'answerRateTarget'>> {
  const r = await db_.callIndicatorsRow(db, from, to);
  const n = (v: unknown) => Number(v ?? 0);
  const s = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  const offered = n(r.offered);
  const within = n(r.within10);
  return {
    offered,
    answered: n(r.answered),
    answeredWithin10s: within,
    answerRate10s: offered > 0 ? within / offered : null,
    abandoned: n(r.abandoned),
    ringToAnswerP50: s(r.ring_p50),
    ringToAnswerP90: s(r.ring_p90),
    answerToDispatchP50: s(r.dispatch_p50),
    answerToDispatchCount: n(r.dispatch_n),
    repeatCalls: n(r.repeats),
  };
}
