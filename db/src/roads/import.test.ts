import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { hasRoadNetwork, importRoads } from './index.ts';

const MONACO = fileURLToPath(new URL('../../roads/data/monaco.osm.pbf', import.meta.url));

describe(`road import of the Monaco OSM extract on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads a connected, consistent graph and replaces it when run again', async () => {
    expect(await hasRoadNetwork(db)).toBe(false);
    const first = await importRoads(db, MONACO, 'monaco.osm.pbf');
    expect(first.nodes).toBeGreaterThan(1500);
    expect(first.edges).toBeGreaterThan(first.nodes * 0.9);
    const second = await importRoads(db, MONACO, 'monaco.osm.pbf');
    expect(second).toMatchObject({ nodes: first.nodes, edges: first.edges });
    const { rows } = await db.query<{ nodes: number; edges: number; networks: number; srid: number; bad: number }>(
      `SELECT (SELECT count(*) FROM road_nodes) AS nodes, (SELECT count(*) FROM road_edges) AS edges,
              (SELECT count(*) FROM road_networks) AS networks,
              (SELECT DISTINCT ST_SRID(geom) FROM road_edges) AS srid,
              -- stored length agrees with the geometry's, and the edge geometry starts at its source node
              (SELECT count(*) FROM road_edges e JOIN road_nodes s ON s.id = e.source
               WHERE abs(ST_Length(e.geom::geography, false) - e.length_m) > 0.01 * e.length_m + 0.5
                  OR ST_DistanceSphere(ST_StartPoint(e.geom), s.geom) > 0.01) AS bad`,
    );
    expect(rows[0]).toEqual({ nodes: first.nodes, edges: first.edges, networks: 1, srid: 4326, bad: 0 });
    // Monaco's hull sits around 7.42°E 43.73°N.
    const hull = await db.query<{ inside: boolean }>(
      'SELECT ST_Contains(hull, ST_SetSRID(ST_MakePoint(7.4246, 43.7384), 4326)) AS inside FROM road_networks',
    );
    expect(hull.rows[0]?.inside).toBe(true);
  });
});
