import type { CreateUnitBody, UpdateUnitBody } from '../contracts/api.ts';
import type { UnitView } from '../contracts/views.ts';
import { appendEvent } from '../repositories/events.ts';
import { setClauses } from '../repositories/rows.ts';
import { notFound } from '../domain/errors.ts';
import type { Actor, ServiceContext } from './context.ts';

/** Administrators add units and correct their descriptive fields; each change is an event like any other. */
export class UnitAdminService {
  constructor(private readonly ctx: ServiceContext) {}

  async create(body: CreateUnitBody, actor: Actor): Promise<UnitView> {
    const unit = await this.ctx.db.transaction(async (tx) => {
      // A new unit starts off duty at its station; it goes available when the crew signs on.
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO units (code, call_sign, plate, kind, capabilities, station_id, status, position)
         VALUES ($1, $2, $3, $4, $5, $6, 'off_duty', (SELECT geom FROM stations WHERE id = $6))
         RETURNING id`,
        [body.code, body.callSign, body.plate ?? null, body.kind, body.capabilities, body.stationId ?? null],
      );
      const view = await this.ctx.units.get(tx, rows[0]?.id ?? 0);
      if (!view) throw notFound('unit');
      await appendEvent(tx, 'unit.updated', { unit: view }, { unitId: view.id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return unit;
  }

  async update(id: number, body: UpdateUnitBody, actor: Actor): Promise<UnitView> {
    const unit = await this.ctx.db.transaction(async (tx) => {
      const params: unknown[] = [id];
      const sets = setClauses(params, [
        ['call_sign', body.callSign],
        ['plate', body.plate],
        ['kind', body.kind],
        ['capabilities', body.capabilities],
        ['station_id', body.stationId],
      ]);
      const { rowCount } = await tx.query(
        `UPDATE units SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
        params,
      );
      if (rowCount === 0) throw notFound(`unit ${id}`);
      const view = await this.ctx.units.get(tx, id);
      if (!view) throw notFound(`unit ${id}`);
      await appendEvent(tx, 'unit.updated', { unit: view }, { unitId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return unit;
  }
}
