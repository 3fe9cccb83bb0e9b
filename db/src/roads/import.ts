import type { Database } from '../client/types.ts';
import type { OsmWay } from './build.ts';
import { areaClass, poiClass, type AreaClass, type PoiClass } from './map-features.ts';
import { NodeStore } from './node-store.ts';
import { roadClass } from './profile.ts';
import { pbfFileSource, type OsmSource } from './read-pbf.ts';
import { storeExtract, type StoredNetwork } from './store.ts';

export type ImportPhase = 'ways' | 'nodes' | 'store';
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export interface PoiNode extends PoiClass {
  lon: number;
  lat: number;
}

export interface AreaWay extends AreaClass {
  id: number;
  nodes: readonly number[];
  name: string | null;
}

export interface PoiWay extends PoiClass {
  nodes: readonly number[];
}

/** What the two passes over an extract keep. */
export interface Extract {
  coords: NodeStore;
  roads: OsmWay[];
  areas: AreaWay[];
  poiNodes: PoiNode[];
  poiWays: PoiWay[];
  /** Nodes in the file (all of them, kept or not). */
  osmNodes: number;
}

export interface ImportResult extends StoredNetwork {
  osmNodes: number;
  /** Highest resident set size sampled during the import, and the size when it began. */
  peakRssBytes: number;
  startRssBytes: number;
  /** Bytes of the node coordinate store (16 per node that a kept way uses). */
  nodeStoreBytes: number;
  ms: number;
}

/**
 * Reads an extract in two streaming passes: ways and tagged nodes first (roads, water/landuse areas, named
 * places/POIs/addresses; the ids of the nodes those ways use are noted), then the coordinates of just those
 * nodes. Nothing is held per untagged node that no kept way uses, so memory follows what is kept.
 */
export async function readExtract(source: OsmSource, onProgress?: ImportProgress): Promise<Extract> {
  const coords = new NodeStore();
  const roads: OsmWay[] = [];
  const areas: AreaWay[] = [];
  const poiNodes: PoiNode[] = [];
  const poiWays: PoiWay[] = [];
  let osmNodes = 0;
  await source.scan(
    (e) => {
      if (e.type === 'node') {
        osmNodes++;
        if (!e.tags) return;
        const poi = poiClass(e.tags);
        if (poi) poiNodes.push({ ...poi, lon: e.lon, lat: e.lat });
        return;
      }
      if (e.type !== 'way' || !e.tags) return;
      const tags = e.tags;
      let keep = false;
      if (roadClass(tags)) {
        roads.push({ id: e.id, nodes: e.nodes, tags: pickRoadTags(tags) });
        keep = true;
      }
      const closed = e.nodes.length >= 4 && e.nodes[0] === e.nodes[e.nodes.length - 1];
      const area = areaClass(tags, closed);
      if (area) {
        areas.push({ ...area, id: e.id, nodes: e.nodes, name: tags.name ?? null });
        keep = true;
      }
      const poi = closed ? poiClass(tags) : null;
      if (poi && poi.kind !== 'place') {
        poiWays.push({ ...poi, nodes: e.nodes });
        keep = true;
      }
      if (keep) for (const n of e.nodes) coords.want(n);
    },
    (done, total) => onProgress?.('ways', done, total),
  );
  coords.seal();
  await source.scan(
    (e) => {
      if (e.type === 'node') coords.offer(e.id, e.lon, e.lat);
    },
    (done, total) => onProgress?.('nodes', done, total),
  );
  return { coords, roads, areas, poiNodes, poiWays, osmNodes };
}

const ROAD_TAGS = [
  'highway',
  'name',
  'name:zh',
  'ref',
  'bridge',
  'tunnel',
  'oneway',
  'junction',
  'maxspeed',
  'access',
  'motor_vehicle',
  'emergency',
  'area',
];

/** Only the tags the graph and the map use: a province has millions of road ways. */
function pickRoadTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ROAD_TAGS) {
    const v = tags[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * `npm run roads:import`: reads the extract (streaming), then replaces the stored network, map features and
 * search names in one transaction and notifies running cores (`road_network` channel) to reload.
 */
export async function importExtract(
  db: Database,
  source: OsmSource,
  label = source.name,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  const t0 = performance.now();
  const startRssBytes = process.memoryUsage.rss();
  let peakRssBytes = startRssBytes;
  const sample: ImportProgress = (phase, done, total) => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    onProgress?.(phase, done, total);
  };
  const extract = await readExtract(source, sample);
  const stored = await storeExtract(db, extract, label, sample);
  return {
    ...stored,
    osmNodes: extract.osmNodes,
    peakRssBytes,
    startRssBytes,
    nodeStoreBytes: extract.coords.bytes,
    ms: performance.now() - t0,
  };
}

/** Reads an OSM extract file and replaces the stored network, map and search names with its contents. */
export async function importRoads(
  db: Database,
  pbfPath: string,
  source = pbfPath,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  return importExtract(db, pbfFileSource(pbfPath), source, onProgress);
}
