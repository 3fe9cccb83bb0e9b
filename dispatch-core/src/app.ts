import Fastify, { type FastifyServerOptions } from 'fastify';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@c120/db';
import type { CoreConfig } from './config.ts';
import type { App } from './app-types.ts';
import { jsonBodiesUncoerced } from './plugins/validation.ts';
import { serializerWithoutRuntimeValidation } from './plugins/serialization.ts';
import { consoleRoot, registerConsole } from './plugins/console-static.ts';
import {
  accessPlugin,
  corePlugin,
  errorHandlerPlugin,
  gracefulClosePlugin,
  httpMetricsPlugin,
  originCheckPlugin,
  rateLimitPlugin,
  securityHeadersPlugin,
} from './plugins/app/index.ts';
import healthRoutes from './routes/health.ts';
import stateRoutes from './routes/state.ts';
import incidentRoutes from './routes/incidents.ts';
import unitRoutes from './routes/units.ts';
import placeRoutes from './routes/places.ts';
import wsRoutes from './routes/ws.ts';
import hospitalRoutes from './routes/hospitals.ts';
import positionRoutes from './routes/positions.ts';
import coverageRoutes from './routes/coverage.ts';
import analyticsRoutes from './routes/analytics.ts';
import replayRoutes from './routes/replay.ts';
import authRoutes from './routes/auth.ts';
import adminRoutes from './routes/admin.ts';
import auditRoutes from './routes/audit.ts';
import tileRoutes from './routes/tiles.ts';
import roundRoutes from './routes/rounds.ts';
import transferRoutes from './routes/transfers.ts';
import outreachRoutes from './routes/outreach.ts';
import callerLocationRoutes from './routes/caller-location.ts';
import massCasualtyRoutes from './routes/mass-casualty.ts';
import telephonyRoutes from './routes/telephony.ts';
import type { IngestConfigInput } from '@c120/gps-ingest';

/** TRUST_PROXY as Fastify takes it: a hop count becomes proxy-addr's "trust the first n hops" function. */
function fastifyTrustProxy(v: CoreConfig['trustProxy']): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof v === 'number' ? (_addr, hop) => hop < v : v;
}

export interface BuildAppOptions {
  db: Database;
  config: CoreConfig;
  logger?: FastifyServerOptions['logger'];
  /** Settings of the in-process gps-ingest (pipeline, writer bounds, device servers). */
  ingest?: IngestConfigInput;
}

/**
 * The composition root of dispatch-core: external plugins, then the core services, then routes. It does not
 * listen; `main.ts` does. Tests build it with a test database and use `inject`/`injectWS`.
 */
export async function buildApp(opts: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For/Proto/Host only from the configured proxy (TRUST_PROXY): req.ip and req.protocol are then
    // the real client's, for the per-address limits, the sessions' `remote` and the cookie's `Secure`.
    trustProxy: fastifyTrustProxy(opts.config.trustProxy),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    schemaController: {
      compilersFactory: { buildValidator: jsonBodiesUncoerced, buildSerializer: serializerWithoutRuntimeValidation },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The API speaks JSON only: a text/plain body is answered 415 with the reason instead of failing validation.
  app.removeContentTypeParser('text/plain');

  const consoleDir = consoleRoot(opts.config.consoleDir);
  if (opts.config.consoleDir && !consoleDir) {
    app.log.warn(`console not built at ${opts.config.consoleDir}: run "npm run build -w console"`);
  }
  // Infrastructure plugins, each named with its dependencies (plugins/app/index.ts: Fastify checks the order).
  await app.register(errorHandlerPlugin, { spa: consoleDir !== null });
  await app.register(httpMetricsPlugin);
  await app.register(securityHeadersPlugin, { tileOrigins: opts.config.tileOrigins, consoleDir });
  // The core is created first: the access check (registered before any route) resolves sessions through it.
  await app.register(corePlugin, { db: opts.db, config: opts.config, ...(opts.ingest ? { ingest: opts.ingest } : {}) });
  // Cross-site refusal first: it needs no database, and a refused request should cost nothing.
  await app.register(originCheckPlugin, { allowedOrigins: opts.config.allowedOrigins });
  await app.register(accessPlugin);
  // The limiter keys by `request.user`: it is registered after the auth plugin, whose onRequest hook sets the
  // user (hooks run in registration order), so a signed-in dispatcher is limited as a user, not as the shared
  // NAT address of the control room.
  await app.register(rateLimitPlugin, { perMinute: opts.config.httpRateLimitPerMinute });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'County 120 dispatch core',
        description: 'Incidents, units, assignment and live status for a county 120 emergency medical dispatch centre.',
        version: '0.1.0',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(gracefulClosePlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(auditRoutes);
  await app.register(stateRoutes);
  await app.register(incidentRoutes);
  await app.register(unitRoutes);
  await app.register(placeRoutes);
  await app.register(hospitalRoutes);
  await app.register(positionRoutes);
  await app.register(coverageRoutes);
  await app.register(analyticsRoutes);
  await app.register(replayRoutes);
  await app.register(tileRoutes);
  await app.register(roundRoutes);
  await app.register(transferRoutes);
  await app.register(outreachRoutes);
  await app.register(telephonyRoutes);
  await app.register(callerLocationRoutes);
  await app.register(massCasualtyRoutes);
  await app.register(wsRoutes);
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  if (consoleDir) await registerConsole(app, consoleDir);
  return app;
}
