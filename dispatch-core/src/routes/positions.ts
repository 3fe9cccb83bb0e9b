import { Type } from '@sinclair/typebox';
import { checkForwardToken, parseForwardedBatch } from '@c120/gps-ingest';
import type { App } from '../app-types.ts';
import { ErrorBody } from '../contracts/common.ts';

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
          400: BatchOrError,
          401: BatchResponse,
          403: BatchResponse,
          413: ErrorBody,
          415: ErrorBody,
          429: BatchOrError,
          503: BatchOrError,
        },
      },
    },
    async (req, reply) => {
      const res = await core.ingest.acceptJsonBatch(req.body, {
        secret: bearer(req.headers.authorization),
        remote: req.ip,
      });
      return reply
        .status(res.status)
        .send({ accepted: res.accepted, results: res.results, ...(res.error ? { error: res.error } : {}) });
    },
  );

  app.post(
    '/api/positions/fixes',
    {
      bodyLimit: 8 * 1024 * 1024,
      // A separately run gps-ingest forwards every device's fixes through this one client; it authenticates.
      config: { rateLimit: false },
      schema: {
        tags: ['positions'],
        summary: 'Fixes from a separately run gps-ingest process (Bearer INGEST_FORWARD_TOKEN)',
        body: Type.Object({ fixes: Type.Array(Type.Unknown()) }),
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      const token = core.config.forwardToken;
      if (!token || !checkForwardToken(req.headers.authorization, token)) {
        return reply
          .status(401)
          .send({ statusCode: 401, error: 'Unauthorized', message: 'forward token missing or wrong' });
      }
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

  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) =>
    reply.type('text/plain; version=0.0.4').send(core.ingest.metricsText() + app.httpMetrics.prometheus()),
  );
}
