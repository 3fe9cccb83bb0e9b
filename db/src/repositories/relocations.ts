import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import type { RelocationEndReason } from '../schema/index.ts';
import { firstOf, rowsOf } from './sql.ts';

/** Move-up orders (relocations): ordered → acknowledged by the crew → ended; one open order per unit. */

export interface RelocationRow extends Record<string, unknown> {
  id: number;
  unit_id: number;
  station_id: number;
  station_name: string;
  ordered_at: Date;
  actor: string | null;
  expected_gain_population: number | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  ended_at: Date | null;
  end_reason: RelocationEndReason | null;
  ended_by: string | null;
}

/** One relocation with its station's name. */
export function readRelocation(db: Queryable, id: number): Promise<RelocationRow | null> {
  return firstOf<RelocationRow>(
    db,
    sql`SELECT r.id, r.unit_id, r.station_id, s.name AS station_name, r.ordered_at, r.actor,
               r.expected_gain_population, r.acknowledged_at, r.acknowledged_by, r.ended_at, r.end_reason, r.ended_by
        FROM relocations r JOIN stations s ON s.id = r.station_id WHERE r.id = ${id}`,
  );
}

export async function stationExists(db: Queryable, stationId: number): Promise<boolean> {
  return (await firstOf(db, sql`SELECT id FROM stations WHERE id = ${stationId}`)) !== null;
}

/** The new order's id. */
export async function insertRelocation(
  db: Queryable,
  unitId: number,
  stationId: number,
  actor: string | null,
  expectedGain: number | null,
): Promise<number> {
  const row = await firstOf<{ id: number }>(
    db,
    sql`INSERT INTO relocations (unit_id, station_id, actor, expected_gain_population)
        VALUES (${unitId}, ${stationId}, ${actor}, ${expectedGain}) RETURNING id`,
  );
  return Number(row?.id);
}

/**
 * Records the acknowledgement of the unit's open order (the first one counts; `first` tells whether this call
 * recorded it: now() is the transaction's time, so only a row acknowledged by this statement equals it).
 */
export function acknowledgeOpenRelocation(
  db: Queryable,
  unitId: number,
  actor: string | null,
): Promise<{ id: number; first: boolean } | null> {
  return firstOf<{ id: number; first: boolean }>(
    db,
    sql`UPDATE relocations SET acknowledged_at = coalesce(acknowledged_at, now()),
          acknowledged_by = CASE WHEN acknowledged_at IS NULL THEN ${actor} ELSE acknowledged_by END
        WHERE unit_id = ${unitId} AND ended_at IS NULL RETURNING id, acknowledged_at = now() AS first`,
  );
}

/** Ends the unit's open order; its id, or null when none was open. */
export async function endOpenRelocation(
  db: Queryable,
  unitId: number,
  reason: RelocationEndReason,
  actor: string | null,
): Promise<number | null> {
  const row = await firstOf<{ id: number }>(
    db,
    sql`UPDATE relocations SET ended_at = now(), end_reason = ${reason}, ended_by = ${actor}
        WHERE unit_id = ${unitId} AND ended_at IS NULL RETURNING id`,
  );
  return row ? Number(row.id) : null;
}

/**
 * Units (of those given) whose open order's station lies within `radiusM` of one of their positions — each unit
 * once, however many of its fixes are inside.
 */
export async function relocationsReached(
  db: Queryable,
  fixes: readonly { unitId: number; lon: number; lat: number }[],
  radiusM: number,
): Promise<number[]> {
  const rows = await rowsOf<{ unit_id: number }>(
    db,
    sql`WITH f AS (SELECT * FROM unnest(${sql.param(fixes.map((f) => f.unitId))}::bigint[],
                                       ${sql.param(fixes.map((f) => f.lon))}::float8[],
                                       ${sql.param(fixes.map((f) => f.lat))}::float8[]) AS f(unit_id, lon, lat))
        SELECT DISTINCT r.unit_id FROM f
        JOIN relocations r ON r.unit_id = f.unit_id AND r.ended_at IS NULL
        JOIN stations s ON s.id = r.station_id
        WHERE ST_DWithin(ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326)::geography, s.geom::geography, ${radiusM})`,
  );
  return rows.map((r) => Number(r.unit_id));
}
