import type { Database, Queryable, Transaction } from '../client/types.ts';
import { searchPinyin } from '../pinyin.ts';
import { roadEdges, type RoadEdge } from './build.ts';
import type { Extract, ImportProgress } from './import.ts';
import { SPEED_KMH_BY_CLASS } from './profile.ts';

const BATCH = 5000;

/** The channel a finished import notifies on (payload: the new network id); running cores reload. */
export const ROAD_NETWORK_CHANNEL = 'road_network';

export interface StoredNetwork {
  networkId: number;
  nodes: number;
  edges: number;
  /** Water/landuse areas and waterway lines. */
  features: number;
  /** Places, POIs and addresses. */
  pois: number;
  /** Distinct street names. */
  streets: number;
}

const wkt = (pts: readonly (readonly [number, number])[]) => pts.map((c) => `${c[0]} ${c[1]}`).join(',');

async function insertEdges(tx: Transaction, part: RoadEdge[]): Promise<void> {
  await tx.query(
    `INSERT INTO road_edges (osm_way_id, source, target, road_class, length_m, speed_kmh, oneway, cost, reverse_cost,
                             name, name_zh, ref, bridge, tunnel, geom)
     SELECT w, s, t, c, l, v, o, k, r, n, z, f, b, u, ST_GeomFromText(g, 4326)
     FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::bool[],
                 $8::float8[], $9::float8[], $10::text[], $11::text[], $12::text[], $13::bool[], $14::bool[], $15::text[])
          AS e(w, s, t, c, l, v, o, k, r, n, z, f, b, u, g)`,
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
      part.map((e) => e.name),
      part.map((e) => e.nameZh),
      part.map((e) => e.ref),
      part.map((e) => e.bridge),
      part.map((e) => e.tunnel),
      part.map((e) => `LINESTRING(${wkt(e.coords)})`),
    ],
  );
}

interface SearchRow {
  kind: string;
  cls: string;
  name: string;
  nameZh: string | null;
  addr: string | null;
  lon: number;
  lat: number;
}

async function insertSearchRows(tx: Transaction, rows: SearchRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    const py = part.map((r) => searchPinyin(r.nameZh ?? r.name));
    await tx.query(
      `INSERT INTO map_pois (kind, class, name, name_zh, pinyin, initials, addr, geom)
       SELECT k, c, n, z, p, i, a, ST_SetSRID(ST_MakePoint(x, y), 4326)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::float8[], $9::float8[]) AS r(k, c, n, z, p, i, a, x, y)`,
      [
        part.map((r) => r.kind),
        part.map((r) => r.cls),
        part.map((r) => r.name),
        part.map((r) => r.nameZh),
        py.map((p) => p.pinyin),
        py.map((p) => p.initials),
        part.map((r) => r.addr),
        part.map((r) => r.lon),
        part.map((r) => r.lat),
      ],
    );
  }
}

/**
 * Replaces the stored road network, map features and search names with an extract's, in one transaction
 * (readers see the old set or the new one, never half of each). Edges are written in batches as the graph
 * builder yields them; their vertices follow (the foreign keys are checked at commit, migration 0013). The
 * commit notifies `road_network`, so every running core reloads its drive-time model.
 */
export async function storeExtract(
  db: Database,
  extract: Extract,
  label: string,
  onProgress?: ImportProgress,
): Promise<StoredNetwork> {
  const { coords } = extract;
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM road_edges');
    await tx.query('DELETE FROM road_nodes');
    await tx.query('DELETE FROM road_networks');
    await tx.query('DELETE FROM map_features');
    await tx.query('DELETE FROM map_pois');

    // One search row per street name, at the middle of its longest edge; the class of its fastest part.
    const streets = new Map<string, SearchRow & { len: number; speed: number }>();
    const vertices = new Set<number>();
    let edges = 0;
    let batch: RoadEdge[] = [];
    for (const e of roadEdges(coords, extract.roads, vertices)) {
      batch.push(e);
      edges++;
      const key = e.nameZh ?? e.name;
      if (key) {
        const s = streets.get(key);
        const speed = SPEED_KMH_BY_CLASS[e.roadClass] ?? 0;
        const mid = e.coords[Math.floor(e.coords.length / 2)] as [number, number];
        if (!s) {
          streets.set(key, {
            kind: 'street',
            cls: e.roadClass,
            name: e.name ?? key,
            nameZh: e.nameZh,
            addr: e.ref,
            lon: mid[0],
            lat: mid[1],
            len: e.lengthM,
            speed,
          });
        } else {
          if (e.lengthM > s.len) Object.assign(s, { lon: mid[0], lat: mid[1], len: e.lengthM });
          if (speed > s.speed) Object.assign(s, { cls: e.roadClass, speed });
        }
      }
      if (batch.length === BATCH) {
        await insertEdges(tx, batch);
        batch = [];
        onProgress?.('store', edges, extract.roads.length);
      }
    }
    if (batch.length > 0) await insertEdges(tx, batch);
    const ids = [...vertices];
    for (let i = 0; i < ids.length; i += BATCH) {
      const part = ids.slice(i, i + BATCH);
      const pts = part.map((id) => coords.get(id) as readonly [number, number]);
      await tx.query(
        `INSERT INTO road_nodes (id, geom)
         SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         FROM unnest($1::bigint[], $2::float8[], $3::float8[]) AS n(id, lon, lat)`,
        [part, pts.map((p) => p[0]), pts.map((p) => p[1])],
      );
    }

    // Water and landuse: polygons from closed ways (made valid: self-touching rings are common in OSM),
    // waterways as lines. Ways cut by the extract boundary keep their known nodes.
    let features = 0;
    for (let i = 0; i < extract.areas.length; i += BATCH) {
      const part = extract.areas.slice(i, i + BATCH).flatMap((a) => {
        const pts = a.nodes.map((n) => coords.get(n)).filter((p): p is readonly [number, number] => !!p);
        const polygon = a.layer !== 'waterway';
        if (polygon && (pts.length < 4 || pts.length !== a.nodes.length)) return [];
        if (pts.length < 2) return [];
        return [{ a, g: polygon ? `POLYGON((${wkt(pts)}))` : `LINESTRING(${wkt(pts)})` }];
      });
      if (part.length === 0) continue;
      const r = await tx.query(
        `INSERT INTO map_features (osm_way_id, layer, class, name, geom)
         SELECT w, l, c, n, g
         FROM (SELECT w, l, c, n, ST_CollectionExtract(ST_MakeValid(ST_GeomFromText(t, 4326)),
                                                        CASE WHEN l = 'waterway' THEN 2 ELSE 3 END) AS g
               FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS f(w, l, c, n, t)) v
         WHERE NOT ST_IsEmpty(g)`,
        [
          part.map((p) => p.a.id),
          part.map((p) => p.a.layer),
          part.map((p) => p.a.cls),
          part.map((p) => p.a.name),
          part.map((p) => p.g),
        ],
      );
      features += r.rowCount;
    }

    const poiWayRows: SearchRow[] = extract.poiWays.flatMap((w) => {
      const pts = w.nodes
        .slice(1)
        .map((n) => coords.get(n))
        .filter((p): p is readonly [number, number] => !!p);
      if (pts.length === 0) return [];
      const lon = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const lat = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      return [{ kind: w.kind, cls: w.cls, name: w.name, nameZh: w.nameZh, addr: w.addr, lon, lat }];
    });
    const poiRows: SearchRow[] = [
      ...extract.poiNodes.map((p) => ({
        kind: p.kind,
        cls: p.cls,
        name: p.name,
        nameZh: p.nameZh,
        addr: p.addr,
        lon: p.lon,
        lat: p.lat,
      })),
      ...poiWayRows,
    ];
    const streetRows = [...streets.values()].map(({ len: _len, speed: _speed, ...row }) => row);
    await insertSearchRows(tx, [...poiRows, ...streetRows]);

    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO road_networks (source, nodes, edges, hull)
       SELECT $1, $2, $3, (SELECT ST_ConvexHull(ST_Collect(geom)) FROM road_nodes) RETURNING id`,
      [label, ids.length, edges],
    );
    const networkId = Number(rows[0]?.id ?? 0);
    await tx.query('SELECT pg_notify($1, $2)', [ROAD_NETWORK_CHANNEL, String(networkId)]);
    return { networkId, nodes: ids.length, edges, features, pois: poiRows.length, streets: streetRows.length };
  });
}

/** True when a road network is stored. */
export async function hasRoadNetwork(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM road_networks');
  return (rows[0]?.n ?? 0) > 0;
}
