import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createIngest, type Ingest } from '../ingest.ts';
import { checkForwardToken, parseForwardedBatch, toForwardedBatch, type ForwardedFixBatch } from './forwarded-fixes.ts';
import { HttpSink } from './http-sink.ts';
import { historyOf, insertCredential, insertUnit, latestOf } from './testing.ts';

/**
 * Separate-process mode end to end: an ingest whose sink is `HttpSink` forwards to a stand-in for core's
 * `POST /api/positions/fixes` route, written the way core should write it.
 */
describe(`forwarding to core (separate-process mode) on ${testEngine()}`, () => {
  let db: Database;
  let core: Ingest; // core's in-process ingest: its writer does the database work
  let edge: Ingest; // the separate ingest process
  let server: http.Server;
  let unitId: number;
  let down = false;
  const TOKEN = 'shared-secret';

  beforeAll(async () => {
    db = await createTestDatabase();
    unitId = await insertUnit(db);
    await insertCredential(db, { unitId, protocol: 'json', deviceId: 'veh-9', secret: 'veh-9-secret' });
    core = createIngest({ db });
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          if (down) return void res.writeHead(503).end();
          if (!checkForwardToken(req.headers.authorization, TOKEN)) return void res.writeHead(401).end();
          const parsed = parseForwardedBatch(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          if ('error' in parsed) return void res.writeHead(400).end(parsed.error);
          const durable = await core.writeFixes(parsed.fixes);
          res.writeHead(durable ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ written: parsed.fixes.length }));
        })();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    edge = createIngest({
      db,
      sink: new HttpSink({ coreUrl: `http://127.0.0.1:${port}`, token: TOKEN }),
      config: { writer: { retryMinMs: 20, retryMaxMs: 50 } },
    });
  });
  afterAll(async () => {
    await edge?.stop();
    await core?.stop();
    await new Promise((r) => server?.close(r));
    await db?.close();
  });

  it('forwards accepted fixes; core stores them; an outage of core is buffered and retried', async () => {
    const now = Date.now();
    const r1 = await edge.acceptJsonBatch(
      {
        positions: [{ deviceId: 'veh-9', time: now - 5000, lat: 31.99, lon: 119.58 }],
      },
      { secret: 'veh-9-secret' },
    );
    expect(r1.accepted).toBe(1);
    expect(await edge.flush()).toBe(true);
    expect(await historyOf(db, unitId)).toHaveLength(1);

    down = true;
    const r2 = await edge.acceptJsonBatch(
      {
        positions: [{ deviceId: 'veh-9', time: now - 4000, lat: 31.9901, lon: 119.58 }],
      },
      { secret: 'veh-9-secret' },
    );
    expect(r2.accepted).toBe(1); // accepted into the buffer while core is down
    await new Promise((r) => setTimeout(r, 150));
    expect(edge.metrics().writer_healthy).toBe(0);
    expect(edge.metrics().writer_buffered_fixes).toBe(1);
    down = false;
    expect(await edge.flush()).toBe(true);
    expect((await latestOf(db, unitId)).fix_at!.getTime()).toBe(now - 4000);
  });

  it('the wire format round-trips and is validated', () => {
    const fix = {
      unitId: 3,
      fixAt: new Date('2026-11-23T08:00:00Z'),
      receivedAt: new Date('2026-11-23T08:00:01Z'),
      lon: 119.5,
      lat: 32,
      speedKmh: 12,
      source: 'jt808' as const,
      valid: true,
      late: false,
    };
    const wire = JSON.parse(JSON.stringify(toForwardedBatch([fix]))) as ForwardedFixBatch;
    expect(parseForwardedBatch(wire)).toEqual({ fixes: [fix] });
    expect(parseForwardedBatch({ fixes: [{ ...wire.fixes[0], lat: 95 }] })).toEqual({ error: 'fixes[0]: lat' });
    expect(parseForwardedBatch({ fixes: [{ ...wire.fixes[0], fixAt: 'yesterday' }] })).toEqual({
      error: 'fixes[0]: fixAt',
    });
    expect(parseForwardedBatch([])).toEqual({ error: 'body must be { "fixes": [ … ] }' });
    expect(checkForwardToken('Bearer x', 'x')).toBe(true);
    expect(checkForwardToken('Bearer y', 'x')).toBe(false);
    expect(checkForwardToken(undefined, 'x')).toBe(false);
  });
});
