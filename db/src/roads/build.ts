import { NodeStore, type CoordLookup } from './node-store.ts';
import { onewayDirection, roadClass, speedKmh, type Tags } from './profile.ts';
import { haversineM } from '@c120/shared/geo';

export interface OsmNode {
  id: number;
  lon: number;
  lat: number;
}

export interface OsmWay {
  id: number;
  nodes: readonly number[];
  tags: Tags;
}

export interface RoadEdge {
  osmWayId: number;
  source: number;
  target: number;
  roadClass: string;
  lengthM: number;
  speedKmh: number;
  oneway: boolean;
  /** Seconds source → target. */
  cost: number;
  /** Seconds target → source; -1 when one-way. */
  reverseCost: number;
  /** [lon, lat] along the edge, source first. */
  coords: [number, number][];
  /** OSM `name`, `name:zh`, `ref` of the way (null when absent); bridge/tunnel for drawing. */
  name: string | null;
  nameZh: string | null;
  ref: string | null;
  bridge: boolean;
  tunnel: boolean;
}

export interface RoadGraph {
  nodes: OsmNode[];
  edges: RoadEdge[];
  skippedWays: number;
}

export { haversineM };

/** Counts how many times each node is used by driveable ways (junction detection). */
function useCounter(coords: CoordLookup): { add(id: number): void; get(id: number): number } {
  if (coords instanceof NodeStore) {
    // One byte per stored node instead of a Map entry: a province has tens of millions of road nodes.
    const counts = new Uint8Array(coords.size);
    return {
      add(id) {
        const i = coords.indexOf(id);
        if (i >= 0 && (counts[i] as number) < 255) counts[i] = (counts[i] as number) + 1;
      },
      get: (id) => counts[coords.indexOf(id)] ?? 0,
    };
  }
  const uses = new Map<number, number>();
  return { add: (id) => void uses.set(id, (uses.get(id) ?? 0) + 1), get: (id) => uses.get(id) ?? 0 };
}

const bool = (v: string | undefined) => v !== undefined && v !== 'no' && v !== '0' && v !== 'false';

/**
 * Turns OSM ways into a routable graph: keeps driveable ways (profile.ts), splits each at its junctions (nodes
 * used by more than one driveable way, or twice by the same way) and ends, so vertices are only where a route
 * can branch — a far smaller graph than one vertex per OSM node. Ways with unknown nodes (cut by the extract
 * boundary) keep their known runs. `oneway=-1` ways are stored reversed, so `source → target` is always the
 * driving direction. Edges are yielded one at a time (the import writes them in batches as they come); the
 * vertex ids they use are added to `vertices`.
 */
export function* roadEdges(coords: CoordLookup, ways: Iterable<OsmWay>, vertices: Set<number>): Generator<RoadEdge> {
  const uses = useCounter(coords);
  for (const way of ways) if (roadClass(way.tags)) for (const n of new Set(way.nodes)) uses.add(n);
  // A way that passes the same node twice (a loop) also branches there.
  for (const way of ways) {
    if (!roadClass(way.tags)) continue;
    const seen = new Set<number>();
    for (const n of way.nodes) {
      if (seen.has(n)) uses.add(n);
      seen.add(n);
    }
  }
  for (const way of ways) {
    const cls = roadClass(way.tags);
    if (!cls) continue;
    const dir = onewayDirection(way.tags);
    const nodes = dir === -1 ? [...way.nodes].reverse() : way.nodes;
    if (nodes.length < 2) continue;
    const speed = speedKmh(way.tags, cls);
    const oneway = dir !== 0;
    const t = way.tags;
    let run: number[] = [];
    const edge = (): RoadEdge | null => {
      if (run.length < 2) return null;
      const pts = run.map((id) => coords.get(id) as readonly [number, number]);
      let lengthM = 0;
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1] as readonly [number, number];
        const b = pts[i] as readonly [number, number];
        lengthM += haversineM(a[0], a[1], b[0], b[1]);
      }
      const source = run[0] as number;
      const target = run[run.length - 1] as number;
      vertices.add(source);
      vertices.add(target);
      const cost = lengthM / (speed / 3.6);
      return {
        osmWayId: way.id,
        source,
        target,
        roadClass: cls,
        lengthM,
        speedKmh: speed,
        oneway,
        cost,
        reverseCost: oneway ? -1 : cost,
        coords: pts.map((p) => [p[0], p[1]]),
        name: t.name ?? null,
        nameZh: t['name:zh'] ?? null,
        ref: t.ref ?? null,
        bridge: bool(t.bridge),
        tunnel: bool(t.tunnel),
      };
    };
    for (const [i, id] of nodes.entries()) {
      if (!coords.has(id)) {
        // Outside the extract: end the current run here, start again at the next known node.
        const e = edge();
        if (e) yield e;
        run = [];
        continue;
      }
      run.push(id);
      if (uses.get(id) > 1 && i > 0 && run.length >= 2) {
        const e = edge();
        if (e) yield e;
        run = [id];
      }
    }
    const e = edge();
    if (e) yield e;
  }
}

/** The whole graph in memory (tests and small extracts); the import streams `roadEdges` instead. */
export function buildRoadGraph(coords: CoordLookup, ways: readonly OsmWay[]): RoadGraph {
  const vertexIds = new Set<number>();
  const edges = [...roadEdges(coords, ways, vertexIds)];
  const skippedWays = ways.filter((w) => roadClass(w.tags) && w.nodes.length < 2).length;
  const nodes = [...vertexIds].map((id) => {
    const c = coords.get(id) as readonly [number, number];
    return { id, lon: c[0], lat: c[1] };
  });
  return { nodes, edges, skippedWays };
}
