import type { Transaction } from '@c120/db';
import type { RunOutcome, StatusSource, UnitStatus } from '@c120/shared/vocabulary';
import type { StatusChangeView } from '../contracts/views.ts';
import { checkTransition } from '../domain/unit-status.ts';
import { conflict, notFound } from '../domain/errors.ts';
import { closeIncident } from './incidents.ts';
import { countActiveRuns } from '../repositories/incident-facts.ts';

export interface LockedUnit {
  id: number;
  status: UnitStatus;
  call_sign: string;
  assignment_id: number | null;
  incident_id: number | null;
  [k: string]: unknown;
}

/** Locks a unit row for the rest of the transaction, with its active assignment if any. */
export async function lockUnit(tx: Transaction, unitId: number, skipLocked = false): Promise<LockedUnit | null> {
  const { rows } = await tx.query<LockedUnit>(
    `SELECT u.id, u.status, u.call_sign,
            (SELECT a.id FROM assignments a WHERE a.unit_id = u.id AND a.status = 'active') AS assignment_id,
            (SELECT a.incident_id FROM assignments a WHERE a.unit_id = u.id AND a.status = 'active') AS incident_id
     FROM units u WHERE u.id = $1 FOR UPDATE OF u ${skipLocked ? 'SKIP LOCKED' : ''}`,
    [unitId],
  );
  return rows[0] ?? null;
}

/**
 * Locks a unit without ever waiting on a lock (so no deadlock with the position writer, which updates many
 * unit rows in one statement): `SKIP LOCKED`, retried a few times with short pauses. A unit row is normally
 * held only for milliseconds — by the position writer's batch or by another dispatcher's assignment — so a
 * retry sees it free; after another assignment it then fails the caller's status guard, as it should.
 * Returns 'missing' for an unknown unit and 'busy' if it stayed locked.
 */
export async function lockUnitPatiently(
  tx: Transaction,
  unitId: number,
  attempts = 5,
): Promise<LockedUnit | 'missing' | 'busy'> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const unit = await lockUnit(tx, unitId, true);
    if (unit) return unit;
    if (attempt === 0) {
      const exists = await tx.query('SELECT 1 FROM units WHERE id = $1', [unitId]);
      if (exists.rowCount === 0) return 'missing';
    }
    if (attempt < attempts - 1) await tx.query('SELECT pg_sleep($1)', [0.004 * 2 ** attempt]);
  }
  return 'busy';
}

export async function mustLockUnit(tx: Transaction, unitId: number): Promise<LockedUnit> {
  const unit = await lockUnit(tx, unitId);
  if (!unit) throw notFound(`unit ${unitId}`);
  return unit;
}

export interface TransitionOptions {
  to: UnitStatus;
  source: StatusSource;
  actorUserId?: number | null;
  outcome?: RunOutcome | undefined;
  reason?: string | undefined;
  destinationHospitalId?: number | undefined;
  byAssignment?: boolean;
  /** The new run, when `byAssignment`. */
  assignmentId?: number;
  byCancel?: boolean;
  /** When the change happened, if not now (a terminal or geofence reporting a past fix). */
  at?: Date;
}

const ASSIGNMENT_TIME_COLUMN: Partial<Record<UnitStatus, string>> = {
  en_route: 'en_route_at',
  on_scene: 'on_scene_at',
  transporting: 'transporting_at',
  at_hospital: 'at_hospital_at',
};

/**
 * Moves a locked unit to a new status inside the caller's transaction: checks the lifecycle, stamps the time
 * on the unit, its run (assignment) and the incident, and logs the change with its source. Returns the change;
 * the caller writes the event (it knows which one).
 */
export async function applyTransition(
  tx: Transaction,
  unit: LockedUnit,
  opts: TransitionOptions,
): Promise<StatusChangeView> {
  const check = checkTransition({
    from: unit.status,
    to: opts.to,
    outcome: opts.outcome,
    byAssignment: opts.byAssignment ?? false,
    byCancel: opts.byCancel ?? false,
  });
  if (!check.ok) throw conflict(`${unit.call_sign}: ${check.reason}`, 'illegal_transition');
  const at = opts.at ?? new Date();
  const assignmentId = opts.byAssignment ? (opts.assignmentId ?? null) : unit.assignment_id;
  const incidentId = opts.byAssignment ? null : unit.incident_id;
  if (!opts.byAssignment && assignmentId !== null && incidentId !== null) {
    const column = ASSIGNMENT_TIME_COLUMN[opts.to];
    if (column) {
      await tx.query(`UPDATE assignments SET ${column} = $2 WHERE id = $1`, [assignmentId, at]);
      await tx.query(
        `UPDATE incidents SET status = $2, updated_at = now() WHERE id = $1 AND status NOT IN ('closed', 'cancelled')`,
        [incidentId, opts.to],
      );
    }
    if (opts.to === 'transporting' && opts.destinationHospitalId !== undefined) {
      await tx.query('UPDATE assignments SET destination_hospital_id = $2 WHERE id = $1', [
        assignmentId,
        opts.destinationHospitalId,
      ]);
      await tx.query('UPDATE incidents SET destination_hospital_id = $2 WHERE id = $1', [
        incidentId,
        opts.destinationHospitalId,
      ]);
    }
    // Leaving the run: the assignment ends here.
    if (opts.to === 'returning' || opts.to === 'available') {
      const outcome: RunOutcome = opts.byCancel
        ? 'cancelled'
        : unit.status === 'at_hospital'
          ? 'transported'
          : (opts.outcome ?? 'cancelled');
      await tx.query(
        `UPDATE assignments SET status = $2, outcome = $3, cleared_at = $4, ended_at = $4, end_reason = $5
         WHERE id = $1`,
        [assignmentId, opts.byCancel ? 'cancelled' : 'completed', outcome, at, opts.reason ?? null],
      );
      if (!opts.byCancel) await closeIncidentIfRunsOver(tx, incidentId);
    }
  }

  // The status and its log entry in one statement (one round trip on the hot assignment path).
  await tx.query(
    `WITH changed AS (
       UPDATE units SET status = $3, status_since = $5, updated_at = now() WHERE id = $1 RETURNING id
     )
     INSERT INTO unit_status_changes (unit_id, from_status, to_status, source, at, assignment_id, actor_user_id, reason)
     SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM changed`,
    [unit.id, unit.status, opts.to, opts.source, at, assignmentId, opts.actorUserId ?? null, opts.reason ?? null],
  );
  return {
    unitId: unit.id,
    from: unit.status,
    to: opts.to,
    source: opts.source,
    at: at.toISOString(),
    assignmentId,
    incidentId,
    reason: opts.reason ?? null,
  };
}

/** A run that finished (transported or no-transport outcome) closes its incident when no other unit is on it. */
async function closeIncidentIfRunsOver(tx: Transaction, incidentId: number): Promise<void> {
  if ((await countActiveRuns(tx, incidentId)) === 0) await closeIncident(tx, incidentId);
}
