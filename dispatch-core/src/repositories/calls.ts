import type { Queryable } from '@c120/db';
import type { CallLinkKind, CallLocationSource, CallStatus } from '@c120/shared/vocabulary';
import type { CallAnalytics, CallerIncident, CallView } from '../contracts/telephony.ts';
import { iso, isoOrNull, numOrNull } from './rows.ts';

/** SQL of the calls area (telephony seam, popup, repeat calls, the phone line's indicators). */

const CALL_COLUMNS = `c.id, c.external_id, c.caller_number, c.line, c.status, c.ringing_at, c.answered_at,
  c.answered_by, u.display_name AS answered_by_name, c.seat, c.ended_at, c.incident_id, c.link_kind, c.linked_at,
  extract(epoch FROM c.answered_at - c.ringing_at)::float8 AS ring_seconds,
  l.lon AS loc_lon, l.lat AS loc_lat, l.accuracy_m AS loc_accuracy_m, l.source AS loc_source,
  l.located_at AS loc_located_at, l.received_at AS loc_received_at`;
// The caller's newest position (carrier feed or location link) rides along with the call.
const CALL_FROM = `calls c LEFT JOIN users u ON u.id = c.answered_by
  LEFT JOIN LATERAL (
    SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, accuracy_m, source, located_at, received_at FROM call_locations
    WHERE call_id = c.id ORDER BY received_at DESC, id DESC LIMIT 1
  ) l ON true`;

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
  const { rows } = await db.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM ${CALL_FROM} WHERE c.id = $1`, [id]);
  return rows[0] ? toView(rows[0]) : null;
}

/** The call row, locked for a change (by the PBX's id). */
export async function lockCallByExternalId(
  tx: Queryable,
  externalId: string,
): Promise<{ id: number; status: CallStatus; ringingAt: Date; answeredAt: Date | null } | null> {
  const { rows } = await tx.query<{ id: number; status: CallStatus; ringing_at: Date; answered_at: Date | null }>(
    'SELECT id, status, ringing_at, answered_at FROM calls WHERE external_id = $1 FOR UPDATE',
    [externalId],
  );
  const r = rows[0];
  return r ? { id: Number(r.id), status: r.status, ringingAt: r.ringing_at, answeredAt: r.answered_at } : null;
}

/** The call row, locked for linking to an incident. */
export async function lockCall(
  tx: Queryable,
  id: number,
): Promise<{ id: number; incidentId: number | null; answeredAt: Date | null; callerNumber: string | null } | null> {
  const { rows } = await tx.query<{
    id: number;
    incident_id: number | null;
    answered_at: Date | null;
    caller_number: string | null;
  }>('SELECT id, incident_id, answered_at, caller_number FROM calls WHERE id = $1 FOR UPDATE', [id]);
  const r = rows[0];
  return r
    ? {
        id: Number(r.id),
        incidentId: numOrNull(r.incident_id),
        answeredAt: r.answered_at,
        callerNumber: r.caller_number,
      }
    : null;
}

/** Claims (external id, event) for idempotency; false when it was applied before. */
export async function claimTelephonyEvent(
  tx: Queryable,
  externalId: string,
  event: string,
  callId: number,
  at: Date,
): Promise<boolean> {
  const { rows } = await tx.query<{ ok: number }>(
    `INSERT INTO telephony_events (external_id, event, call_id, at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (external_id, event) DO NOTHING RETURNING 1 AS ok`,
    [externalId, event, callId, at],
  );
  return rows.length > 0;
}

export async function wasEventApplied(db: Queryable, externalId: string, event: string): Promise<number | null> {
  const { rows } = await db.query<{ call_id: number }>(
    'SELECT call_id FROM telephony_events WHERE external_id = $1 AND event = $2',
    [externalId, event],
  );
  return rows[0] ? Number(rows[0].call_id) : null;
}

/** A new ringing call; null when another request inserted the same PBX id first. */
export async function insertRingingCall(
  tx: Queryable,
  c: { externalId: string; callerNumber: string | null; line: string | null; at: Date },
): Promise<number | null> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO calls (external_id, caller_number, line, ringing_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (external_id) DO NOTHING RETURNING id`,
    [c.externalId, c.callerNumber, c.line, c.at],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

export async function markAnswered(
  tx: Queryable,
  id: number,
  a: { at: Date; userId: number | null; seat: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE calls SET status = 'answered', answered_at = $2, answered_by = $3, seat = $4, updated_at = now()
     WHERE id = $1`,
    [id, a.at, a.userId, a.seat],
  );
}

export async function markEnded(tx: Queryable, id: number, status: 'ended' | 'abandoned', at: Date): Promise<void> {
  await tx.query('UPDATE calls SET status = $2, ended_at = $3, updated_at = now() WHERE id = $1', [id, status, at]);
}

export async function linkCallToIncident(
  tx: Queryable,
  id: number,
  incidentId: number,
  kind: CallLinkKind,
  userId: number | null,
): Promise<void> {
  await tx.query(
    `UPDATE calls SET incident_id = $2, link_kind = $3, linked_at = now(), linked_by = $4, updated_at = now()
     WHERE id = $1`,
    [id, incidentId, kind, userId],
  );
}

/** A fix of the caller; false when the same (call, source, time) was stored before (a resend). */
export async function insertCallLocation(
  tx: Queryable,
  callId: number,
  f: { lon: number; lat: number; accuracyM: number; source: CallLocationSource; at: Date },
): Promise<boolean> {
  const { rows } = await tx.query<{ ok: number }>(
    `INSERT INTO call_locations (call_id, source, geom, accuracy_m, located_at)
     VALUES ($1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6)
     ON CONFLICT (call_id, source, located_at) DO NOTHING RETURNING 1 AS ok`,
    [callId, f.source, f.lon, f.lat, f.accuracyM, f.at],
  );
  return rows.length > 0;
}

/** The calls taken into an incident (created from, attached), in the order they rang. */
export async function callsOfIncident(db: Queryable, incidentId: number): Promise<CallView[]> {
  const { rows } = await db.query<CallRow>(
    `SELECT ${CALL_COLUMNS} FROM ${CALL_FROM} WHERE c.incident_id = $1 ORDER BY c.ringing_at, c.id`,
    [incidentId],
  );
  return rows.map(toView);
}

/** The console account a PBX seat answer names: an enabled dispatcher or administrator. */
export async function findAnsweringUser(db: Queryable, username: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM users WHERE lower(username) = lower($1) AND role IN ('dispatcher', 'admin')
       AND NOT disabled`,
    [username],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/** The same number's earlier calls, newest first. */
export async function earlierCalls(db: Queryable, call: CallView, limit = 10): Promise<CallView[]> {
  if (!call.callerNumber) return [];
  const { rows } = await db.query<CallRow>(
    `SELECT ${CALL_COLUMNS} FROM ${CALL_FROM}
     WHERE c.caller_number = $1 AND c.id <> $2 AND c.ringing_at <= $3
     ORDER BY c.ringing_at DESC, c.id DESC LIMIT $4`,
    [call.callerNumber, call.id, call.ringingAt, limit],
  );
  return rows.map(toView);
}

interface IncidentRow {
  id: number;
  status: string;
  priority: number;
  complaint: string;
  address: string | null;
  call_received_at: Date;
  [k: string]: unknown;
}
const OPEN = `status NOT IN ('closed', 'cancelled')`;
const DIGITS = `regexp_replace(caller_phone, '[^0-9+]', '', 'g')`;

const toIncident = (r: IncidentRow): CallerIncident => ({
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
  const { rows } = await db.query<IncidentRow>(
    `SELECT id, status, priority, complaint, address, call_received_at FROM incidents
     WHERE caller_phone IS NOT NULL AND ${DIGITS} = $1
     ORDER BY call_received_at DESC, id DESC LIMIT $2`,
    [number, limit],
  );
  return rows.map(toIncident);
}

/** Open incidents from this number received within `withinSeconds` before `at` (repeat call: 重复呼救?). */
export async function openIncidentsOfNumber(
  db: Queryable,
  number: string,
  at: Date,
  withinSeconds: number,
): Promise<CallerIncident[]> {
  const { rows } = await db.query<IncidentRow>(
    `SELECT id, status, priority, complaint, address, call_received_at FROM incidents
     WHERE caller_phone IS NOT NULL AND ${DIGITS} = $1 AND ${OPEN}
       AND call_received_at >= $2::timestamptz - make_interval(secs => $3) AND call_received_at <= $2::timestamptz
     ORDER BY call_received_at DESC, id DESC`,
    [number, at, withinSeconds],
  );
  return rows.map(toIncident);
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
  const { rows } = await db.query<IncidentRow & { distance_m: number }>(
    `WITH here AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
     SELECT id, status, priority, complaint, address, call_received_at,
            ST_DistanceSphere(geom, (SELECT g FROM here)) AS distance_m
     FROM incidents
     WHERE ${OPEN} AND ST_DistanceSphere(geom, (SELECT g FROM here)) <= $3 AND id IS DISTINCT FROM $4
     ORDER BY distance_m, id LIMIT 10`,
    [p.lon, p.lat, radiusM, excludeIncidentId],
  );
  return rows.map((r) => ({ ...toIncident(r), distanceM: Math.round(Number(r.distance_m)) }));
}

const ANSWER_SECONDS = 10;

/**
 * The phone line's indicators for calls that rang in [from, to). A call still ringing counts as offered once it
 * has rung longer than 10 s (it can no longer be answered in time); before that its outcome is unknown.
 */
export async function callIndicators(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<Omit<CallAnalytics, 'from' | 'to' | 'answerRateTarget'>> {
  const { rows } = await db.query<Record<string, number | null>>(
    `WITH offered AS (
       SELECT c.*, extract(epoch FROM c.answered_at - c.ringing_at)::float8 AS ring_s,
              CASE WHEN c.link_kind = 'created'
                   THEN extract(epoch FROM i.first_dispatched_at - c.answered_at)::float8 END AS dispatch_s
       FROM calls c LEFT JOIN incidents i ON i.id = c.incident_id
       WHERE c.ringing_at >= $1 AND c.ringing_at < $2
         AND NOT (c.status = 'ringing' AND c.ringing_at > now() - make_interval(secs => ${ANSWER_SECONDS}))
     )
     SELECT count(*) AS offered,
       count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
       count(*) FILTER (WHERE ring_s <= ${ANSWER_SECONDS}) AS within10,
       count(*) FILTER (WHERE status = 'abandoned') AS abandoned,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ring_s) AS ring_p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ring_s) AS ring_p90,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY dispatch_s) FILTER (WHERE dispatch_s >= 0) AS dispatch_p50,
       count(*) FILTER (WHERE dispatch_s >= 0) AS dispatch_n,
       count(*) FILTER (WHERE link_kind = 'attached') AS repeats
     FROM offered`,
    [from, to],
  );
  const r = rows[0] ?? {};
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
