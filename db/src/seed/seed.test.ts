import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { seedDemoCounty } from './seed.ts';

const TABLES = ['regions', 'townships', 'places', 'stations', 'hospitals', 'units', 'device_credentials'];

/** A fingerprint of every seeded table's full contents (ids included). */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await db.query<{ h: string | null; n: number }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*) AS n FROM ${table} t`,
    );
    out[table] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  return out;
}

describe(`demo county seed on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads the county, and seeding twice leaves exactly the same rows', async () => {
    const counts = await seedDemoCounty(db);
    expect(counts.regions).toBe(1);
    expect(counts.townships).toBe(12);
    expect(counts.units).toBeGreaterThanOrEqual(20);
    const first = await fingerprint(db);
    await seedDemoCounty(db);
    expect(await fingerprint(db)).toEqual(first);
  });

  it('places every unit at a station inside the county, in SRID 4326', async () => {
    const { rows } = await db.query<{ outside: number; srid: number | null; unplaced: number }>(
      `SELECT count(*) FILTER (WHERE NOT ST_Contains(r.geom, u.position)) AS outside,
              max(ST_SRID(u.position)) AS srid, count(*) FILTER (WHERE u.position IS NULL) AS unplaced
       FROM units u CROSS JOIN regions r`,
    );
    expect(rows[0]).toEqual({ outside: 0, srid: 4326, unplaced: 0 });
  });

  it('keeps a unit’s live status and position when seeded again', async () => {
    await db.query(
      `UPDATE units SET status = 'maintenance', position = ST_SetSRID(ST_MakePoint(119.61, 31.99), 4326)
       WHERE id = (SELECT min(id) FROM units)`,
    );
    await seedDemoCounty(db);
    const { rows } = await db.query<{ status: string; x: number }>(
      'SELECT status, ST_X(position) AS x FROM units WHERE id = (SELECT min(id) FROM units)',
    );
    expect(rows[0]).toEqual({ status: 'maintenance', x: 119.61 });
  });
});
