import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client/types.ts';
import { createTestDatabase, testEngine } from './testing/index.ts';

/** The nearest-unit shortlist must be an ordered GiST index scan, not a sort over every unit. */
describe(`KNN over units on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    // 5,000 units around Danyang, a fifth of them available.
    await db.query(`
      INSERT INTO units (code, call_sign, kind, capabilities, status, position)
      SELECT 'knn-' || i, 'KNN ' || i, 'basic_ambulance', ARRAY['bls'],
             CASE WHEN i % 5 = 0 THEN 'available' ELSE 'en_route' END,
             ST_SetSRID(ST_MakePoint(119.3 + (i % 71) * 0.009, 31.7 + (i / 71) * 0.008), 4326)
      FROM generate_series(1, 5000) AS i`);
    await db.query('ANALYZE units');
  });
  afterAll(async () => {
    await db?.close();
  });

  const knn = `SELECT id FROM units
               WHERE status = 'available' AND position IS NOT NULL AND capabilities @> ARRAY['bls']
               ORDER BY position <-> ST_SetSRID(ST_MakePoint(119.6, 32.0), 4326) LIMIT 10`;

  it('uses the GiST index on units.position', async () => {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${knn}`);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using units_available_position_gist on units/);
    expect(plan).toMatch(/Order By: \("?position"? <-> /);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it('returns the truly nearest available units', async () => {
    const { rows } = await db.query<{ id: number }>(knn);
    const brute = await db.query<{ id: number }>(
      `SELECT id FROM units WHERE status = 'available' AND position IS NOT NULL
       ORDER BY ST_Distance(position, ST_SetSRID(ST_MakePoint(119.6, 32.0), 4326)), id LIMIT 10`,
    );
    expect(rows.map((r) => r.id).sort()).toEqual(brute.rows.map((r) => r.id).sort());
  });
});
