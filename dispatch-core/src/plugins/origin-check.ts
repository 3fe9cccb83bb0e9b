import type { FastifyRequest } from 'fastify';
import type { App } from '../app-types.ts';
import { readCookie, SESSION_COOKIE } from './auth.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The console's own origin as the browser sees it (scheme and host from the trusted proxy when TRUST_PROXY). */
export const ownOrigin = (req: FastifyRequest): string =>
  // Fastify has no protocol for a request without a socket (an injected WebSocket upgrade): plain HTTP.
  `${(req.protocol as string | undefined) ?? 'http'}://${req.host}`;

/**
 * Cross-site request refusal, on top of the cookie's SameSite=Strict: a state-changing request (POST, PUT,
 * PATCH, DELETE) or a WebSocket upgrade that carries the session cookie — and the sign-in itself, against login
 * CSRF — must come from the console's own origin or one of `allowed` (ALLOWED_ORIGINS), else 403. Requests
 * without the cookie (API clients and devices with `Authorization: Bearer`) are not checked: a browser on
 * another site cannot add that header without a CORS grant, which this server never gives. A request without
 * an `Origin` header is let through: browsers send it on every cross-origin POST and every WebSocket upgrade,
 * so its absence means a non-browser client (which could forge any header anyway). Runs before any route's
 * access check, so a refused request costs no database work.
 */
export function registerOriginCheck(app: App, allowed: readonly string[]): void {
  const extra = new Set(allowed);
  app.addHook('onRequest', async (req, reply) => {
    const upgrade = String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
    if (!upgrade && !STATE_CHANGING.has(req.method)) return;
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE) !== undefined;
    if (!cookie && req.routeOptions.url !== '/api/auth/login') return;
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (origin === ownOrigin(req) || extra.has(origin)) return;
    return reply.status(403).send({
      statusCode: 403,
      error: 'Forbidden',
      message: `requests with the session cookie must come from the console's own origin (${ownOrigin(req)}), not ${origin.slice(0, 100)} (ALLOWED_ORIGINS adds origins)`,
      code: 'origin_refused',
    });
  });
}
