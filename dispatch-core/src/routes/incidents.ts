import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import {
  AddNoteBody,
  AssignmentResult,
  CancelAssignmentBody,
  CancelIncidentBody,
  CloseIncidentBody,
  CreateAssignmentBody,
  CreateIncidentBody,
  IncidentDetail,
  IncidentListQuery,
  RecommendationList,
  UpdateIncidentBody,
} from '../contracts/api.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { IncidentView } from '../contracts/views.ts';
import { OPERATORS, READERS, SIGNED_IN, userActor } from '../auth/roles.ts';
import { assertIncidentVisible } from '../auth/crew-scope.ts';
import { currentUser } from '../plugins/auth.ts';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' })),
});

export default async function incidentRoutes(app: App): Promise<void> {
  const core = app.core;

  app.get(
    '/api/incidents',
    {
      config: { roles: READERS },
      schema: {
        tags: ['incidents'],
        summary: 'List incidents (newest first)',
        querystring: IncidentListQuery,
        response: { 200: Type.Array(IncidentView), ...ClientErrors },
      },
    },
    async (req) => core.incidentReads.list(req.query),
  );

  app.post(
    '/api/incidents',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['incidents'],
        summary: 'Take a call: create an incident at a map point or gazetteer place',
        body: CreateIncidentBody,
        response: { 201: IncidentView, ...ClientErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await core.incidents.create(req.body, userActor(req.user))),
  );

  app.get(
    '/api/incidents/:id',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['incidents'],
        summary: 'An incident with its runs, derived response intervals, status changes and event timeline',
        params: IdParams,
        response: { 200: IncidentDetail, ...ClientErrors },
      },
    },
    async (req) => {
      const incident = await core.incidentReads.get(req.params.id);
      assertIncidentVisible(currentUser(req), incident);
      return core.incidentReads.detail(incident);
    },
  );

  app.patch(
    '/api/incidents/:id',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['incidents'],
        summary: 'Correct or complete an open incident',
        params: IdParams,
        body: UpdateIncidentBody,
        response: { 200: IncidentView, ...ClientErrors },
      },
    },
    async (req) => core.incidents.update(req.params.id, req.body, userActor(req.user)),
  );

  app.post(
    '/api/incidents/:id/cancel',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['incidents'],
        summary: 'Cancel an incident; units on it are released',
        params: IdParams,
        body: CancelIncidentBody,
        response: { 200: IncidentView, ...ClientErrors },
      },
    },
    async (req) => {
      const actor = userActor(req.user);
      return core.incidents.cancel(req.params.id, req.body.reason, actor, (tx, id, reason) =>
        core.assignments.releaseAll(tx, id, reason, actor),
      );
    },
  );

  app.post(
    '/api/incidents/:id/close',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['incidents'],
        summary:
          'Close an incident whose runs are over; when no run reached the scene a reason is required (422 without)',
        params: IdParams,
        body: CloseIncidentBody,
        response: { 200: IncidentView, ...ClientErrors },
      },
    },
    async (req) => core.incidents.close(req.params.id, req.body, userActor(req.user)),
  );

  app.post(
    '/api/incidents/:id/notes',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['incidents'],
        summary: 'Add a 备注 to the incident thread (timestamped, with its author; crews read it on the tablet)',
        params: IdParams,
        body: AddNoteBody,
        response: { 200: IncidentView, ...ClientErrors },
      },
    },
    async (req) => core.incidents.addNote(req.params.id, req.body.body, userActor(req.user)),
  );

  app.post(
    '/api/incidents/:id/alarm/acknowledge',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['incidents'],
        summary: 'Acknowledge the "no unit yet" alarm of a waiting incident on every dispatcher console',
        params: IdParams,
        response: { 200: IncidentView, ...ClientErrors },
      },
    },
    async (req) => core.incidents.acknowledgeAlarm(req.params.id, userActor(req.user)),
  );

  app.get(
    '/api/incidents/:id/recommendations',
    {
      config: { roles: READERS },
      schema: {
        tags: ['assignment'],
        summary: 'Nearest capable available units, ranked by estimated drive time (PostGIS KNN shortlist)',
        params: IdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 10 })) }),
        response: { 200: RecommendationList, ...ClientErrors },
      },
    },
    async (req) => core.recommendations.list(req.params.id, req.query.limit ?? 10),
  );

  app.post(
    '/api/incidents/:id/assignments',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['assignment'],
        summary: 'Assign a unit (or "nearest"); send an Idempotency-Key so a retry cannot double-assign',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CreateAssignmentBody,
        response: { 201: AssignmentResult, ...ClientErrors },
      },
    },
    async (req, reply) => {
      const { status, result } = await core.assignments.assign(
        req.params.id,
        req.body,
        req.headers['idempotency-key'],
        userActor(req.user),
      );
      return reply.status(status).send(result);
    },
  );

  app.post(
    '/api/assignments/:id/cancel',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['assignment'],
        summary: 'Cancel a run (dispatched or en route); the unit is released',
        params: IdParams,
        body: CancelAssignmentBody,
        response: { 200: AssignmentResult, ...ClientErrors },
      },
    },
    async (req) => core.assignments.cancel(req.params.id, req.body.reason, userActor(req.user)),
  );
}
