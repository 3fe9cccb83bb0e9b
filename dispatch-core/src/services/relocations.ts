import type { Transaction } from '@c120/db';
import { relocations } from '@c120/db/repositories';
import type { RelocateBody, RelocationEndReason, RelocationView } from '../contracts/coverage.ts';
import type { UnitView } from '../contracts/views.ts';
import { HttpError, conflict, notFound } from '../domain/errors.ts';
import { appendEvent } from '../repositories/events.ts';
import {
  acknowledgeOpenRelocation,
  endOpenRelocation,
  insertRelocation,
  relocationsReached,
} from '../repositories/relocations.ts';
import type { Actor, ServiceContext } from './context.ts';
import { lockUnitPatiently } from './transitions.ts';

export interface RelocationResult {
  relocation: RelocationView;
  unit: UnitView;
}

/**
 * Ends the unit's open move-up order inside the caller's transaction and announces it
 * (`unit.relocation_ended`). Called where a unit stops being free to drive to the station: dispatched to an
 * incident, taken out of service. Call it before reading the unit view the caller's own event carries, so that
 * view shows no order. No order open: nothing happens.
 */
export async function endRelocation(
  ctx: ServiceContext,
  tx: Transaction,
  unitId: number,
  reason: RelocationEndReason,
  actor: Actor,
): Promise<RelocationResult | null> {
  const relocation = await endOpenRelocation(tx, unitId, reason, actor);
  if (!relocation) return null;
  const unit = await ctx.units.get(tx, unitId);
  if (!unit) throw notFound(`unit ${unitId}`);
  await appendEvent(tx, 'unit.relocation_ended', { relocation, unit }, { unitId, actor });
  return { relocation, unit };
}

/**
 * Move-up orders: an available unit is posted at a station (the dispatcher accepted the coverage page's
 * suggestion, or chose one). The order is a row in `relocations` and an event in one transaction; the unit
 * stays available (it can still be dispatched on the way) and coverage follows its positions as it drives there.
 * Life of an order (every step an event): ordered → acknowledged by the crew → ended, because the unit arrived
 * (station geofence, or the crew says so), was dispatched or went out of service (`endRelocation` in those
 * services), was posted elsewhere (a new order supersedes it), or the dispatcher cancelled it. One open order
 * per unit (partial unique index).
 */
export class RelocationService {
  constructor(private readonly ctx: ServiceContext) {}

  async order(unitId: number, body: RelocateBody, actor: Actor): Promise<RelocationResult> {
    const result = await this.ctx.db.transaction(async (tx) => {
      const unit = await this.lockAvailable(tx, unitId);
      if (!(await relocations.stationExists(tx, body.stationId))) throw notFound(`station ${body.stationId}`);
      const previous = await endRelocation(this.ctx, tx, unitId, 'superseded', actor);
      if (previous?.relocation.stationId === body.stationId) {
        throw conflict(`${unit.call_sign} is already ordered to ${previous.relocation.stationName}`, 'already_ordered');
      }
      const relocation = await insertRelocation(tx, unitId, body.stationId, actor, body.expectedGainPopulation ?? null);
      const view = await this.ctx.units.get(tx, unitId);
      if (!view) throw notFound(`unit ${unitId}`);
      await appendEvent(tx, 'unit.relocation_ordered', { relocation, unit: view }, { unitId, actor });
      return { relocation, unit: view };
    });
    this.ctx.eventsCommitted();
    return result;
  }

  /** The crew has seen the order (tablet). Repeating it changes nothing and announces nothing new. */
  async acknowledge(unitId: number, actor: Actor): Promise<RelocationResult> {
    const result = await this.ctx.db.transaction(async (tx) => {
      await this.lockUnit(tx, unitId);
      const acked = await acknowledgeOpenRelocation(tx, unitId, actor);
      if (!acked) throw noOpenOrder(unitId);
      const { relocation } = acked;
      const unit = await this.ctx.units.get(tx, unitId);
      if (!unit) throw notFound(`unit ${unitId}`);
      if (acked.first) {
        await appendEvent(tx, 'unit.relocation_acknowledged', { relocation, unit }, { unitId, actor });
      }
      return { relocation, unit };
    });
    this.ctx.eventsCommitted();
    return result;
  }

  /** Ends the open order: the crew reports arrival at the station, or the dispatcher cancels it. */
  async end(unitId: number, reason: 'arrived' | 'cancelled', actor: Actor): Promise<RelocationResult> {
    const result = await this.ctx.db.transaction(async (tx) => {
      await this.lockUnit(tx, unitId);
      const ended = await endRelocation(this.ctx, tx, unitId, reason, actor);
      if (!ended) throw noOpenOrder(unitId);
      return ended;
    });
    this.ctx.eventsCommitted();
    return result;
  }

  /** Station geofence: a unit under an order that comes within the geofence radius of its station has arrived. */
  async onFixes(fixes: readonly { unitId: number; lon: number; lat: number }[]): Promise<number> {
    if (fixes.length === 0) return 0;
    const reached = await relocationsReached(this.ctx.db, fixes, this.ctx.config.geofenceRadiusM);
    let ended = 0;
    for (const unitId of reached) {
      const done = await this.ctx.db.transaction(async (tx) => {
        // A busy unit row (a dispatcher acting on it): the next fix tries again.
        if ((await lockUnitPatiently(tx, unitId)) === 'busy') return null;
        return endRelocation(this.ctx, tx, unitId, 'arrived', 'geofence');
      });
      if (done) ended++;
    }
    if (ended > 0) this.ctx.eventsCommitted();
    return ended;
  }

  private async lockUnit(tx: Transaction, unitId: number) {
    // Never wait on a unit row lock (the position writer holds them briefly): retry, then report busy.
    const unit = await lockUnitPatiently(tx, unitId);
    if (unit === 'missing') throw notFound(`unit ${unitId}`);
    if (unit === 'busy') throw conflict(`unit ${unitId} is being changed; try again`, 'unit_busy');
    return unit;
  }

  private async lockAvailable(tx: Transaction, unitId: number) {
    const unit = await this.lockUnit(tx, unitId);
    if (unit.status !== 'available') {
      throw conflict(`unit ${unit.call_sign} is not available (${unit.status})`, 'unit_not_available');
    }
    return unit;
  }
}

function noOpenOrder(unitId: number): HttpError {
  return new HttpError(404, `unit ${unitId} has no open move-up order`, 'no_relocation');
}
