import type { Queryable } from '../client/types.ts';

/**
 * Makes sure daily position partitions exist from yesterday (late fixes) through `daysAhead` days from now.
 * Call at boot and then daily; cheap when they already exist.
 */
export async function ensurePositionPartitions(db: Queryable, now = new Date(), daysAhead = 7): Promise<number> {
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const { rows } = await db.query<{ created: number }>('SELECT ensure_position_partitions($1::date, $2) AS created', [
    yesterday,
    daysAhead + 2,
  ]);
  return rows[0]?.created ?? 0;
}

/** Drops whole days of position history older than `keepDays` days. */
export async function dropOldPositionPartitions(db: Queryable, keepDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000).toISOString().slice(0, 10);
  const { rows } = await db.query<{ dropped: number }>('SELECT drop_position_partitions_before($1::date) AS dropped', [
    cutoff,
  ]);
  return rows[0]?.dropped ?? 0;
}
