import type { Queryable } from '../client/types.ts';

/**
 * The unit lifecycle's statements (dispatch-core's services/transitions.ts decides, these write): the unit lock,
 * the run's time stamps and end, and the status with its log entry. Plain parameterised text over the seam, as
 * the rest of the dispatcher's hot path, so each stays one round trip.
 */

/** A unit row locked for the rest of the transaction, with its active run if any. */
export interface LockedUnitRow {
  id: number;
  status: string;
  call_sign: string;
  assignment_id: number | null;
  incident_id: number | null;
  [k: string]: unknown;
}

/** Locks a unit row (`FOR UPDATE OF u`, optionally `SKIP LOCKED`) with its active assignment and incident. */
export async function lockUnitRow(tx: Queryable, unitId: number, skipLocked = false): Promise<LockedUnitRow | null> {
  const { rows } = await tx.query<LockedUnitRow>(
    `SELECT u.id, u.status, u.call_sign,
            (SELECT a.id FROM assignments a WHERE a.unit_id = u.id AND a.status = 'active') AS assignment_id,
            (SELECT a.incident_id FROM assignments a WHERE a.unit_id = u.id AND a.status = 'active') AS incident_id
     FROM units u WHERE u.id = $1 FOR UPDATE OF u ${skipLocked ? 'SKIP LOCKED' : ''}`,
    [unitId],
  );
  return rows[0] ?? null;
}

/** Whether a unit with this id exists (no lock). */
export async function unitExists(db: Queryable, unitId: number): Promise<boolean> {
  const exists = await db.query('SELECT 1 FROM units WHERE id = $1', [unitId]);
  return exists.rowCount !== 0;
}

/** Sleeps inside the server for `seconds` (a pause between lock attempts that keeps the transaction's snapshot). */
export async function pauseInServer(db: Queryable, seconds: number): Promise<void> {
  await db.query('SELECT pg_sleep($1)', [seconds]);
}

/** The run's time stamp columns a status sets. */
export type RunTimeColumn = 'en_route_at' | 'on_scene_at' | 'transporting_at' | 'at_hospital_at';

/** Stamps the run's time for the new status and moves the incident's status along (unless it has ended). */
export async function stampRunStatus(
  tx: Queryable,
  assignmentId: number,
  incidentId: number,
  column: RunTimeColumn,
  status: string,
  at: Date,
): Promise<void> {
  await tx.query(`UPDATE assignments SET ${column} = $2 WHERE id = $1`, [assignmentId, at]);
  await tx.query(
    `UPDATE incidents SET status = $2, updated_at = now() WHERE id = $1 AND status NOT IN ('closed', 'cancelled')`,
    [incidentId, status],
  );
}

/** The transport's destination hospital, on the run and on its incident. */
export async function setRunDestination(
  tx: Queryable,
  assignmentId: number,
  incidentId: number,
  hospitalId: number,
): Promise<void> {
  await tx.query('UPDATE assignments SET destination_hospital_id = $2 WHERE id = $1', [assignmentId, hospitalId]);
  await tx.query('UPDATE incidents SET destination_hospital_id = $2 WHERE id = $1', [incidentId, hospitalId]);
}

/** Ends a run: its status (completed / cancelled), outcome, clear and end time, and the reason. */
export async function endRun(
  tx: Queryable,
  assignmentId: number,
  status: 'completed' | 'cancelled',
  outcome: string,
  at: Date,
  reason: string | null,
): Promise<void> {
  await tx.query(
    `UPDATE assignments SET status = $2, outcome = $3, cleared_at = $4, ended_at = $4, end_reason = $5
     WHERE id = $1`,
    [assignmentId, status, outcome, at, reason],
  );
}

export interface UnitStatusWrite {
  unitId: number;
  from: string;
  to: string;
  source: string;
  at: Date;
  assignmentId: number | null;
  actorUserId: number | null;
  reason: string | null;
}

/** The unit's new status and its log entry in one statement (one round trip on the hot assignment path). */
export async function setUnitStatus(tx: Queryable, w: UnitStatusWrite): Promise<void> {
  await tx.query(
    `WITH changed AS (
       UPDATE units SET status = $3, status_since = $5, updated_at = now() WHERE id = $1 RETURNING id
     )
     INSERT INTO unit_status_changes (unit_id, from_status, to_status, source, at, assignment_id, actor_user_id, reason)
     SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM changed`,
    [w.unitId, w.from, w.to, w.source, w.at, w.assignmentId, w.actorUserId, w.reason],
  );
}

/** How many units are on the incident right now. */
export async function countActiveRuns(db: Queryable, incidentId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM assignments WHERE incident_id = $1 AND status = 'active'`,
    [incidentId],
  );
  return rows[0]?.n ?? 0;
}

/** Closes an incident (with the reason, if the dispatcher gave one). */
export async function markIncidentClosed(
  tx: Queryable,
  id: number,
  reason: string | null,
  reasonText: string | null,
): Promise<void> {
  await tx.query(
    `UPDATE incidents SET status = 'closed', closed_at = now(), updated_at = now(), close_reason = $2,
       close_reason_text = $3
     WHERE id = $1`,
    [id, reason, reasonText],
  );
}
