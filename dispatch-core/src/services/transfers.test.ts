import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { TransferView } from '../contracts/outreach.ts';
import type { IncidentDetail } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import {
  buildTestApp,
  ensureTestTownship,
  insertUnits,
  TEST_TOWNSHIP,
  type Injector,
  type TestApp,
} from '../testing/app.ts';

/** Booked transfers (预约转运): booking, scheduling conflicts, the run through the normal lifecycle, emergencies first. */
describe(`booked transfers (预约转运) on ${testEngine()}`, () => {
  let t: TestApp;
  let hc: Injector;
  let units: Record<string, number>;
  let centre = 0;
  let county = 0;
  const hour = 3_600_000;
  const base = Date.now() + 2 * hour;
  const window = (fromH: number, toH: number) => ({
    windowStart: new Date(base + fromH * hour).toISOString(),
    windowEnd: new Date(base + toH * hour).toISOString(),
  });

  beforeAll(async () => {
    t = await buildTestApp();
    await ensureTestTownship(t.db);
    const h = await t.db.query<{ id: number }>(
      `INSERT INTO hospitals (code, name, level, township_code, geom) VALUES
         ('HC', '测试镇卫生院', '一级', $1, ST_SetSRID(ST_MakePoint(119.6, 32.0), 4326)),
         ('HX', '县人民医院', '三级', NULL, ST_SetSRID(ST_MakePoint(119.55, 32.0), 4326))
       RETURNING id`,
      [TEST_TOWNSHIP],
    );
    centre = Number(h.rows[0]?.id);
    county = Number(h.rows[1]?.id);
    units = await insertUnits(t.db, [
      {
        code: 'NP1',
        kind: 'negative_pressure_ambulance',
        capabilities: ['bls', 'negative_pressure'],
        lon: 119.58,
        lat: 32,
      },
      { code: 'BAS', kind: 'basic_ambulance', capabilities: ['bls'], lon: 119.59, lat: 32 },
    ]);
    hc = await t.as('health_centre', TEST_TOWNSHIP);
  });
  afterAll(async () => {
    await t?.close();
  });

  const book = (payload: object) => hc({ method: 'POST', url: '/api/transfers', payload });
  const schedule = (id: number, unitId: number | undefined) =>
    t.inject({ method: 'POST', url: `/api/transfers/${id}/schedule`, payload: { unitId } });

  let first = 0;

  it('a health centre books a negative-pressure transfer; bad windows are refused with the reason', async () => {
    const res = await book({
      patientName: '王某',
      fromHospitalId: centre,
      toHospitalId: county,
      needs: ['negative_pressure', 'stretcher'],
      ...window(0, 1),
    });
    expect(res.statusCode, res.body).toBe(201);
    const tr = res.json<TransferView>();
    first = tr.id;
    expect(tr).toMatchObject({
      status: 'booked',
      townshipCode: TEST_TOWNSHIP,
      fromName: '测试镇卫生院',
      toName: '县人民医院',
    });
    const backwards = await book({
      patientName: '李某',
      fromHospitalId: centre,
      toHospitalId: county,
      ...window(1, 0),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<{ code: string }>().code).toBe('bad_window');
    const badNeed = await book({
      patientName: '李某',
      fromHospitalId: centre,
      toHospitalId: county,
      needs: ['jetpack'],
      ...window(0, 1),
    });
    expect(badNeed.statusCode).toBe(400);
    // The health centre cannot schedule units: that is the centre's.
    expect(
      (await hc({ method: 'POST', url: `/api/transfers/${first}/schedule`, payload: { unitId: units.NP1 } }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses a unit without what the patient needs, and a second overlapping booking of one unit', async () => {
    const lacking = await schedule(first, units.BAS);
    expect(lacking.statusCode).toBe(422);
    expect(lacking.json<{ code: string }>().code).toBe('unit_lacks_capability');
    const ok = await schedule(first, units.NP1);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<TransferView>()).toMatchObject({ status: 'scheduled', unitId: units.NP1 });
    const second = (
      await book({ patientName: '赵某', fromHospitalId: county, toHospitalId: centre, ...window(0.5, 1.5) })
    ).json<TransferView>();
    const clash = await schedule(second.id, units.NP1);
    expect(clash.statusCode).toBe(409);
    expect(clash.json<{ code: string; message: string }>()).toMatchObject({ code: 'booking_overlap' });
    expect(clash.json<{ message: string }>().message).toContain(`transfer ${first}`);
    // Back to back is fine.
    const third = (
      await book({ patientName: '钱某', fromHospitalId: county, toHospitalId: centre, ...window(1, 2) })
    ).json<TransferView>();
    expect((await schedule(third.id, units.NP1)).statusCode).toBe(200);
    // Two dispatchers scheduling two overlapping bookings onto one unit at once: exactly one wins.
    const a = (
      await book({ patientName: 'A', fromHospitalId: county, toHospitalId: centre, ...window(5, 6) })
    ).json<TransferView>();
    const b = (
      await book({ patientName: 'B', fromHospitalId: county, toHospitalId: centre, ...window(5.5, 6.5) })
    ).json<TransferView>();
    const both = await Promise.all([schedule(a.id, units.BAS), schedule(b.id, units.BAS)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('an emergency that takes the scheduled unit flags the booking for re-assignment', async () => {
    const emergency = (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: { lon: 119.58, lat: 32.001 }, complaint: '发热咳嗽', priority: 2, infectious: true },
      })
    ).json<IncidentView>();
    expect(
      (
        await t.inject({
          method: 'POST',
          url: `/api/incidents/${emergency.id}/assignments`,
          payload: { unitId: units.NP1 },
        })
      ).statusCode,
    ).toBe(201);
    const flagged = (await t.inject(`/api/transfers/${first}`)).json<TransferView>();
    expect(flagged.needsReassignment).toBe(true);
    expect(
      (await t.inject({ method: 'POST', url: `/api/transfers/${first}/dispatch` })).json<{ code: string }>().code,
    ).toBe('needs_reassignment');
    const events = await t.db.query(`SELECT 1 FROM events WHERE type = 'transfer.flagged'`);
    expect(events.rows.length).toBeGreaterThanOrEqual(1);
    // The emergency run ends; the unit is scheduled again (the flag clears).
    await t.inject({ method: 'POST', url: `/api/units/${units.NP1}/status`, payload: { status: 'en_route' } });
    await t.inject({ method: 'POST', url: `/api/units/${units.NP1}/status`, payload: { status: 'on_scene' } });
    await t.inject({
      method: 'POST',
      url: `/api/units/${units.NP1}/status`,
      payload: { status: 'returning', outcome: 'declined' },
    });
    await t.inject({ method: 'POST', url: `/api/units/${units.NP1}/status`, payload: { status: 'available' } });
    const again = await schedule(first, units.NP1);
    expect(again.json<TransferView>().needsReassignment).toBe(false);
  });

  it('runs the booking through the normal lifecycle: a priority-4 incident, on-time pick-up, completed on close', async () => {
    const started = await t.inject({ method: 'POST', url: `/api/transfers/${first}/dispatch` });
    expect(started.statusCode, started.body).toBe(200);
    const tr = started.json<TransferView>();
    expect(tr.status).toBe('dispatched');
    const incident = (await t.inject(`/api/incidents/${tr.incidentId}`)).json<IncidentDetail>().incident;
    expect(incident).toMatchObject({ priority: 4, infectious: true, destinationHospitalId: county });
    expect(incident.assignments.map((a) => a.unitId)).toEqual([units.NP1]);
    for (const status of ['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning']) {
      const res = await t.inject({ method: 'POST', url: `/api/units/${units.NP1}/status`, payload: { status } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const done = (await t.inject(`/api/transfers/${first}`)).json<TransferView>();
    expect(done).toMatchObject({ status: 'completed', onTime: true });
    expect(done.pickedUpAt).not.toBeNull();
    // The health centre sees its bookings and no emergency incident.
    const list = (await hc('/api/transfers')).json<TransferView[]>();
    expect(list.map((x) => x.id)).toContain(first);
    expect((await hc(`/api/incidents/${tr.incidentId}`)).statusCode).toBe(404);
    const types = (
      await t.db.query<{ type: string }>(
        `SELECT type FROM events WHERE type LIKE 'transfer.%' AND payload->'transfer'->>'id' = $1 ORDER BY seq`,
        [String(first)],
      )
    ).rows.map((r) => r.type);
    expect(types).toEqual([
      'transfer.booked',
      'transfer.scheduled',
      'transfer.flagged',
      'transfer.scheduled',
      'transfer.dispatched',
      'transfer.completed',
    ]);
    // Its KPIs on /analytics: one pick-up, on time; the bookings flagged on the way.
    const from = new Date(base - 24 * hour).toISOString();
    const to = new Date(base + 24 * hour).toISOString();
    const kpis = (await t.inject(`/api/analytics/transfers?from=${from}&to=${to}`)).json<Record<string, number>>();
    // Flagged: this booking and the back-to-back one on the same ambulance, both within TRANSFER_FLAG_HOURS.
    expect(kpis).toMatchObject({ completed: 1, pickedUp: 1, onTime: 1, onTimeRate: 1, flagged: 2 });
    expect(kpis.bookings).toBeGreaterThanOrEqual(5);
    expect((await t.inject(`/api/analytics/transfers?from=${to}&to=${from}`)).statusCode).toBe(400);
  });
});
