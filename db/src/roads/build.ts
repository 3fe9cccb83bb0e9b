import { onewayDirection, roadClass, speedKmh, type Tags } from './profile.ts';

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
}

export interface RoadGraph {
  nodes: OsmNode[];
  edges: RoadEdge[];
  skippedWays: number;
}

const R = 6_371_008.8;
const rad = Math.PI / 180;

/** Great-circle distance in metres (same sphere as PostGIS ST_DistanceSphere). */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Turns OSM ways into a routable graph: keeps driveable ways (profile.ts), splits each at its junctions (nodes
 * used by more than one driveable way, or twice by the same way) and ends, so vertices are only where a route
 * can branch — a far smaller graph than one vertex per OSM node. Ways with unknown nodes (cut by the extract
 * boundary) keep their known runs. `oneway=-1` ways are stored reversed, so `source → target` is always the
 * driving direction.
 */
export function buildRoadGraph(
  coords: ReadonlyMap<number, readonly [number, number]>,
  ways: readonly OsmWay[],
): RoadGraph {
  const driveable: { way: OsmWay; cls: string; nodes: number[] }[] = [];
  let skippedWays = 0;
  for (const way of ways) {
    const cls = roadClass(way.tags);
    if (!cls) continue;
    const dir = onewayDirection(way.tags);
    const nodes = dir === -1 ? [...way.nodes].reverse() : [...way.nodes];
    if (nodes.length < 2) {
      skippedWays++;
      continue;
    }
    driveable.push({ way, cls, nodes });
  }
  const uses = new Map<number, number>();
  for (const d of driveable) for (const n of d.nodes) uses.set(n, (uses.get(n) ?? 0) + 1);

  const vertices = new Map<number, OsmNode>();
  const vertex = (id: number) => {
    if (!vertices.has(id)) {
      const c = coords.get(id);
      if (c) vertices.set(id, { id, lon: c[0], lat: c[1] });
    }
  };
  const edges: RoadEdge[] = [];
  for (const { way, cls, nodes } of driveable) {
    const speed = speedKmh(way.tags, cls);
    const oneway = onewayDirection(way.tags) !== 0;
    let run: number[] = [];
    const flush = () => {
      if (run.length >= 2) {
        const pts = run.map((id) => coords.get(id) as readonly [number, number]);
        let lengthM = 0;
        for (let i = 1; i < pts.length; i++) {
          const a = pts[i - 1] as readonly [number, number];
          const b = pts[i] as readonly [number, number];
          lengthM += haversineM(a[0], a[1], b[0], b[1]);
        }
        const source = run[0] as number;
        const target = run[run.length - 1] as number;
        vertex(source);
        vertex(target);
        const cost = lengthM / (speed / 3.6);
        edges.push({
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
        });
      }
    };
    for (const [i, id] of nodes.entries()) {
      if (!coords.has(id)) {
        // Outside the extract: end the current run here, start again at the next known node.
        flush();
        run = [];
        continue;
      }
      run.push(id);
      const junction = (uses.get(id) ?? 0) > 1;
      if (junction && i > 0 && run.length >= 2) {
        flush();
        run = [id];
      }
    }
    flush();
  }
  return { nodes: [...vertices.values()], edges, skippedWays };
}
