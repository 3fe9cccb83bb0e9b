import { createHash, timingSafeEqual } from 'node:crypto';
import type { App } from '../app-types.ts';
import { ClientErrors, ErrorBody, IdParams } from '../contracts/common.ts';
import {
  AttachCallBody,
  CallAnalytics,
  CallAnalyticsQuery,
  CallContext,
  CallView,
  IncidentCalls,
  TelephonyEventBody,
  TelephonyEventResult,
} from '../contracts/telephony.ts';
import { OPERATORS, READERS, userActor } from '../auth/roles.ts';
import { currentUser } from '../plugins/auth.ts';
import { checkRange } from '../services/analytics.ts';

/** The national target for 120 calls answered within 10 s. */
const ANSWER_RATE_TARGET = 0.95;

/** `Authorization: Bearer <TELEPHONY_TOKEN>`, compared in constant time (hashes of equal length). */
export function telephonyTokenMatches(authorization: string | undefined, token: string | null): boolean {
  if (!token || !authorization?.startsWith('Bearer ')) return false;
  const a = createHash('sha256').update(authorization.slice(7)).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The phone line: the PBX/CTI gateway's events, the popup's context, repeat calls, the line's indicators. */
export default async function telephonyRoutes(app: App): Promise<void> {
  const core = app.core;

  app.post(
    '/api/telephony/events',
    {
      // Not a user session: the PBX gateway's own credential (TELEPHONY_TOKEN), checked before the body is
      // parsed. Without the setting the route refuses everything.
      config: { public: true },
      onRequest: async (req, reply) => {
        if (!telephonyTokenMatches(req.headers.authorization, core.config.telephonyToken)) {
          return reply
            .status(401)
            .send({ statusCode: 401, error: 'Unauthorized', message: 'telephony token missing or wrong' });
        }
      },
      schema: {
        tags: ['telephony'],
        summary: 'A call event from the PBX/CTI gateway (Bearer TELEPHONY_TOKEN); each (callId, event) applied once',
        body: TelephonyEventBody,
        response: { 200: TelephonyEventResult, 401: ErrorBody, ...ClientErrors },
      },
    },
    async (req) => core.telephony.receive(req.body),
  );

  app.get(
    '/api/calls/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: ['telephony'],
        summary: 'One call',
        params: IdParams,
        response: { 200: CallView, ...ClientErrors },
      },
    },
    async (req) => core.telephony.get(req.params.id),
  );

  app.get(
    '/api/calls/:id/context',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['telephony'],
        summary:
          'The popup (来电弹屏): the call, the number’s earlier calls and incidents, open incidents it may repeat',
        params: IdParams,
        response: { 200: CallContext, ...ClientErrors },
      },
    },
    async (req) => core.telephony.context(req.params.id),
  );

  app.post(
    '/api/calls/:id/attach',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['telephony'],
        summary: 'Attach the call to an open incident (重复呼救) instead of creating a second run',
        params: IdParams,
        body: AttachCallBody,
        response: { 200: CallView, ...ClientErrors },
      },
    },
    async (req) => core.telephony.attach(req.params.id, req.body.incidentId, userActor(currentUser(req))),
  );

  app.get(
    '/api/incidents/:id/calls',
    {
      config: { roles: READERS },
      schema: {
        tags: ['telephony'],
        summary: 'The calls an incident had: the one it was created from and the repeats attached (重复呼救)',
        params: IdParams,
        response: { 200: IncidentCalls, ...ClientErrors },
      },
    },
    async (req) => core.telephony.ofIncident(req.params.id),
  );

  app.get(
    '/api/analytics/calls',
    {
      config: { roles: READERS },
      schema: {
        tags: ['analytics'],
        summary: 'Calls that rang in [from, to): 10-second answer rate, abandoned, ring → answer, answer → dispatch',
        querystring: CallAnalyticsQuery,
        response: { 200: CallAnalytics, 400: ErrorBody },
      },
    },
    async (req) => {
      const range = checkRange(req.query.from, req.query.to);
      const k = await core.telephony.indicators(range.from, range.to);
      return { from: range.from.toISOString(), to: range.to.toISOString(), answerRateTarget: ANSWER_RATE_TARGET, ...k };
    },
  );
}
