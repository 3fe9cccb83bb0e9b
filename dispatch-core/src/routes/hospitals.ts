import type { App } from '../app-types.ts';
import { ChooseDestinationBody, HospitalSuggestionList, HospitalSuggestionQuery } from '../contracts/api.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { IncidentView } from '../contracts/views.ts';
import { CREW_AND_OPERATORS, SIGNED_IN, userActor, type SessionUser } from '../auth/roles.ts';
import { assertIncidentVisible } from '../auth/crew-scope.ts';
import { currentUser } from '../plugins/auth.ts';

export default async function hospitalRoutes(app: App): Promise<void> {
  const core = app.core;
  /** A crew may look at and choose for its own incident only. */
  const assertVisible = async (user: SessionUser, incidentId: number) => {
    if (user.role !== 'crew') return;
    assertIncidentVisible(user, await core.incidentReads.get(incidentId));
  };
  app.get(
    '/api/incidents/:id/hospitals',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['hospitals'],
        summary: 'Destination suggestions: nearest, most urgent, matching the needed specialty centre',
        params: IdParams,
        querystring: HospitalSuggestionQuery,
        response: { 200: HospitalSuggestionList, ...ClientErrors },
      },
    },
    async (req) => {
      await assertVisible(currentUser(req), req.params.id);
      return {
        incidentId: req.params.id,
        ...(await core.hospitals.suggestFor(req.params.id, req.query.specialty ?? [])),
      };
    },
  );
  app.put(
    '/api/incidents/:id/destination',
    {
      config: { roles: CREW_AND_OPERATORS },
      schema: {
        tags: ['hospitals'],
        summary: 'Choose the destination hospital; another than the first suggestion needs a reason',
        params: IdParams,
        body: ChooseDestinationBody,
        response: { 200: IncidentView, ...ClientErrors },
      },
    },
    async (req) => {
      const user = currentUser(req);
      await assertVisible(user, req.params.id);
      return core.hospitals.choose(req.params.id, req.body.hospitalId, req.body.reason, userActor(user));
    },
  );
}
