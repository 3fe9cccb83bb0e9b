import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { dropOldPositionPartitions, ensurePositionPartitions } from './partitions.ts';

async function partitionOf(db: Database, fixAt: string): Promise<string | undefined> {
  const { rows } = await db.query<{ part: string }>(
    `SELECT tableoid::regclass::text AS part FROM positions WHERE unit_id = 1 AND fix_at = $1`,
    [fixAt],
  );
  return rows[0]?.part;
}

describe(`position history partitions on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  const insert = (fixAt: string) =>
    db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, source) VALUES (1, $1, ST_SetSRID(ST_MakePoint(119.6, 32), 4326), 'test')`,
      [fixAt],
    );

  it('route each fix to its UTC day, and move early arrivals out of the default partition', async () => {
    // 2030-03-10 has no partition yet: the fix lands in the default partition…
    await insert('2030-03-10T23:59:59Z');
    await insert('2030-03-11T00:00:00Z');
    expect(await partitionOf(db, '2030-03-10T23:59:59Z')).toBe('positions_default');
    // …and moves into its day when the partitions are created.
    expect(await ensurePositionPartitions(db, new Date('2030-03-11T12:00:00Z'), 1)).toBe(3);
    expect(await partitionOf(db, '2030-03-10T23:59:59Z')).toBe('positions_20300310');
    expect(await partitionOf(db, '2030-03-11T00:00:00Z')).toBe('positions_20300311');
    expect(await ensurePositionPartitions(db, new Date('2030-03-11T12:00:00Z'), 1)).toBe(0);
  });

  it('ignore a re-sent fix for the same unit and time', async () => {
    await db.query(
      `INSERT INTO positions (unit_id, fix_at, geom, source) VALUES (1, '2030-03-11T00:00:00Z',
       ST_SetSRID(ST_MakePoint(119.6, 32), 4326), 'test') ON CONFLICT (unit_id, fix_at) DO NOTHING`,
    );
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM positions WHERE fix_at = '2030-03-11T00:00:00Z'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('drop whole old days cheaply', async () => {
    const dropped = await dropOldPositionPartitions(db, 0, new Date('2030-03-11T12:00:00Z'));
    expect(dropped).toBeGreaterThanOrEqual(1);
    expect(await partitionOf(db, '2030-03-10T23:59:59Z')).toBeUndefined();
    expect(await partitionOf(db, '2030-03-11T00:00:00Z')).toBe('positions_20300311');
  });
});
