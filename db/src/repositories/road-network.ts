import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import { rowsOf } from './sql.ts';

/** The imported road network (road_nodes / road_edges) as the drive-time model reads it. */

export interface RoadEdgeCostRow extends Record<string, unknown> {
  source: number;
  target: number;
  cost: number;
  reverse_cost: number;
}

/** Every edge's ends and costs (seconds each way; reverse_cost < 0: one-way). */
export function edgeCosts(db: Queryable): Promise<RoadEdgeCostRow[]> {
  return rowsOf<RoadEdgeCostRow>(db, sql`SELECT source, target, cost, reverse_cost FROM road_edges`);
}

export interface EdgeSnapRow extends Record<string, unknown> {
  /** 1-based index into the points given. */
  i: number;
  /** null: no edge at all (no network). */
  id: number | null;
  source: number;
  target: number;
  cost: number;
  reverse_cost: number;
  fraction: number;
  distance_m: number | null;
}

/**
 * Nearest point on the nearest road edge of each point: a GiST KNN shortlist of 8 edges (`<->` on the edge
 * geometry, in degrees) re-ranked by the distance on the sphere, then `ST_LineLocatePoint` for where along it.
 */
export function snapToEdges(db: Queryable, points: readonly { lon: number; lat: number }[]): Promise<EdgeSnapRow[]> {
  return rowsOf<EdgeSnapRow>(
    db,
    sql`SELECT p.i, e.id, e.source, e.target, e.cost, e.reverse_cost,
               ST_LineLocatePoint(e.geom, p.g) AS fraction, e.distance_m
        FROM (SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
              FROM unnest(${sql.param(points.map((p) => p.lon))}::float8[], ${sql.param(points.map((p) => p.lat))}::float8[])
                   WITH ORDINALITY AS u(lon, lat, i)) p
        LEFT JOIN LATERAL (
          SELECT k.*, ST_DistanceSphere(ST_ClosestPoint(k.geom, p.g), p.g) AS distance_m
          FROM (SELECT id, source, target, cost, reverse_cost, geom FROM road_edges ORDER BY geom <-> p.g LIMIT 8) k
          ORDER BY distance_m LIMIT 1) e ON true`,
  );
}
