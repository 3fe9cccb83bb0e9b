import type { Executor } from '@c120/db';
import { mapInfo } from '@c120/db/repositories';

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
export async function readMapInfo(db: Executor): Promise<MapInfo> {
  const r = await mapInfo.newestNetwork(db);
  if (!r) return { streets: false, source: null, importedAt: null, bounds: null, edges: 0, names: 0 };
  const bounds: MapInfo['bounds'] =
    r.w === null || r.s === null || r.e === null || r.n === null
      ? null
      : [Number(r.w), Number(r.s), Number(r.e), Number(r.n)];
  return {
    streets: true,
    source: r.source,
    importedAt: r.importedAt.toISOString(),
    bounds,
    edges: r.edges,
    names: r.names,
  };
}
