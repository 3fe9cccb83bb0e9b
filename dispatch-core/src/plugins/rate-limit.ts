import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app-types.ts';
import { HttpError } from '../domain/errors.ts';

/**
 * Whose allowance a request uses: the signed-in user when the auth plugin has set `request.user` (so a control
 * room behind one NAT address is not one client), else the peer address.
 */
export function clientKey(req: FastifyRequest): string {
  const user: unknown = (req as { user?: unknown }).user;
  if (user && typeof user === 'object' && 'id' in user) return `user:${String(user.id)}`;
  return `ip:${req.ip}`;
}

/**
 * Per-client limit on the HTTP API (`httpRateLimitPerMinute`, 0 = off). Over it: 429 with the reason and
 * `retry-after`, counted in `/metrics` (`http_responses_total{status="429"}`). Routes opt out with
 * `config: { rateLimit: false }` (health, readiness, metrics, forwarding from gps-ingest, which authenticates).
 */
export async function registerRateLimit(app: App, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: clientKey,
    errorResponseBuilder: (_req, ctx) =>
      new HttpError(
        429,
        `too many requests from this client (limit ${ctx.max} per minute); retry in ${ctx.after}`,
        'rate_limited',
      ),
  });
}
