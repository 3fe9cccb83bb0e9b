import type { App } from '../app-types.ts';
import { CountyReplay, CountyReplayQuery, IncidentReplay } from '../contracts/analytics.ts';
import { ErrorBody, IdParams } from '../contracts/common.ts';

const READERS = ['dispatcher', 'official', 'admin'] as const;

export default async function replayRoutes(app: App): Promise<void> {
  const core = app.core;

  app.get(
    '/api/incidents/:id/replay',
    {
      config: { roles: READERS },
      schema: {
        tags: ['replay'],
        summary:
          "An incident's replay: each run's unit track from dispatch to run end (thinned to ≤ 2000 points), status changes, events",
        params: IdParams,
        response: { 200: IncidentReplay, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => core.replay.incident(req.params.id),
  );

  app.get(
    '/api/replay',
    {
      config: { roles: READERS },
      schema: {
        tags: ['replay'],
        summary:
          'County-wide replay of at most one hour: every unit track (≤ 720 points each), status changes, incidents',
        querystring: CountyReplayQuery,
        response: { 200: CountyReplay, 400: ErrorBody },
      },
    },
    async (req) => core.replay.county(req.query.from, req.query.to),
  );
}
