import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { CoverageReportSchema, RelocateBody, RelocationActionBody, RelocationView } from '../contracts/coverage.ts';
import { UnitView } from '../contracts/views.ts';
import { CREW_AND_OPERATORS, OPERATORS, READERS, userActor } from '../auth/roles.ts';
import { assertOwnUnit } from '../auth/crew-scope.ts';
import { currentUser } from '../plugins/auth.ts';

const Result = { 200: Type.Object({ relocation: RelocationView, unit: UnitView }), ...ClientErrors };

export default async function coverageRoutes(app: App): Promise<void> {
  app.get(
    '/api/coverage',
    {
      config: { roles: READERS },
      schema: {
        tags: ['coverage'],
        summary:
          'Live coverage: share of population and area an available ambulance reaches within target, per township, holes, move-up',
        response: { 200: CoverageReportSchema },
      },
    },
    async () => app.core.coverage.current(),
  );

  app.post(
    '/api/units/:id/relocate',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['coverage'],
        summary: 'Move-up: post an available unit at a station (accepting a coverage suggestion); 409 if not available',
        params: IdParams,
        body: RelocateBody,
        response: Result,
      },
    },
    async (req) => app.core.relocations.order(req.params.id, req.body, userActor(currentUser(req))),
  );

  // The crew tablet acknowledges its order and may report arrival (the station geofence usually does); a
  // dispatcher may act for the crew. A crew account only for its own unit (403 otherwise).
  for (const [action, summary] of [
    ['acknowledge', "Move-up: the crew acknowledges its unit's open order (repeating it changes nothing); 404 if none"],
    ['arrived', 'Move-up: the unit reports arrival at the ordered station, which ends the order; 404 if none open'],
  ] as const) {
    app.post(
      `/api/units/:id/relocation/${action}`,
      {
        config: { roles: CREW_AND_OPERATORS },
        schema: { tags: ['coverage'], summary, params: IdParams, body: RelocationActionBody, response: Result },
      },
      async (req) => {
        const user = currentUser(req);
        assertOwnUnit(user, req.params.id);
        return action === 'acknowledge'
          ? app.core.relocations.acknowledge(req.params.id, userActor(user))
          : app.core.relocations.end(req.params.id, 'arrived', userActor(user));
      },
    );
  }

  app.post(
    '/api/units/:id/relocation/cancel',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['coverage'],
        summary: "Move-up: the dispatcher cancels the unit's open order (it stays where it is); 404 if none open",
        params: IdParams,
        body: RelocationActionBody,
        response: Result,
      },
    },
    async (req) => app.core.relocations.end(req.params.id, 'cancelled', userActor(currentUser(req))),
  );
}
