import type { Queryable } from '@c120/db';

export interface MapInfo {
  /** True when an OSM extract is imported (streets on the map, drive times on roads). */
  streets: boolean;
  source: string | null;
  importedAt: string | null;
  /** [west, south, east, north] of the imported network. */
  bounds: [number, number, number, number] | null;
  edges: number;
  names: number;
}

/** What the basemap has: the imported extract, if any, and where it is. */
export async function readMapInfo(db: Queryable): Promise<MapInfo> {
  const { rows } = await db.query<{
    source: string;
    imported_at: Date;
    edges: number;
    w: number | null;
    s: number | null;
    e: number | null;
    n: number | null;
    names: number;
  }>(
    `SELECT source, imported_at, edges, ST_XMin(hull) AS w, ST_YMin(hull) AS s, ST_XMax(hull) AS e, ST_YMax(hull) AS n,
            (SELECT count(*) FROM map_pois) AS names
     FROM road_networks ORDER BY id DESC LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return { streets: false, source: null, importedAt: null, bounds: null, edges: 0, names: 0 };
  const bounds: MapInfo['bounds'] =
    r.w === null || r.s === null || r.e === null || r.n === null
      ? null
      : [Number(r.w), Number(r.s), Number(r.e), Number(r.n)];
  return {
    streets: true,
    source: r.source,
    importedAt: new Date(r.imported_at).toISOString(),
    bounds,
    edges: Number(r.edges),
    names: Number(r.names),
  };
}
