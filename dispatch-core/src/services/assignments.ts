import { actorUserId } from '../auth/roles.ts';
import { createHash } from 'node:crypto';
import type { Transaction } from '@c120/db';
import type { AssignmentResult, CreateAssignmentBody } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { appendEvent, storeIdempotentResponseAtCommit } from '../repositories/events.ts';
import {
  lockRunUnit,
  markRunReassigned,
  reopenIncidentWithoutRuns,
  lockRunsOfIncident,
  readIncidentAndUnit,
  lockIncidentForAssignment,
  readIdempotencyKey,
  unitForRefusal,
  writeAssignment,
  type IdempotencyClaim,
} from '@c120/db/repositories';
import type { Row } from '@c120/db';
import { incidentViewFromRow } from '../repositories/incidents.ts';
import { toUnitView, type UnitRow } from '../repositories/units.ts';
import { shanghaiDay } from '../domain/local-day.ts';
import type { IncidentDispatchFacts } from '../repositories/incident-facts.ts';
import { HttpError, conflict, notFound } from '../domain/errors.ts';
import { applyTransition, mustLockUnit, type LockedUnit } from './transitions.ts';
import type { RecommendationService } from './recommendations.ts';
import type { Actor, ServiceContext } from './context.ts';
import { endRelocation } from './relocations.ts';
import { divertFromPlannedWork, resumeRoundAfterRun } from './round-runs.ts';

/**
 * Assigning a unit to an incident, reassigning and cancelling. Each is one transaction: the unit row is locked
 * (`FOR UPDATE SKIP LOCKED`, then the status guard), the incident row is locked, both change, the event is
 * written. Two dispatchers racing for one unit: exactly one commits, the other gets 409. The database also
 * refuses a second active assignment per unit (partial unique index) whatever this code does.
 */
/** Tries (after the first) when the best unit's row is locked by another transaction: 2+4+6+8 ms at most. */
const LOCK_RETRIES = 4;

export class AssignmentService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly recommendations: RecommendationService,
  ) {}

  /**
   * Assigns a unit (a chosen one, or `nearest`) in three round trips inside the transaction: (1) lock the
   * incident, read its dispatch facts and claim the Idempotency-Key; (2) the KNN shortlist (re-ranked by drive
   * time in memory; no unit row locked); (3) one statement that takes the best candidate still available and
   * capable (`SKIP LOCKED`, briefly retried when a position batch holds it), writes incident, assignment, unit
   * status and its log, and returns both views. The event and the stored idempotent response travel with the
   * COMMIT (the event outbox). A chosen unit skips (2). A move-up order, a round today or a booked transfer of the
   * unit add their own statements (rare); a reassignment first ends the replaced run (its own statements).
   */
  async assign(
    incidentId: number,
    body: CreateAssignmentBody,
    idempotencyKey: string | undefined,
    actor: Actor,
  ): Promise<{ status: number; result: AssignmentResult }> {
    const requestHash = createHash('sha256').update(JSON.stringify({ incidentId, body })).digest('hex');
    const reassign = body.replacesAssignmentId !== undefined;
    const nearest = body.unitId === 'nearest';
    const outcome = await this.ctx.db.transaction(async (tx) => {
      const claim = idempotencyKey ? { key: idempotencyKey, scope: 'assign', requestHash } : null;
      // (1) The incident locked, its dispatch facts read, the key claimed: one round trip.
      const locked = await lockIncidentForAssignment(tx, incidentId, claim);
      if (claim && !locked.claimed) {
        const replay = await replayIdempotent(tx, claim);
        return { replayed: true, status: replay.status, result: replay.response as AssignmentResult };
      }
      if (locked.status === null || !locked.facts) throw notFound(`incident ${incidentId}`);
      if (locked.status === 'closed' || locked.status === 'cancelled') {
        throw conflict(`incident ${incidentId} is already ${locked.status}`, 'incident_ended');
      }
      const facts = locked.facts as unknown as IncidentDispatchFacts & { req: string[] };
      if (reassign) {
        const incident = await this.ctx.incidents.get(tx, incidentId);
        if (!incident) throw notFound(`incident ${incidentId}`);
        await this.endForReassign(tx, incident, body.replacesAssignmentId as number, body.reason, actor);
      }
      // (2) The KNN shortlist re-ranked by drive time (no unit row locked; after a reassignment's release, so the
      // released unit may be the best one again).
      const ranked = nearest ? await this.recommendations.rankForAssignment(tx, facts) : [];
      const candidates = nearest ? ranked : [body.unitId as number];
      const write = {
        incidentId,
        candidates,
        // A chosen unit is the dispatcher's call: only its status is re-checked, as before.
        required: nearest ? facts.req : [],
        actorUserId: actorUserId(actor),
        additional: body.additional === true || reassign,
        bestOnly: true,
        at: new Date(),
        day: shanghaiDay(new Date()),
      };
      let row = await writeAssignment(tx, write);
      // The best unit's row is held by another transaction (normally for a millisecond: a position batch, or
      // another dispatcher whose assignment then takes it): try again shortly, then take the best free one.
      for (
        let attempt = 1;
        row.picked_unit_id === null && row.best_unit_id !== null && attempt <= LOCK_RETRIES;
        attempt++
      ) {
        await new Promise((r) => setTimeout(r, 2 * attempt));
        row = await writeAssignment(tx, { ...write, bestOnly: attempt < LOCK_RETRIES || !nearest });
      }
      if (row.picked_unit_id === null) throw await this.noUnit(tx, body, facts.req);
      if (row.assignment_id === null) {
        throw conflict(
          `incident ${incidentId} already has a unit on it: send a second one as additional (加派), or reassign`,
          'incident_has_active_run',
        );
      }
      const assignmentId = Number(row.assignment_id);
      const unitId = Number(row.picked_unit_id);
      let result = this.resultFromRow(row, assignmentId);
      const relocated = result.unit.moveUp !== null;
      if (relocated || row.on_round === true || row.booked === true) {
        // Dispatched on the way to a move-up station: that order ends (before the view the event carries).
        if (relocated) await endRelocation(this.ctx, tx, unitId, 'dispatched', actor);
        // Emergencies first: a van on a village round leaves a gap in it; a booking of this unit is flagged.
        if (row.on_round === true || row.booked === true) {
          await divertFromPlannedWork(tx, unitId, incidentId, this.ctx.config.transferFlagHours, actor);
        }
        result = await this.readResult(tx, assignmentId, incidentId, unitId);
      }
      await appendEvent(tx, 'assignment.created', result, { incidentId, unitId, actor });
      if (idempotencyKey) storeIdempotentResponseAtCommit(tx, idempotencyKey, 201, result);
      return { replayed: false, status: 201, result };
    });
    if (!outcome.replayed) {
      this.ctx.eventsCommitted();
      this.ctx.notifier.assigned(outcome.result);
    }
    return { status: outcome.status, result: outcome.result };
  }

  /** The error for an assignment that found no unit to take. */
  private async noUnit(tx: Transaction, body: CreateAssignmentBody, required: string[]): Promise<HttpError> {
    if (body.unitId === 'nearest') {
      return conflict(
        required.length ? `no available unit with ${required.join(', ')}` : 'no available unit',
        'no_unit_available',
      );
    }
    const unit = await unitForRefusal(tx, body.unitId);
    if (!unit) return notFound(`unit ${body.unitId}`);
    if (unit.status === 'available') {
      return conflict(`unit ${body.unitId} is being assigned by another dispatcher`, 'unit_taken');
    }
    return conflict(`${unit.callSign} is not available (${unit.status})`, 'unit_not_available');
  }

  private resultFromRow(row: Row, assignmentId: number): AssignmentResult {
    const incident = incidentViewFromRow(row);
    const unit = toUnitView(row.unit as UnitRow, this.ctx.config.staleAfterSeconds);
    const assignment = incident.assignments.find((a) => a.id === assignmentId);
    if (!assignment) throw notFound(`assignment ${assignmentId}`);
    return { assignment, incident, unit };
  }

  /** Cancels a run: the unit is released (dispatched → available; en route → returning). */
  async cancel(assignmentId: number, reason: string, actor: Actor): Promise<AssignmentResult> {
    const result = await this.ctx.db.transaction(async (tx) => {
      // The run and its unit, the unit row locked, in one statement; the run's status checked after the lock.
      const locked = await lockRunUnit(tx, assignmentId);
      if (!locked) throw notFound(`assignment ${assignmentId}`);
      if (locked.run_status !== 'active') throw conflict(`assignment ${assignmentId} is already ${locked.run_status}`);
      const row = { unit_id: locked.id, incident_id: locked.run_incident_id };
      await this.release(tx, locked as unknown as LockedUnit, reason, actor, locked.round_paused);
      await reopenIncidentWithoutRuns(tx, row.incident_id);
      const out = await this.readResult(tx, assignmentId, row.incident_id, row.unit_id);
      await appendEvent(tx, 'assignment.ended', out, { incidentId: row.incident_id, unitId: row.unit_id, actor });
      return out;
    });
    this.ctx.eventsCommitted();
    return result;
  }

  /**
   * Releases every unit still on an incident (used when the incident is cancelled): their rows locked in one
   * statement (unit id order), then per run its end, status change and event.
   */
  async releaseAll(tx: Transaction, incidentId: number, reason: string, actor: Actor): Promise<void> {
    const runs = await lockRunsOfIncident(tx, incidentId);
    for (const r of runs) {
      const unit = r as unknown as LockedUnit;
      await this.release(tx, unit, reason, actor, r.round_paused);
      const out = await this.readResult(tx, r.assignment_id, incidentId, r.id);
      await appendEvent(tx, 'assignment.ended', out, { incidentId, unitId: r.id, actor });
    }
  }

  /** `roundPaused` false: the unit is known to have no paused round (saves the look-up). */
  private async release(
    tx: Transaction,
    unit: LockedUnit,
    reason: string,
    actor: Actor,
    roundPaused = true,
  ): Promise<void> {
    if (unit.status !== 'dispatched' && unit.status !== 'en_route') {
      throw conflict(
        `${unit.call_sign} is ${unit.status}: only a dispatched or en-route run can be cancelled`,
        'cannot_cancel_run',
      );
    }
    await applyTransition(tx, unit, {
      to: unit.status === 'dispatched' ? 'available' : 'returning',
      source: 'console',
      byCancel: true,
      reason,
      actorUserId: actorUserId(actor),
    });
    if (unit.status === 'dispatched' && roundPaused) await resumeRoundAfterRun(tx, unit.id, actor);
  }

  private async endForReassign(
    tx: Transaction,
    incident: IncidentView,
    replacedId: number,
    reason: string | undefined,
    actor: Actor,
  ): Promise<void> {
    const replaced = incident.assignments.find((a) => a.id === replacedId && a.status === 'active');
    if (!replaced) throw conflict(`assignment ${replacedId} is not an active run of incident ${incident.id}`);
    const unit = await mustLockUnit(tx, replaced.unitId);
    await this.release(tx, unit, reason ?? 'reassigned', actor);
    await markRunReassigned(tx, replacedId);
    const out = await this.readResult(tx, replacedId, incident.id, replaced.unitId);
    await appendEvent(tx, 'assignment.ended', out, { incidentId: incident.id, unitId: replaced.unitId });
  }

  /** The assignment, its incident and its unit as the event and the response carry them (one round trip). */
  private async readResult(
    tx: Transaction,
    assignmentId: number,
    incidentId: number,
    unitId: number,
  ): Promise<AssignmentResult> {
    const row = await readIncidentAndUnit(tx, incidentId, unitId);
    if (!row || !row.unit) throw notFound(`assignment ${assignmentId}`);
    return this.resultFromRow(row, assignmentId);
  }
}

/** The stored answer of an earlier request with this key; 422 if the key was used for a different request. */
async function replayIdempotent(
  tx: Transaction,
  claim: IdempotencyClaim,
): Promise<{ status: number; response: unknown }> {
  const stored = await readIdempotencyKey(tx, claim.key);
  if (!stored || stored.scope !== claim.scope || stored.requestHash !== claim.requestHash) {
    throw new HttpError(422, 'this Idempotency-Key was already used for a different request', 'idempotency_key_reused');
  }
  return { status: stored.status, response: stored.response };
}
