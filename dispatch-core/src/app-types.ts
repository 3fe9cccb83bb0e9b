import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Core } from './core.ts';
import type { Role, SessionUser } from './auth/roles.ts';
import type { RouteAccess } from './plugins/auth.ts';
import type { HttpMetrics } from './plugins/http-metrics.ts';

/** The Fastify instance with TypeBox types and the core services decorated on it. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    core: Core;
    /** Every route with who may call it, as registered (plugins/auth.ts). */
    routeAccess: RouteAccess[];
    httpMetrics: HttpMetrics;
  }
  interface FastifyRequest {
    /** The signed-in user (set by the auth plugin on role-restricted routes; null on public ones). */
    user: SessionUser | null;
  }
  /** Every route says who may call it: `roles`, or `public: true` (see plugins/auth.ts). */
  interface FastifyContextConfig {
    roles?: readonly Role[];
    public?: boolean;
    /** Set by @fastify/static on its file routes. */
    file?: string;
    rootPath?: string;
  }
}
