import { actorUserId } from '../auth/roles.ts';
import { createHash } from 'node:crypto';
import type { Transaction } from '@c120/db';
import type { AssignmentResult, CreateAssignmentBody } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { appendEvent } from '../repositories/events.ts';
import { HttpError, conflict, notFound } from '../domain/errors.ts';
import { applyTransition, lockUnitPatiently, mustLockUnit, type LockedUnit } from './transitions.ts';
import type { RecommendationService } from './recommendations.ts';
import { lockOpenIncident, type IncidentDispatchFacts } from '../repositories/incident-facts.ts';
import type { Actor, ServiceContext } from './context.ts';
import { endRelocation } from './relocations.ts';
import { divertFromPlannedWork, resumeRoundAfterRun } from './round-runs.ts';

/**
 * Assigning a unit to an incident, reassigning and cancelling. Each is one transaction: the unit row is locked
 * (`FOR UPDATE SKIP LOCKED`, then the status guard), the incident row is locked, both change, the event is
 * written. Two dispatchers racing for one unit: exactly one commits, the other gets 409. The database also
 * refuses a second active assignment per unit (partial unique index) whatever this code does.
 */
export class AssignmentService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly recommendations: RecommendationService,
  ) {}

  async assign(
    incidentId: number,
    body: CreateAssignmentBody,
    idempotencyKey: string | undefined,
    actor: Actor,
  ): Promise<{ status: number; result: AssignmentResult }> {
    const requestHash = createHash('sha256').update(JSON.stringify({ incidentId, body })).digest('hex');
    const outcome = await this.ctx.db.transaction(async (tx) => {
      if (idempotencyKey) {
        const replay = await claimIdempotencyKey(tx, idempotencyKey, 'assign', requestHash);
        if (replay) return { replayed: true, status: replay.status, result: replay.response as AssignmentResult };
      }
      const facts = await lockOpenIncident(tx, incidentId);
      if (body.replacesAssignmentId !== undefined) {
        const incident = await this.ctx.incidents.get(tx, incidentId);
        if (!incident) throw notFound(`incident ${incidentId}`);
        await this.endForReassign(tx, incident, body.replacesAssignmentId, body.reason, actor);
      }
      const unit =
        body.unitId === 'nearest' ? await this.lockNearest(tx, incidentId, facts) : await lockChosen(tx, body.unitId);
      // A second unit must say it is one (加派) or replace a run. Checked in this statement, which starts after
      // the incident lock is held, so its snapshot sees a concurrent first assignment that committed meanwhile
      // (a count read together with the lock would not: READ COMMITTED re-checks only the locked row).
      const { rows } = await tx.query<{ id: number }>(
        `WITH incident AS (
           UPDATE incidents SET status = CASE WHEN status = 'pending' THEN 'dispatched' ELSE status END,
             first_dispatched_at = coalesce(first_dispatched_at, now()), updated_at = now()
           WHERE id = $1 AND ($4::boolean OR NOT EXISTS (
             SELECT 1 FROM assignments WHERE incident_id = $1 AND status = 'active'))
           RETURNING id
         )
         INSERT INTO assignments (incident_id, unit_id, assigned_by) SELECT $1, $2, $3 FROM incident RETURNING id`,
        [incidentId, unit.id, actorUserId(actor), body.additional === true || body.replacesAssignmentId !== undefined],
      );
      const assignmentId = rows[0]?.id;
      if (assignmentId === undefined) {
        throw conflict(
          `incident ${incidentId} already has a unit on it: send a second one as additional (加派), or reassign`,
          'incident_has_active_run',
        );
      }
      await applyTransition(tx, unit, {
        to: 'dispatched',
        source: 'console',
        byAssignment: true,
        assignmentId,
        actorUserId: actorUserId(actor),
      });
      // Dispatched on the way to a move-up station: that order ends (before the view the event carries is read).
      await endRelocation(this.ctx, tx, unit.id, 'dispatched', actor);
      // Emergencies first: a van on a village round leaves a gap in it; a booking of this unit is flagged.
      await divertFromPlannedWork(tx, unit.id, incidentId, this.ctx.config.transferFlagHours, actor);
      const result = await this.readResult(tx, assignmentId, incidentId, unit.id);
      await appendEvent(tx, 'assignment.created', result, { incidentId, unitId: unit.id, actor });
      if (idempotencyKey) await storeIdempotentResponse(tx, idempotencyKey, 201, result);
      return { replayed: false, status: 201, result };
    });
    if (!outcome.replayed) {
      this.ctx.eventsCommitted();
      this.ctx.notifier.assigned(outcome.result);
    }
    return { status: outcome.status, result: outcome.result };
  }

  /** Cancels a run: the unit is released (dispatched → available; en route → returning). */
  async cancel(assignmentId: number, reason: string, actor: Actor): Promise<AssignmentResult> {
    const result = await this.ctx.db.transaction(async (tx) => {
      const a = await tx.query<{ unit_id: number; incident_id: number; status: string }>(
        'SELECT unit_id, incident_id, status FROM assignments WHERE id = $1',
        [assignmentId],
      );
      const row = a.rows[0];
      if (!row) throw notFound(`assignment ${assignmentId}`);
      if (row.status !== 'active') throw conflict(`assignment ${assignmentId} is already ${row.status}`);
      const unit = await mustLockUnit(tx, row.unit_id);
      await this.release(tx, unit, reason, actor);
      await tx.query(
        `UPDATE incidents SET status = 'pending', updated_at = now() WHERE id = $1 AND status NOT IN ('closed', 'cancelled')
           AND NOT EXISTS (SELECT 1 FROM assignments WHERE incident_id = $1 AND status = 'active')`,
        [row.incident_id],
      );
      const out = await this.readResult(tx, assignmentId, row.incident_id, row.unit_id);
      await appendEvent(tx, 'assignment.ended', out, { incidentId: row.incident_id, unitId: row.unit_id, actor });
      return out;
    });
    this.ctx.eventsCommitted();
    return result;
  }

  /** Releases every unit still on an incident (used when the incident is cancelled). */
  async releaseAll(tx: Transaction, incidentId: number, reason: string, actor: Actor): Promise<void> {
    const { rows } = await tx.query<{ id: number; unit_id: number }>(
      `SELECT id, unit_id FROM assignments WHERE incident_id = $1 AND status = 'active' ORDER BY id`,
      [incidentId],
    );
    for (const r of rows) {
      const unit = await mustLockUnit(tx, r.unit_id);
      await this.release(tx, unit, reason, actor);
      const out = await this.readResult(tx, r.id, incidentId, r.unit_id);
      await appendEvent(tx, 'assignment.ended', out, { incidentId, unitId: r.unit_id, actor });
    }
  }

  private async release(tx: Transaction, unit: LockedUnit, reason: string, actor: Actor): Promise<void> {
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
    if (unit.status === 'dispatched') await resumeRoundAfterRun(tx, unit.id, actor);
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
    await tx.query(`UPDATE assignments SET status = 'reassigned', outcome = 'reassigned' WHERE id = $1`, [replacedId]);
    const out = await this.readResult(tx, replacedId, incident.id, replaced.unitId);
    await appendEvent(tx, 'assignment.ended', out, { incidentId: incident.id, unitId: replaced.unitId });
  }

  /** Tries the recommended units in rank order; the first one it can lock and that is still available wins. */
  private async lockNearest(tx: Transaction, incidentId: number, facts: IncidentDispatchFacts): Promise<LockedUnit> {
    const list = await this.recommendations.forIncident(tx, incidentId, 20, facts);
    for (const r of list.recommendations) {
      const unit = await lockUnitPatiently(tx, r.unit.id, 3);
      if (typeof unit === 'object' && unit.status === 'available') return unit;
    }
    throw conflict(
      list.requiredCapabilities.length
        ? `no available unit with ${list.requiredCapabilities.join(', ')}`
        : 'no available unit',
      'no_unit_available',
    );
  }

  private async readResult(
    tx: Transaction,
    assignmentId: number,
    incidentId: number,
    unitId: number,
  ): Promise<AssignmentResult> {
    const incident = await this.ctx.incidents.get(tx, incidentId);
    const unit = await this.ctx.units.get(tx, unitId);
    const assignment = incident?.assignments.find((a) => a.id === assignmentId);
    if (!assignment || !incident || !unit) throw notFound(`assignment ${assignmentId}`);
    return { assignment, incident, unit };
  }
}

async function lockChosen(tx: Transaction, unitId: number): Promise<LockedUnit> {
  const unit = await lockUnitPatiently(tx, unitId);
  if (unit === 'missing') throw notFound(`unit ${unitId}`);
  if (unit === 'busy') throw conflict(`unit ${unitId} is being assigned by another dispatcher`, 'unit_taken');
  if (unit.status !== 'available') {
    throw conflict(`${unit.call_sign} is not available (${unit.status})`, 'unit_not_available');
  }
  return unit;
}

interface StoredResponse {
  status: number;
  response: unknown;
}

/**
 * Claims an idempotency key inside the transaction. The first request inserts it (and later stores its
 * response in the same transaction); a concurrent duplicate blocks on the unique key until the first commits
 * and then replays the stored response. A key reused for a different request is refused.
 */
async function claimIdempotencyKey(
  tx: Transaction,
  key: string,
  scope: string,
  requestHash: string,
): Promise<StoredResponse | null> {
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (key, scope, request_hash, response_status, response)
     VALUES ($1, $2, $3, 0, 'null'::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
    [key, scope, requestHash],
  );
  if (inserted.rowCount === 1) return null;
  const { rows } = await tx.query<{ scope: string; request_hash: string; response_status: number; response: unknown }>(
    'SELECT scope, request_hash, response_status, response FROM idempotency_keys WHERE key = $1',
    [key],
  );
  const stored = rows[0];
  if (!stored || stored.scope !== scope || stored.request_hash !== requestHash) {
    throw new HttpError(422, 'this Idempotency-Key was already used for a different request', 'idempotency_key_reused');
  }
  return { status: stored.response_status, response: stored.response };
}

async function storeIdempotentResponse(tx: Transaction, key: string, status: number, response: unknown): Promise<void> {
  await tx.query('UPDATE idempotency_keys SET response_status = $2, response = $3::jsonb WHERE key = $1', [
    key,
    status,
    JSON.stringify(response),
  ]);
}
