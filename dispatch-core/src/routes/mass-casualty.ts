import type { App } from '../app-types.ts';
import { OPERATORS, READERS, userActor } from '../auth/roles.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import {
  MassCasualtyDispatchBody,
  MassCasualtyDispatchResult,
  MassCasualtyPlan,
  MassCasualtyQuery,
} from '../contracts/mass-casualty.ts';
import { currentUser } from '../plugins/auth.ts';

/** Mass casualty (群体伤): the unit set covering the triage, and sending it in one confirmed action. */
export default async function massCasualtyRoutes(app: App): Promise<void> {
  const core = app.core;

  app.get(
    '/api/incidents/:id/mass-casualty',
    {
      config: { roles: READERS },
      schema: {
        tags: ['incidents'],
        summary: 'Units recommended to cover the patients (by triage), and units requested / sent / on scene',
        params: IdParams,
        querystring: MassCasualtyQuery,
        response: { 200: MassCasualtyPlan, ...ClientErrors },
      },
    },
    async (req) => core.massCasualty.plan(req.params.id, req.query),
  );

  app.post(
    '/api/incidents/:id/mass-casualty',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['incidents'],
        summary: 'Send the confirmed unit set (each through the race-safe assignment; taken units are reported)',
        params: IdParams,
        body: MassCasualtyDispatchBody,
        response: { 200: MassCasualtyDispatchResult, ...ClientErrors },
      },
    },
    async (req) => core.massCasualty.dispatch(req.params.id, req.body, userActor(currentUser(req))),
  );
}
