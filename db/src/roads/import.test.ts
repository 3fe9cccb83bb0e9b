import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { chineseTownExtract } from './fixtures.ts';
import { hasRoadNetwork, importExtract, importRoads, memorySource } from './index.ts';

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
    const phases = new Set<string>();
    const first = await importRoads(db, MONACO, 'monaco.osm.pbf', (phase) => phases.add(phase));
    expect([...phases]).toEqual(expect.arrayContaining(['ways', 'nodes']));
    expect(first.osmNodes).toBe(180_118);
    expect(first.nodes).toBeGreaterThan(1500);
    expect(first.edges).toBeGreaterThan(first.nodes * 0.9);
    const second = await importRoads(db, MONACO, 'monaco.osm.pbf');
    expect(second).toMatchObject({ nodes: first.nodes, edges: first.edges, pois: first.pois, streets: first.streets });
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

  it('keeps what the map and the search need: names, refs, bridges/tunnels, water, landuse, places and POIs', async () => {
    const { rows } = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM road_edges WHERE name = 'Boulevard du Larvotto' AND road_class = 'primary') AS larvotto,
              (SELECT count(*) FROM road_edges WHERE tunnel) AS tunnels,
              (SELECT count(*) FROM road_edges WHERE bridge) AS bridges,
              (SELECT count(*) FROM road_edges WHERE ref IS NOT NULL) AS refs,
              (SELECT count(*) FROM map_features WHERE layer = 'water' AND ST_GeometryType(geom) LIKE '%Polygon') AS water,
              (SELECT count(*) FROM map_features WHERE layer = 'waterway') AS waterways,
              (SELECT count(*) FROM map_features WHERE layer = 'landuse') AS landuse,
              (SELECT count(*) FROM map_pois WHERE kind = 'street' AND name = 'Boulevard du Larvotto') AS street,
              (SELECT count(*) FROM map_pois WHERE kind = 'poi' AND name = 'Centre Cardio Thoracique de Monaco'
                 AND class = 'amenity=hospital') AS hospital,
              (SELECT count(*) FROM map_pois WHERE kind = 'place' AND name_zh = '摩納哥') AS monaco,
              (SELECT count(*) FROM map_pois WHERE kind = 'address' AND addr IS NOT NULL) AS addresses,
              (SELECT count(*) FROM pg_indexes WHERE indexname = 'road_edges_geom_idx' AND indexdef LIKE '%gist%') AS gist`,
    );
    const r = rows[0] ?? {};
    expect(r.larvotto).toBeGreaterThan(5);
    for (const k of ['tunnels', 'bridges', 'refs', 'water', 'waterways', 'landuse', 'addresses'])
      expect(r[k], k).toBeGreaterThan(0);
    expect(r).toMatchObject({ street: 1, hospital: 1, monaco: 1, gist: 1 });
  });

  it('gives Chinese names their pinyin and initials for the search', async () => {
    const r = await importExtract(db, memorySource('town', chineseTownExtract()), 'town');
    expect(r).toMatchObject({ streets: 2, edges: 4, nodes: 5, features: 2, pois: 3 });
    const { rows } = await db.query<{ kind: string; name: string; pinyin: string; initials: string }>(
      `SELECT kind, name, pinyin, initials FROM map_pois WHERE name IN ('人民路', '人民医院') ORDER BY kind`,
    );
    expect(rows).toEqual([
      { kind: 'poi', name: '人民医院', pinyin: 'renminyiyuan', initials: 'rmyy' },
      { kind: 'street', name: '人民路', pinyin: 'renminlu', initials: 'rml' },
    ]);
    // The Monaco import was replaced, not added to.
    const { rows: left } = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM map_pois WHERE name LIKE 'Boulevard%'`,
    );
    expect(left[0]?.n).toBe(0);
  });
});
