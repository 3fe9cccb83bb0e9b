import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import { rowsOf } from './sql.ts';

/** What the coverage model reads: demand (villages, grid cells), available ambulances, stations, open move-ups. */

export interface VillageDemandRow extends Record<string, unknown> {
  id: number;
  name: string;
  lon: number;
  lat: number;
  code: string | null;
  kind: string | null;
  population: number;
}

/** Villages and urban communities with their population and township (code and kind). */
export function villageDemand(db: Queryable): Promise<VillageDemandRow[]> {
  return rowsOf<VillageDemandRow>(
    db,
    sql`SELECT p.id, p.name, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, t.code, t.kind,
               coalesce(p.population, 0) AS population
        FROM places p LEFT JOIN townships t ON t.code = p.township_code
        WHERE p.kind IN ('village', 'community') ORDER BY p.id`,
  );
}

export interface CellDemandRow extends Record<string, unknown> {
  i: number;
  j: number;
  lon: number;
  lat: number;
  km2: number;
  code: string | null;
  kind: string | null;
}

/** A square grid (`gridDeg` degrees) over the county, clipped to it: a point on each cell, its area, its township. */
export function gridDemand(db: Queryable, gridDeg: number): Promise<CellDemandRow[]> {
  return rowsOf<CellDemandRow>(
    db,
    sql`WITH county AS (SELECT ST_Union(geom) AS geom FROM regions),
             grid AS (SELECT (ST_SquareGrid(${gridDeg}, county.geom)).* FROM county),
             clipped AS (SELECT grid.i, grid.j, ST_Intersection(grid.geom, county.geom) AS geom
                         FROM grid, county WHERE ST_Intersects(grid.geom, county.geom))
        SELECT c.i, c.j, ST_X(ST_PointOnSurface(c.geom)) AS lon, ST_Y(ST_PointOnSurface(c.geom)) AS lat,
               ST_Area(c.geom::geography) / 1e6 AS km2, t.code, t.kind
        FROM clipped c LEFT JOIN townships t ON ST_Contains(t.geom, ST_PointOnSurface(c.geom))
        WHERE NOT ST_IsEmpty(c.geom) ORDER BY c.i, c.j`,
  );
}

/** Available ambulances with a position (the fix time decides whether it is fresh enough to count). */
export function availableAmbulances(db: Queryable) {
  return rowsOf<{ id: number; call_sign: string; lon: number; lat: number; fix_at: Date | null }>(
    db,
    sql`SELECT id, call_sign, ST_X(position) AS lon, ST_Y(position) AS lat, fix_at FROM units
        WHERE status = 'available' AND position IS NOT NULL AND kind LIKE '%ambulance' ORDER BY id`,
  );
}

export function stationPoints(db: Queryable) {
  return rowsOf<{ id: number; name: string; lon: number; lat: number }>(
    db,
    sql`SELECT id, name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM stations ORDER BY id`,
  );
}

export function townshipNames(db: Queryable) {
  return rowsOf<{ code: string; name: string }>(db, sql`SELECT code, name FROM townships ORDER BY code`);
}

export interface PendingRelocationRow extends Record<string, unknown> {
  id: number;
  unit_id: number;
  call_sign: string;
  station_id: number;
  station_name: string;
  ordered_at: Date;
  acknowledged_at: Date | null;
}

/** Open move-up orders, oldest first. */
export function pendingRelocations(db: Queryable): Promise<PendingRelocationRow[]> {
  return rowsOf<PendingRelocationRow>(
    db,
    sql`SELECT r.id, r.unit_id, u.call_sign, r.station_id, s.name AS station_name, r.ordered_at, r.acknowledged_at
        FROM relocations r JOIN units u ON u.id = r.unit_id JOIN stations s ON s.id = r.station_id
        WHERE r.ended_at IS NULL ORDER BY r.ordered_at`,
  );
}
