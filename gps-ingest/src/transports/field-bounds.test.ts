/**
 * Issue 14, point 5 (protocols): OsmAnd `speed=1e9` was stored (1.85e9 km/h in replay). Speed, heading,
 * altitude and accuracy are now held to FIX_FIELD_BOUNDS on every protocol: the device protocols drop the field
 * (the position is kept, the drop counted), the JSON batch refuses the item, a forwarded fix is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { createIngest, type Ingest } from '../ingest.ts';
import { encodeBcdTime, Jt808MsgId } from '../protocols/index.ts';
import { locationBody } from '../testing/index.ts';
import { parseForwardedBatch } from '../writer/forwarded-fixes.ts';
import { insertCredential, insertUnit } from '../writer/testing.ts';
import { registerBody, TestTerminal } from '../testing/index.ts';

interface StoredRow {
  speed_kmh: number | null;
  heading_deg: number | null;
  altitude_m: number | null;
  accuracy_m: number | null;
  [k: string]: unknown;
}

describe(`speed, heading, altitude and accuracy are bounded on every protocol on ${testEngine()}`, () => {
  let db: Database;
  let ingest: Ingest;
  let osmand: string;
  let jt808: number;
  let phoneUnit: number;
  let terminalUnit: number;
  let jsonUnit: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    phoneUnit = await insertUnit(db);
    terminalUnit = await insertUnit(db);
    jsonUnit = await insertUnit(db);
    await insertCredential(db, { unitId: phoneUnit, protocol: 'osmand', deviceId: 'fast-phone', secret: 'tok' });
    await insertCredential(db, { unitId: terminalUnit, protocol: 'jt808', deviceId: '13700000009' });
    await insertCredential(db, { unitId: jsonUnit, protocol: 'json', deviceId: 'json-1', secret: 'js' });
    ingest = createIngest({ db });
    const ports = await ingest.startServers({ osmandPort: 0, jt808Port: 0, host: '127.0.0.1' });
    osmand = `http://127.0.0.1:${ports.osmandPort}`;
    jt808 = ports.jt808Port!;
  });
  afterAll(async () => {
    await ingest?.stop();
    await db?.close();
  });

  const stored = async (unitId: number) => {
    await ingest.flush();
    const h = await db.query<StoredRow>(
      'SELECT speed_kmh, heading_deg, altitude_m, accuracy_m FROM positions WHERE unit_id = $1 ORDER BY fix_at',
      [unitId],
    );
    const u = await db.query<StoredRow>('SELECT speed_kmh, fix_at FROM units WHERE id = $1', [unitId]);
    return { history: h.rows, unit: u.rows[0]! };
  };

  it('OsmAnd: speed=1e9 (and an absurd altitude/accuracy) is dropped and counted; the position is stored', async () => {
    const ts = Math.floor(Date.now() / 1000) - 5;
    const res = await fetch(
      `${osmand}/?id=fast-phone&token=tok&lat=31.99&lon=119.58&timestamp=${ts}&speed=1e9&bearing=90&altitude=99999&accuracy=1e12`,
    );
    expect(res.status).toBe(200);
    const { history, unit } = await stored(phoneUnit);
    expect(history).toEqual([{ speed_kmh: null, heading_deg: 90, altitude_m: null, accuracy_m: null }]);
    expect(unit.speed_kmh).toBeNull();
    const m = ingest.metrics();
    expect(m['ingest_fields_dropped_total{field="speedKmh"}']).toBe(1);
    expect(m['ingest_fields_dropped_total{field="altitudeM"}']).toBe(1);
    expect(m['ingest_fields_dropped_total{field="accuracyM"}']).toBe(1);
    // A plausible speed still goes through.
    const ok = await fetch(`${osmand}/?id=fast-phone&token=tok&lat=31.99&lon=119.58&timestamp=${ts + 1}&speed=20`);
    expect(ok.status).toBe(200);
    expect((await stored(phoneUnit)).unit.speed_kmh).toBeCloseTo(37.04, 2);
  });

  it('JT/T 808: a speed word of 0xFFFF (6553.5 km/h) is dropped and counted; the position is stored', async () => {
    const t = new TestTerminal(jt808, '013700000009');
    await t.connect();
    const reg = await t.registerResponse(t.send(Jt808MsgId.Register, registerBody('SU-FB0001', 'FB00001')));
    expect((await t.generalResponse(t.send(Jt808MsgId.Auth, Buffer.from(reg.authCode, 'latin1')))).result).toBe(0);
    const body = locationBody({
      latE6: 31_990_000,
      lonE6: 119_580_000,
      speedTenths: 0xffff,
      direction: 180,
      time: encodeBcdTime(new Date(Date.now() - 3000)).toString('hex'),
    });
    expect((await t.generalResponse(t.send(Jt808MsgId.Location, body))).result).toBe(0);
    t.close();
    const { history } = await stored(terminalUnit);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ speed_kmh: null, heading_deg: 180 });
    expect(ingest.metrics()['ingest_fields_dropped_total{field="speedKmh"}']).toBe(2);
  });

  it('JSON batch: the item is refused with the reason (as before); forwarded fixes out of range are refused', async () => {
    const res = await ingest.acceptJsonBatch(
      { positions: [{ deviceId: 'json-1', time: Date.now() - 1000, lat: 31.99, lon: 119.58, speedKmh: 1e9 }] },
      { secret: 'js' },
    );
    expect(res.accepted).toBe(0);
    expect(JSON.stringify(res)).toContain('speedKmh 1000000000 out of range [0, 1000]');
    expect((await stored(jsonUnit)).history).toEqual([]);

    const fix = {
      unitId: jsonUnit,
      fixAt: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      lon: 119.58,
      lat: 31.99,
      source: 'osmand',
      valid: true,
      late: false,
    };
    expect(parseForwardedBatch({ fixes: [{ ...fix, speedKmh: 1e9 }] })).toEqual({
      error: 'fixes[0]: speedKmh 1000000000 out of range [0, 1000]',
    });
    expect(parseForwardedBatch({ fixes: [{ ...fix, headingDeg: 400 }] })).toHaveProperty('error');
    expect(parseForwardedBatch({ fixes: [{ ...fix, altitudeM: -20000 }] })).toHaveProperty('error');
    expect(parseForwardedBatch({ fixes: [{ ...fix, accuracyM: -1 }] })).toHaveProperty('error');
    expect(parseForwardedBatch({ fixes: [{ ...fix, speedKmh: 80, headingDeg: 359 }] })).toHaveProperty('fixes');
  });
});
