import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ChangeUnitStatusBody, CreateUnitBody, UnitCrew, UnitStatusResult, UpdateUnitBody } from '../contracts/api.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { UnitView } from '../contracts/views.ts';
import { ADMINS, CREW_AND_OPERATORS, READERS, SIGNED_IN, userActor } from '../auth/roles.ts';
import { assertOwnUnit } from '../auth/crew-scope.ts';
import { currentUser } from '../plugins/auth.ts';

export default async function unitRoutes(app: App): Promise<void> {
  const core = app.core;

  app.get(
    '/api/units',
    {
      config: { roles: READERS },
      schema: {
        tags: ['units'],
        summary: 'All units with live status and latest position',
        response: { 200: Type.Array(UnitView) },
      },
    },
    async () => core.unitStatus.list(),
  );

  app.get(
    '/api/units/:id/crew',
    {
      config: { roles: READERS },
      schema: {
        tags: ['units'],
        summary: "A unit's crew: the crew accounts bound to it and whether each is signed in",
        params: IdParams,
        response: { 200: UnitCrew, ...ClientErrors },
      },
    },
    async (req) => core.unitStatus.crew(req.params.id),
  );

  app.get(
    '/api/units/:id',
    {
      config: { roles: SIGNED_IN },
      schema: { tags: ['units'], summary: 'One unit', params: IdParams, response: { 200: UnitView, ...ClientErrors } },
    },
    async (req) => {
      assertOwnUnit(currentUser(req), req.params.id);
      return core.unitStatus.get(req.params.id);
    },
  );

  app.post(
    '/api/units/:id/status',
    {
      config: { roles: CREW_AND_OPERATORS },
      schema: {
        tags: ['units'],
        summary:
          'Report a status change (出车, 到达现场, 病人上车, 送达医院, 返回, 待命 …); illegal transitions get 409',
        params: IdParams,
        body: ChangeUnitStatusBody,
        response: { 200: UnitStatusResult, ...ClientErrors },
      },
    },
    async (req) => {
      const user = currentUser(req);
      assertOwnUnit(user, req.params.id);
      // A crew account reports as the crew, whatever the body says.
      const source = user.role === 'crew' ? 'crew' : (req.body.source ?? 'console');
      return core.unitStatus.change(req.params.id, { ...req.body, source }, userActor(user));
    },
  );

  app.post(
    '/api/units',
    {
      config: { roles: ADMINS },
      schema: {
        tags: ['units'],
        summary: 'Add a unit (starts off duty at its station)',
        body: CreateUnitBody,
        response: { 201: UnitView, ...ClientErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await core.unitAdmin.create(req.body, userActor(req.user))),
  );

  app.patch(
    '/api/units/:id',
    {
      config: { roles: ADMINS },
      schema: {
        tags: ['units'],
        summary: 'Correct a unit’s call sign, plate, kind, capabilities or home station',
        params: IdParams,
        body: UpdateUnitBody,
        response: { 200: UnitView, ...ClientErrors },
      },
    },
    async (req) => core.unitAdmin.update(req.params.id, req.body, userActor(req.user)),
  );
}
