import type { Queryable } from '../client/types.ts';

/** MVT extent (units per tile side) and the margin around it kept for lines and labels crossing the edge. */
export const EXTENT = 4096;
const BUFFER = 64;

/** Geometry type of a layer's features, in MVT terms. */
export type TileGeomType = 1 | 2 | 3;

interface TileLayer {
  name: string;
  type: TileGeomType;
  /** A SELECT of `geom` (SRID 4326), `props` (jsonb) and `minz` (the lowest zoom that shows the feature). */
  sql: string;
}

/** Zoom from which a road class is drawn (fewer, bigger roads when zoomed out). */
const ROAD_MINZOOM = `CASE regexp_replace(road_class, '_link$', '')
  WHEN 'motorway' THEN 5 WHEN 'trunk' THEN 6 WHEN 'primary' THEN 8 WHEN 'secondary' THEN 9 WHEN 'tertiary' THEN 10
  WHEN 'unclassified' THEN 11 WHEN 'residential' THEN 12 WHEN 'road' THEN 12 WHEN 'living_street' THEN 13 ELSE 14 END`;

/**
 * The layers of the basemap. All SQL here is constant (no input is ever spliced in). Roads carry the Chinese
 * name when OSM has one (`name:zh`), else `name`.
 */
export const TILE_LAYERS: readonly TileLayer[] = [
  {
    name: 'landuse',
    type: 3,
    sql: `SELECT geom, jsonb_build_object('class', class) AS props, 10 AS minz FROM map_features WHERE layer = 'landuse'`,
  },
  {
    name: 'water',
    type: 3,
    sql: `SELECT geom, jsonb_strip_nulls(jsonb_build_object('class', class, 'name', name)) AS props, 8 AS minz
          FROM map_features WHERE layer = 'water'`,
  },
  {
    name: 'waterway',
    type: 2,
    sql: `SELECT geom, jsonb_strip_nulls(jsonb_build_object('class', class, 'name', name)) AS props, 10 AS minz
          FROM map_features WHERE layer = 'waterway'`,
  },
  {
    name: 'townships',
    type: 3,
    sql: `SELECT geom, jsonb_build_object('name', name, 'code', code) AS props, 0 AS minz FROM townships`,
  },
  {
    name: 'roads',
    type: 2,
    sql: `SELECT geom, jsonb_strip_nulls(jsonb_build_object(
                   'class', regexp_replace(road_class, '_link$', ''), 'link', road_class LIKE '%\\_link',
                   'name', coalesce(name_zh, name), 'ref', ref, 'bridge', bridge, 'tunnel', tunnel, 'oneway', oneway)) AS props,
                 ${ROAD_MINZOOM} AS minz
          FROM road_edges`,
  },
  {
    name: 'places',
    type: 1,
    sql: `SELECT geom, jsonb_build_object('class', class, 'name', coalesce(name_zh, name)) AS props, 8 AS minz
          FROM map_pois WHERE kind = 'place'
          UNION ALL
          SELECT geom, jsonb_build_object('class', kind, 'name', name), 11 FROM places`,
  },
  {
    name: 'pois',
    type: 1,
    sql: `SELECT geom, jsonb_build_object('class', class, 'name', coalesce(name_zh, name)) AS props, 15 AS minz
          FROM map_pois WHERE kind = 'poi'`,
  },
  {
    name: 'facilities',
    type: 1,
    sql: `SELECT geom, jsonb_build_object('class', 'station', 'name', name) AS props, 0 AS minz FROM stations
          UNION ALL
          SELECT geom, jsonb_build_object('class', 'hospital', 'name', name, 'level', level), 0 FROM hospitals`,
  },
];

/** The layer's rows in the tile's box (`env.b`) shown at zoom $1. */
const inTile = (l: TileLayer) => `SELECT q.geom, q.props FROM (${l.sql}) q, env WHERE q.geom && env.b AND q.minz <= $1`;

/** The tile's envelope in Web Mercator (`e`) and, with the margin, in WGS-84 for the GiST search (`b`). */
const ENV = `env AS (SELECT ST_TileEnvelope($1, $2, $3) AS e,
                            ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${BUFFER / EXTENT}), 4326) AS b)`;

/** PostgreSQL: the whole tile from PostGIS `ST_AsMVT`, one layer after another (layers concatenate in MVT). */
export async function mvtTile(db: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  const parts = TILE_LAYERS.map(
    (l, i) => `(SELECT coalesce(ST_AsMVT(t, '${l.name}', ${EXTENT}, 'geom'), ''::bytea)
                FROM (SELECT ST_AsMVTGeom(ST_Transform(s.geom, 3857), env.e, ${EXTENT}, ${BUFFER}, true) AS geom, s.props
                      FROM (${inTile(l)}) s, env) t WHERE t.geom IS NOT NULL) AS l${i}`,
  );
  const { rows } = await db.query<Record<string, Uint8Array>>(`WITH ${ENV} SELECT ${parts.join(', ')}`, [z, x, y]);
  const row = rows[0] ?? {};
  const layers = TILE_LAYERS.map((_, i) => row[`l${i}`] ?? new Uint8Array(0));
  const out = new Uint8Array(layers.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of layers) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}

export interface TileFeatureRow {
  layer: number;
  /** GeoJSON geometry in tile units (0…EXTENT, y down), already clipped to the tile plus margin. */
  g: string;
  props: Record<string, unknown>;
}

/**
 * PGlite (PostGIS without protobuf-c: no ST_AsMVT/ST_AsMVTGeom): the same clipping and projection to tile units
 * done with ST_Affine + ST_ClipByBox2D + ST_SnapToGrid, returned as GeoJSON rows for a JavaScript encoder.
 * Polygons are made counter-clockwise in Mercator, so after the y flip their outer rings are clockwise, as
 * MVT wants.
 */
export async function tileFeatures(db: Queryable, z: number, x: number, y: number): Promise<TileFeatureRow[]> {
  const parts = TILE_LAYERS.map((l, i) => {
    const g = l.type === 3 ? 'ST_ForcePolygonCCW(ST_Transform(s.geom, 3857))' : 'ST_Transform(s.geom, 3857)';
    return `SELECT ${i} AS layer, ST_CollectionExtract(ST_SnapToGrid(ST_ClipByBox2D(
                     ST_Affine(${g}, a.sx, 0, 0, -a.sy, -a.x0 * a.sx, a.y1 * a.sy),
                     ST_MakeEnvelope(${-BUFFER}, ${-BUFFER}, ${EXTENT + BUFFER}, ${EXTENT + BUFFER})), 1), ${l.type}) AS g,
                   s.props
            FROM (${inTile(l)}) s, aff a`;
  });
  const { rows } = await db.query<{ layer: number; g: string; props: Record<string, unknown> }>(
    `WITH ${ENV},
          aff AS (SELECT ST_XMin(e) AS x0, ST_YMax(e) AS y1, ${EXTENT} / (ST_XMax(e) - ST_XMin(e)) AS sx,
                         ${EXTENT} / (ST_YMax(e) - ST_YMin(e)) AS sy FROM env)
     SELECT layer, ST_AsGeoJSON(g, 0) AS g, props FROM (${parts.join(' UNION ALL ')}) f WHERE NOT ST_IsEmpty(g)`,
    [z, x, y],
  );
  return rows.map((r) => ({ layer: Number(r.layer), g: r.g, props: r.props }));
}

/** Which data the tiles show: changes with every import (ETag part, cache key). */
export async function tileDataVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ v: string | null }>(
    `SELECT (SELECT max(id)::text || '-' || extract(epoch FROM max(imported_at))::text FROM road_networks) AS v`,
  );
  return rows[0]?.v ?? 'none';
}

export interface LayerFeatureRow {
  layer: number;
  /** GeoJSON geometry in WGS-84. */
  g: string;
  props: Record<string, unknown>;
  minz: number;
}

/** Every feature of every layer (the in-memory tile index on the embedded engine is built from these). */
export async function allTileFeatures(db: Queryable): Promise<LayerFeatureRow[]> {
  const parts = TILE_LAYERS.map(
    (l, i) => `SELECT ${i} AS layer, ST_AsGeoJSON(q.geom, 7) AS g, q.props, q.minz FROM (${l.sql}) q`,
  );
  const { rows } = await db.query<{ layer: number; g: string; props: Record<string, unknown>; minz: number }>(
    parts.join(' UNION ALL '),
  );
  return rows.map((r) => ({ layer: Number(r.layer), g: r.g, props: r.props, minz: Number(r.minz) }));
}
