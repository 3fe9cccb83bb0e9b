import type { Queryable } from '@c120/db';
import { roadNetwork } from '@c120/db/repositories';
import type { LonLat } from '../domain/eta.ts';
import { RoadGraph } from '../domain/road-network/graph.ts';
import type { Snap, Snapper } from '../domain/road-network/network-eta.ts';

/** The stored road network as an in-memory graph, or null when none is imported. */
export async function loadRoadGraph(db: Queryable): Promise<RoadGraph | null> {
  const rows = await roadNetwork.edgeCosts(db);
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
      const rows = await roadNetwork.snapToEdges(db, missing);
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
