import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import type { UnitStatus } from '@c120/shared/vocabulary';
import { rowsOf } from './sql.ts';

/**
 * What the position watchers read and flip: the geofences' candidates, which units any fence applies to, and the
 * staleness flag. Run on every position batch, so `sql` fragments through the seam (plain Queryable).
 */

export interface ArrivalCandidateRow extends Record<string, unknown> {
  unit_id: number;
  status: UnitStatus;
  status_since: Date;
  /** Metres from the fix to the unit's target (the scene en route, the hospital transporting); null: no target. */
  distance_m: number | null;
}

/** Units among the fixes that are en route or transporting on a live run, with the distance to their target. */
export function arrivalCandidates(
  db: Queryable,
  fixes: readonly { unitId: number; lon: number; lat: number }[],
): Promise<ArrivalCandidateRow[]> {
  return rowsOf<ArrivalCandidateRow>(
    db,
    sql`WITH f AS (
          SELECT * FROM unnest(${sql.param(fixes.map((f) => f.unitId))}::bigint[],
                               ${sql.param(fixes.map((f) => f.lon))}::float8[],
                               ${sql.param(fixes.map((f) => f.lat))}::float8[]) AS f(unit_id, lon, lat)
        )
        SELECT u.id AS unit_id, u.status, u.status_since,
               ST_Distance(ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326)::geography,
                           (CASE WHEN u.status = 'en_route' THEN i.geom ELSE h.geom END)::geography) AS distance_m
        FROM f
        JOIN units u ON u.id = f.unit_id AND u.status IN ('en_route', 'transporting')
        JOIN assignments a ON a.unit_id = u.id AND a.status = 'active'
        JOIN incidents i ON i.id = a.incident_id
        LEFT JOIN hospitals h ON h.id = coalesce(a.destination_hospital_id, i.destination_hospital_id)`,
  );
}

/**
 * Units a fence applies to: en route or transporting, or under an open move-up order (`arrival`), or on a live
 * round of today or yesterday (Asia/Shanghai) (`round`).
 */
export function watchedUnits(db: Queryable): Promise<{ unit_id: number; fence: 'arrival' | 'round' }[]> {
  return rowsOf<{ unit_id: number; fence: 'arrival' | 'round' }>(
    db,
    sql`SELECT id AS unit_id, 'arrival' AS fence FROM units WHERE status IN ('en_route', 'transporting')
        UNION
        SELECT unit_id, 'arrival' FROM relocations WHERE ended_at IS NULL
        UNION
        SELECT unit_id, 'round' FROM rounds
        WHERE status IN ('planned', 'in_progress', 'paused')
          AND round_date >= (now() AT TIME ZONE 'Asia/Shanghai')::date - 1`,
  );
}

/**
 * Flips `stale` on every unit whose last fix crossed the limit either way (units in `quietStatuses` never go
 * stale); the units flipped. Never waits for a unit row (SKIP LOCKED): the position writer updates many units per
 * transaction, and two multi-row updates locking in different orders deadlocked under ingest load. A unit being
 * written right now is skipped and flagged by the next pass.
 */
export function flipStaleness(
  db: Queryable,
  staleAfterSeconds: number,
  quietStatuses: readonly string[],
): Promise<{ id: number; stale: boolean; fix_at: Date | null }[]> {
  return rowsOf<{ id: number; stale: boolean; fix_at: Date | null }>(
    db,
    sql`WITH due AS (
          SELECT id FROM units
          WHERE (stale = false AND status <> ALL(${sql.param([...quietStatuses])}::text[])
                 AND (fix_at IS NULL OR fix_at < now() - make_interval(secs => ${staleAfterSeconds})))
             OR (stale = true AND fix_at >= now() - make_interval(secs => ${staleAfterSeconds}))
          ORDER BY id
          FOR UPDATE SKIP LOCKED
        )
        UPDATE units u SET stale = NOT u.stale FROM due WHERE u.id = due.id
        RETURNING u.id, u.stale, u.fix_at`,
  );
}
