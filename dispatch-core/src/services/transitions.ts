import type { Transaction } from '@c120/db';
import type { RunOutcome, StatusSource, UnitStatus } from '@c120/shared/vocabulary';
import type { StatusChangeView } from '../contracts/views.ts';
import { checkTransition } from '../domain/unit-status.ts';
import { conflict, notFound } from '../domain/errors.ts';
import { closeIncident } from './incidents.ts';
import {
  countActiveRuns,
  endRun,
  lockUnitRow,
  pauseInServer,
  setRunDestination,
  setUnitStatus,
  stampRunStatus,
  unitExists,
  type LockedUnitRow,
  type RunTimeColumn,
} from '@c120/db/repositories';

/** A locked unit row; its status is one the units table's CHECK allows: a UnitStatus. */
export type LockedUnit = LockedUnitRow & { status: UnitStatus };

/** Locks a unit row for the rest of the transaction, with its active assignment if any. */
export async function lockUnit(tx: Transaction, unitId: number, skipLocked = false): Promise<LockedUnit | null> {
  // The row's status is one the units table's CHECK allows: a UnitStatus.
  return (await lockUnitRow(tx, unitId, skipLocked)) as LockedUnit | null;
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
      if (!(await unitExists(tx, unitId))) return 'missing';
    }
    if (attempt < attempts - 1) await pauseInServer(tx, 0.004 * 2 ** attempt);
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

const ASSIGNMENT_TIME_COLUMN: Partial<Record<UnitStatus, RunTimeColumn>> = {
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
    if (column) await stampRunStatus(tx, assignmentId, incidentId, column, opts.to, at);
    if (opts.to === 'transporting' && opts.destinationHospitalId !== undefined) {
      await setRunDestination(tx, assignmentId, incidentId, opts.destinationHospitalId);
    }
    // Leaving the run: the assignment ends here.
    if (opts.to === 'returning' || opts.to === 'available') {
      const outcome: RunOutcome = opts.byCancel
        ? 'cancelled'
        : unit.status === 'at_hospital'
          ? 'transported'
          : (opts.outcome ?? 'cancelled');
      await endRun(tx, assignmentId, opts.byCancel ? 'cancelled' : 'completed', outcome, at, opts.reason ?? null);
      if (!opts.byCancel) await closeIncidentIfRunsOver(tx, incidentId);
    }
  }

  // The status and its log entry in one statement (one round trip on the hot assignment path).
  await setUnitStatus(tx, {
    unitId: unit.id,
    from: unit.status,
    to: opts.to,
    source: opts.source,
    at,
    assignmentId,
    actorUserId: opts.actorUserId ?? null,
    reason: opts.reason ?? null,
  });
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
