import type { RelocateBody, RelocationView } from '../contracts/coverage.ts';
import type { UnitView } from '../contracts/views.ts';
import { conflict, notFound } from '../domain/errors.ts';
import { appendEvent } from '../repositories/events.ts';
import type { Actor, ServiceContext } from './context.ts';
import { lockUnitPatiently } from './transitions.ts';

/**
 * Move-up orders: an available unit is posted at a station (the dispatcher accepted the coverage page's
 * suggestion, or chose one). The order is a row in `relocations` and a `unit.relocation_ordered` event in one
 * transaction; the unit stays available (it can still be dispatched on the way) and coverage follows its
 * positions as it drives there. A unit that is not available cannot be moved up (409).
 */
export class RelocationService {
  constructor(private readonly ctx: ServiceContext) {}

  async order(
    unitId: number,
    body: RelocateBody,
    actor: Actor,
  ): Promise<{ relocation: RelocationView; unit: UnitView }> {
    const result = await this.ctx.db.transaction(async (tx) => {
      // Never wait on a unit row lock (the position writer holds them briefly): retry, then report busy.
      const unit = await lockUnitPatiently(tx, unitId);
      if (unit === 'missing') throw notFound(`unit ${unitId}`);
      if (unit === 'busy') throw conflict(`unit ${unitId} is being changed; try again`, 'unit_busy');
      if (unit.status !== 'available') {
        throw conflict(`unit ${unit.call_sign} is not available (${unit.status})`, 'unit_not_available');
      }
      const station = await tx.query<{ name: string }>('SELECT name FROM stations WHERE id = $1', [body.stationId]);
      const stationName = station.rows[0]?.name;
      if (stationName === undefined) throw notFound(`station ${body.stationId}`);
      const { rows } = await tx.query<{ id: number; ordered_at: Date }>(
        `INSERT INTO relocations (unit_id, station_id, actor, expected_gain_population)
         VALUES ($1, $2, $3, $4) RETURNING id, ordered_at`,
        [unitId, body.stationId, actor, body.expectedGainPopulation ?? null],
      );
      const row = rows[0];
      const view = await this.ctx.units.get(tx, unitId);
      if (!row || !view) throw notFound(`unit ${unitId}`);
      const relocation: RelocationView = {
        id: row.id,
        unitId,
        stationId: body.stationId,
        stationName,
        orderedAt: new Date(row.ordered_at).toISOString(),
        actor,
        expectedGainPopulation: body.expectedGainPopulation ?? null,
      };
      await appendEvent(tx, 'unit.relocation_ordered', { relocation, unit: view }, { unitId, actor });
      return { relocation, unit: view };
    });
    this.ctx.eventsCommitted();
    return result;
  }
}
