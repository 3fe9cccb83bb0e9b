/**
 * The database goes away under load and comes back (a TCP proxy between the app's pool and PostgreSQL drops
 * every connection and refuses new ones for a few seconds; the shared server is never touched). During the
 * outage: /readyz says not ready with the reason, API writes fail fast with 503, device positions are still
 * accepted into the bounded buffer. Afterwards: everything accepted is stored, incidents and assignments made
 * before are intact, nothing refused was half-written, and the event stream has no gap or duplicate.
 * PostgreSQL only: the embedded PGlite runs in-process and has no connection to lose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDatabaseConfig } from '@c120/db';
import { testEngine } from '@c120/db/testing';
import type { IncidentView } from '../contracts/views.ts';
import { buildApp } from '../app.ts';
import type { App } from '../app-types.ts';
import { loadConfig } from '../config.ts';
import { buildTestApp, insertUnits, testSessions, type TestApp } from '../testing/app.ts';
import { hashDeviceSecret } from '@c120/gps-ingest';

const DEVICE_SECRET = 'outage-test-device-secret';
import { TcpProxy } from '../testing/tcp-proxy.ts';
import { Inbox } from '../testing/ws-inbox.ts';

const CENTRE = { lon: 119.6, lat: 32.0 };
const OUTAGE_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testEngine() !== 'postgres')('database outage under load (PostgreSQL behind a cut-able proxy)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  /** A second core instance on the same database: it learns of A's commits only through LISTEN/NOTIFY. */
  let other: App;
  let unitIds: number[];

  beforeAll(async () => {
    const config = resolveDatabaseConfig();
    if (config.engine !== 'postgres') return;
    const url = new URL(config.url);
    proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    await proxy.start();
    t = await buildTestApp({ httpRateLimitPerMinute: 0 }, { connectVia: { host: '127.0.0.1', port: proxy.port } });
    other = await buildApp({ db: t.db, config: loadConfig({}, { positionTickMs: 20 }) });
    await other.ready();
    const ids = await insertUnits(t.db, [
      { code: 'out-1', lon: CENTRE.lon + 0.01, lat: CENTRE.lat },
      { code: 'out-2', lon: CENTRE.lon + 0.02, lat: CENTRE.lat },
      { code: 'out-3', lon: CENTRE.lon + 0.03, lat: CENTRE.lat },
    ]);
    unitIds = Object.values(ids);
    for (const [code, id] of Object.entries(ids)) {
      // One device secret for the three test devices, so one batch can carry all three (Bearer = that secret).
      await t.db.query(
        `INSERT INTO device_credentials (unit_id, protocol, device_id, secret_hash) VALUES ($1, 'json', $2, $3)`,
        [id, code, hashDeviceSecret(DEVICE_SECRET)],
      );
    }
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
    await proxy?.stop();
  });

  it('reports not ready, refuses writes fast, buffers positions, and loses nothing', async () => {
    const app = t.app;
    const createIncident = (complaint: string) =>
      t.inject({ method: 'POST', url: '/api/incidents', payload: { location: CENTRE, complaint, priority: 2 } });

    // Before: incidents, one with a unit on it; a console subscribed from the start.
    const inbox = new Inbox(await t.injectWS());
    inbox.ws.send(JSON.stringify({ type: 'subscribe', afterSeq: 0 }));
    await inbox.until((f) => f.some((x) => x.type === 'sys.synced'));
    const inboxB = new Inbox(await testSessions(other).injectWS());
    inboxB.ws.send(JSON.stringify({ type: 'subscribe', afterSeq: 0 }));
    await inboxB.until((f) => f.some((x) => x.type === 'sys.synced'));
    const before = [await createIncident('before-1'), await createIncident('before-2')].map((r) =>
      r.json<IncidentView>(),
    );
    const assigned = await t.inject({
      method: 'POST',
      url: `/api/incidents/${before[0]!.id}/assignments`,
      payload: { unitId: 'nearest' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const rowsOf = async () =>
      (
        await t.db.query(
          `SELECT i::text AS incident, (SELECT string_agg(a::text, '|' ORDER BY a.id) FROM assignments a
                                         WHERE a.incident_id = i.id) AS runs
           FROM incidents i WHERE id = ANY($1::bigint[]) ORDER BY id`,
          [before.map((i) => i.id)],
        )
      ).rows;
    const beforeRows = await rowsOf();

    // Load: position batches of every unit every 20 ms, a call every 100 ms, all the way through the outage.
    let running = true;
    let outage: { from: number; to: number } = { from: Infinity, to: Infinity };
    const accepted = new Set<string>();
    let acceptedDuringOutage = 0;
    const created: IncidentView[] = [];
    const refusedCalls: { status: number; ms: number; message: string }[] = [];
    let fixAt = Date.now() - 3600_000;
    const positions = (async () => {
      while (running) {
        fixAt += 1000;
        const items = ['out-1', 'out-2', 'out-3'].map((deviceId, i) => ({
          deviceId,
          time: new Date(fixAt).toISOString(),
          lon: CENTRE.lon + 0.01 * (i + 1) + (fixAt % 100_000) * 1e-9,
          lat: CENTRE.lat,
        }));
        const sentAt = Date.now();
        const res = await app.inject({
          method: 'POST',
          url: '/api/positions',
          headers: { authorization: `Bearer ${DEVICE_SECRET}` },
          payload: { positions: items },
        });
        expect([200, 503], res.body).toContain(res.statusCode);
        for (const r of res.json<{ results: { index: number; status: string }[] }>().results) {
          if (r.status !== 'accepted') continue;
          accepted.add(`${unitIds[r.index]}:${fixAt}`);
          if (sentAt > outage.from && sentAt < outage.to) acceptedDuringOutage++;
        }
        await sleep(20);
      }
    })();
    const calls = (async () => {
      for (let n = 0; running; n++) {
        const started = Date.now();
        const res = await createIncident(`load-${n}`);
        if (res.statusCode === 201) created.push(res.json<IncidentView>());
        else {
          refusedCalls.push({
            status: res.statusCode,
            ms: Date.now() - started,
            message: res.json<{ message: string }>().message,
          });
        }
        await sleep(100);
      }
    })();

    await sleep(500);
    outage = { from: Date.now(), to: Infinity };
    await proxy.cut();
    await sleep(300);
    const notReady = await app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json<{ message: string }>().message).toMatch(/database unavailable/);
    await sleep(OUTAGE_MS - 300);
    await proxy.start();
    outage = { from: outage.from, to: Date.now() };

    const deadline = Date.now() + 20_000;
    while ((await app.inject('/readyz')).statusCode !== 200) {
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(100);
    }
    await sleep(500); // some load after recovery too
    running = false;
    await Promise.all([positions, calls]);
    expect(await app.core.ingest.flush()).toBe(true);

    // During the outage: calls were refused quickly with a reason, positions were still taken.
    expect(refusedCalls.length).toBeGreaterThan(0);
    for (const r of refusedCalls) {
      expect(r.status).toBe(503);
      expect(r.message).toMatch(/database is unavailable/);
      expect(r.ms).toBeLessThan(6_000);
    }
    expect(acceptedDuringOutage).toBeGreaterThan(0);
    const m = app.core.ingest.metrics();
    console.log(
      `outage ${outage.to - outage.from} ms: ${refusedCalls.length} calls refused (slowest ` +
        `${Math.max(...refusedCalls.map((r) => r.ms))} ms), ${created.length} taken; ${accepted.size} positions ` +
        `accepted (${acceptedDuringOutage} during the outage), writer failures ${m['writer_write_failures_total'] ?? 0}`,
    );

    // Every accepted position is stored, and nothing else.
    const stored = await t.db.query<{ unit_id: number; fix_at: Date }>(
      'SELECT unit_id, fix_at FROM positions WHERE unit_id = ANY($1::bigint[])',
      [unitIds],
    );
    const storedKeys = new Set(stored.rows.map((r) => `${r.unit_id}:${r.fix_at.getTime()}`));
    expect([...accepted].filter((k) => !storedKeys.has(k))).toEqual([]);
    expect(storedKeys.size).toBe(accepted.size);

    // Incidents: those from before are intact; every accepted call is stored as answered; no refused one is.
    expect(await rowsOf()).toEqual(beforeRows);
    const all = await t.db.query<{ id: number; complaint: string }>('SELECT id, complaint FROM incidents ORDER BY id');
    expect(all.rows.map((r) => r.complaint)).toEqual(['before-1', 'before-2', ...created.map((i) => i.complaint)]);

    // The stream: after recovery the console has every committed event once, in order.
    const head = (await t.db.query<{ seq: number }>('SELECT max(seq) AS seq FROM events')).rows[0]!.seq;
    await inbox.until(() => (inbox.events().at(-1)?.seq ?? 0) >= head, 15_000);
    const inTable = (await t.db.query<{ seq: number }>('SELECT seq FROM events ORDER BY seq')).rows.map((r) => r.seq);
    expect(inbox.events().map((e) => e.seq)).toEqual(inTable);
    expect(inbox.closed).toBeNull();
    // The other instance's LISTEN connection was cut too; it reconnected and its console caught up.
    await inboxB.until(() => (inboxB.events().at(-1)?.seq ?? 0) >= head, 15_000);
    expect(inboxB.events().map((e) => e.seq)).toEqual(inTable);
    expect(app.httpMetrics.count(503)).toBeGreaterThanOrEqual(refusedCalls.length);
  }, 60_000);
});
