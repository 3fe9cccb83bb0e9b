import type { Queryable } from '@c120/db';
import type { EtaModelInfo } from '../../contracts/coverage.ts';
import {
  START_SECONDS,
  STRAIGHT_LINE_INFO,
  STRAIGHT_LINE_MODEL,
  type Destination,
  type EtaModel,
  type LonLat,
} from '../eta.ts';
import type { RoadGraph } from './graph.ts';

/** The road edge a point is nearest to (costs in seconds source → target; reverseCost < 0: one-way). */
export interface SnapEdge {
  id: number;
  source: number;
  target: number;
  cost: number;
  reverseCost: number;
}

/**
 * Where a point joins the network: the nearest point on the nearest edge (not the nearest junction: in the
 * countryside that can be kilometres along the road), as a fraction of the edge from its source, and how far
 * the point is from the road.
 */
export interface Snap {
  edge: SnapEdge | null;
  fraction: number;
  distanceM: number;
}

/** Finds the nearest edge of many points (in PostGIS: repositories/road-network.ts). */
export interface Snapper {
  snap(points: readonly LonLat[], db?: Queryable): Promise<Snap[]>;
}

export interface NetworkEtaOptions {
  /** A point farther than this from every road is "outside the network": straight-line model. */
  maxSnapM: number;
  /** Speed of the leg between a point and its road (yard, lane, field track not in the network). */
  offNetworkKmh: number;
}

export const DEFAULT_NETWORK_OPTIONS: NetworkEtaOptions = { maxSnapM: 1000, offNetworkKmh: 15 };

/** (node index, seconds) pairs: where a trip enters the graph, or where it leaves it for the destination. */
type Ends = [number, number][];

/**
 * Drive times on the road graph: `START_SECONDS` + off-network leg to the road + the part of the origin's edge
 * to one of its ends + graph time + the part of the destination's edge + off-network leg. A one-way edge is
 * only driven in its direction (also its partial parts); turn restrictions are not modelled. With fewer
 * origins than destinations (coverage: units → villages) one forward search runs per distinct origin;
 * otherwise (recommendations: 20 units → one scene) one backward search per destination. Both give the same
 * times. Two points on the same edge also get the direct drive along it. A pair where either end is outside
 * the network, or with no path (a one-way trap at the extract's edge), uses the fallback model, so a unit is
 * never hidden from the dispatcher because the map is incomplete.
 */
export class NetworkEtaModel implements EtaModel {
  readonly name: string;
  readonly info: EtaModelInfo;

  constructor(
    private readonly graph: RoadGraph,
    private readonly snapper: Snapper,
    private readonly options: NetworkEtaOptions = DEFAULT_NETWORK_OPTIONS,
    private readonly fallback: EtaModel = STRAIGHT_LINE_MODEL,
  ) {
    this.name =
      `road network (${graph.size} nodes; speed by road class, from the nearest point of the nearest road, ` +
      `off-network legs ${options.offNetworkKmh} km/h, +${START_SECONDS} s start); beyond ${options.maxSnapM} m ` +
      `of a road: ${fallback.name}`;
    this.info = {
      kind: 'road_network',
      nodes: graph.size,
      offNetworkKmh: options.offNetworkKmh,
      maxSnapM: options.maxSnapM,
      startSeconds: START_SECONDS,
      fallback: fallback.info.kind === 'straight_line' ? fallback.info : STRAIGHT_LINE_INFO,
    };
  }

  private usable(s: Snap | undefined): s is Snap & { edge: SnapEdge } {
    return !!s && s.edge !== null && s.distanceM <= this.options.maxSnapM;
  }

  /** Where a trip starting at snap `s` reaches the graph's nodes, and after how long on its edge. */
  private entries(s: Snap & { edge: SnapEdge }): Ends {
    const { edge, fraction: f } = s;
    const out: Ends = [];
    const src = this.graph.index.get(edge.source);
    const tgt = this.graph.index.get(edge.target);
    if (tgt !== undefined) out.push([tgt, (1 - f) * edge.cost]);
    if (src !== undefined && edge.reverseCost >= 0) out.push([src, f * edge.reverseCost]);
    return out;
  }

  /** From which nodes a trip reaches snap `s`, and how long the rest of its edge takes. */
  private exits(s: Snap & { edge: SnapEdge }): Ends {
    const { edge, fraction: f } = s;
    const out: Ends = [];
    const src = this.graph.index.get(edge.source);
    const tgt = this.graph.index.get(edge.target);
    if (src !== undefined) out.push([src, f * edge.cost]);
    if (tgt !== undefined && edge.reverseCost >= 0) out.push([tgt, (1 - f) * edge.reverseCost]);
    return out;
  }

  /** Along one shared edge without leaving it (Infinity when the one-way forbids it). */
  private direct(a: Snap & { edge: SnapEdge }, b: Snap & { edge: SnapEdge }): number {
    if (a.edge.id !== b.edge.id) return Infinity;
    if (b.fraction >= a.fraction) return (b.fraction - a.fraction) * a.edge.cost;
    return a.edge.reverseCost >= 0 ? (a.fraction - b.fraction) * a.edge.reverseCost : Infinity;
  }

  async matrix(origins: readonly LonLat[], destinations: readonly Destination[], db?: Queryable): Promise<number[][]> {
    // One snap query for both ends (cached points are not asked again).
    const snaps = await this.snapper.snap([...origins, ...destinations], db);
    const from = snaps.slice(0, origins.length);
    const to = snaps.slice(origins.length);
    const leg = (s: Snap) => (s.distanceM * 3.6) / this.options.offNetworkKmh;
    const result: number[][] = origins.map(() => new Array<number>(destinations.length).fill(Infinity));
    const forward = origins.length <= destinations.length;
    const searches = new Map<string, Float64Array>();
    const search = (s: Snap & { edge: SnapEdge }) => {
      const key = `${s.edge.id}:${s.fraction}`;
      let times = searches.get(key);
      if (!times) {
        times = forward
          ? this.graph.shortestTimesFrom(this.entries(s), 'from')
          : this.graph.shortestTimesFrom(this.exits(s), 'to');
        searches.set(key, times);
      }
      return times;
    };
    const needFallback: [number, number][] = [];
    for (let i = 0; i < origins.length; i++) {
      const a = from[i];
      for (let j = 0; j < destinations.length; j++) {
        const b = to[j];
        if (!this.usable(a) || !this.usable(b)) {
          needFallback.push([i, j]);
          continue;
        }
        let graphTime = this.direct(a, b);
        if (forward) {
          const times = search(a);
          for (const [node, rest] of this.exits(b)) graphTime = Math.min(graphTime, (times[node] as number) + rest);
        } else {
          const times = search(b);
          for (const [node, part] of this.entries(a)) graphTime = Math.min(graphTime, (times[node] as number) + part);
        }
        if (graphTime === Infinity) needFallback.push([i, j]);
        else (result[i] as number[])[j] = START_SECONDS + leg(a) + graphTime + leg(b);
      }
    }
    if (needFallback.length > 0) {
      const fb = await this.fallback.matrix(origins, destinations, db);
      for (const [i, j] of needFallback) (result[i] as number[])[j] = fb[i]?.[j] ?? Infinity;
    }
    return result;
  }
}
