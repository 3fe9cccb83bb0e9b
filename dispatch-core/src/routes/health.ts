import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';

export default async function healthRoutes(app: App): Promise<void> {
  app.get(
    '/healthz',
    {
      config: { public: true, rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async () => ({ ok: true }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true, rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'The database answers',
        response: {
          200: Type.Object({ ok: Type.Boolean(), database: Type.String() }),
          503: Type.Object({ ok: Type.Boolean(), database: Type.String(), message: Type.String() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await app.core.db.ping();
        return { ok: true, database: app.core.db.engine };
      } catch (err) {
        return reply
          .status(503)
          .send({ ok: false, database: app.core.db.engine, message: err instanceof Error ? err.message : String(err) });
      }
    },
  );
}
