import type { Queryable, Row } from '../client/types.ts';
import { ASSIGNMENT_COLUMNS, INCIDENT_COLUMNS, INCIDENT_JOINS, NOTE_COLUMNS } from './incidents.ts';

export interface IdempotencyClaim {
  key: string;
  scope: string;
  requestHash: string;
}

export interface LockedIncident {
  /** null: no such incident. */
  status: string | null;
  /** What ranking units for it needs (the dispatch facts; `req`: capabilities a unit must have). */
  facts: Row | null;
  /** With a claim: true when this request took the key, false when an earlier one holds it (replay). */
  claimed: boolean;
}

/**
 * The first statement of an assignment: locks the incident row (every change to an incident starts with this
 * lock, so two never interleave), reads its dispatch facts and, with an Idempotency-Key, claims it — one round
 * trip. A concurrent duplicate waits on the incident lock or the key until the first commits, then finds the key
 * taken.
 */
export async function lockIncidentForAssignment(
  tx: Queryable,
  incidentId: number,
  claim: IdempotencyClaim | null,
): Promise<LockedIncident> {
  const { rows } = await tx.query(
    `WITH inc AS (SELECT * FROM incidents WHERE id = $1 FOR UPDATE),
     claim AS (
       INSERT INTO idempotency_keys (key, scope, request_hash, response_status, response)
       SELECT $2::text, $3::text, $4::text, 0, 'null'::jsonb WHERE $2::text IS NOT NULL
       ON CONFLICT (key) DO NOTHING RETURNING key
     )
     SELECT (SELECT count(*) FROM claim) AS claimed, i.status, i.priority, i.infectious, i.required_capabilities,
            CASE WHEN t.kind = '街道' THEN 'urban' ELSE 'rural' END AS area,
            ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
            ARRAY(SELECT DISTINCT c FROM unnest(i.required_capabilities
                    || CASE WHEN i.infectious THEN ARRAY['negative_pressure'] ELSE ARRAY[]::text[] END) AS c
                  ORDER BY c) AS req
     FROM (SELECT 1) AS one LEFT JOIN inc i ON true LEFT JOIN townships t ON t.code = i.township_code`,
    [incidentId, claim?.key ?? null, claim?.scope ?? null, claim?.requestHash ?? null],
    { name: 'c120_lock_incident_for_assignment' },
  );
  const r = rows[0];
  const status = (r?.status as string | null | undefined) ?? null;
  return { status, facts: status === null ? null : (r ?? null), claimed: Number(r?.claimed ?? 0) > 0 };
}

export interface StoredIdempotentResponse {
  scope: string;
  requestHash: string;
  status: number;
  response: unknown;
}

export async function readIdempotencyKey(tx: Queryable, key: string): Promise<StoredIdempotentResponse | null> {
  const { rows } = await tx.query<{ scope: string; request_hash: string; response_status: number; response: unknown }>(
    'SELECT scope, request_hash, response_status, response FROM idempotency_keys WHERE key = $1',
    [key],
  );
  const r = rows[0];
  return r ? { scope: r.scope, requestHash: r.request_hash, status: r.response_status, response: r.response } : null;
}

export interface AssignmentWrite {
  incidentId: number;
  /** Candidate units, best first: the first one still available (and capable) when locked is taken. */
  candidates: readonly number[];
  /** Capabilities the unit must (still) have. */
  required: readonly string[];
  actorUserId: number | null;
  /** A second unit on an incident that already has one (加派) or a reassignment: no "one run" check. */
  additional: boolean;
  /**
   * true: only the best candidate that is available in this statement's snapshot; if another transaction holds
   * its row (a position batch for a millisecond, another dispatcher's assignment), nothing is taken and the
   * caller tries again shortly — so the nearest unit is not passed over for a momentary lock. false: the first
   * candidate in rank order whose row is free. Either way the row is locked with `SKIP LOCKED`: an assignment
   * never waits for a unit row, so it can never deadlock with the position writer (which locks many unit rows in
   * one statement) — waiting here did deadlock under load, see DESIGN-NOTES.
   */
  bestOnly: boolean;
  /** The status change's time. */
  at: Date;
  /** The Asia/Shanghai day whose rounds count (is the unit on a round today?). */
  day: string;
}

/**
 * The assignment itself in ONE statement, run after the incident lock is held (so its snapshot sees a first
 * assignment that committed while this one waited for that lock): takes the first candidate that can be locked
 * and is still available with the required capabilities, checks the one-run rule (unless `additional`), moves
 * the incident to dispatched, inserts the assignment, moves the unit to dispatched and logs the change with its
 * source — and returns what the response and the event need: the incident view's columns with its runs and
 * notes, the unit view's columns, and whether the unit has an open move-up order, a round today or a booked
 * transfer (those rare cases take their own statements afterwards).
 *
 * Row of the result: `picked_unit_id` null = no candidate could be taken (`best_unit_id` null too: none is
 * available at all; else its row was locked); `assignment_id` null with a picked unit = the incident already
 * has a run (the one-run rule).
 */
export async function writeAssignment(tx: Queryable, w: AssignmentWrite): Promise<Row> {
  const { rows } = await tx.query(
    `WITH ranked AS (
       SELECT c.id, c.rank FROM unnest($2::bigint[]) WITH ORDINALITY AS c(id, rank)
       JOIN units cu ON cu.id = c.id
       WHERE cu.status = 'available' AND cu.capabilities @> $3::text[]
     ),
     pick AS (
       SELECT u.id, u.status FROM units u
       WHERE u.id IN (SELECT id FROM ranked ORDER BY rank LIMIT ${w.bestOnly ? 1 : 'ALL'})
         AND u.status = 'available' AND u.capabilities @> $3::text[]
       ORDER BY (SELECT rank FROM ranked WHERE ranked.id = u.id) LIMIT 1
       FOR UPDATE OF u SKIP LOCKED
     ),
     i AS (
       UPDATE incidents SET status = CASE WHEN status = 'pending' THEN 'dispatched' ELSE status END,
         first_dispatched_at = coalesce(first_dispatched_at, now()), updated_at = now()
       WHERE id = $1 AND EXISTS (SELECT 1 FROM pick) AND ($5::boolean OR NOT EXISTS (
         SELECT 1 FROM assignments WHERE incident_id = $1 AND status = 'active'))
       RETURNING *
     ),
     a AS (
       INSERT INTO assignments (incident_id, unit_id, assigned_by)
       SELECT i.id, pick.id, $4 FROM i CROSS JOIN pick
       RETURNING *
     ),
     u AS (
       UPDATE units SET status = 'dispatched', status_since = $6, updated_at = now()
       FROM a WHERE units.id = a.unit_id
       RETURNING units.*
     ),
     logged AS (
       INSERT INTO unit_status_changes (unit_id, from_status, to_status, source, at, assignment_id, actor_user_id)
       SELECT u.id, 'available', 'dispatched', 'console', $6, a.id, $4 FROM u CROSS JOIN a
       RETURNING 1
     )
     SELECT (SELECT id FROM pick) AS picked_unit_id, (SELECT id FROM ranked ORDER BY rank LIMIT 1) AS best_unit_id,
            (SELECT count(*) FROM logged) AS logged,
            a.id AS assignment_id, ${INCIDENT_COLUMNS},
            (SELECT coalesce(json_agg(row_to_json(runs) ORDER BY runs.id), '[]'::json)
             FROM (SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a WHERE a.incident_id = $1
                   UNION ALL SELECT ${ASSIGNMENT_COLUMNS} FROM a) AS runs) AS runs,
            (SELECT coalesce(json_agg(row_to_json(n) ORDER BY n.id), '[]'::json)
             FROM (SELECT ${NOTE_COLUMNS} FROM incident_notes n WHERE n.incident_id = $1) n) AS note_thread,
            (SELECT row_to_json(uv) FROM (
               SELECT u.id, u.code, u.call_sign, u.plate, u.kind, u.capabilities, u.station_id, u.status,
                      u.status_since, ST_X(u.position) AS lon, ST_Y(u.position) AS lat, u.heading_deg, u.speed_kmh,
                      u.fix_at, u.stale, a.id AS assignment_id, a.incident_id,
                      r.id AS relocation_id, r.station_id AS relocation_station_id,
                      rs.name AS relocation_station_name, r.ordered_at AS relocation_ordered_at,
                      r.acknowledged_at AS relocation_acknowledged_at
               FROM u CROSS JOIN a LEFT JOIN relocations r ON r.unit_id = u.id AND r.ended_at IS NULL
               LEFT JOIN stations rs ON rs.id = r.station_id) AS uv) AS unit,
            EXISTS (SELECT 1 FROM rounds ro WHERE ro.unit_id = a.unit_id AND ro.round_date = $7
                      AND ro.status IN ('planned', 'in_progress')) AS on_round,
            EXISTS (SELECT 1 FROM transfers tr WHERE tr.unit_id = a.unit_id AND tr.status = 'scheduled'
                      AND NOT tr.needs_reassignment) AS booked
     FROM (SELECT 1) AS one
     LEFT JOIN (a JOIN i ON i.id = a.incident_id ${INCIDENT_JOINS}) ON true`,
    [w.incidentId, w.candidates, w.required, w.actorUserId, w.additional, w.at, w.day],
    { name: w.bestOnly ? 'c120_write_assignment_best' : 'c120_write_assignment_any' },
  );
  const row = rows[0];
  if (!row) throw new Error('writeAssignment returned no row');
  return row;
}

/** Why a chosen unit could not be taken: null = no such unit; else its status and call sign. */
export async function unitForRefusal(
  db: Queryable,
  unitId: number,
): Promise<{ status: string; callSign: string } | null> {
  const { rows } = await db.query<{ status: string; call_sign: string }>(
    'SELECT status, call_sign FROM units WHERE id = $1',
    [unitId],
  );
  const r = rows[0];
  return r ? { status: r.status, callSign: r.call_sign } : null;
}

/** A unit on a run of the incident, locked: LockedUnit's columns plus whether it has a paused round. */
export interface LockedRunUnit extends Row {
  id: number;
  status: string;
  call_sign: string;
  assignment_id: number;
  incident_id: number;
  round_paused: boolean;
}

/**
 * Locks the units of every active run of an incident in ONE statement, in unit id order (the position writer
 * locks unit rows in id order too, so the two cannot deadlock), with whether each has a paused round to resume.
 * Ordered by run (assignment id) for the caller.
 */
export async function lockRunsOfIncident(tx: Queryable, incidentId: number): Promise<LockedRunUnit[]> {
  const { rows } = await tx.query<LockedRunUnit>(
    `SELECT u.id, u.status, u.call_sign, a.id AS assignment_id, a.incident_id,
            EXISTS (SELECT 1 FROM rounds ro WHERE ro.unit_id = u.id AND ro.status = 'paused') AS round_paused
     FROM assignments a JOIN units u ON u.id = a.unit_id
     WHERE a.incident_id = $1 AND a.status = 'active'
     ORDER BY u.id
     FOR UPDATE OF u`,
    [incidentId],
    { name: 'c120_lock_runs_of_incident' },
  );
  return rows.sort((x, y) => x.assignment_id - y.assignment_id);
}

/**
 * One run and its unit, the unit row locked (one statement): for cancelling that run. null: no such run.
 * `run_status` is the run's status as seen after the lock; `assignment_id`/`incident_id` are the unit's active run.
 */
export async function lockRunUnit(
  tx: Queryable,
  assignmentId: number,
): Promise<(LockedRunUnit & { run_status: string; run_incident_id: number }) | null> {
  const { rows } = await tx.query<LockedRunUnit & { run_status: string; run_incident_id: number }>(
    `SELECT u.id, u.status, u.call_sign, ua.id AS assignment_id, ua.incident_id,
            EXISTS (SELECT 1 FROM rounds ro WHERE ro.unit_id = u.id AND ro.status = 'paused') AS round_paused,
            a.status AS run_status, a.incident_id AS run_incident_id
     FROM assignments a JOIN units u ON u.id = a.unit_id
     LEFT JOIN assignments ua ON ua.unit_id = u.id AND ua.status = 'active'
     WHERE a.id = $1
     FOR UPDATE OF u`,
    [assignmentId],
    { name: 'c120_lock_run_unit' },
  );
  return rows[0] ?? null;
}

/** After a cancelled run: the incident waits again (pending) unless it ended or another unit is still on it. */
export async function reopenIncidentWithoutRuns(tx: Queryable, incidentId: number): Promise<void> {
  await tx.query(
    `UPDATE incidents SET status = 'pending', updated_at = now() WHERE id = $1 AND status NOT IN ('closed', 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM assignments WHERE incident_id = $1 AND status = 'active')`,
    [incidentId],
    { name: 'c120_reopen_incident' },
  );
}

/** A run replaced by a reassignment. */
export async function markRunReassigned(tx: Queryable, assignmentId: number): Promise<void> {
  await tx.query(`UPDATE assignments SET status = 'reassigned', outcome = 'reassigned' WHERE id = $1`, [assignmentId]);
}
