import type { EtaModelInfo } from '../contracts/coverage.ts';
import type { Database, Queryable } from '@c120/db';
import { STRAIGHT_LINE_MODEL, type Destination, type EtaModel, type LonLat } from '../domain/eta.ts';
import {
  NetworkEtaModel,
  DEFAULT_NETWORK_OPTIONS,
  type NetworkEtaOptions,
} from '../domain/road-network/network-eta.ts';
import { loadRoadGraph, PostgisSnapper } from '../repositories/road-network.ts';

/**
 * The ETA model the services share (`ctx.eta`): the road-network model while a network is stored, else the
 * straight-line one. `reload()` reads the network again (at start and after `npm run roads:import`); a failed
 * load keeps the model in use.
 */
export class SharedEta implements EtaModel {
  private current: EtaModel = STRAIGHT_LINE_MODEL;

  constructor(
    private readonly db: Database,
    private readonly options: NetworkEtaOptions = DEFAULT_NETWORK_OPTIONS,
  ) {}

  get name(): string {
    return this.current.name;
  }

  get info(): EtaModelInfo {
    return this.current.info;
  }

  /** True when the road network is in use. */
  get usesNetwork(): boolean {
    return this.current instanceof NetworkEtaModel;
  }

  matrix(origins: readonly LonLat[], destinations: readonly Destination[], db?: Queryable): Promise<number[][]> {
    return this.current.matrix(origins, destinations, db);
  }

  async reload(): Promise<void> {
    const graph = await loadRoadGraph(this.db);
    this.current = graph
      ? new NetworkEtaModel(graph, new PostgisSnapper(this.db), this.options, STRAIGHT_LINE_MODEL)
      : STRAIGHT_LINE_MODEL;
  }
}
