import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import { rowsOf } from './sql.ts';

/** Positions: the units' latest fixes as the ingest pipeline reads them (plain Queryable: the ingest's path). */

export interface LastFixRow extends Record<string, unknown> {
  id: number;
  fix_at: Date | null;
  lon: number | null;
  lat: number | null;
}

/** The latest stored fix of these units (null position: none yet). */
export function lastFixes(db: Queryable, unitIds: number[]): Promise<LastFixRow[]> {
  return rowsOf<LastFixRow>(
    db,
    sql`SELECT id, fix_at, ST_X(position) AS lon, ST_Y(position) AS lat FROM units
        WHERE id = ANY(${sql.param(unitIds)}::bigint[])`,
  );
}
