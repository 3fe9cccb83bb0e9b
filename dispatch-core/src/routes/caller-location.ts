import type { App } from '../app-types.ts';
import { UnauthenticatedLimit } from '../auth/unauthenticated-limit.ts';
import { OPERATORS, userActor } from '../auth/roles.ts';
import { ClientErrors, ErrorBody, IdParams } from '../contracts/common.ts';
import {
  LocateBody,
  LocateParams,
  LocateResult,
  LocateStatus,
  LocationLinkBody,
  LocationLinkResult,
} from '../contracts/telephony.ts';
import { HttpError } from '../domain/errors.ts';
import { currentUser } from '../plugins/auth.ts';
import { ownOrigin } from '../plugins/origin-check.ts';

/**
 * The caller's location link: the dispatcher makes it (and has it sent by SMS); the caller's page — public, no
 * sign-in — reads whether it is still open and posts the browser's position once. The public routes say nothing
 * about the call or the incident and are limited per source address (LOCATION_LINK_PER_MINUTE): a token is 256
 * random bits, so the limit is against load, not guessing.
 */
export default async function callerLocationRoutes(app: App): Promise<void> {
  const core = app.core;
  const limit = new UnauthenticatedLimit({
    maxPerWindow: core.config.phoneLine.locationLinkPerMinute,
    windowMs: 60_000,
    maxAddresses: 10_000,
  });
  const limited = async (req: { ip: string }, reply: { header(k: string, v: string): unknown }) => {
    const wait = limit.blockedFor(req.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new HttpError(429, 'too many location-link requests from this address; try again shortly', 'rate_limited');
    }
    limit.note(req.ip);
  };

  app.post(
    '/api/calls/:id/location-link',
    {
      config: { roles: OPERATORS },
      schema: {
        tags: ['telephony'],
        summary: 'A one-time link for the caller to send the phone’s position (by SMS, or read out / copied)',
        params: IdParams,
        body: LocationLinkBody,
        response: { 200: LocationLinkResult, ...ClientErrors },
      },
    },
    async (req) =>
      core.callerLocation.createLink(req.params.id, req.body.sms, ownOrigin(req), userActor(currentUser(req))),
  );

  app.get(
    '/api/locate/:token',
    {
      config: { public: true },
      onRequest: limited,
      schema: {
        tags: ['telephony'],
        summary: 'The caller’s page: is this location link still open (nothing about the call or incident)',
        params: LocateParams,
        response: { 200: LocateStatus, 410: ErrorBody, ...ClientErrors },
      },
    },
    async (req) => core.callerLocation.status(req.params.token),
  );

  app.post(
    '/api/locate/:token',
    {
      config: { public: true },
      onRequest: limited,
      schema: {
        tags: ['telephony'],
        summary: 'The caller’s page posts the browser’s position once; it appears on the call (call.located)',
        params: LocateParams,
        body: LocateBody,
        response: { 200: LocateResult, 410: ErrorBody, ...ClientErrors },
      },
    },
    async (req) => {
      await core.callerLocation.locate(req.params.token, req.body);
      return { accepted: true as const };
    },
  );
}
