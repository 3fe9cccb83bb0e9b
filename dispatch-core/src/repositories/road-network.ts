import type { Queryable } from '@c120/db';
import type { LonLat } from '../domain/eta.ts';
import { RoadGraph } from '../domain/road-network/graph.ts';
import type { Snap, Snapper } from '../domain/road-network/network-eta.ts';

/** The stored road network as an in-memory graph, or null when none is imported. */
export async function loadRoadGraph(db: Queryable): Promise<RoadGraph | null> {
  const { rows } = await db.query<{ source: number; target: number; cost: number; reverse_cost: number }>(
    'SELECT source, target, cost, reverse_cost FROM road_edges',
  );
  if (rows.length === 0) return null;
  return new RoadGraph(
    rows.map((r) => ({
      source: Number(r.source),
      target: Number(r.target),
      cost: Number(r.cost),
      reverseCost: Number(r.reverse_cost),
    })),
  );
}

/** Remembered snaps at most (villages and grid cells do not move; units do, so old entries are dropped). */
const CACHE_LIMIT = 200_000;

/**
 * Nearest point on the nearest road edge of each point (one query per call for all points): a GiST KNN
 * shortlist of 8 edges (`<->` on the edge geometry, in degrees) re-ranked by the distance on the sphere, then
 * `ST_LineLocatePoint` for where along the edge. Answers are cached per coordinate: demand points are snapped
 * once, units again only when they move.
 */
export class PostgisSnapper implements Snapper {
  private readonly cache = new Map<string, Snap>();

  constructor(private readonly db: Queryable) {}

  async snap(points: readonly LonLat[], db: Queryable = this.db): Promise<Snap[]> {
    const key = (p: LonLat) => `${p.lon},${p.lat}`;
    const missing = points.filter((p) => !this.cache.has(key(p)));
    if (missing.length > 0) {
      const { rows } = await db.query<{
        i: number;
        id: number | null;
        source: number;
        target: number;
        cost: number;
        reverse_cost: number;
        fraction: number;
        distance_m: number | null;
      }>(
        `SELECT p.i, e.id, e.source, e.target, e.cost, e.reverse_cost,
                ST_LineLocatePoint(e.geom, p.g) AS fraction, e.distance_m
         FROM (SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
               FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i)) p
         LEFT JOIN LATERAL (
           SELECT k.*, ST_DistanceSphere(ST_ClosestPoint(k.geom, p.g), p.g) AS distance_m
           FROM (SELECT id, source, target, cost, reverse_cost, geom FROM road_edges ORDER BY geom <-> p.g LIMIT 8) k
           ORDER BY distance_m LIMIT 1) e ON true`,
        [missing.map((p) => p.lon), missing.map((p) => p.lat)],
      );
      if (this.cache.size + missing.length > CACHE_LIMIT) this.cache.clear();
      for (const r of rows) {
        const p = missing[Number(r.i) - 1];
        if (!p) continue;
        this.cache.set(
          key(p),
          r.id === null
            ? { edge: null, fraction: 0, distanceM: Infinity }
            : {
                edge: {
                  id: Number(r.id),
                  source: Number(r.source),
                  target: Number(r.target),
                  cost: Number(r.cost),
                  reverseCost: Number(r.reverse_cost),
                },
                fraction: Number(r.fraction),
                distanceM: Number(r.distance_m),
              },
        );
      }
    }
    return points.map((p) => this.cache.get(key(p)) ?? { edge: null, fraction: 0, distanceM: Infinity });
  }

  clear(): void {
    this.cache.clear();
  }
}
