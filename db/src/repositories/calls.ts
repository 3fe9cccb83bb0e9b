import type { Queryable, Row } from '../client/types.ts';

/**
 * The calls area's statements (telephony seam, popup, repeat calls, the phone line's indicators). Rows come back
 * as the statements select them; dispatch-core's repositories/calls.ts maps them to its views.
 */

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

/** One call's row (CALL_COLUMNS: the call, who answered, ring time, the caller's newest position). */
export async function readCallRow<R extends Row>(db: Queryable, id: number): Promise<R | null> {
  const { rows } = await db.query<R>(`SELECT ${CALL_COLUMNS} FROM ${CALL_FROM} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The call row, locked for a change (by the PBX's id). */
export async function lockCallByExternalId(
  tx: Queryable,
  externalId: string,
): Promise<{ id: number; status: string; ringing_at: Date; answered_at: Date | null } | null> {
  const { rows } = await tx.query<{ id: number; status: string; ringing_at: Date; answered_at: Date | null }>(
    'SELECT id, status, ringing_at, answered_at FROM calls WHERE external_id = $1 FOR UPDATE',
    [externalId],
  );
  return rows[0] ?? null;
}

/** The call row, locked for linking to an incident. */
export async function lockCall(
  tx: Queryable,
  id: number,
): Promise<{ id: number; incident_id: number | null; answered_at: Date | null; caller_number: string | null } | null> {
  const { rows } = await tx.query<{
    id: number;
    incident_id: number | null;
    answered_at: Date | null;
    caller_number: string | null;
  }>('SELECT id, incident_id, answered_at, caller_number FROM calls WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
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

/** The call an (external id, event) was applied to, or null. */
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
  kind: string,
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
  f: { lon: number; lat: number; accuracyM: number; source: string; at: Date },
): Promise<boolean> {
  const { rows } = await tx.query<{ ok: number }>(
    `INSERT INTO call_locations (call_id, source, geom, accuracy_m, located_at)
     VALUES ($1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6)
     ON CONFLICT (call_id, source, located_at) DO NOTHING RETURNING 1 AS ok`,
    [callId, f.source, f.lon, f.lat, f.accuracyM, f.at],
  );
  return rows.length > 0;
}

/** The call rows taken into an incident (created from, attached), in the order they rang. */
export async function callRowsOfIncident<R extends Row>(db: Queryable, incidentId: number): Promise<R[]> {
  const { rows } = await db.query<R>(
    `SELECT ${CALL_COLUMNS} FROM ${CALL_FROM} WHERE c.incident_id = $1 ORDER BY c.ringing_at, c.id`,
    [incidentId],
  );
  return rows;
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

/** The same number's earlier call rows (rung at or before `ringingAt`, not `callId`), newest first. */
export async function earlierCallRows<R extends Row>(
  db: Queryable,
  c: { callerNumber: string; callId: number; ringingAt: string | Date },
  limit: number,
): Promise<R[]> {
  const { rows } = await db.query<R>(
    `SELECT ${CALL_COLUMNS} FROM ${CALL_FROM}
     WHERE c.caller_number = $1 AND c.id <> $2 AND c.ringing_at <= $3
     ORDER BY c.ringing_at DESC, c.id DESC LIMIT $4`,
    [c.callerNumber, c.callId, c.ringingAt, limit],
  );
  return rows;
}

/** An incident as the caller pop-up lists it. */
export interface CallerIncidentRow {
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

/** Incidents whose caller number (typed, compared by its digits) is this one, newest first. */
export async function incidentsOfNumber(db: Queryable, number: string, limit: number): Promise<CallerIncidentRow[]> {
  const { rows } = await db.query<CallerIncidentRow>(
    `SELECT id, status, priority, complaint, address, call_received_at FROM incidents
     WHERE caller_phone IS NOT NULL AND ${DIGITS} = $1
     ORDER BY call_received_at DESC, id DESC LIMIT $2`,
    [number, limit],
  );
  return rows;
}

/** Open incidents from this number received within `withinSeconds` before `at`. */
export async function openIncidentsOfNumber(
  db: Queryable,
  number: string,
  at: Date,
  withinSeconds: number,
): Promise<CallerIncidentRow[]> {
  const { rows } = await db.query<CallerIncidentRow>(
    `SELECT id, status, priority, complaint, address, call_received_at FROM incidents
     WHERE caller_phone IS NOT NULL AND ${DIGITS} = $1 AND ${OPEN}
       AND call_received_at >= $2::timestamptz - make_interval(secs => $3) AND call_received_at <= $2::timestamptz
     ORDER BY call_received_at DESC, id DESC`,
    [number, at, withinSeconds],
  );
  return rows;
}

/** Open incidents within `radiusM` of a point, nearest first (at most 10), with their distance. */
export async function openIncidentsNear(
  db: Queryable,
  p: { lon: number; lat: number },
  radiusM: number,
  excludeIncidentId: number | null,
): Promise<(CallerIncidentRow & { distance_m: number })[]> {
  const { rows } = await db.query<CallerIncidentRow & { distance_m: number }>(
    `WITH here AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
     SELECT id, status, priority, complaint, address, call_received_at,
            ST_DistanceSphere(geom, (SELECT g FROM here)) AS distance_m
     FROM incidents
     WHERE ${OPEN} AND ST_DistanceSphere(geom, (SELECT g FROM here)) <= $3 AND id IS DISTINCT FROM $4
     ORDER BY distance_m, id LIMIT 10`,
    [p.lon, p.lat, radiusM, excludeIncidentId],
  );
  return rows;
}

/** Locks an incident row for attaching a call; its status, or null when there is no such incident. */
export async function lockIncidentStatus(tx: Queryable, incidentId: number): Promise<string | null> {
  const { rows } = await tx.query<{ status: string }>('SELECT status FROM incidents WHERE id = $1 FOR UPDATE', [
    incidentId,
  ]);
  return rows[0]?.status ?? null;
}

const ANSWER_SECONDS = 10;

/**
 * The phone line's indicator sums for calls that rang in [from, to) (counts, ring and dispatch percentiles). A
 * call still ringing counts as offered once it has rung longer than 10 s; before that its outcome is unknown.
 */
export async function callIndicatorsRow(db: Queryable, from: Date, to: Date): Promise<Record<string, number | null>> {
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
  return rows[0] ?? {};
}
