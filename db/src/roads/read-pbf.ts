import { readFile } from 'node:fs/promises';
import tinyosmpbf from 'tiny-osmpbf';
import type { OsmWay } from './build.ts';
import { roadClass } from './profile.ts';

export interface OsmExtract {
  /** Coordinates of every node ([lon, lat]); ways refer to them by id. */
  coords: Map<number, readonly [number, number]>;
  /** Ways with a driveable highway class only. */
  ways: OsmWay[];
}

/**
 * Reads an `.osm.pbf` extract with tiny-osmpbf (pure JavaScript: no system tool, works wherever Node does).
 * It holds the whole file in memory — fine for a county extract (tens of MB); a province would want a
 * streaming reader or `osmium extract` to the county first.
 */
export async function readOsmPbf(path: string): Promise<OsmExtract> {
  const data = await readFile(path);
  const coords = new Map<number, readonly [number, number]>();
  const ways: OsmWay[] = [];
  tinyosmpbf(data, (e) => {
    if (e.type === 'node') coords.set(e.id, [e.lon, e.lat]);
    else if (e.type === 'way' && e.tags && roadClass(e.tags)) ways.push({ id: e.id, nodes: e.nodes, tags: e.tags });
  });
  return { coords, ways };
}
