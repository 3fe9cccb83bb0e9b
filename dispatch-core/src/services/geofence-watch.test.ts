import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { UnitFix } from '@c120/gps-ingest';
import type { IncidentView, UnitView } from '../contracts/views.ts';
import { buildTestApp, insertUnits, M_PER_DEG_LON, type TestApp } from '../testing/app.ts';

const SCENE = { lon: 119.55, lat: 31.95 };
const east = (m: number) => ({ lon: SCENE.lon + m / M_PER_DEG_LON, lat: SCENE.lat });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe(`geofence watch: batches without a watched unit skip the geofence queries, on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ geofenceRadiusM: 100, geofenceDwellSeconds: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  const fix = (unitId: number, metresEast: number): UnitFix => ({
    unitId,
    fixAt: new Date(),
    ...east(metresEast),
    source: 'json',
    valid: true,
    late: false,
    receivedAt: new Date(),
  });

  it('asks nothing for standing-by units, watches a unit once it is sent en route, and its arrival still fires', async () => {
    const ids = await insertUnits(t.db, [
      { code: 'w-idle', ...east(3000) },
      { code: 'w-run', ...east(3000) },
    ]);
    const idle = ids['w-idle']!;
    const run = ids['w-run']!;
    const watch = t.app.core.geofenceWatch;
    await until(() => watch.trusted, 'the first read of the watched units');

    const spy = vi.spyOn(t.db, 'query');
    const geofenceQueries = () =>
      spy.mock.calls.filter(([sql]) =>
        /JOIN assignments a ON a\.unit_id|JOIN relocations r ON r\.unit_id = f/.test(String(sql)),
      ).length;
    // Neither unit has a round: the round-visit engine's query is skipped too.
    const roundQueries = () =>
      spy.mock.calls.filter(([sql]) => /JOIN rounds ro ON ro\.unit_id/.test(String(sql))).length;
    expect(await t.app.core.ingest.writeFixes([fix(idle, 2900), fix(run, 2900)])).toBe(true);
    await sleep(200); // onWritten runs after the commit, not awaited by the writer
    expect(geofenceQueries()).toBe(0);
    expect(roundQueries()).toBe(0);
    expect(watch.onRound([{ unitId: run }, { unitId: idle }])).toEqual([]);

    const incident = (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: SCENE, complaint: '胸痛', priority: 2 },
      })
    ).json<IncidentView>();
    await t.inject({ method: 'POST', url: `/api/incidents/${incident.id}/assignments`, payload: { unitId: run } });
    const enRoute = await t.inject({
      method: 'POST',
      url: `/api/units/${run}/status`,
      payload: { status: 'en_route' },
    });
    expect(enRoute.statusCode, enRoute.body).toBe(200);
    // The commit itself distrusts the set: until it is read again every fix is checked, never skipped.
    await until(() => watch.trusted, 'the re-read after the status change');
    expect(watch.split([{ unitId: run }, { unitId: idle }])).toEqual({
      watched: [{ unitId: run }],
      others: [{ unitId: idle }],
    });

    expect(await t.app.core.ingest.writeFixes([fix(run, 30), fix(idle, 30)])).toBe(true);
    await until(async () => {
      const unit = (await t.inject({ method: 'GET', url: `/api/units/${run}` })).json<UnitView>();
      return unit.status === 'on_scene';
    }, 'the geofence arrival through ingest');
    expect(geofenceQueries()).toBeGreaterThan(0);
    spy.mockRestore();
  });
});
