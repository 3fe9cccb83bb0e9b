import { Type } from '@sinclair/typebox';
import { checkForwardToken, parseForwardedBatch } from '@c120/gps-ingest';
import type { App } from '../app-types.ts';
import { ErrorBody } from '../contracts/common.ts';
import { ADMINS, type SessionUser } from '../auth/roles.ts';
import { sessionToken } from '../plugins/auth.ts';

const ItemResult = Type.Object({
  index: Type.Integer(),
  status: Type.Union(['accepted', 'dropped', 'invalid', 'rejected', 'retry'].map((s) => Type.Literal(s))),
  reason: Type.Optional(Type.String()),
  late: Type.Optional(Type.Boolean()),
});
const BatchResponse = Type.Object({
  accepted: Type.Integer(),
  error: Type.Optional(Type.String()),
  results: Type.Array(ItemResult),
});
/** A refusal before the batch is looked at (unparsable body, per-client rate limit) has the common error shape. */
const BatchOrError = Type.Union([BatchResponse, ErrorBody]);
function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m?.[1]?.trim();
}

/**
 * Positions into the in-process ingest: the JSON batch (crew tablets, integrations) and, for a separately run
 * gps-ingest process, its already-processed fixes. Items are validated one by one by the decoder (so the
 * schema here describes them for the docs but does not reject the whole batch for one bad item).
 */
export default async function positionRoutes(app: App): Promise<void> {
  const core = app.core;
  app.post(
    '/api/positions',
    {
      // Authenticated in the handler, item by item: a crew session (its own unit only), the simulator's
      // service session (any unit), or without a session each device's own secret (Bearer).
      config: { public: true },
      // The fleet's firehose (hundreds of requests a second) is not written to the request log line by line: at
      // info it was half the log volume and measurably slowed the dispatcher's requests sharing the process. Its
      // counts, refusals and lag are in /metrics and the ingest telemetry; server errors are still logged.
      logLevel: 'warn',
      // Before the body is parsed: a signed-in caller other than a crew or a service account is refused at once.
      onRequest: async (req, reply) => {
        let user: SessionUser | null = null;
        try {
          user = await core.auth.resolve(sessionToken(req));
        } catch (err) {
          // Database away: a device presenting its secret (Bearer) must still be heard — its credential comes from
          // the ingest's cache and its fixes are buffered until the database is back. Only a cookie session (a
          // crew tablet's browser) cannot be checked now.
          if (req.headers.authorization === undefined) throw err;
        }
        if (user && user.role !== 'crew' && !user.service) {
          return reply.status(403).send({
            statusCode: 403,
            error: 'Forbidden',
            message: `role ${user.role} may not post positions (crew tablets and devices do)`,
            code: 'forbidden_role',
          });
        }
        req.user = user;
      },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['positions'],
        summary: 'JSON batch of positions (many units per request); per-item results in request order',
        body: Type.Object({
          positions: Type.Array(Type.Unknown(), {
            description:
              'items {deviceId, time (ISO or epoch ms), lat, lon, speedKmh?, headingDeg?, altitudeM?, accuracyM?, batteryPct?}; deviceId of a `json` credential (a crew tablet: its unit code)',
          }),
        }),
        response: {
          200: BatchResponse,
          // The whole request refused: by schema, access check or limits (ErrorBody), or item by item (BatchResponse).
          400: BatchOrError,
          401: BatchOrError,
          403: BatchOrError,
          413: ErrorBody,
          415: ErrorBody,
          429: BatchOrError,
          503: BatchOrError,
        },
      },
    },
    async (req, reply) => {
      const user = req.user;
      const res = await core.ingest.acceptJsonBatch(req.body, {
        remote: req.ip,
        ...(user
          ? { session: { unitId: user.service ? null : user.unitId } }
          : { secret: bearer(req.headers.authorization) }),
      });
      return reply
        .status(res.status)
        .send({ accepted: res.accepted, results: res.results, ...(res.error ? { error: res.error } : {}) });
    },
  );

  app.post(
    '/api/positions/fixes',
    {
      // Bearer INGEST_FORWARD_TOKEN, checked before the body is parsed. Not rate-limited: a separately run
      // gps-ingest forwards every device's fixes through this one authenticated client.
      config: { public: true, rateLimit: false },
      logLevel: 'warn', // as /api/positions
      onRequest: async (req, reply) => {
        const token = core.config.forwardToken;
        if (!token || !checkForwardToken(req.headers.authorization, token)) {
          return reply
            .status(401)
            .send({ statusCode: 401, error: 'Unauthorized', message: 'forward token missing or wrong' });
        }
      },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['positions'],
        summary: 'Fixes from a separately run gps-ingest process (Bearer INGEST_FORWARD_TOKEN)',
        body: Type.Object({ fixes: Type.Array(Type.Unknown()) }),
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      const parsed = parseForwardedBatch(req.body);
      if ('error' in parsed)
        return reply.status(400).send({ statusCode: 400, error: 'Bad Request', message: parsed.error });
      const ok = await core.ingest.writeFixes(parsed.fixes);
      if (!ok) {
        return reply
          .status(503)
          .send({ statusCode: 503, error: 'Service Unavailable', message: 'position buffer full; resend later' });
      }
      return reply.status(204).send(null);
    },
  );

  app.get('/metrics', { config: { roles: ADMINS, rateLimit: false }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/plain; version=0.0.4').send(core.ingest.metricsText() + app.httpMetrics.prometheus()),
  );
}
