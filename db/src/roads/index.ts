export {
  buildRoadGraph,
  roadEdges,
  haversineM,
  type OsmNode,
  type OsmWay,
  type RoadEdge,
  type RoadGraph,
} from './build.ts';
export { SPEED_KMH_BY_CLASS, onewayDirection, roadClass, speedKmh } from './profile.ts';
export { pbfFileSource, memorySource, type OsmSource, type OsmElement } from './read-pbf.ts';
export { NodeStore, type CoordLookup } from './node-store.ts';
export { storeExtract, hasRoadNetwork, ROAD_NETWORK_CHANNEL, type StoredNetwork } from './store.ts';
export {
  importExtract,
  importRoads,
  readExtract,
  type Extract,
  type ImportPhase,
  type ImportProgress,
  type ImportResult,
} from './import.ts';
