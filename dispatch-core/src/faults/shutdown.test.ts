/**
 * Graceful shutdown of a listening core: new connections are refused at once, a request already in flight
 * completes, every position acknowledged to a device before the close is stored (the writer's buffer is
 * flushed), the device servers close, and the database is left for the caller to close last.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { hashDeviceSecret } from '@c120/gps-ingest';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { loadConfig } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';
import { insertUnits, testSessions } from '../testing/app.ts';

/** append_event's lock (db/migrations): holding it parks every event-writing transaction. */
const EVENT_LOCK = 120120120;

describe(`graceful shutdown on ${testEngine()}`, () => {
  let db: Database;
  let server: RunningServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    const ids = await insertUnits(db, [{ code: 'shut-1', lon: 119.6, lat: 32 }]);
    await db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash) VALUES ($1, 'osmand', 'shut-1', $2)`,
      [ids['shut-1'], hashDeviceSecret('tok-shut-1')],
    );
    server = await startServer(
      db,
      loadConfig({}, { port: 0, logLevel: 'silent', httpRateLimitPerMinute: 0 }),
      () => {},
      {
        ports: { osmandPort: 0, jt808Port: 0, host: '127.0.0.1' },
        // Fixes wait a whole second for company: at close they are certainly still in the buffer.
        config: { writer: { flushIntervalMs: 1000 } },
      },
    );
  });
  afterAll(async () => {
    await server?.close().catch(() => {}); // already closed when the test passed; not when it failed midway
    await db?.close();
  });

  it('drains the in-flight request, flushes acknowledged positions, then stops', async () => {
    const t0 = Math.floor(Date.now() / 1000) - 600;
    for (let i = 0; i < 20; i++) {
      const res = await fetch(
        `http://127.0.0.1:${server.devices.osmandPort}/?id=shut-1&token=tok-shut-1&lat=32&lon=${119.6 + i * 1e-4}&timestamp=${t0 + i * 5}`,
        { method: 'POST' },
      );
      expect(res.status).toBe(200);
    }
    expect(server.app.core.ingest.metrics()['writer_buffered_fixes']).toBe(20);

    const token = await testSessions(server.app).token('dispatcher');
    // A call whose event write is parked behind a held lock: in flight when the shutdown starts.
    let release!: () => void;
    let locked!: () => void;
    const lockHeld = new Promise<void>((r) => (locked = r));
    const holder = db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOCK]);
      locked();
      await new Promise<void>((r) => (release = r));
    });
    await lockHeld;
    const arrived = new Promise<void>((r) => server.app.server.once('request', () => r()));
    const inFlight = fetch(`${server.url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ location: { lon: 119.6, lat: 32 }, complaint: 'in flight at shutdown', priority: 2 }),
    });
    await arrived;
    await new Promise((r) => setTimeout(r, 100));

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    // Soon not accepting connections any more (until then a request on the way is answered 503)…
    const deadline = Date.now() + 5_000;
    for (;;) {
      const res = await fetch(`${server.url}/healthz`).catch(() => null);
      if (res === null) break;
      expect(res.status).toBe(503);
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    // …but not closed either: the request in flight is still running.
    expect(closed).toBe(false);

    release();
    await holder;
    const res = await inFlight;
    expect(res.status).toBe(201);
    await closing;

    const stored = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM positions p JOIN units u ON u.id = p.unit_id WHERE u.code = 'shut-1'`,
    );
    expect(stored.rows[0]!.n).toBe(20);
    const logged = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM events WHERE type = 'incident.created'
         AND payload->'incident'->>'complaint' = 'in flight at shutdown'`,
    );
    expect(logged.rows[0]!.n).toBe(1);
    await expect(fetch(`http://127.0.0.1:${server.devices.osmandPort}/?id=shut-1`)).rejects.toThrow();
  });
});
