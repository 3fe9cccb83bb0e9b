import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { vacuumHotTables } from './hot-vacuum.ts';

const deadUnitRows = async (db: Database) =>
  Number(
    (await db.query<{ n: number }>(`SELECT n_dead_tup AS n FROM pg_stat_user_tables WHERE relname = 'units'`)).rows[0]
      ?.n ?? 0,
  );

/** Statistics reach pg_stat_user_tables from each backend within a second or so: wait for them. */
async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`vacuum of the hot tables on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  it.runIf(testEngine() === 'postgres')('vacuums a hot table that collected dead rows, and only then', async () => {
    // Below the threshold: nothing to do.
    expect(await vacuumHotTables(db, 1_000_000)).toEqual([]);
    // Rewrite one unit's row 300 times, as position batches do (each UPDATE leaves a dead version behind).
    await db.transaction(async (tx) => {
      for (let i = 0; i < 300; i++)
        await tx.query(`UPDATE units SET speed_kmh = $1 WHERE id = (SELECT min(id) FROM units)`, [i]);
    });
    await until(async () => (await deadUnitRows(db)) >= 300);
    expect(await vacuumHotTables(db, 200)).toContain('units');
    await until(async () => (await deadUnitRows(db)) < 50);
  });

  it.runIf(testEngine() === 'pglite')('does nothing on the embedded engine (one connection)', async () => {
    expect(await vacuumHotTables(db, 0)).toEqual([]);
  });
});
