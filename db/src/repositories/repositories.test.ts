import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { facilities, geography, positions } from './index.ts';

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

  it('moves a unit forward with the latest-position script sent with COMMIT, never backward', async () => {
    const [unit] = (await db.query<{ id: number }>('SELECT id FROM units ORDER BY id LIMIT 1')).rows;
    const move = (fixAt: string, lon: number, speed: number | null) =>
      db.transaction(async (tx) => {
        tx.commitWith(
          positions.updateLatestPositionsScript({
            unitIds: [unit!.id],
            fixAt: [fixAt],
            lon: [lon],
            lat: [32.01],
            headingDeg: [null],
            speedKmh: [speed],
            accuracyM: [Number.NaN], // not a number: stored as NULL, not as text
          }),
        );
      });
    const read = async () =>
      (
        await db.query<{ lon: number; speed_kmh: number | null; accuracy_m: number | null }>(
          'SELECT ST_X(position) AS lon, speed_kmh, accuracy_m FROM units WHERE id = $1',
          [unit!.id],
        )
      ).rows[0];
    await move('2099-01-01T00:00:01.000Z', 119.61, 42.5);
    expect(await read()).toEqual({ lon: 119.61, speed_kmh: 42.5, accuracy_m: null });
    await move('2099-01-01T00:00:00.000Z', 119.7, null); // older: ignored
    expect((await read())?.lon).toBe(119.61);
    // A value that would break out of its literal is refused by the database as a bad timestamp, and nothing moves.
    await expect(move("2099-01-02'); DELETE FROM units; --", 119.8, null)).rejects.toThrow();
    expect((await read())?.lon).toBe(119.61);
    expect(() =>
      positions.updateLatestPositionsScript({
        unitIds: [1.5],
        fixAt: [''],
        lon: [0],
        lat: [0],
        headingDeg: [null],
        speedKmh: [null],
        accuracyM: [null],
      }),
    ).toThrow(/not an id/);
  });
});
