import type { Database } from '../client/types.ts';

/**
 * The tables the dispatcher's loop and the position writer rewrite many times a second: every fleet position
 * batch rewrites its units' rows, every call creates, assigns and closes incidents and runs.
 */
export const HOT_TABLES = ['units', 'incidents', 'assignments'] as const;

/**
 * VACUUMs the hot tables that have collected at least `minDeadRows` dead row versions, and returns their names.
 *
 * Why the core does this itself: autovacuum visits a database at most once per `autovacuum_naptime` (1 min by
 * default, a server-wide setting an application cannot change), and in that minute a fleet writing 2,000
 * positions/s leaves ~12,000 dead versions of 30 unit rows (non-HOT updates: the position is indexed), plus
 * those of every incident and run. Every KNN, lock and status update then walks them, and the dispatcher's
 * loop slowed down steadily between two autovacuum passes (k6 at 50 loops/s: cancel p50 4 → 10 ms and p99 20 →
 * 75 ms within a minute; with these tables vacuumed every 5 s the p50s halved and stayed flat). `SKIP_LOCKED`:
 * never waits for a lock; a table busy now is done next time. PostgreSQL only (PGlite is one connection).
 */
export async function vacuumHotTables(db: Database, minDeadRows: number): Promise<string[]> {
  if (db.engine !== 'postgres') return [];
  const { rows } = await db.query<{ relname: string }>(
    `SELECT relname FROM pg_stat_user_tables
     WHERE schemaname = current_schema() AND relname = ANY($1::text[]) AND n_dead_tup >= $2`,
    [HOT_TABLES, minDeadRows],
  );
  // Names from HOT_TABLES only (the filter above), quoted all the same.
  const tables = rows.map((r) => r.relname).filter((t) => (HOT_TABLES as readonly string[]).includes(t));
  if (tables.length === 0) return [];
  // TRUNCATE false: giving empty pages at the table's end back to the OS takes an ACCESS EXCLUSIVE lock, which
  // every query of the table would queue behind; a hot table refills them within seconds anyway.
  await db.query(`VACUUM (SKIP_LOCKED, TRUNCATE false) ${tables.map((t) => `"${t}"`).join(', ')}`);
  return tables;
}
