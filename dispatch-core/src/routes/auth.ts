import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app-types.ts';
import { DemoAccounts, LoginBody, LoginResult, Me } from '../contracts/auth.ts';
import { ErrorBody } from '../contracts/common.ts';
import { SIGNED_IN, type SessionUser } from '../auth/roles.ts';
import { HttpError } from '../domain/errors.ts';
import { currentUser, SESSION_COOKIE, sessionToken } from '../plugins/auth.ts';

const toMe = (u: SessionUser): Me => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitId: u.unitId,
  townshipCode: u.townshipCode,
  expiresAt: u.expiresAt.toISOString(),
});

/** HttpOnly (no script can read it), SameSite=Strict (no other site can send it), Secure over HTTPS. */
function sessionCookie(req: FastifyRequest, token: string, maxAgeSeconds: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export default async function authRoutes(app: App): Promise<void> {
  const { auth } = app.core;
  const demo = auth.demoMode;

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns the token (for Authorization: Bearer)',
        body: LoginBody,
        response: { 200: LoginResult, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const { token, user } = await auth.login(req.body.username, req.body.password, {
        remote: req.ip,
        userAgent: req.headers['user-agent'],
      });
      const maxAge = Math.max(0, Math.floor((user.expiresAt.getTime() - Date.now()) / 1000));
      void reply.header('set-cookie', sessionCookie(req, token, maxAge));
      void reply.header('cache-control', 'no-store');
      return { user: toMe(user), token };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { roles: SIGNED_IN },
      schema: { tags: ['auth'], summary: 'Sign out: the session ends', response: { 204: Type.Null(), 401: ErrorBody } },
    },
    async (req, reply) => {
      const token = sessionToken(req);
      if (token) await auth.logout(token);
      void reply.header('set-cookie', sessionCookie(req, '', 0));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { roles: SIGNED_IN },
      schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: Me, 401: ErrorBody } },
    },
    async (req) => toMe(currentUser(req)),
  );

  app.get(
    '/api/auth/demo-accounts',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Demo mode only: the demo accounts (演示账号) and their published passwords; 404 otherwise',
        response: { 200: DemoAccounts, 404: ErrorBody },
      },
    },
    async () => {
      // Outside demo mode (DATABASE_URL without DEMO=true) the route does not exist for anyone.
      if (!demo) throw new HttpError(404, 'no route GET /api/auth/demo-accounts (demo mode is off)', 'not_found');
      // Demo mode is "the demo seed created its accounts and they are enabled": disabling them hides them here.
      const accounts = await auth.demoAccountList();
      return {
        demo: accounts.length > 0,
        accounts: accounts.map((a) => ({
          username: a.username,
          password: a.password,
          role: a.role,
          displayName: a.displayName,
        })),
      };
    },
  );
}
