import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { IncidentDetail } from '../contracts/api.ts';
import type { IncidentView, UnitView } from '../contracts/views.ts';
import { buildTestApp, insertUnits, M_PER_DEG_LON, type TestApp } from '../testing/app.ts';

const SCENE = { lon: 119.55, lat: 31.95 };
const east = (m: number) => ({ lon: SCENE.lon + m / M_PER_DEG_LON, lat: SCENE.lat });

describe(`geofence arrival and staleness watchdog on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ geofenceRadiusM: 100, geofenceDwellSeconds: 10, staleAfterSeconds: 60 });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function dispatchEnRoute(code: string): Promise<{ unitId: number; incident: IncidentView }> {
    const ids = await insertUnits(t.db, [{ code, ...east(3000) }]);
    const unitId = ids[code]!;
    const incident = (
      await t.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: { location: SCENE, complaint: '摔伤', priority: 3 },
      })
    ).json<IncidentView>();
    await t.inject({ method: 'POST', url: `/api/incidents/${incident.id}/assignments`, payload: { unitId } });
    await t.inject({ method: 'POST', url: `/api/units/${unitId}/status`, payload: { status: 'en_route' } });
    return { unitId, incident };
  }

  it('marks a unit on scene, source geofence, after it dwells inside the fence', async () => {
    const { unitId, incident } = await dispatchEnRoute('fence-1');
    const t0 = Date.now();
    const at = (s: number, m: number) => ({ unitId, fixAt: new Date(t0 + s * 1000), ...east(m) });
    expect(await t.app.core.geofence.onFixes([at(0, 500)])).toBe(0); // outside
    expect(await t.app.core.geofence.onFixes([at(1, 50)])).toBe(0); // entered
    expect(await t.app.core.geofence.onFixes([at(6, 40)])).toBe(0); // not long enough yet
    expect(await t.app.core.geofence.onFixes([at(12, 30)])).toBe(1);
    const unit = (await t.inject({ method: 'GET', url: `/api/units/${unitId}` })).json<UnitView>();
    expect(unit.status).toBe('on_scene');
    const detail = (await t.inject({ method: 'GET', url: `/api/incidents/${incident.id}` })).json<IncidentDetail>();
    const arrival = detail.statusChanges.find((c) => c.to === 'on_scene');
    expect(arrival?.source).toBe('geofence');
    // Recorded at the moment it entered the fence, not when the dwell completed.
    expect(Date.parse(arrival!.at)).toBe(t0 + 1000);
  });

  it('does not fire for a unit that only passes through', async () => {
    const { unitId } = await dispatchEnRoute('fence-2');
    const t0 = Date.now();
    const at = (s: number, m: number) => ({ unitId, fixAt: new Date(t0 + s * 1000), ...east(m) });
    await t.app.core.geofence.onFixes([at(0, 50)]);
    await t.app.core.geofence.onFixes([at(5, 300)]); // left again
    expect(await t.app.core.geofence.onFixes([at(20, 50)])).toBe(0); // re-entered: dwell starts over
    const unit = (await t.inject({ method: 'GET', url: `/api/units/${unitId}` })).json<UnitView>();
    expect(unit.status).toBe('en_route');
  });

  it('announces a unit going stale and fresh again, exactly once each', async () => {
    const ids = await insertUnits(t.db, [{ code: 'quiet', ...east(100), fixAgeSeconds: 600 }]);
    await t.db.query(`UPDATE units SET stale = true WHERE code <> 'quiet'`); // only the fixture is under test
    const before = await t.db.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM events');
    expect(await t.app.core.watchdog.check()).toBeGreaterThanOrEqual(1);
    expect(await t.app.core.watchdog.check()).toBe(0);
    await t.db.query(`UPDATE units SET fix_at = now() WHERE id = $1`, [ids.quiet]);
    expect(await t.app.core.watchdog.check()).toBe(1);
    const { rows } = await t.db.query<{ payload: { unitId: number; stale: boolean } }>(
      `SELECT payload FROM events WHERE type = 'unit.staleness_changed' AND seq > $1 AND unit_id = $2 ORDER BY seq`,
      [before.rows[0]?.seq ?? 0, ids.quiet],
    );
    expect(rows.map((r) => r.payload.stale)).toEqual([true, false]);
  });

  // PGlite is one connection: a second transaction holding the row cannot exist there.
  it.skipIf(testEngine() !== 'postgres')(
    'never waits for a unit row another transaction holds (the position writer): it is flagged by the next pass',
    async () => {
      const ids = await insertUnits(t.db, [{ code: 'held', ...east(200), fixAgeSeconds: 600 }]);
      const stale = async () =>
        (await t.db.query<{ stale: boolean }>('SELECT stale FROM units WHERE id = $1', [ids.held])).rows[0]?.stale;
      await t.app.core.watchdog.check(); // every other unit in its right state first
      await t.db.query('UPDATE units SET stale = false WHERE id = $1', [ids.held]);
      await t.db.transaction(async (tx) => {
        await tx.query('SELECT id FROM units WHERE id = $1 FOR UPDATE', [ids.held]);
        // Waiting here (the old multi-row UPDATE) would hang this test: the lock is released only after it.
        expect(await t.app.core.watchdog.check()).toBe(0);
      });
      expect(await stale()).toBe(false);
      expect(await t.app.core.watchdog.check()).toBe(1);
      expect(await stale()).toBe(true);
    },
  );
});
