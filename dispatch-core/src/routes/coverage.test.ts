import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { CoverageReport } from '../services/coverage.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

describe(`live coverage of the demo county on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({}, { seed: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  const report = async () => {
    t.app.core.coverage.invalidate();
    const res = await t.inject('/api/coverage');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CoverageReport>();
  };

  it('counts only ambulances with a fresh position', async () => {
    await t.db.query('UPDATE units SET fix_at = NULL');
    const r = await report();
    expect(r.availableUnits).toBe(0);
    expect(r.populationShare).toBe(0);
    expect(r.uncovered.length).toBeGreaterThan(200);
  });

  it('covers most of the county with the whole fleet at its stations, per township too', async () => {
    await t.db.query('UPDATE units SET fix_at = now()');
    const r = await report();
    const ambulances = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM units WHERE kind LIKE '%ambulance'`);
    expect(r.availableUnits).toBe(ambulances.rows[0]?.n);
    expect(r.populationShare).toBeGreaterThan(0.8);
    expect(r.areaShare).toBeGreaterThan(0.5);
    expect(r.population).toBe(980_000);
    expect(r.areaKm2).toBeGreaterThan(900);
    expect(r.byTownship).toHaveLength(12);
    const sum = r.byTownship.reduce((a, x) => a + x.coveredPopulation, 0);
    expect(sum).toBe(r.coveredPopulation);
  });

  it('drops when the units of one area go out of service, and suggests a move-up that restores some of it', async () => {
    const before = await report();
    // Every ambulance of the south-western stations (延陵, 珥陵, 司徒) goes to maintenance.
    await t.db.query(
      `UPDATE units SET status = 'maintenance' WHERE station_id IN
         (SELECT id FROM stations WHERE name ~ '^(延陵|珥陵|司徒)')`,
    );
    const after = await report();
    expect(after.availableUnits).toBeLessThan(before.availableUnits);
    expect(after.coveredPopulation).toBeLessThan(before.coveredPopulation);
    expect(after.moveUp).not.toBeNull();
    expect(after.moveUp!.gainPopulation).toBeGreaterThan(0);
    expect(after.moveUp!.populationShareAfter).toBeGreaterThan(after.populationShare);
    expect(after.computeMs).toBeLessThan(5000);
  });
});
