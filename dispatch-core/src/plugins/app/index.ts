/**
 * The app's infrastructure as Fastify plugins with declared dependencies (fastify-plugin; compare fastify/demo's
 * `plugins/app/*`): each has a name, says which plugins must be registered before it, and Fastify refuses to
 * boot when one is missing or out of order — the ordering rules that were comments in app.ts are now checked.
 * `fp` skips encapsulation, so their hooks and decorators apply to the whole app, as before.
 *
 *   error-handler, http-metrics, security-headers   no dependencies
 *   core            decorates `app.core`; starts with the app (onReady), stops after it (onClose)
 *   origin-check    cross-site refusal; before access (a refused request costs no session lookup)
 *   access          sessions and roles (`routeAccess`); needs core and origin-check
 *   rate-limit      keys by the signed-in user; needs access (its onRequest hook sets `request.user`)
 *   graceful-close  answers `Connection: close` once closing
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Database } from '@c120/db';
import type { IngestConfigInput } from '@c120/gps-ingest';
import type { App } from '../../app-types.ts';
import type { CoreConfig } from '../../config.ts';
import { createCore } from '../../core.ts';
import { registerAuth } from '../auth.ts';
import { registerErrorHandler } from '../error-handler.ts';
import { registerHttpMetrics } from '../http-metrics.ts';
import { registerOriginCheck } from '../origin-check.ts';
import { registerRateLimit } from '../rate-limit.ts';
import { registerSecurityHeaders } from '../security-headers.ts';

const asApp = (f: FastifyInstance): App => f as unknown as App;

export const errorHandlerPlugin = fp(
  async (f: FastifyInstance, opts: { spa: boolean }) => registerErrorHandler(f, { enabled: opts.spa }),
  { name: 'error-handler', fastify: '5.x' },
);

export const httpMetricsPlugin = fp(
  async (f: FastifyInstance) => {
    registerHttpMetrics(asApp(f));
  },
  { name: 'http-metrics', fastify: '5.x' },
);

export const securityHeadersPlugin = fp(
  async (f: FastifyInstance, opts: { tileOrigins: readonly string[]; consoleDir: string | null }) =>
    registerSecurityHeaders(asApp(f), { tileOrigins: [...opts.tileOrigins], consoleDir: opts.consoleDir }),
  { name: 'security-headers', fastify: '5.x' },
);

export interface CorePluginOptions {
  db: Database;
  config: CoreConfig;
  ingest?: IngestConfigInput;
}

export const corePlugin = fp(
  async (f: FastifyInstance, opts: CorePluginOptions) => {
    const app = asApp(f);
    const core = createCore(opts.db, opts.config, (err) => app.log.error({ err }, 'background task failed'), {
      ...(opts.ingest ? { ingest: opts.ingest } : {}),
      log: {
        info: (msg) => app.log.info(msg),
        warn: (msg) => app.log.warn(msg),
        error: (msg) => app.log.error(msg),
      },
    });
    app.decorate('core', core);
    app.addHook('onReady', async () => core.start());
    // After Fastify stopped listening and drained requests in flight: device servers close, the position buffer
    // is flushed, the hub stops.
    app.addHook('onClose', async () => core.stop());
  },
  { name: 'core', fastify: '5.x' },
);

export const originCheckPlugin = fp(
  async (f: FastifyInstance, opts: { allowedOrigins: readonly string[] }) =>
    registerOriginCheck(asApp(f), opts.allowedOrigins),
  { name: 'origin-check', fastify: '5.x' },
);

export const accessPlugin = fp(
  async (f: FastifyInstance) => {
    const app = asApp(f);
    app.decorate('routeAccess', registerAuth(app, app.core.auth));
  },
  { name: 'access', fastify: '5.x', dependencies: ['core', 'origin-check'] },
);

export const rateLimitPlugin = fp(
  async (f: FastifyInstance, opts: { perMinute: number }) => registerRateLimit(asApp(f), opts.perMinute),
  { name: 'rate-limit', fastify: '5.x', dependencies: ['access'] },
);

export const gracefulClosePlugin = fp(
  async (f: FastifyInstance) => {
    // Graceful close: Fastify stops listening and waits for requests in flight; answers sent from then on say
    // `Connection: close`, or their keep-alive connection would hold the close open until its idle timeout.
    let closing = false;
    f.addHook('preClose', async () => {
      closing = true;
    });
    f.addHook('onSend', async (_req, reply, payload) => {
      if (closing) reply.header('connection', 'close');
      return payload;
    });
  },
  { name: 'graceful-close', fastify: '5.x', dependencies: ['core'] },
);
