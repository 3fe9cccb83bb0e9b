import type { FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import type { App } from '../app-types.ts';
import type { Role, SessionUser } from '../auth/roles.ts';
import { HttpError } from '../domain/errors.ts';
import type { AuthService } from '../services/auth.ts';

export const SESSION_COOKIE = 'c120_session';

/**
 * Routes added by third-party plugins that cannot carry our `config` (the Swagger UI pages). They are public:
 * the API description is not a secret; every route it describes is protected.
 */
const THIRD_PARTY_PUBLIC_PREFIXES = ['/docs'];

/** The session token of a request: `Authorization: Bearer …` (API clients, tools) or the console's cookie. */
export function sessionToken(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (m) return m[1];
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The signed-in user of a request whose route declares roles (the hook has already refused anyone else). */
export function currentUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new HttpError(401, 'sign in first', 'unauthenticated');
  return req.user;
}

function deny(reply: FastifyReply, status: 401 | 403, message: string, code: string): FastifyReply {
  return reply.status(status).send({
    statusCode: status,
    error: status === 401 ? 'Unauthorized' : 'Forbidden',
    message,
    code,
  });
}

/**
 * Access control for every route. An `onRoute` hook requires each route to declare `config.roles` or
 * `config.public` — building an app with a route that declares neither fails, so no route can be forgotten —
 * and puts a check in front of each role-restricted route: 401 without a live session, 403 with a reason for a
 * role that may not call it. The check runs at `onRequest` (before the body is parsed, so an anonymous caller
 * cannot make the server parse a large body), including the WebSocket upgrade of `/ws`.
 * Must be registered before any route (it sees only routes added after it).
 */
export function registerAuth(app: App, auth: AuthService): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorateRequest('user', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = route.config;
    const url = route.url;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    if (config?.public === true) {
      if (config.roles)
        throw new Error(`route ${methods.join(',')} ${url} declares both config.public and config.roles`);
      for (const method of methods) table.push({ method, url, access: 'public' });
      return;
    }
    const roles = config?.roles;
    if (!roles || roles.length === 0) {
      // @fastify/static's file routes (it sets config.file/rootPath, and takes no config of ours): the console's
      // own files must load before anyone signs in.
      if (
        THIRD_PARTY_PUBLIC_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`)) ||
        (typeof config?.rootPath === 'string' && typeof config.file === 'string')
      ) {
        for (const method of methods) table.push({ method, url, access: 'third-party-public' });
        return;
      }
      throw new Error(
        `route ${String(route.method)} ${url} declares neither config.roles nor config.public: say who may call it`,
      );
    }
    for (const method of methods) table.push({ method, url, access: [...roles] });
    const allowed = new Set<Role>(roles);
    const label = `${String(route.method)} ${url}`;
    const check: onRequestHookHandler = async (req, reply) => {
      const user = await auth.authenticate(sessionToken(req), req.ip);
      if ('refused' in user) {
        if (user.refused === 'limited') {
          void reply.header('retry-after', String(user.retryAfter));
          return reply.status(429).send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: `too many requests without a valid session from this address; retry in ${user.retryAfter} s`,
            code: 'unauthenticated_limited',
          });
        }
        return deny(reply, 401, 'sign in first (no valid session)', 'unauthenticated');
      }
      if (!allowed.has(user.role)) {
        const why = user.role === 'official' ? ' (officials have read-only access)' : '';
        return deny(reply, 403, `role ${user.role} may not call ${label}${why}`, 'forbidden_role');
      }
      req.user = user;
    };
    const existing = route.onRequest;
    route.onRequest = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : [check];
  });
  return table;
}

/** Who may call one registered route (collected by the onRoute hook; the role-matrix test reads it). */
export interface RouteAccess {
  method: string;
  url: string;
  access: 'public' | 'third-party-public' | Role[];
}
