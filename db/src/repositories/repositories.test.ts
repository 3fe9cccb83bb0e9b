import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { facilities, geography } from './index.ts';

/** The repositories return the same typed rows on both engines (numbers as numbers, arrays as arrays). */
describe(`db repositories on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('lists stations and hospitals by code, with coordinates as numbers', async () => {
    const stations = await facilities.listStations(db);
    const hospitals = await facilities.listHospitals(db);
    expect(stations.length).toBeGreaterThan(0);
    expect(hospitals.length).toBeGreaterThan(0);
    expect(stations.map((s) => s.code)).toEqual(stations.map((s) => s.code).sort());
    const h = hospitals[0]!;
    expect(typeof h.id).toBe('number');
    expect(typeof h.lon).toBe('number');
    expect(h.lon).toBeGreaterThan(119);
    expect(h.lat).toBeGreaterThan(31);
    expect(Array.isArray(h.capabilities)).toBe(true);
  });

  it('measures accepting hospitals from a point, inside one transaction too', async () => {
    const rows = await db.transaction((tx) => facilities.acceptingHospitalsNear(tx, 119.6, 32.0));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.accepting).toBe(true);
      expect(typeof r.distanceM).toBe('number');
      expect(['urban', 'rural']).toContain(r.area);
    }
  });

  it('builds the county and township GeoJSON', async () => {
    const { county, townships } = await geography.readCountyGeoJson(db);
    expect(county).toMatchObject({ type: 'Feature', properties: { code: expect.any(String) } });
    const fc = townships as { type: string; features: { properties: { seat: number[] } }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(5);
    expect(fc.features[0]!.properties.seat).toHaveLength(2);
  });
});
