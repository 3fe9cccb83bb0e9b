import { actorUserId } from '../auth/roles.ts';
import type { ChangeUnitStatusBody, UnitCrew } from '../contracts/api.ts';
import type { StatusChangeView, UnitView } from '../contracts/views.ts';
import type { StatusSource } from '@c120/shared/vocabulary';
import { appendEvent } from '../repositories/events.ts';
import { notFound } from '../domain/errors.ts';
import { applyTransition, mustLockUnit } from './transitions.ts';
import type { Actor, ServiceContext } from './context.ts';
import { endRelocation } from './relocations.ts';
import { resumeRoundAfterRun } from './round-runs.ts';
import { listUnitCrew } from '../repositories/users.ts';

export interface StatusChangeRequest extends Omit<ChangeUnitStatusBody, 'source'> {
  source: StatusSource;
  at?: Date;
}

/** Status reports from the console, a crew tablet, a vehicle terminal or a geofence. */
export class UnitStatusService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Every unit, as the board lists them. */
  list(): Promise<UnitView[]> {
    return this.ctx.units.list(this.ctx.db);
  }

  /** One unit; 404 when there is none. */
  async get(unitId: number): Promise<UnitView> {
    const unit = await this.ctx.units.get(this.ctx.db, unitId);
    if (!unit) throw notFound(`unit ${unitId}`);
    return unit;
  }

  /** A unit's crew: the crew accounts bound to it and whether each is signed in; 404 for an unknown unit. */
  async crew(unitId: number): Promise<UnitCrew> {
    const unit = await this.get(unitId);
    return { unitId: unit.id, crew: await listUnitCrew(this.ctx.db, unit.id) };
  }

  async change(
    unitId: number,
    req: StatusChangeRequest,
    actor: Actor,
  ): Promise<{ unit: UnitView; change: StatusChangeView }> {
    const result = await this.ctx.db.transaction(async (tx) => {
      const locked = await mustLockUnit(tx, unitId);
      const change = await applyTransition(tx, locked, {
        to: req.status,
        source: req.source,
        outcome: req.outcome,
        reason: req.reason,
        destinationHospitalId: req.destinationHospitalId,
        actorUserId: actorUserId(actor),
        ...(req.at ? { at: req.at } : {}),
      });
      // Out of service (off duty, maintenance, paused): a move-up order cannot be carried out any more.
      if (req.status !== 'available') await endRelocation(this.ctx, tx, unitId, 'unavailable', actor ?? req.source);
      // Back in service after an emergency: a round it was taken from carries on.
      else await resumeRoundAfterRun(tx, unitId, actor ?? req.source);
      const unit = await this.ctx.units.get(tx, unitId);
      if (!unit) throw notFound(`unit ${unitId}`);
      const incident = change.incidentId ? await this.ctx.incidents.get(tx, change.incidentId) : null;
      await appendEvent(
        tx,
        'unit.status_changed',
        { change, unit, incident },
        { unitId, incidentId: change.incidentId, actor: actor ?? req.source },
      );
      return { unit, change };
    });
    this.ctx.eventsCommitted();
    if (result.change.to === 'available') this.ctx.notifier.backInService(unitId);
    return result;
  }
}
