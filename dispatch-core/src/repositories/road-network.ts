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
 * Nearest road node of each point by the GiST KNN index on `road_nodes` (one query per call for all points).
 * Answers are cached per coordinate: demand points are snapped once, units again only when they move.
 */
export class PostgisSnapper implements Snapper {
  private readonly cache = new Map<string, Snap>();

  constructor(private readonly db: Queryable) {}

  async snap(points: readonly LonLat[], db: Queryable = this.db): Promise<Snap[]> {
    const key = (p: LonLat) => `${p.lon},${p.lat}`;
    const missing = points.filter((p) => !this.cache.has(key(p)));
    if (missing.length > 0) {
      const { rows } = await db.query<{ i: number; node_id: number | null; distance_m: number | null }>(
        `SELECT p.i, n.id AS node_id, ST_DistanceSphere(n.geom, p.g) AS distance_m
         FROM (SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
               FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i)) p
         LEFT JOIN LATERAL (SELECT id, geom FROM road_nodes ORDER BY geom <-> p.g LIMIT 1) n ON true`,
        [missing.map((p) => p.lon), missing.map((p) => p.lat)],
      );
      if (this.cache.size + missing.length > CACHE_LIMIT) this.cache.clear();
      for (const r of rows) {
        const p = missing[Number(r.i) - 1];
        if (!p) continue;
        this.cache.set(key(p), {
          nodeId: r.node_id === null ? null : Number(r.node_id),
          distanceM: r.distance_m === null ? Infinity : Number(r.distance_m),
        });
      }
    }
    return points.map((p) => this.cache.get(key(p)) ?? { nodeId: null, distanceM: Infinity });
  }

  clear(): void {
    this.cache.clear();
  }
}
