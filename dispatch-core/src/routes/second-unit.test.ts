import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { AssignmentResult, RecommendationList } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { buildTestApp, insertUnits, M_PER_DEG_LON, type TestApp } from '../testing/app.ts';

/** Each test works around its own scene, a degree of latitude (~111 km) from the others, so fleets never mix. */
const scene = (n: number) => ({ lon: 119.6, lat: 31 + n });
const east = (n: number, m: number) => ({ lon: 119.6 + m / M_PER_DEG_LON, lat: 31 + n });
const MONITORING = { kind: 'monitoring_ambulance', capabilities: ['als', 'bls', 'defibrillator'] };

describe(`second unit (加派) and dual dispatch on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function createIncident(n: number, priority = 1): Promise<IncidentView> {
    const res = await t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: scene(n), complaint: '胸痛', priority },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<IncidentView>();
  }
  const assign = (incidentId: number, payload: Record<string, unknown>, key?: string) =>
    t.inject({
      method: 'POST',
      url: `/api/incidents/${incidentId}/assignments`,
      payload,
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  const activeRuns = async (incidentId: number) =>
    (
      await t.db.query<{ n: number }>(
        `SELECT count(*) AS n FROM assignments WHERE incident_id = $1 AND status = 'active'`,
        [incidentId],
      )
    ).rows[0]?.n;

  it('refuses a second unit that does not say it is additional (409 with a reason); 加派 sends it', async () => {
    const u = await insertUnits(t.db, [
      { code: 'a-first', ...east(0, 1000) },
      { code: 'a-second', ...east(0, 1500) },
      { code: 'a-third', ...east(0, 2000) },
    ]);
    const inc = await createIncident(0);
    expect((await assign(inc.id, { unitId: u['a-first'] })).statusCode).toBe(201);

    const again = await assign(inc.id, { unitId: u['a-second'] });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string; message: string }>()).toMatchObject({
      code: 'incident_has_active_run',
      message: expect.stringMatching(/additional/),
    });
    const nearest = await assign(inc.id, { unitId: 'nearest' });
    expect(nearest.statusCode).toBe(409);
    expect(nearest.json<{ code: string }>().code).toBe('incident_has_active_run');
    expect(await activeRuns(inc.id)).toBe(1);
    // The refused unit was not touched.
    const second = await t.db.query<{ status: string }>('SELECT status FROM units WHERE id = $1', [u['a-second']]);
    expect(second.rows[0]?.status).toBe('available');

    const added = await assign(inc.id, { unitId: u['a-second'], additional: true });
    expect(added.statusCode, added.body).toBe(201);
    expect(await activeRuns(inc.id)).toBe(2);
    // Reassigning replaces a run: it needs no flag.
    const first = added.json<AssignmentResult>().incident.assignments.find((a) => a.unitId === u['a-first']);
    const re = await assign(inc.id, { unitId: u['a-third'], replacesAssignmentId: first?.id, reason: '更近' });
    expect(re.statusCode, re.body).toBe(201);
    expect(await activeRuns(inc.id)).toBe(2);
  });

  it('of 20 concurrent first assignments to one incident, exactly one wins; the rest get 409', async () => {
    const units = await insertUnits(
      t.db,
      Array.from({ length: 20 }, (_, i) => ({ code: `race-${i}`, ...east(1, 500 + 100 * i) })),
    );
    const inc = await createIncident(1);
    const results = await Promise.all(Object.values(units).map((unitId) => assign(inc.id, { unitId })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(await activeRuns(inc.id)).toBe(1);
  });

  it('replays a retried first assignment (same Idempotency-Key) instead of refusing it as a second', async () => {
    await insertUnits(t.db, [{ code: 'idem-2', ...east(2, 800) }]);
    const inc = await createIncident(2);
    const key = `second-unit-${inc.id}-retry`;
    const first = await assign(inc.id, { unitId: 'nearest' }, key);
    const retry = await assign(inc.id, { unitId: 'nearest' }, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json<AssignmentResult>().assignment.id).toBe(first.json<AssignmentResult>().assignment.id);
    expect(await activeRuns(inc.id)).toBe(1);
  });

  it('names the nearest monitoring ambulance too for a P1 whose fastest unit is basic, with the difference', async () => {
    const u = await insertUnits(t.db, [
      { code: 'dual-basic', ...east(3, 1000) },
      { code: 'dual-monitoring', ...MONITORING, ...east(3, 15_000) },
      { code: 'dual-monitoring-far', ...MONITORING, ...east(3, 30_000) },
    ]);
    const p1 = await createIncident(3, 1);
    const list = (
      await t.inject({ method: 'GET', url: `/api/incidents/${p1.id}/recommendations` })
    ).json<RecommendationList>();
    expect(list.recommendations[0]?.unit.id).toBe(u['dual-basic']);
    expect(list.dualDispatch).not.toBeNull();
    const dual = list.dualDispatch!;
    expect(dual.firstUnitId).toBe(u['dual-basic']);
    expect(dual.monitoring.unit.id).toBe(u['dual-monitoring']);
    expect(dual.differenceSeconds).toBe(dual.monitoring.etaSeconds - dual.firstEtaSeconds);
    expect(dual.differenceSeconds).toBeGreaterThan(15 * 60);

    // The first unit sent, the monitoring ambulance heads the list (加派 it); once it is on the incident, no more.
    expect((await assign(p1.id, { unitId: u['dual-basic'] })).statusCode).toBe(201);
    const after = (
      await t.inject({ method: 'GET', url: `/api/incidents/${p1.id}/recommendations` })
    ).json<RecommendationList>();
    expect(after.recommendations[0]?.unit.id).toBe(u['dual-monitoring']);
    expect((await assign(p1.id, { unitId: u['dual-monitoring'], additional: true })).statusCode).toBe(201);
    const done = (
      await t.inject({ method: 'GET', url: `/api/incidents/${p1.id}/recommendations` })
    ).json<RecommendationList>();
    expect(done.dualDispatch).toBeNull();
  });

  it('suggests no dual dispatch below the configured priority, nor when the monitoring ambulance is close', async () => {
    await insertUnits(t.db, [
      { code: 'p2-basic', ...east(4, 1000) },
      { code: 'p2-monitoring', ...MONITORING, ...east(4, 15_000) },
      { code: 'close-basic', ...east(5, 1000) },
      { code: 'close-monitoring', ...MONITORING, ...east(5, 1400) },
    ]);
    const p2 = await createIncident(4, 2);
    const rec = async (id: number) =>
      (await t.inject({ method: 'GET', url: `/api/incidents/${id}/recommendations` })).json<RecommendationList>();
    expect((await rec(p2.id)).dualDispatch).toBeNull();
    const close = await createIncident(5, 1);
    const list = await rec(close.id);
    expect(list.recommendations[0]?.unit.code).toBe('close-monitoring');
    expect(list.dualDispatch).toBeNull();
  });
});

describe(`dual dispatch settings on ${testEngine()}`, () => {
  it('follows DUAL_DISPATCH_MAX_PRIORITY and DUAL_DISPATCH_MIN_GAP_SECONDS', async () => {
    const t = await buildTestApp({ dualDispatchMaxPriority: 2, dualDispatchMinGapSeconds: 3600 });
    try {
      await insertUnits(t.db, [
        { code: 'cfg-basic', ...east(0, 1000) },
        { code: 'cfg-monitoring', ...MONITORING, ...east(0, 15_000) },
      ]);
      const create = async (priority: number) =>
        (
          await t.inject({
            method: 'POST',
            url: '/api/incidents',
            payload: { location: scene(0), complaint: '胸痛', priority },
          })
        ).json<IncidentView>();
      const rec = async (id: number) =>
        (await t.inject({ method: 'GET', url: `/api/incidents/${id}/recommendations` })).json<RecommendationList>();
      // 15 km vs 1 km is about 24 minutes apart: under a one-hour minimum gap, no dual dispatch even for P1/P2.
      expect((await rec((await create(2)).id)).dualDispatch).toBeNull();
    } finally {
      await t.close();
    }
    const t2 = await buildTestApp({ dualDispatchMaxPriority: 2, dualDispatchMinGapSeconds: 120 });
    try {
      await insertUnits(t2.db, [
        { code: 'cfg-basic', ...east(0, 1000) },
        { code: 'cfg-monitoring', ...MONITORING, ...east(0, 15_000) },
      ]);
      const inc = (
        await t2.inject({
          method: 'POST',
          url: '/api/incidents',
          payload: { location: scene(0), complaint: '胸痛', priority: 2 },
        })
      ).json<IncidentView>();
      const list = (
        await t2.inject({ method: 'GET', url: `/api/incidents/${inc.id}/recommendations` })
      ).json<RecommendationList>();
      expect(list.dualDispatch?.monitoring.unit.code).toBe('cfg-monitoring');
    } finally {
      await t2.close();
    }
  });
});
