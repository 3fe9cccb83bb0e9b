import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { HandoverBody, PlanRoundBody, RecordStopBody, RoundListQuery, RoundView } from '../contracts/outreach.ts';
import { PLANNERS, SIGNED_IN } from '../auth/roles.ts';
import { currentUser } from '../plugins/auth.ts';

/** Village rounds (巡诊). Scope (township, own unit) is applied by the service; outside it is 404. */
export default async function roundRoutes(app: App): Promise<void> {
  const rounds = app.core.rounds;

  app.get(
    '/api/rounds',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['rounds'],
        summary: 'Rounds (巡诊) of a day / township / unit; a health centre sees its township, a crew its unit',
        querystring: RoundListQuery,
        response: { 200: Type.Array(RoundView), ...ClientErrors },
      },
    },
    async (req) => rounds.list(currentUser(req), req.query),
  );

  app.get(
    '/api/rounds/:id',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['rounds'],
        summary: 'One round',
        params: IdParams,
        response: { 200: RoundView, ...ClientErrors },
      },
    },
    async (req) => rounds.get(currentUser(req), req.params.id),
  );

  app.post(
    '/api/rounds',
    {
      config: { roles: PLANNERS },
      schema: {
        tags: ['rounds'],
        summary:
          'Plan a round: a vehicle, a day, villages in order with purposes; optionally ordered by drive time (optimise)',
        body: PlanRoundBody,
        response: { 201: RoundView, ...ClientErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await rounds.plan(currentUser(req), req.body)),
  );

  app.post(
    '/api/round-stops/:id/record',
    {
      config: { roles: ['admin', 'dispatcher', 'health_centre', 'crew'] },
      schema: {
        tags: ['rounds'],
        summary: 'Confirm or correct a stop (arrival, departure) and enter people served and remote consultations',
        params: IdParams,
        body: RecordStopBody,
        response: { 200: RoundView, ...ClientErrors },
      },
    },
    async (req) => rounds.recordStop(currentUser(req), req.params.id, req.body),
  );

  const action = (
    path: string,
    summary: string,
    roles: readonly ('admin' | 'dispatcher' | 'health_centre' | 'crew')[],
    run: (user: ReturnType<typeof currentUser>, id: number) => Promise<RoundView>,
  ) =>
    app.post(
      path,
      {
        config: { roles },
        schema: { tags: ['rounds'], summary, params: IdParams, response: { 200: RoundView, ...ClientErrors } },
      },
      async (req) => run(currentUser(req), (req.params as { id: number }).id),
    );
  action(
    '/api/rounds/:id/complete',
    'The round is done (stops never reached show as missed)',
    [...PLANNERS, 'crew'],
    (u, id) => rounds.complete(u, id),
  );
  action('/api/rounds/:id/cancel', 'Cancel a round', PLANNERS, (u, id) => rounds.cancel(u, id));
  action('/api/rounds/:id/resume', 'Resume a round paused by an emergency', [...PLANNERS, 'crew'], (u, id) =>
    rounds.resume(u, id),
  );

  app.post(
    '/api/rounds/:id/handover',
    {
      config: { roles: PLANNERS },
      schema: {
        tags: ['rounds'],
        summary: 'Hand the rest of a round to another vehicle',
        params: IdParams,
        body: HandoverBody,
        response: { 200: RoundView, ...ClientErrors },
      },
    },
    async (req) => rounds.handover(currentUser(req), req.params.id, req.body),
  );
}
