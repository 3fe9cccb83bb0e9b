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
        summary: 'The database answers (503 with the reason when not); positions waiting in the buffer',
        response: {
          200: Type.Object({ ok: Type.Boolean(), database: Type.String(), bufferedPositions: Type.Integer() }),
          503: Type.Object({
            ok: Type.Boolean(),
            database: Type.String(),
            bufferedPositions: Type.Integer(),
            message: Type.String(),
          }),
        },
      },
    },
    async (_req, reply) => {
      // Accepted device fixes not yet written (they pile up while the database is away, up to the bound).
      const bufferedPositions = app.core.ingest.metrics()['writer_buffered_fixes'] ?? 0;
      try {
        await app.core.db.ping();
        return { ok: true, database: app.core.db.engine, bufferedPositions };
      } catch (err) {
        return reply.status(503).send({
          ok: false,
          database: app.core.db.engine,
          bufferedPositions,
          message: `database unavailable: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    },
  );
}
