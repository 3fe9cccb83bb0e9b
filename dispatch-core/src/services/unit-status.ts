import { actorUserId } from '../auth/roles.ts';
import type { ChangeUnitStatusBody } from '../contracts/api.ts';
import type { StatusChangeView, UnitView } from '../contracts/views.ts';
import type { StatusSource } from '@c120/shared/vocabulary';
import { appendEvent } from '../repositories/events.ts';
import { notFound } from '../domain/errors.ts';
import { applyTransition, mustLockUnit } from './transitions.ts';
import type { Actor, ServiceContext } from './context.ts';
import { endRelocation } from './relocations.ts';
import { resumeRoundAfterRun } from './round-runs.ts';

export interface StatusChangeRequest extends Omit<ChangeUnitStatusBody, 'source'> {
  source: StatusSource;
  at?: Date;
}

/** Status reports from the console, a crew tablet, a vehicle terminal or a geofence. */
export class UnitStatusService {
  constructor(private readonly ctx: ServiceContext) {}

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
