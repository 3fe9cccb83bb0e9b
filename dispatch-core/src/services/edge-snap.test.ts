import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseTownExtract } from '@c120/db/roads/fixtures';
import { importExtract, memorySource, haversineM } from '@c120/db/roads';
import { testEngine } from '@c120/db/testing';
import type { RecommendationList } from '../contracts/index.ts';
import type { IncidentView } from '../contracts/views.ts';
import { buildTestApp, insertUnits, type TestApp } from '../testing/app.ts';

/*
 * The synthetic town's county road 县道X201 runs 2.1 km east–west along 32.00°N from node 1 (119.600) to the
 * junction with 人民路 (node 3, 119.621), 50 km/h (secondary), with no junction in between. A unit waits at its
 * west end; the caller is 30 m north of the road, 1 km along it.
 */
const UNIT = { lon: 119.6, lat: 32.0 };
const SCENE = { lon: 119.6106, lat: 32.00027 };
const onRoad = haversineM(UNIT.lon, UNIT.lat, SCENE.lon, 32.0);
const offRoad = haversineM(SCENE.lon, 32.0, SCENE.lon, SCENE.lat);

describe(`drive times from the nearest point of the nearest road, reloaded on import, on ${testEngine()}`, () => {
  let t: TestApp;
  let incidentId = 0;
  beforeAll(async () => {
    t = await buildTestApp();
    await insertUnits(t.db, [{ code: 'A1', ...UNIT }]);
    const inc = await t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: SCENE, complaint: '腹痛', priority: 3, callerPhone: '13800000001' },
    });
    expect(inc.statusCode, inc.body).toBe(201);
    incidentId = inc.json<IncidentView>().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const recommend = async () =>
    (await t.inject({ url: `/api/incidents/${incidentId}/recommendations` })).json<RecommendationList>();

  it('uses the straight-line model before an import, and the road network after, without a restart', async () => {
    const before = await recommend();
    expect(before.etaModel).toMatch(/straight-line/);
    const eta0 = before.recommendations[0]?.etaSeconds;
    // The import commits and notifies; the running core reloads its model (no reload() call here).
    await importExtract(t.db, memorySource('town', chineseTownExtract()), 'town');
    const deadline = Date.now() + 5000;
    while (!t.app.core.eta.usesNetwork && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(t.app.core.eta.usesNetwork).toBe(true);
    const after = await recommend();
    expect(after.etaModel).toMatch(/road network/);
    expect(after.recommendations[0]?.etaSeconds).not.toBe(eta0);
  });

  it('drives along the long rural edge to the caller instead of walking from a distant junction', async () => {
    const eta = (await recommend()).recommendations[0]?.etaSeconds ?? NaN;
    // 30 s start + 1 km along X201 at 50 km/h + 30 m at 15 km/h; the nearest junction (node 1, 1 km away)
    // would have given 30 s + 1 km at 15 km/h ≈ 270 s.
    const expected = 30 + onRoad / (50 / 3.6) + (offRoad * 3.6) / 15;
    expect(Math.abs(eta - expected)).toBeLessThanOrEqual(2); // ETAs are whole seconds; the line is a great circle
    expect(eta).toBeLessThan(30 + (onRoad * 3.6) / 15 - 100);
  });
});
