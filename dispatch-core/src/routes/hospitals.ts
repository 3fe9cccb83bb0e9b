import type { App } from '../app-types.ts';
import { ChooseDestinationBody, HospitalSuggestionList, HospitalSuggestionQuery } from '../contracts/api.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { IncidentView } from '../contracts/views.ts';

export default async function hospitalRoutes(app: App): Promise<void> {
  const core = app.core;
  app.get(
    '/api/incidents/:id/hospitals',
    {
      schema: {
        tags: ['hospitals'],
        summary: 'Destination suggestions: nearest, most urgent, matching the needed specialty centre',
        params: IdParams,
        querystring: HospitalSuggestionQuery,
        response: { 200: HospitalSuggestionList, ...ClientErrors },
      },
    },
    async (req) => ({
      incidentId: req.params.id,
      ...(await core.hospitals.suggest(core.db, req.params.id, req.query.specialty ?? [])),
    }),
  );
  app.put(
    '/api/incidents/:id/destination',
    {
      schema: {
        tags: ['hospitals'],
        summary: 'Choose the destination hospital; another than the first suggestion needs a reason',
        params: IdParams,
        body: ChooseDestinationBody,
        response: { 200: IncidentView, ...ClientErrors },
      },
    },
    async (req) => core.hospitals.choose(req.params.id, req.body.hospitalId, req.body.reason, null),
  );
}
