import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createIngest, type Ingest } from '../ingest.ts';
import type { FixSink } from '../writer/sink.ts';
import { historyOf, insertCredential, insertUnit, latestOf } from '../writer/testing.ts';

describe(`HTTP transports on ${testEngine()}`, () => {
  let db: Database;
  let ingest: Ingest;
  let base: string;
  let phoneUnit: number;
  let tabletUnit: number;
  let gatewayUnits: number[];

  beforeAll(async () => {
    db = await createTestDatabase();
    phoneUnit = await insertUnit(db);
    tabletUnit = await insertUnit(db);
    gatewayUnits = [await insertUnit(db), await insertUnit(db)];
    await insertCredential(db, { unitId: phoneUnit, protocol: 'osmand', deviceId: '123456', secret: 'tok-6' });
    await insertCredential(db, { unitId: tabletUnit, protocol: 'osmand', deviceId: 'tablet-7', secret: 'tok-7' });
    // A gateway reporting for two vehicles: one token for both (a json credential needs a secret or a session).
    await insertCredential(db, { unitId: gatewayUnits[0]!, protocol: 'json', deviceId: 'veh-1', secret: 'gw' });
    await insertCredential(db, {
      unitId: gatewayUnits[1]!,
      protocol: 'json',
      deviceId: 'veh-2',
      coordSystem: 'gcj02',
      secret: 'gw',
    });
    await insertCredential(db, { unitId: tabletUnit, protocol: 'json', deviceId: 'tablet-json' });
    ingest = createIngest({ db, config: { osmand: { maxBodyBytes: 4096 } } });
    const { osmandPort } = await ingest.startServers({ osmandPort: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${osmandPort}`;
  });
  afterAll(async () => {
    await ingest?.stop();
    await db?.close();
  });

  describe('OsmAnd / Traccar Client', () => {
    it('accepts the Traccar Client query string (POST, empty body) and stores the fix', async () => {
      const ts = Math.floor(Date.now() / 1000) - 5;
      // As Traccar Client for Android 8.x sends it: everything in the URL, speed in knots.
      const res = await fetch(
        `${base}/?id=123456&token=tok-6&timestamp=${ts}&lat=31.9901&lon=119.5802&speed=10.0&bearing=87.5&altitude=15.0&accuracy=4.8&batt=86.0&charge=false`,
        { method: 'POST' },
      );
      expect(res.status).toBe(200);
      expect(await ingest.flush()).toBe(true);
      const latest = await latestOf(db, phoneUnit);
      expect(latest.fix_at!.getTime()).toBe(ts * 1000);
      expect(latest.lat).toBeCloseTo(31.9901, 6);
      expect(latest.speed_kmh).toBeCloseTo(18.52, 2);
      expect(latest.heading_deg).toBeCloseTo(87.5, 3);
      expect((await historyOf(db, phoneUnit))[0]!.source).toBe('osmand');
    });

    it('accepts GET and the Traccar Client 9 JSON body', async () => {
      const t1 = new Date(Date.now() - 4000);
      const get = await fetch(`${base}/?id=123456&token=tok-6&timestamp=${t1.toISOString()}&lat=31.9902&lon=119.5803`);
      expect(get.status).toBe(200);
      const t2 = new Date(Date.now() - 3000);
      const json = await fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer tok-6' },
        body: JSON.stringify({
          device_id: '123456',
          location: {
            timestamp: t2.toISOString(),
            coords: { latitude: 31.9903, longitude: 119.5804, speed: 5, heading: 90, accuracy: 6, altitude: 12 },
            is_moving: true,
            battery: { level: 0.8, is_charging: false },
          },
        }),
      });
      expect(json.status).toBe(200);
      await ingest.flush();
      const latest = await latestOf(db, phoneUnit);
      expect(latest.fix_at!.getTime()).toBe(t2.getTime());
      expect(latest.speed_kmh).toBeCloseTo(18, 3);
    });

    it('answers 403 for an unknown device, 400 with the reason for an undecodable request', async () => {
      const unknown = await fetch(`${base}/?id=999999&lat=31.99&lon=119.58`, { method: 'POST' });
      expect(unknown.status).toBe(403);
      const bad = await fetch(`${base}/?id=123456&lat=north&lon=119.58`, { method: 'POST' });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/lat/);
      const empty = await fetch(`${base}/`, { method: 'POST' });
      expect(empty.status).toBe(400);
      const put = await fetch(`${base}/?id=123456&lat=31.99&lon=119.58`, { method: 'PUT' });
      expect(put.status).toBe(405);
    });

    it('checks the device secret: 401 without, 200 with token= or a bearer header', async () => {
      const q = (t: number) => `id=tablet-7&lat=31.99&lon=119.58&timestamp=${Math.floor(Date.now() / 1000) - t}`;
      expect((await fetch(`${base}/?${q(9)}`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${base}/?${q(9)}&token=wrong`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${base}/?${q(8)}&token=tok-7`, { method: 'POST' })).status).toBe(200);
      const bearer = await fetch(`${base}/?${q(7)}`, { method: 'POST', headers: { authorization: 'Bearer tok-7' } });
      expect(bearer.status).toBe(200);
    });

    it('refuses a Traccar Client credential stored without a token (before migration 0007) with 401', async () => {
      // Recreate the state the migration leaves: an older secret-less row, kept as it was (NOT VALID).
      const legacyUnit = await insertUnit(db);
      await db.query('ALTER TABLE device_credentials DROP CONSTRAINT device_credentials_osmand_token');
      try {
        await insertCredential(db, { unitId: legacyUnit, protocol: 'osmand', deviceId: 'legacy-phone' });
      } finally {
        await db.query(`ALTER TABLE device_credentials ADD CONSTRAINT device_credentials_osmand_token
          CHECK (protocol <> 'osmand' OR secret_hash IS NOT NULL OR revoked_at IS NOT NULL) NOT VALID`);
      }
      const ts = Math.floor(Date.now() / 1000) - 3;
      const res = await fetch(`${base}/?id=legacy-phone&lat=31.99&lon=119.58&timestamp=${ts}`, { method: 'POST' });
      expect(res.status).toBe(401);
      const any = await fetch(`${base}/?id=legacy-phone&token=anything&lat=31.99&lon=119.58&timestamp=${ts}`);
      expect(any.status).toBe(401);
      expect((await latestOf(db, legacyUnit)).fix_at).toBeNull();
    });

    it('refuses a body over the limit with 413', async () => {
      const res = await fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `id=123456&lat=31.99&lon=119.58&pad=${'x'.repeat(5000)}`,
      });
      expect(res.status).toBe(413);
    });

    it('answers 503 when the writer buffer is full, so the phone keeps the fix and resends', async () => {
      const down: FixSink = {
        description: 'a sink that is down',
        write: () => Promise.reject(new Error('down')),
        diagnose: () => 'unavailable',
      };
      const full = createIngest({ db, sink: down, config: { writer: { maxBuffered: 1, drainTimeoutMs: 50 } } });
      const { osmandPort } = await full.startServers({ osmandPort: 0, host: '127.0.0.1' });
      const send = (t: number) =>
        fetch(
          `http://127.0.0.1:${osmandPort}/?id=123456&token=tok-6&lat=31.99&lon=119.58&timestamp=${Math.floor(Date.now() / 1000) + t}`,
          {
            method: 'POST',
          },
        );
      expect((await send(1)).status).toBe(200);
      const refused = await send(2);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('10');
      expect(full.metrics()['writer_fixes_refused_total']).toBe(1);
      expect(full.metrics()['osmand_requests_total{status="503"}']).toBe(1);
      await full.stop();
    });
  });

  describe('refused attempts per source address', () => {
    it('answers 429 to unknown ids once an address brought maxRefusals of them, without asking the database', async () => {
      const limited = createIngest({ db, config: { refusals: { maxRefusals: 3, windowMs: 60_000 } } });
      const { osmandPort } = await limited.startServers({ osmandPort: 0, host: '127.0.0.1' });
      try {
        const ts = () => Math.floor(Date.now() / 1000) - 2;
        const url = (q: string) => `http://127.0.0.1:${osmandPort}/?${q}&lat=31.99&lon=119.58&timestamp=${ts()}`;
        // Accepted requests and wrong tokens do not count against the address; unknown ids do.
        expect((await fetch(url('id=123456&token=tok-6'))).status).toBe(200);
        expect((await fetch(url('id=guess-1'))).status).toBe(403);
        expect((await fetch(url('id=123456&token=guess'))).status).toBe(401);
        expect((await fetch(url('id=guess-2'))).status).toBe(403);
        expect((await fetch(url('id=guess-3'))).status).toBe(403);
        // The limit is reached: another unknown id waits, and reaches neither the pipeline nor the database…
        const received = limited.metrics()['ingest_positions_received_total{protocol="osmand"}'];
        const blocked = await fetch(url('id=guess-4'));
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
        const m = limited.metrics();
        expect(m['ingest_positions_received_total{protocol="osmand"}']).toBe(received);
        expect(m['ingest_refusal_limited_total{transport="osmand"}']).toBe(1);
        expect(m['ingest_refusal_blocked_addresses']).toBe(1);
        // …but a device known here, with its right token, gets in: the address may be a whole fleet's NAT.
        expect((await fetch(url('id=123456&token=tok-6'))).status).toBe(200);
      } finally {
        await limited.stop();
      }
    });
  });

  describe('JSON batch (core mounts it at POST /api/positions)', () => {
    it('returns a result per item, in request order', async () => {
      const now = Date.now();
      const r = await ingest.acceptJsonBatch(
        {
          positions: [
            { deviceId: 'veh-1', time: now - 3000, lat: 31.99, lon: 119.58, speedKmh: 40 },
            { deviceId: 'veh-1', time: now - 3000, lat: 31.99, lon: 119.58 }, // same fix again
            { deviceId: 'veh-2', time: new Date(now - 2000).toISOString(), lat: 31.992, lon: 119.585 },
            { deviceId: 'nobody', time: now, lat: 31.99, lon: 119.58 },
            { deviceId: 'veh-1', time: now + 3_600_000, lat: 31.99, lon: 119.58 },
            { deviceId: 'veh-1', lat: 31.99, lon: 119.58 },
          ],
        },
        { secret: 'gw' },
      );
      expect(r.status).toBe(200);
      expect(r.accepted).toBe(2);
      expect(r.results).toEqual([
        { index: 0, status: 'accepted', late: false },
        { index: 1, status: 'dropped', reason: 'duplicate' },
        { index: 2, status: 'accepted', late: false },
        { index: 3, status: 'rejected', reason: 'unknown_device' },
        { index: 4, status: 'dropped', reason: 'future_time' },
        { index: 5, status: 'invalid', reason: expect.stringMatching(/time/) },
      ]);
      await ingest.flush();
      // veh-2 reports GCJ-02: stored shifted back to WGS-84.
      const gcj = await latestOf(db, gatewayUnits[1]!);
      expect(Math.abs(gcj.lon! - 119.585)).toBeGreaterThan(0.002);
    });

    it('checks the secret; a json credential without one takes only a session, of its own unit', async () => {
      const at = (deviceId: string, dt: number) => ({ deviceId, time: Date.now() - dt, lat: 31.99, lon: 119.58 });
      const wrong = await ingest.acceptJsonBatch({ positions: [at('veh-1', 9000)] }, { secret: 'nope' });
      expect(wrong.status).toBe(401);
      expect(wrong.results[0]).toEqual({ index: 0, status: 'rejected', reason: 'bad_secret' });
      const bare = await ingest.acceptJsonBatch({ positions: [at('tablet-json', 9000)] });
      expect(bare.results[0]).toEqual({ index: 0, status: 'rejected', reason: 'bad_secret' });
      const own = await ingest.acceptJsonBatch(
        { positions: [at('tablet-json', 8000)] },
        { session: { unitId: tabletUnit } },
      );
      expect(own.results[0]?.status).toBe('accepted');
      const other = await ingest.acceptJsonBatch(
        { positions: [at('veh-1', 8000)] },
        { session: { unitId: tabletUnit } },
      );
      expect(other.status).toBe(403);
      expect(other.results[0]).toEqual({ index: 0, status: 'rejected', reason: 'other_unit' });
      const service = await ingest.acceptJsonBatch({ positions: [at('veh-1', 8000)] }, { session: { unitId: null } });
      expect(service.results[0]?.status).toBe('accepted');
    });

    it('400 for a body that is not a batch; 403 when no item is from a known device', async () => {
      expect((await ingest.acceptJsonBatch('nope')).status).toBe(400);
      expect((await ingest.acceptJsonBatch({ positions: 'x' })).status).toBe(400);
      const r = await ingest.acceptJsonBatch({
        positions: [{ deviceId: 'ghost', time: Date.now(), lat: 31.99, lon: 119.58 }],
      });
      expect(r.status).toBe(403);
    });
  });
});
