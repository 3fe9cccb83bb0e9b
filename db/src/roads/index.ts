export { buildRoadGraph, haversineM, type OsmNode, type OsmWay, type RoadEdge, type RoadGraph } from './build.ts';
export { SPEED_KMH_BY_CLASS, onewayDirection, roadClass, speedKmh } from './profile.ts';
export { readOsmPbf, type OsmExtract } from './read-pbf.ts';
export { storeRoadGraph, hasRoadNetwork, type StoredNetwork } from './store.ts';

import type { Database } from '../client/types.ts';
import { buildRoadGraph } from './build.ts';
import { readOsmPbf } from './read-pbf.ts';
import { storeRoadGraph, type StoredNetwork } from './store.ts';

/** Reads an OSM extract, builds the driveable graph and replaces the stored network with it. */
export async function importRoads(db: Database, pbfPath: string, source = pbfPath): Promise<StoredNetwork> {
  const extract = await readOsmPbf(pbfPath);
  return storeRoadGraph(db, buildRoadGraph(extract.coords, extract.ways), source);
}
