import type { Database, Queryable } from '../client/types.ts';
import type { RoadGraph } from './build.ts';

const BATCH = 5000;

export interface StoredNetwork {
  networkId: number;
  nodes: number;
  edges: number;
}

/**
 * Replaces the stored road network with `graph` in one transaction (readers see the old network or the new
 * one, never half of each). Rows go in batches of array parameters (`unnest`), which both engines accept.
 */
export async function storeRoadGraph(db: Database, graph: RoadGraph, source: string): Promise<StoredNetwork> {
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM road_edges');
    await tx.query('DELETE FROM road_nodes');
    await tx.query('DELETE FROM road_networks');
    for (let i = 0; i < graph.nodes.length; i += BATCH) {
      const part = graph.nodes.slice(i, i + BATCH);
      await tx.query(
        `INSERT INTO road_nodes (id, geom)
         SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         FROM unnest($1::bigint[], $2::float8[], $3::float8[]) AS n(id, lon, lat)`,
        [part.map((n) => n.id), part.map((n) => n.lon), part.map((n) => n.lat)],
      );
    }
    for (let i = 0; i < graph.edges.length; i += BATCH) {
      const part = graph.edges.slice(i, i + BATCH);
      await tx.query(
        `INSERT INTO road_edges (osm_way_id, source, target, road_class, length_m, speed_kmh, oneway, cost, reverse_cost, geom)
         SELECT w, s, t, c, l, v, o, k, r, ST_GeomFromText(g, 4326)
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::bool[],
                     $8::float8[], $9::float8[], $10::text[]) AS e(w, s, t, c, l, v, o, k, r, g)`,
        [
          part.map((e) => e.osmWayId),
          part.map((e) => e.source),
          part.map((e) => e.target),
          part.map((e) => e.roadClass),
          part.map((e) => e.lengthM),
          part.map((e) => e.speedKmh),
          part.map((e) => e.oneway),
          part.map((e) => e.cost),
          part.map((e) => e.reverseCost),
          part.map((e) => `LINESTRING(${e.coords.map((c) => `${c[0]} ${c[1]}`).join(',')})`),
        ],
      );
    }
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO road_networks (source, nodes, edges, hull)
       SELECT $1, $2, $3, (SELECT ST_ConvexHull(ST_Collect(geom)) FROM road_nodes) RETURNING id`,
      [source, graph.nodes.length, graph.edges.length],
    );
    return { networkId: rows[0]?.id ?? 0, nodes: graph.nodes.length, edges: graph.edges.length };
  });
}

/** True when a road network is stored. */
export async function hasRoadNetwork(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM road_networks');
  return (rows[0]?.n ?? 0) > 0;
}
