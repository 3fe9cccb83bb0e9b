import { fleet } from '@c120/db/repositories';
import type { CreateUnitBody, UpdateUnitBody } from '../contracts/api.ts';
import type { UnitView } from '../contracts/views.ts';
import { appendEvent } from '../repositories/events.ts';
import { notFound } from '../domain/errors.ts';
import type { Actor, ServiceContext } from './context.ts';

/** Administrators add units and correct their descriptive fields; each change is an event like any other. */
export class UnitAdminService {
  constructor(private readonly ctx: ServiceContext) {}

  async create(body: CreateUnitBody, actor: Actor): Promise<UnitView> {
    const unit = await this.ctx.db.transaction(async (tx) => {
      // A new unit starts off duty at its station; it goes available when the crew signs on.
      const id = await fleet.insertUnit(tx, {
        code: body.code,
        callSign: body.callSign,
        plate: body.plate ?? null,
        kind: body.kind,
        capabilities: body.capabilities,
        stationId: body.stationId ?? null,
      });
      const view = await this.ctx.units.get(tx, id);
      if (!view) throw notFound('unit');
      await appendEvent(tx, 'unit.updated', { unit: view }, { unitId: view.id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return unit;
  }

  async update(id: number, body: UpdateUnitBody, actor: Actor): Promise<UnitView> {
    const unit = await this.ctx.db.transaction(async (tx) => {
      const updated = await fleet.updateUnit(tx, id, {
        callSign: body.callSign,
        plate: body.plate,
        kind: body.kind,
        capabilities: body.capabilities,
        stationId: body.stationId,
      });
      if (!updated) throw notFound(`unit ${id}`);
      const view = await this.ctx.units.get(tx, id);
      if (!view) throw notFound(`unit ${id}`);
      await appendEvent(tx, 'unit.updated', { unit: view }, { unitId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return unit;
  }
}
