import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { AssignmentResult, IncidentDetail, RecommendationList } from '../contracts/api.ts';
import type { IncidentView, UnitView } from '../contracts/views.ts';
import { buildTestApp, insertUnits, M_PER_DEG_LON, type TestApp } from '../testing/app.ts';

const SCENE = { lon: 119.6, lat: 32.0 };
const east = (m: number) => ({ lon: SCENE.lon + m / M_PER_DEG_LON, lat: SCENE.lat });

describe(`incidents, recommendations and assignment on ${testEngine()}`, () => {
  let t: TestApp;
  let ids: Record<string, number>;

  beforeAll(async () => {
    t = await buildTestApp();
    ids = await insertUnits(t.db, [
      { code: 'near-basic', ...east(1000) },
      { code: 'mid-als', kind: 'monitoring_ambulance', capabilities: ['als', 'bls', 'defibrillator'], ...east(2000) },
      {
        code: 'far-np',
        kind: 'negative_pressure_ambulance',
        capabilities: ['bls', 'negative_pressure'],
        ...east(6000),
      },
      { code: 'stale-close', ...east(300), fixAgeSeconds: 3600 },
      { code: 'busy-closest', ...east(100), status: 'en_route' },
      { code: 'off-duty', ...east(200), status: 'off_duty' },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function createIncident(body: Record<string, unknown> = {}): Promise<IncidentView> {
    const res = await t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: SCENE, complaint: '胸痛，出汗', priority: 2, callerPhone: '13800000000', ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<IncidentView>();
  }

  async function recommend(id: number): Promise<RecommendationList> {
    const res = await t.inject({ method: 'GET', url: `/api/incidents/${id}/recommendations` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RecommendationList>();
  }

  it('creates an incident and returns it with its location and received time', async () => {
    const inc = await createIncident();
    expect(inc).toMatchObject({
      status: 'pending',
      priority: 2,
      complaint: '胸痛，出汗',
      location: SCENE,
      patients: 1,
    });
    expect(Date.parse(inc.callReceivedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it.each([
    [{ complaint: 'x', priority: 9, location: SCENE }, /priority/],
    [{ complaint: 'x', priority: 1, location: { lon: 500, lat: 32 } }, /lon/],
    [{ complaint: 'x', priority: 1 }, /needs a location/],
    [{ complaint: '', priority: 1, location: SCENE }, /complaint/],
    [{ complaint: 'x', priority: 1, location: SCENE, surprise: true }, /additional/],
  ])('rejects a bad incident with 400 and a reason (%j)', async (payload, reason) => {
    const before = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM incidents');
    const res = await t.inject({ method: 'POST', url: '/api/incidents', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(reason);
    const after = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM incidents');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('answers 404 for an unknown incident and 400 for a malformed id', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/incidents/999999' })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: '/api/incidents/abc' })).statusCode).toBe(400);
  });

  it('recommends only available units, nearest first, with distance and ETA, stale ones flagged and ranked down', async () => {
    const inc = await createIncident({ priority: 3 });
    const list = await recommend(inc.id);
    const codes = list.recommendations.map((r) => r.unit.code);
    expect(codes).not.toContain('busy-closest');
    expect(codes).not.toContain('off-duty');
    expect(codes.slice(0, 2)).toEqual(['near-basic', 'mid-als']);
    expect(codes).toContain('far-np');
    const near = list.recommendations[0]!;
    expect(near.distanceM).toBeGreaterThan(950);
    expect(near.distanceM).toBeLessThan(1050);
    expect(near.etaSeconds).toBeGreaterThan(near.distanceM / (60 / 3.6));
    const stale = list.recommendations.find((r) => r.unit.code === 'stale-close')!;
    expect(stale.stale).toBe(true);
    expect(stale.reasons).toContain('stale_position');
    // 300 m away but its position is an hour old: it comes after the 1 km fresh unit.
    expect(codes.indexOf('stale-close')).toBeGreaterThan(codes.indexOf('near-basic'));
  });

  it('requires a negative-pressure unit for an infectious patient', async () => {
    const inc = await createIncident({ infectious: true });
    const list = await recommend(inc.id);
    expect(list.requiredCapabilities).toEqual(['negative_pressure']);
    expect(list.recommendations.map((r) => r.unit.code)).toEqual(['far-np']);
  });

  it('prefers a monitoring (ALS) ambulance for priority 1', async () => {
    const inc = await createIncident({ priority: 1 });
    const list = await recommend(inc.id);
    expect(list.recommendations[0]?.unit.code).toBe('mid-als');
    expect(list.recommendations.find((r) => r.unit.code === 'near-basic')?.reasons).toContain('not_als');
  });

  it('assigns a unit in one transaction: unit dispatched, incident dispatched, a second try gets 409', async () => {
    const inc = await createIncident();
    const res = await t.inject({
      method: 'POST',
      url: `/api/incidents/${inc.id}/assignments`,
      payload: { unitId: ids['near-basic'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json<AssignmentResult>();
    expect(out.unit.status).toBe('dispatched');
    expect(out.unit.activeIncidentId).toBe(inc.id);
    expect(out.incident.status).toBe('dispatched');
    expect(out.incident.firstDispatchedAt).not.toBeNull();
    const other = await createIncident();
    const again = await t.inject({
      method: 'POST',
      url: `/api/incidents/${other.id}/assignments`,
      payload: { unitId: ids['near-basic'] },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ message: string }>().message).toMatch(/not available \(dispatched\)/);
  });

  it('lets exactly one of many concurrent assignments of the same unit win', async () => {
    const [unitId] = Object.values(await insertUnits(t.db, [{ code: 'contested', ...east(1500) }]));
    const incidents = await Promise.all(Array.from({ length: 20 }, () => createIncident()));
    const results = await Promise.all(
      incidents.map((inc) =>
        t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/assignments`, payload: { unitId } }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    const active = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM assignments WHERE unit_id = $1 AND status = 'active'`,
      [unitId],
    );
    expect(active.rows[0]?.n).toBe(1);
  });

  it('replays the first response for a retried request with the same Idempotency-Key', async () => {
    const [unitId] = Object.values(await insertUnits(t.db, [{ code: 'idem', ...east(1700) }]));
    const inc = await createIncident();
    const send = () =>
      t.inject({
        method: 'POST',
        url: `/api/incidents/${inc.id}/assignments`,
        headers: { 'idempotency-key': `retry-${inc.id}-abcdef` },
        payload: { unitId },
      });
    const [first, second] = [await send(), await send()];
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json<AssignmentResult>().assignment.id).toBe(first.json<AssignmentResult>().assignment.id);
    const n = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM assignments WHERE incident_id = $1', [inc.id]);
    expect(n.rows[0]?.n).toBe(1);
    const reused = await t.inject({
      method: 'POST',
      url: `/api/incidents/${inc.id}/assignments`,
      headers: { 'idempotency-key': `retry-${inc.id}-abcdef` },
      payload: { unitId: 'nearest' },
    });
    expect(reused.statusCode).toBe(422);
  });

  it('drives a run through its lifecycle with timestamps, rejects illegal transitions, derives intervals', async () => {
    const [unitId] = Object.values(
      await insertUnits(t.db, [
        { code: 'life', kind: 'monitoring_ambulance', capabilities: ['als', 'bls'], ...east(800) },
      ]),
    );
    const inc = await createIncident({ priority: 1 });
    const assigned = await t.inject({
      method: 'POST',
      url: `/api/incidents/${inc.id}/assignments`,
      payload: { unitId: 'nearest' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json<AssignmentResult>().unit.id).toBe(unitId);

    const status = (s: string, extra: Record<string, unknown> = {}) =>
      t.inject({
        method: 'POST',
        url: `/api/units/${unitId}/status`,
        payload: { status: s, source: 'crew', ...extra },
      });

    const skip = await status('transporting');
    expect(skip.statusCode).toBe(409);
    expect(skip.json<{ message: string }>().message).toMatch(/dispatched cannot become transporting/);
    for (const s of ['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning']) {
      const res = await status(s);
      expect(res.statusCode, `${s}: ${res.body}`).toBe(200);
      expect(res.json<{ unit: UnitView }>().unit.status).toBe(s);
    }
    const detail = (await t.inject({ method: 'GET', url: `/api/incidents/${inc.id}` })).json<IncidentDetail>();
    expect(detail.incident.status).toBe('closed');
    const run = detail.incident.assignments[0]!;
    expect(run).toMatchObject({ status: 'completed', outcome: 'transported' });
    for (const k of ['enRouteAt', 'onSceneAt', 'transportingAt', 'atHospitalAt', 'clearedAt'] as const) {
      expect(run[k]).not.toBeNull();
    }
    expect(detail.intervals.callToDispatch).toBeGreaterThanOrEqual(0);
    expect(detail.intervals.dispatchToEnRoute).toBeGreaterThanOrEqual(0);
    expect(detail.intervals.callToScene).not.toBeNull();
    expect(detail.statusChanges.map((c) => `${c.to}/${c.source}`)).toEqual([
      'dispatched/console',
      'en_route/crew',
      'on_scene/crew',
      'transporting/crew',
      'at_hospital/crew',
      'returning/crew',
    ]);
    expect(detail.timeline.map((e) => e.type)).toContain('assignment.created');
    expect((await status('available')).statusCode).toBe(200);
  });

  it('ends a run at the scene only with a no-transport outcome (病人不去 / 车到人走 / 死亡不送)', async () => {
    const [unitId] = Object.values(await insertUnits(t.db, [{ code: 'noshow', ...east(900) }]));
    const inc = await createIncident();
    await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/assignments`, payload: { unitId } });
    const status = (payload: Record<string, unknown>) =>
      t.inject({ method: 'POST', url: `/api/units/${unitId}/status`, payload });
    await status({ status: 'en_route' });
    await status({ status: 'on_scene' });
    expect((await status({ status: 'returning' })).statusCode).toBe(409);
    const ok = await status({ status: 'returning', outcome: 'gone_on_arrival' });
    expect(ok.statusCode, ok.body).toBe(200);
    const detail = (await t.inject({ method: 'GET', url: `/api/incidents/${inc.id}` })).json<IncidentDetail>();
    expect(detail.incident.assignments[0]?.outcome).toBe('gone_on_arrival');
    expect(detail.incident.status).toBe('closed');
  });

  it('cancels and reassigns: the released unit is available again, the incident keeps its new unit', async () => {
    const u = await insertUnits(t.db, [
      { code: 'first', ...east(1200) },
      { code: 'second', ...east(1300) },
    ]);
    const inc = await createIncident();
    const a1 = (
      await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/assignments`, payload: { unitId: u.first } })
    ).json<AssignmentResult>();
    const re = await t.inject({
      method: 'POST',
      url: `/api/incidents/${inc.id}/assignments`,
      payload: { unitId: u.second, replacesAssignmentId: a1.assignment.id, reason: '更近的车' },
    });
    expect(re.statusCode, re.body).toBe(201);
    const first = (await t.inject({ method: 'GET', url: `/api/units/${u.first}` })).json<UnitView>();
    expect(first.status).toBe('available');
    const detail = (await t.inject({ method: 'GET', url: `/api/incidents/${inc.id}` })).json<IncidentDetail>();
    expect(detail.incident.assignments.map((a) => a.status)).toEqual(['reassigned', 'active']);

    const cancel = await t.inject({
      method: 'POST',
      url: `/api/incidents/${inc.id}/cancel`,
      payload: { reason: '误报' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json<IncidentView>().status).toBe('cancelled');
    const second = (await t.inject({ method: 'GET', url: `/api/units/${u.second}` })).json<UnitView>();
    expect(second.status).toBe('available');
  });
});
