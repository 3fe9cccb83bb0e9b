import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { BookTransferBody, ScheduleTransferBody, TransferListQuery, TransferView } from '../contracts/outreach.ts';
import { OPERATORS, PLANNERS, SIGNED_IN } from '../auth/roles.ts';
import { currentUser } from '../plugins/auth.ts';

/** Booked transfers (预约转运 / 双向转诊). */
export default async function transferRoutes(app: App): Promise<void> {
  const transfers = app.core.transfers;

  app.get(
    '/api/transfers',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['transfers'],
        summary: 'Booked transfers (a day’s, by window start); a health centre sees its own, a crew its unit’s',
        querystring: TransferListQuery,
        response: { 200: Type.Array(TransferView), ...ClientErrors },
      },
    },
    async (req) => transfers.list(currentUser(req), req.query),
  );

  app.get(
    '/api/transfers/:id',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['transfers'],
        summary: 'One booking',
        params: IdParams,
        response: { 200: TransferView, ...ClientErrors },
      },
    },
    async (req) => transfers.get(currentUser(req), req.params.id),
  );

  app.post(
    '/api/transfers',
    {
      config: { roles: PLANNERS },
      schema: {
        tags: ['transfers'],
        summary: 'Book a transfer: patient, from → to facility, time window, needs (负压, 监护, 担架, 陪护)',
        body: BookTransferBody,
        response: { 201: TransferView, ...ClientErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await transfers.book(currentUser(req), req.body)),
  );

  app.post(
    '/api/transfers/:id/schedule',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['transfers'],
        summary: 'Set the unit for a booking (409 with the reason when it is booked for an overlapping window)',
        params: IdParams,
        body: ScheduleTransferBody,
        response: { 200: TransferView, ...ClientErrors },
      },
    },
    async (req) => transfers.schedule(currentUser(req), req.params.id, req.body),
  );

  app.post(
    '/api/transfers/:id/dispatch',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['transfers'],
        summary: 'Start the run: a priority-4 incident at the pick-up facility, assigned to the scheduled unit',
        params: IdParams,
        response: { 200: TransferView, ...ClientErrors },
      },
    },
    async (req) => transfers.dispatch(currentUser(req), req.params.id),
  );

  app.post(
    '/api/transfers/:id/cancel',
    {
      config: { roles: PLANNERS },
      schema: {
        tags: ['transfers'],
        summary: 'Cancel a booking (before its run starts)',
        params: IdParams,
        response: { 200: TransferView, ...ClientErrors },
      },
    },
    async (req) => transfers.cancel(currentUser(req), req.params.id),
  );
}
