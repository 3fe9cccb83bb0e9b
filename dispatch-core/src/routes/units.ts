import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ChangeUnitStatusBody, CreateUnitBody, UnitStatusResult, UpdateUnitBody } from '../contracts/api.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { UnitView } from '../contracts/views.ts';
import { notFound } from '../domain/errors.ts';

export default async function unitRoutes(app: App): Promise<void> {
  const core = app.core;

  app.get(
    '/api/units',
    {
      schema: {
        tags: ['units'],
        summary: 'All units with live status and latest position',
        response: { 200: Type.Array(UnitView) },
      },
    },
    async () => core.ctx.units.list(core.db),
  );

  app.get(
    '/api/units/:id',
    {
      schema: { tags: ['units'], summary: 'One unit', params: IdParams, response: { 200: UnitView, ...ClientErrors } },
    },
    async (req) => {
      const unit = await core.ctx.units.get(core.db, req.params.id);
      if (!unit) throw notFound(`unit ${req.params.id}`);
      return unit;
    },
  );

  app.post(
    '/api/units/:id/status',
    {
      schema: {
        tags: ['units'],
        summary:
          'Report a status change (出车, 到达现场, 病人上车, 送达医院, 返回, 待命 …); illegal transitions get 409',
        params: IdParams,
        body: ChangeUnitStatusBody,
        response: { 200: UnitStatusResult, ...ClientErrors },
      },
    },
    async (req) => core.unitStatus.change(req.params.id, { ...req.body, source: req.body.source ?? 'console' }, null),
  );

  app.post(
    '/api/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Add a unit (starts off duty at its station)',
        body: CreateUnitBody,
        response: { 201: UnitView, ...ClientErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await core.unitAdmin.create(req.body, null)),
  );

  app.patch(
    '/api/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: 'Correct a unit’s call sign, plate, kind, capabilities or home station',
        params: IdParams,
        body: UpdateUnitBody,
        response: { 200: UnitView, ...ClientErrors },
      },
    },
    async (req) => core.unitAdmin.update(req.params.id, req.body, null),
  );
}
