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

/** Where a point joins the network: the nearest road node (OSM id) and how far away it is. */
export interface Snap {
  nodeId: number | null;
  distanceM: number;
}

/** Finds the nearest network node of many points (in PostGIS: repositories/road-network.ts). */
export interface Snapper {
  snap(points: readonly LonLat[], db?: Queryable): Promise<Snap[]>;
}

export interface NetworkEtaOptions {
  /** A point farther than this from every road node is "outside the network": straight-line model. */
  maxSnapM: number;
  /** Speed of the leg between a point and its road node (yard, lane, field track not in the network). */
  offNetworkKmh: number;
}

export const DEFAULT_NETWORK_OPTIONS: NetworkEtaOptions = { maxSnapM: 1000, offNetworkKmh: 15 };

/**
 * Drive times on the road graph: `START_SECONDS` + off-network leg at the origin + graph time + off-network
 * leg at the destination. With fewer origins than destinations (coverage: units → villages) one forward search
 * runs per distinct origin node; otherwise (recommendations: 20 units → one scene) one backward search per
 * destination node. Both give the same shortest times, so ranking and coverage agree. A pair where either end
 * is outside the network, or with no path (a one-way trap at the extract's edge), uses the fallback model, so a
 * unit is never hidden from the dispatcher because the map is incomplete.
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
      `road network (${graph.size} nodes; speed by road class, off-network legs ${options.offNetworkKmh} km/h, ` +
      `+${START_SECONDS} s start); beyond ${options.maxSnapM} m of a road: ${fallback.name}`;
    this.info = {
      kind: 'road_network',
      nodes: graph.size,
      offNetworkKmh: options.offNetworkKmh,
      maxSnapM: options.maxSnapM,
      startSeconds: START_SECONDS,
      fallback: fallback.info.kind === 'straight_line' ? fallback.info : STRAIGHT_LINE_INFO,
    };
  }

  async matrix(origins: readonly LonLat[], destinations: readonly Destination[], db?: Queryable): Promise<number[][]> {
    // One snap query for both ends (cached points are not asked again).
    const snaps = await this.snapper.snap([...origins, ...destinations], db);
    const from = snaps.slice(0, origins.length);
    const to = snaps.slice(origins.length);
    const leg = (s: Snap | undefined) => ((s?.distanceM ?? 0) * 3.6) / this.options.offNetworkKmh;
    const nodeOf = (s: Snap | undefined) => {
      if (!s || s.nodeId === null || s.distanceM > this.options.maxSnapM) return -1;
      return this.graph.index.get(s.nodeId) ?? -1;
    };
    const fromNodes = from.map(nodeOf);
    const toNodes = to.map(nodeOf);
    const result: number[][] = origins.map(() => new Array<number>(destinations.length).fill(Infinity));
    const forward = origins.length <= destinations.length;
    const searches = new Map<number, Float64Array>();
    const search = (node: number) => {
      let times = searches.get(node);
      if (!times) {
        times = this.graph.shortestTimes(node, forward ? 'from' : 'to');
        searches.set(node, times);
      }
      return times;
    };
    const needFallback: [number, number][] = [];
    for (let i = 0; i < origins.length; i++) {
      const a = fromNodes[i] as number;
      for (let j = 0; j < destinations.length; j++) {
        const b = toNodes[j] as number;
        const graphTime = a < 0 || b < 0 ? Infinity : forward ? (search(a)[b] as number) : (search(b)[a] as number);
        if (graphTime === Infinity) needFallback.push([i, j]);
        else (result[i] as number[])[j] = START_SECONDS + leg(from[i]) + graphTime + leg(to[j]);
      }
    }
    if (needFallback.length > 0) {
      const fb = await this.fallback.matrix(origins, destinations, db);
      for (const [i, j] of needFallback) (result[i] as number[])[j] = fb[i]?.[j] ?? Infinity;
    }
    return result;
  }
}
