import { sql, type SQL } from 'drizzle-orm';
import type { Queryable, Row } from '../client/types.ts';
import { firstOf, rowsOf } from './sql.ts';

/** Recorded tracks and status changes, for replaying an incident or a past hour of the county. */

export interface TrackPointRow extends Record<string, unknown> {
  unit_id: number;
  fix_at: Date;
  lon: number;
  lat: number;
  speed_kmh: number | null;
  heading_deg: number | null;
  /** Valid fixes in the whole track (before thinning). */
  n: number;
}

/**
 * Thinning rule (per track): with n fixes and a bound m, keep every fix when n ≤ m; otherwise keep fix 0, k, 2k, …
 * with stride k = ⌈(n − 1)/(m − 1)⌉, and always the last fix — at most m points, evenly spread in fix order, the
 * start and end of the track exact. Only valid fixes count. Reads the CTE `numbered` (rn, n per track).
 */
const thinned = (max: number): SQL => sql`
  SELECT * FROM numbered
  WHERE rn = n OR (rn - 1) % (CASE WHEN n <= ${max}::int THEN 1 ELSE ceil((n - 1)::float8 / (${max}::int - 1))::int END) = 0`;

const incidentColumns = sql`id, priority, complaint, ST_X(geom) AS lon, ST_Y(geom) AS lat, call_received_at,
  coalesce(closed_at, cancelled_at) AS ended_at`;

export function replayIncident(db: Queryable, id: number): Promise<Row | null> {
  return firstOf(db, sql`SELECT ${incidentColumns} FROM incidents WHERE id = ${id}`);
}

/** The incident's runs, each until its end (or `now`). */
export function incidentRuns(db: Queryable, incidentId: number, now: Date) {
  return rowsOf<{ id: number; unit_id: number; call_sign: string; assigned_at: Date; until: Date }>(
    db,
    sql`SELECT a.id, a.unit_id, u.call_sign, a.assigned_at, coalesce(a.ended_at, ${now}::timestamptz) AS until
        FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.incident_id = ${incidentId}
        ORDER BY a.assigned_at, a.id`,
  );
}

/** One unit's valid fixes in [from, until], thinned to at most `max` points (one index range scan). */
export function unitTrack(db: Queryable, unitId: number, from: Date, until: Date, max: number) {
  return rowsOf<TrackPointRow>(
    db,
    sql`WITH numbered AS (
          SELECT unit_id, fix_at, ST_X(geom) AS lon, ST_Y(geom) AS lat, speed_kmh, heading_deg,
                 row_number() OVER (ORDER BY fix_at) AS rn, count(*) OVER () AS n
          FROM positions WHERE unit_id = ${unitId} AND fix_at >= ${from} AND fix_at <= ${until} AND valid
        ) ${thinned(max)} ORDER BY fix_at`,
  );
}

/** Status changes made by the incident's runs, oldest first. */
export function incidentStatusChanges(db: Queryable, incidentId: number): Promise<Row[]> {
  return rowsOf(
    db,
    sql`SELECT c.unit_id, c.from_status, c.to_status, c.source, c.at, c.assignment_id, a.incident_id
        FROM unit_status_changes c JOIN assignments a ON a.id = c.assignment_id
        WHERE a.incident_id = ${incidentId} ORDER BY c.at, c.id`,
  );
}

/** Every unit's valid fixes in [from, to), each track thinned to at most `max` points. */
export function countyTracks(db: Queryable, from: Date, to: Date, max: number) {
  return rowsOf<TrackPointRow>(
    db,
    sql`WITH numbered AS (
          SELECT unit_id, fix_at, ST_X(geom) AS lon, ST_Y(geom) AS lat, speed_kmh, heading_deg,
                 row_number() OVER (PARTITION BY unit_id ORDER BY fix_at) AS rn,
                 count(*) OVER (PARTITION BY unit_id) AS n
          FROM positions WHERE fix_at >= ${from} AND fix_at < ${to} AND valid
        ) ${thinned(max)} ORDER BY unit_id, fix_at`,
  );
}

/** Every unit with its status at `at` (the last change before it, else the first after it, else now's). */
export function unitStatusesAt(db: Queryable, at: Date) {
  return rowsOf<{ id: number; call_sign: string; status: string }>(
    db,
    sql`SELECT u.id, u.call_sign, coalesce(
          (SELECT c.to_status FROM unit_status_changes c WHERE c.unit_id = u.id AND c.at < ${at}
           ORDER BY c.at DESC, c.id DESC LIMIT 1),
          (SELECT c.from_status FROM unit_status_changes c WHERE c.unit_id = u.id AND c.at >= ${at}
           ORDER BY c.at, c.id LIMIT 1),
          u.status) AS status
        FROM units u ORDER BY u.id`,
  );
}

/** Every status change in [from, to), oldest first (per unit, so the (unit_id, at) index serves the window). */
export function statusChangesBetween(db: Queryable, from: Date, to: Date): Promise<Row[]> {
  return rowsOf(
    db,
    sql`SELECT c.unit_id, c.from_status, c.to_status, c.source, c.at, c.assignment_id, a.incident_id
        FROM units u
        JOIN LATERAL (SELECT * FROM unit_status_changes c WHERE c.unit_id = u.id AND c.at >= ${from} AND c.at < ${to}) c
          ON true
        LEFT JOIN assignments a ON a.id = c.assignment_id
        ORDER BY c.at, c.id`,
  );
}

/** Incidents open at some time in [from, to), newest first, at most `limit`. */
export function incidentsOverlapping(db: Queryable, from: Date, to: Date, limit: number): Promise<Row[]> {
  return rowsOf(
    db,
    sql`SELECT ${incidentColumns} FROM incidents
        WHERE call_received_at < ${to} AND coalesce(closed_at, cancelled_at, 'infinity') >= ${from}
        ORDER BY call_received_at DESC LIMIT ${sql.raw(String(Math.trunc(limit)))}`,
  );
}
