import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { CoverageReport, RecommendationList } from '../contracts/index.ts';
import type { IncidentView } from '../contracts/views.ts';
import { straightLineSeconds } from '../domain/eta.ts';
import { haversineM as sphereDistanceM } from '@c120/shared/geo';
import type { CoverageFrame } from '../events/index.ts';
import type { HubClient } from '../realtime/hub.ts';
import { buildTestApp, insertUnits, type TestApp } from '../testing/app.ts';

/*
 * A small known network (costs in seconds, set by hand):
 *
 *   A ──60 s── B ──120 s, one-way B→C──▶ C        and a slow road C ──600 s── A (both ways)
 *
 * A = (119.60, 32.00), B = (119.61, 32.00), C = (119.62, 32.00). Every trip adds 30 s to pull out; a point off
 * the network adds its straight-line distance to the nearest node at 15 km/h; a point more than 1 km from every
 * node uses the straight-line model. Targets: 4 min (240 s) everywhere.
 */
const A = { lon: 119.6, lat: 32.0 };
const B = { lon: 119.61, lat: 32.0 };
const C = { lon: 119.62, lat: 32.0 };
const P = { lon: 119.61, lat: 32.0009 }; // ≈ 100 m north of B
const FAR = { lon: 119.7, lat: 32.1 };
const legP = (sphereDistanceM(P.lon, P.lat, B.lon, B.lat) * 3.6) / 15;

describe(`drive times on a road network, ranking and coverage agree, live coverage on ${testEngine()}`, () => {
  let t: TestApp;
  let units: Record<string, number>;
  let stationB = 0;
  let stationFar = 0;
  beforeAll(async () => {
    t = await buildTestApp({ coverageUrbanMinutes: 4, coverageRuralMinutes: 4, coverageIntervalMs: 100 });
    const pt = (p: { lon: number; lat: number }) => `ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)`;
    const line = (a: typeof A, b: typeof A) => `ST_MakeLine(${pt(a)}, ${pt(b)})`;
    await t.db.query(`INSERT INTO road_nodes (id, geom) VALUES (1, ${pt(A)}), (2, ${pt(B)}), (3, ${pt(C)})`);
    await t.db.query(
      `INSERT INTO road_edges (osm_way_id, source, target, road_class, length_m, speed_kmh, oneway, cost, reverse_cost, geom)
       VALUES (10, 1, 2, 'primary', 1000, 60, false, 60, 60, ${line(A, B)}),
              (11, 2, 3, 'secondary', 1000, 30, true, 120, -1, ${line(B, C)}),
              (12, 3, 1, 'track', 2500, 15, false, 600, 600, ${line(C, A)})`,
    );
    await t.db.query(`INSERT INTO road_networks (source, nodes, edges) VALUES ('hand-built', 3, 3)`);
    await t.app.core.eta.reload();
    units = await insertUnits(t.db, [
      { code: 'U1', ...A },
      { code: 'U2', ...C },
    ]);
    for (const [code, p, pop] of [
      ['V1', C, 1000],
      ['V2', P, 500],
      ['V3', FAR, 200],
    ] as const) {
      await t.db.query(
        `INSERT INTO places (code, kind, name, pinyin, initials, population, geom)
         VALUES ($1, 'village', $1, $1, $1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326))`,
        [code, pop, p.lon, p.lat],
      );
    }
    const st = await t.db.query<{ id: number }>(
      `INSERT INTO stations (code, name, geom) VALUES ('SB', '站B', ${pt(B)}), ('SF', '站远', ${pt(FAR)}) RETURNING id`,
    );
    stationB = st.rows[0]?.id ?? 0;
    stationFar = st.rows[1]?.id ?? 0;
    t.app.core.coverage.invalidate();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives hand-computed times: one-way respected, off-network leg, straight line beyond the network', async () => {
    expect(t.app.core.eta.usesNetwork).toBe(true);
    const m = await t.app.core.eta.matrix(
      [A, C],
      [
        { ...C, area: 'rural' },
        { ...A, area: 'rural' },
        { ...P, area: 'rural' },
        { ...FAR, area: 'rural' },
      ],
    );
    expect(m[0]?.[0]).toBeCloseTo(30 + 60 + 120, 6); // A → C along the one-way
    expect(m[1]?.[1]).toBeCloseTo(30 + 600, 6); // C → A: not back along the one-way, the slow road
    expect(m[0]?.[2]).toBeCloseTo(30 + 60 + legP, 3); // A → B, then ≈100 m on foot-pace
    expect(m[1]?.[2]).toBeCloseTo(30 + 600 + 60 + legP, 3);
    expect(m[0]?.[3]).toBeCloseTo(straightLineSeconds(sphereDistanceM(A.lon, A.lat, FAR.lon, FAR.lat), 'rural'), 6);
    // Many origins to one destination runs the backward search: same numbers.
    const back = await t.app.core.eta.matrix([A, C, B], [{ ...C, area: 'rural' }]);
    expect(back.map((r) => r[0])).toEqual([m[0]?.[0], 30, 30 + 120]);
  });

  it('ranks recommendations with the same times coverage counts', async () => {
    const inc = await t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: C, complaint: '胸痛', priority: 2, callerPhone: '13800000000' },
    });
    expect(inc.statusCode, inc.body).toBe(201);
    const rec = await t.inject({ url: `/api/incidents/${inc.json<IncidentView>().id}/recommendations` });
    const list = rec.json<RecommendationList>();
    expect(list.recommendations.map((r) => [r.unit.code, r.etaSeconds])).toEqual([
      ['U2', 30],
      ['U1', 210],
    ]);
    expect(list.etaModel).toMatch(/road network/);
    const report = (await t.inject({ url: '/api/coverage' })).json<CoverageReport>();
    // V1 stands on the scene: its coverage time is the best recommended ETA.
    expect(report.villages.find((v) => v.name === 'V1')?.etaSeconds).toBe(list.recommendations[0]?.etaSeconds);
    expect(report.model).toBe(list.etaModel);
  });

  it('covers the hand-computed population, and loses exactly V2 when U1 goes to maintenance; move-up restores it', async () => {
    const before = (await t.inject({ url: '/api/coverage' })).json<CoverageReport>();
    // V1 (U2: 30 s) and V2 (U1: 90 s + leg) within 240 s; V3 is beyond the network and > 240 s away.
    expect([before.availableUnits, before.population, before.coveredPopulation]).toEqual([2, 1700, 1500]);
    expect(before.villages.map((v) => [v.name, v.covered])).toEqual([
      ['V1', true],
      ['V2', true],
      ['V3', false],
    ]);

    // The live path: a status event → coverage recomputed within the interval → a sys.coverage frame.
    const frames: CoverageFrame[] = [];
    const client: HubClient = {
      send: (data) => {
        const f = JSON.parse(data) as { type: string };
        if (f.type === 'sys.coverage') frames.push(f as CoverageFrame);
      },
      bufferedAmount: 0,
      close: () => undefined,
    };
    await t.app.core.hub.subscribe(client, undefined, false, { coverage: true });
    const res = await t.inject({
      method: 'POST',
      url: `/api/units/${units.U1}/status`,
      payload: { status: 'maintenance' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const deadline = Date.now() + 5000;
    while (!frames.some((f) => f.report.trigger === 'unit.status_changed') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = frames.find((f) => f.report.trigger === 'unit.status_changed')?.report;
    t.app.core.hub.unsubscribe(client);
    expect(after).toBeDefined();
    expect(after?.availableUnits).toBe(1);
    expect(before.coveredPopulation - (after?.coveredPopulation ?? 0)).toBe(500);
    // Moving U2 to the station at B reaches V1 (30+120 s) and V2 (30 s + leg): +500; the far station only V3.
    expect(after?.moveUp).toMatchObject({ unitId: units.U2, stationId: stationB, gainPopulation: 500 });
    expect(after?.moveUp?.populationShareAfter).toBeCloseTo(1500 / 1700, 6);
    expect(stationFar).toBeGreaterThan(0);
  });

  it('accepts the move-up as a relocation order, and refuses what cannot be moved', async () => {
    const ok = await t.inject({
      method: 'POST',
      url: `/api/units/${units.U2}/relocate`,
      payload: { stationId: stationB, expectedGainPopulation: 500 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      relocation: { unitId: units.U2, stationId: stationB, stationName: '站B', expectedGainPopulation: 500 },
      unit: { id: units.U2, status: 'available' },
    });
    const ev = await t.db.query<{ type: string; unit_id: number }>(
      `SELECT type, unit_id FROM events WHERE type = 'unit.relocation_ordered'`,
    );
    expect(ev.rows).toEqual([{ type: 'unit.relocation_ordered', unit_id: units.U2 }]);
    // The accepted move is listed as pending and not suggested again; U2 counts as standing at B (+500).
    const report = await t.app.core.coverage.service.compute('test');
    expect(report.pendingMoves).toMatchObject([{ unitId: units.U2, stationId: stationB, stationName: '站B' }]);
    expect(report.moveUp).toBeNull();
    expect(report.modelInfo).toMatchObject({ kind: 'road_network', nodes: 3, fallback: { kind: 'straight_line' } });
    const inMaintenance = await t.inject({
      method: 'POST',
      url: `/api/units/${units.U1}/relocate`,
      payload: { stationId: stationB },
    });
    expect(inMaintenance.statusCode).toBe(409);
    expect(inMaintenance.json<{ message: string }>().message).toMatch(/not available \(maintenance\)/);
    const noStation = await t.inject({
      method: 'POST',
      url: `/api/units/${units.U2}/relocate`,
      payload: { stationId: 999_999 },
    });
    expect(noStation.statusCode).toBe(404);
    const bad = await t.inject({
      method: 'POST',
      url: `/api/units/${units.U2}/relocate`,
      payload: { stationId: 'B' },
    });
    expect(bad.statusCode).toBe(400);
    const count = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM relocations');
    expect(count.rows[0]?.n).toBe(1);
  });
});
