import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { RecommendationList } from '../contracts/api.ts';
import type { RoundView } from '../contracts/outreach.ts';
import type { IncidentView } from '../contracts/views.ts';
import { shanghaiDay } from '../domain/local-day.ts';
import {
  buildTestApp,
  ensureTestTownship,
  insertUnits,
  insertVillages,
  TEST_TOWNSHIP,
  type Injector,
  type TestApp,
} from '../testing/app.ts';

const OTHER_TOWNSHIP = '999999002';

/**
 * Rounds end to end through the real HTTP routes and the real ingest path: a health centre plans a round, the
 * van's tablet posts positions (JSON batches with the crew's session), the visit geofence records arrivals,
 * departures, a missed and an unplanned stop; the crew enters people served; an emergency pauses the round.
 */
describe(`village rounds (巡诊): plan, GPS visits, crew record, diversion on ${testEngine()}`, () => {
  let t: TestApp;
  let hc: Injector;
  let crew: Injector;
  let units: Record<string, number>;
  let v: Record<string, number>;
  // Every fix of this file lies in the past (a fix more than INGEST_MAX_FUTURE_SECONDS ahead is dropped) and on one
  // Shanghai day (a fix counts for the round of its own day): within 50 min after Shanghai midnight (UTC+8, no
  // DST), the fixes go to yesterday evening instead, and the round is yesterday's. Known limit: the diversion test
  // needs a round of the real today (services read the clock), so it still fails in that window (16:00–16:50 UTC);
  // a clock seam in the round services would end it.
  const SPAN_MS = 50 * 60_000;
  const DAY_MS = 86_400_000;
  const t0 = (() => {
    const now = Date.now();
    const startOfShanghaiDay = Math.floor((now + 8 * 3_600_000) / DAY_MS) * DAY_MS - 8 * 3_600_000;
    return now - SPAN_MS >= startOfShanghaiDay ? now - SPAN_MS : startOfShanghaiDay - SPAN_MS - 60_000;
  })();
  const today = shanghaiDay(new Date(t0));

  beforeAll(async () => {
    t = await buildTestApp({ roundStopRadiusM: 200, roundStopDwellSeconds: 60 });
    await ensureTestTownship(t.db);
    await ensureTestTownship(t.db, OTHER_TOWNSHIP, 119.9, 32);
    // Villages east of the van, given to the planner out of order.
    v = await insertVillages(t.db, TEST_TOWNSHIP, [
      { code: 'VA', name: '甲村', lon: 119.6, lat: 32.0 },
      { code: 'VB', name: '乙村', lon: 119.62, lat: 32.0 },
      { code: 'VC', name: '丙村', lon: 119.64, lat: 32.0 },
      { code: 'VD', name: '丁村', lon: 119.66, lat: 32.0 },
    ]);
    Object.assign(v, await insertVillages(t.db, OTHER_TOWNSHIP, [{ code: 'VX', name: '外村', lon: 119.9, lat: 32 }]));
    units = await insertUnits(t.db, [
      // The patrol van: its last fix 3 hours ago, so the test's fixes (from t0 on, at most ~2 h ago) are live, not late.
      {
        code: 'VAN',
        kind: 'patrol_clinic',
        capabilities: ['bls', 'telemedicine'],
        lon: 119.58,
        lat: 32.0,
        fixAgeSeconds: 3 * 3600,
        townshipCode: TEST_TOWNSHIP,
      },
      {
        code: 'VAN2',
        kind: 'patrol_clinic',
        capabilities: ['bls'],
        lon: 119.58,
        lat: 32.01,
        townshipCode: TEST_TOWNSHIP,
      },
      { code: 'OTHERVAN', kind: 'patrol_clinic', lon: 119.9, lat: 32.0, townshipCode: OTHER_TOWNSHIP },
      { code: 'AMB', kind: 'monitoring_ambulance', capabilities: ['als', 'bls'], lon: 119.5, lat: 32.0 },
    ]);
    await t.db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id) VALUES ($1, 'json', 'van-tablet')`,
      [units.VAN],
    );
    hc = await t.as('health_centre', TEST_TOWNSHIP);
    crew = await t.as('crew', units.VAN);
  });
  afterAll(async () => {
    await t?.close();
  });

  const plan = (who: Injector, payload: object) => who({ method: 'POST', url: '/api/rounds', payload });
  const round = async (id: number) => (await t.inject(`/api/rounds/${id}`)).json<RoundView>();
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);

  /** One fix through the crew's tablet route, waited for until the visit engine has handled it. */
  async function fix(minutes: number, lon: number, lat = 32.0): Promise<void> {
    const time = at(minutes);
    const res = await crew({
      method: 'POST',
      url: '/api/positions',
      payload: { positions: [{ deviceId: 'van-tablet', time: time.toISOString(), lon, lat }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const deadline = Date.now() + 10_000;
    while (t.app.core.roundVisits.seenUntil(units.VAN!) < time.getTime()) {
      if (Date.now() > deadline) throw new Error(`fix at +${minutes} min never reached the visit engine`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  let roundId = 0;

  it('refuses what a health centre may not plan, with the reason', async () => {
    const other = await plan(hc, {
      unitId: units.OTHERVAN,
      date: today,
      stops: [{ placeId: v.VA, purpose: 'health_check' }],
    });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ code: string }>().code).toBe('not_your_unit');
    const outside = await plan(hc, {
      unitId: units.VAN,
      date: today,
      stops: [{ placeId: v.VX, purpose: 'health_check' }],
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json<{ message: string }>().message).toContain('外村');
    const ambulance = await plan(t.inject, {
      unitId: units.AMB,
      date: today,
      stops: [{ placeId: v.VA, purpose: 'screening' }],
    });
    expect(ambulance.statusCode).toBe(422);
    expect(ambulance.json<{ code: string }>().code).toBe('unit_not_for_rounds');
    const twice = await plan(hc, {
      unitId: units.VAN,
      date: today,
      stops: [
        { placeId: v.VA, purpose: 'screening' },
        { placeId: v.VA, purpose: 'sampling' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    const badPurpose = await plan(hc, {
      unitId: units.VAN,
      date: today,
      stops: [{ placeId: v.VA, purpose: 'picnic' }],
    });
    expect(badPurpose.statusCode).toBe(400);
  });

  it('a health centre plans a round; optimise orders the villages by drive time and times them', async () => {
    const res = await plan(hc, {
      unitId: units.VAN,
      date: today,
      optimise: true,
      startAt: at(0).toISOString(),
      serviceMinutes: 30,
      team: '家庭医生一队',
      stops: [
        { placeId: v.VC, purpose: 'chronic_followup' },
        { placeId: v.VA, purpose: 'health_check' },
        { placeId: v.VB, purpose: 'vaccination' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json<RoundView>();
    roundId = r.id;
    expect(r.townshipCode).toBe(TEST_TOWNSHIP);
    expect(r.status).toBe('planned');
    expect(r.stops.map((s) => s.placeName)).toEqual(['甲村', '乙村', '丙村']);
    const times = r.stops.map((s) => Date.parse(s.plannedAt!));
    expect(times[0]).toBeGreaterThan(at(0).getTime());
    // Each next stop: 30 min of service plus a drive.
    expect(times[1]! - times[0]!).toBeGreaterThan(30 * 60_000);
    expect(times[2]! - times[1]!).toBeGreaterThan(30 * 60_000);
    const again = await plan(hc, { unitId: units.VAN, date: today, stops: [{ placeId: v.VD, purpose: 'screening' }] });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('round_exists');
    const events = await t.db.query(`SELECT actor FROM events WHERE type = 'round.planned'`);
    expect(events.rows).toHaveLength(1);
    expect(String(events.rows[0]?.actor)).toMatch(/^user:\d+$/);
  });

  it('the van’s GPS records arrival after the dwell, departure, a missed stop and an unplanned one', async () => {
    await fix(0, 119.58); // at base, no village near
    await fix(2, 119.6); // enters 甲村
    await fix(2.5, 119.6005); // 30 s: not yet
    expect((await round(roundId)).stops[0]?.state).toBe('pending');
    await fix(3.5, 119.6003); // 90 s inside: arrived, at the time it entered
    let r = await round(roundId);
    expect(r.status).toBe('in_progress');
    expect(r.stops[0]).toMatchObject({ state: 'arrived', arrivalSource: 'geofence', arrivedAt: at(2).toISOString() });
    // Leaves 甲村 and drives past 乙村 without stopping, to 丙村.
    await fix(20, 119.63, 32.01);
    await fix(22, 119.631, 32.01); // outside 甲村 for 2 min: departed at +20
    r = await round(roundId);
    expect(r.stops[0]).toMatchObject({ state: 'visited', departedAt: at(20).toISOString() });
    await fix(24, 119.64);
    await fix(26, 119.6401);
    r = await round(roundId);
    expect(r.stops.map((s) => s.state)).toEqual(['visited', 'missed', 'arrived']);
    // Leaves, then stays at 丁村, which was not on the plan.
    await fix(30, 119.65, 32.01);
    await fix(32, 119.651, 32.01);
    await fix(34, 119.66);
    await fix(36, 119.6601);
    r = await round(roundId);
    const unplanned = r.stops.find((s) => !s.planned);
    expect(unplanned).toMatchObject({ placeName: '丁村', seq: 4, state: 'arrived', arrivalSource: 'geofence' });
    const types = await t.db.query<{ type: string; actor: string }>(
      `SELECT type, actor FROM events WHERE type LIKE 'round.stop_%' ORDER BY seq`,
    );
    expect(types.rows.map((e) => e.type)).toEqual([
      'round.stop_arrived',
      'round.stop_departed',
      'round.stop_arrived',
      'round.stop_departed',
      'round.stop_arrived',
    ]);
    expect(new Set(types.rows.map((e) => e.actor))).toEqual(new Set(['geofence']));
  });

  it('the crew confirms a stop and enters people served; officials see it in village outreach', async () => {
    const r = await round(roundId);
    const first = r.stops[0]!;
    const bad = await crew({
      method: 'POST',
      url: `/api/round-stops/${first.id}/record`,
      payload: { served: { picnic: 3 } },
    });
    expect(bad.statusCode).toBe(400);
    const res = await crew({
      method: 'POST',
      url: `/api/round-stops/${first.id}/record`,
      payload: { served: { health_check: 23, chronic_followup: 7 }, remoteConsultations: 2 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const stop = res.json<RoundView>().stops[0]!;
    expect(stop.served).toEqual({ health_check: 23, chronic_followup: 7 });
    expect(stop.remoteConsultations).toBe(2);
    expect(stop.recordedBy).toMatch(/^user:/);
    // Another crew's vehicle: not found.
    const otherCrew = await t.as('crew', units.VAN2);
    expect(
      (
        await otherCrew({
          method: 'POST',
          url: `/api/round-stops/${first.id}/record`,
          payload: { remoteConsultations: 1 },
        })
      ).statusCode,
    ).toBe(404);
    const official = await t.as('official');
    const report = (await official('/api/outreach?days=30')).json<{
      villages: { name: string; daysSince: number | null; overdue: boolean }[];
      byTownshipMonth: { townshipCode: string; visits: number; peopleServed: number; remoteConsultations: number }[];
    }>();
    const byName = new Map(report.villages.map((x) => [x.name, x]));
    expect(byName.get('甲村')).toMatchObject({ daysSince: 0, overdue: false });
    expect(byName.get('乙村')).toMatchObject({ daysSince: null, overdue: true });
    expect(byName.get('丁村')?.overdue).toBe(false);
    expect(report.byTownshipMonth.find((m) => m.townshipCode === TEST_TOWNSHIP)).toMatchObject({
      visits: 3,
      peopleServed: 30,
      remoteConsultations: 2,
    });
    const csv = await official('/api/outreach/villages.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('乙村');
    // A health centre sees only its township's villages.
    const mine = (await hc('/api/outreach')).json<{ villages: { townshipCode: string }[] }>();
    expect(new Set(mine.villages.map((x) => x.townshipCode))).toEqual(new Set([TEST_TOWNSHIP]));
  });

  it('an emergency takes the van only as a last resort, pauses the round (the gap), and it resumes after', async () => {
    // Close to the van: the van is nearest, but the round penalty ranks it with its reason.
    const incident = (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: { lon: 119.665, lat: 32 }, complaint: '胸痛', priority: 2 },
      })
    ).json<IncidentView>();
    const rec = (await t.inject(`/api/incidents/${incident.id}/recommendations`)).json<RecommendationList>();
    const van = rec.recommendations.find((x) => x.unit.id === units.VAN);
    expect(van?.reasons).toContain('on_round');
    expect(rec.recommendations.find((x) => x.unit.id === units.AMB)?.reasons).not.toContain('on_round');
    const assigned = await t.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/assignments`,
      payload: { unitId: units.VAN },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    let r = await round(roundId);
    expect(r.status).toBe('paused');
    expect(r.diversions).toEqual([expect.objectContaining({ incidentId: incident.id, endedAt: null })]);
    // While paused, dwelling at a village records nothing.
    await fix(38, 119.64);
    await fix(41, 119.6401);
    expect((await round(roundId)).stops).toHaveLength(4);
    // The run: en route, on scene, patient declines, back to available.
    for (const body of [
      { status: 'en_route' },
      { status: 'on_scene' },
      { status: 'returning', outcome: 'declined' },
      { status: 'available' },
    ]) {
      const res = await crew({ method: 'POST', url: `/api/units/${units.VAN}/status`, payload: body });
      expect(res.statusCode, res.body).toBe(200);
    }
    r = await round(roundId);
    expect(r.status).toBe('in_progress');
    expect(r.diversions[0]?.endedAt).not.toBeNull();
    const types = (
      await t.db.query<{ type: string }>(
        `SELECT type FROM events WHERE type IN ('round.paused', 'round.resumed') ORDER BY seq`,
      )
    ).rows;
    expect(types.map((x) => x.type)).toEqual(['round.paused', 'round.resumed']);
  });

  it('hands the rest of a round to another van, and completes it (stops never reached are missed)', async () => {
    const other = await t.inject({
      method: 'POST',
      url: `/api/rounds/${roundId}/handover`,
      payload: { unitId: units.VAN2 },
    });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json<RoundView>().unitId).toBe(units.VAN2);
    const done = await hc({ method: 'POST', url: `/api/rounds/${roundId}/complete` });
    expect(done.statusCode, done.body).toBe(200);
    const r = done.json<RoundView>();
    expect(r.status).toBe('completed');
    expect(r.stops.filter((s) => s.state === 'missed').map((s) => s.placeName)).toEqual(['乙村']);
    expect((await hc({ method: 'POST', url: `/api/rounds/${roundId}/complete` })).statusCode).toBe(409);
  });
});
