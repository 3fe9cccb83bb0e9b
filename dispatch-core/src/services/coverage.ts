import { performance } from 'node:perf_hooks';
import { coverage } from '@c120/db/repositories';
import type { CoverageReport } from '../contracts/coverage.ts';
import {
  foldBestTimes,
  computeCoverage,
  suggestMoveUp,
  type CoverageTargets,
  type DemandPoint,
  type TimeMatrix,
} from '../domain/coverage.ts';
import type { LonLat } from '../domain/eta.ts';
import { TimeSlice } from '../domain/time-slice.ts';
import { GRID_DEG, loadDemand, type DemandRow } from '../repositories/coverage-demand.ts';
import { isStale } from '../repositories/units.ts';
import type { ServiceContext } from './context.ts';

export type { CoverageReport } from '../contracts/coverage.ts';

export const MOVE_UP_EXPLANATION =
  'Maximal covering, one move: of every idle ambulance at every station, this move reaches the most additional ' +
  'residents within target (最大覆盖模型：移动一辆待命车后新增覆盖人口最多的方案).';

const round = (t: number | null) => (t === null || !Number.isFinite(t) ? null : Math.round(t));

/**
 * Coverage of the county by the available, fresh-positioned ambulances: the share of population (villages) and
 * area (grid cells) reached within target, per township, the holes, and a move-up suggestion when the population
 * share is below the goal. Drive times come from the shared `ctx.eta` (the model recommendations rank with).
 * One computation = 3 small queries + one ETA matrix units × demand points (+ stations × villages, cached
 * while stations and the model stay the same) + O(points × units) arithmetic; `computeMs` reports it.
 * When it runs is decided by LiveCoverage (coverage-live.ts).
 */
export class CoverageService {
  private demand: Promise<DemandRow[]> | null = null;
  private stationTimes: { key: string; demand: readonly DemandRow[]; times: TimeMatrix } | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    readonly targets: CoverageTargets,
    private readonly goalPopulationShare: number,
    /** Grid cell size for area coverage, degrees (smaller: more cells, finer map, more work). */
    private readonly gridDeg: number = GRID_DEG,
  ) {}

  /** Forget cached demand points and station times (after editing places, townships, stations or roads). */
  invalidate(): void {
    this.demand = null;
    this.stationTimes = null;
  }

  private loadDemand(): Promise<DemandRow[]> {
    if (!this.demand) {
      this.demand = loadDemand(this.ctx.db, this.gridDeg);
      this.demand.catch(() => (this.demand = null));
    }
    return this.demand;
  }

  async compute(trigger: string): Promise<CoverageReport> {
    const demand = await this.loadDemand();
    const t0 = performance.now();
    const [units, stations, townships, pending] = await Promise.all([
      coverage.availableAmbulances(this.ctx.db),
      coverage.stationPoints(this.ctx.db),
      coverage.townshipNames(this.ctx.db),
      coverage.pendingRelocations(this.ctx.db),
    ]);
    // A unit whose position is stale is not counted: coverage must not rest on where a unit only claims to be.
    const fresh = units.filter(
      (u) => !isStale(u.fix_at ? new Date(u.fix_at) : null, this.ctx.config.staleAfterSeconds),
    );
    const origins: LonLat[] = fresh.map((u) => ({ lon: Number(u.lon), lat: Number(u.lat) }));
    // Between steps the event loop gets a turn (a dispatcher's request must not wait for the whole recompute).
    const slice = new TimeSlice();
    const times = origins.length > 0 ? await this.ctx.eta.matrix(origins, demand) : [];
    await slice.pause();
    const best = new Float64Array(demand.length).fill(Infinity);
    for (const row of times) {
      foldBestTimes(best, row);
      await slice.pause();
    }
    const result = computeCoverage(demand, times, this.targets, best);
    await slice.pause();

    const villageIdx = demand.flatMap((d, i) => (d.kind === 'village' ? [i] : []));
    const villages: DemandPoint[] = villageIdx.map((i) => demand[i] as DemandPoint);
    let move: ReturnType<typeof suggestMoveUp> = null;
    if (result.populationShare < this.goalPopulationShare && origins.length > 0 && stations.length > 0) {
      const stationTimes = await this.timesFromStations(stations, demand, villages);
      // A unit already ordered to a station counts as standing there (it is on its way) and is not moved again,
      // so the page never suggests an accepted move twice and the next suggestion builds on it.
      const target = new Map(pending.map((p) => [Number(p.unit_id), Number(p.station_id)]));
      const stationIdx = new Map(stations.map((s, i) => [Number(s.id), i]));
      const unitTimes = times.map((row, ui) => {
        const si = stationIdx.get(target.get(Number(fresh[ui]?.id)) ?? -1);
        return si === undefined ? villageIdx.map((i) => row[i] ?? Infinity) : (stationTimes[si] ?? []);
      });
      const movable = fresh.map((u) => !target.has(Number(u.id)));
      move = suggestMoveUp(villages, unitTimes, stationTimes, this.targets, movable);
      await slice.pause();
    }
    const uncoveredIds = new Set(result.uncovered.map((u) => u.id));
    const unit = move ? fresh[move.unitIndex] : undefined;
    const station = move ? stations[move.stationIndex] : undefined;
    const rows = demand.map((d, i): CellState => ({
      covered: !uncoveredIds.has(d.id),
      etaSeconds: round(best[i] ?? null),
    }));
    return {
      computedAt: new Date().toISOString(),
      computeMs: Math.round((performance.now() - t0) * 10) / 10,
      trigger,
      model: this.ctx.eta.name,
      modelInfo: this.ctx.eta.info,
      targets: this.targets,
      goalPopulationShare: this.goalPopulationShare,
      availableUnits: origins.length,
      populationShare: result.populationShare,
      areaShare: result.areaShare,
      population: result.population,
      coveredPopulation: result.coveredPopulation,
      areaKm2: Math.round(result.areaKm2 * 10) / 10,
      coveredAreaKm2: Math.round(result.coveredAreaKm2 * 10) / 10,
      byTownship: townships.map((t) => {
        const r = result.byTownship[t.code];
        return {
          code: t.code,
          name: t.name,
          populationShare: r?.populationShare ?? 0,
          areaShare: r?.areaShare ?? 0,
          population: r?.population ?? 0,
          coveredPopulation: r?.coveredPopulation ?? 0,
        };
      }),
      gridDeg: this.gridDeg,
      cells: demand.flatMap((d, i) => (d.kind === 'cell' ? [{ i: d.i, j: d.j, ...(rows[i] as CellState) }] : [])),
      villages: demand.flatMap((d, i) =>
        d.kind === 'village'
          ? [
              {
                id: d.placeId ?? 0,
                name: d.name ?? '',
                lon: d.lon,
                lat: d.lat,
                population: d.population,
                ...(rows[i] as CellState),
              },
            ]
          : [],
      ),
      uncovered: demand.flatMap((d, i) =>
        (rows[i] as CellState).covered
          ? []
          : [{ kind: d.kind, name: d.name, lon: d.lon, lat: d.lat, etaSeconds: (rows[i] as CellState).etaSeconds }],
      ),
      pendingMoves: pending.map((p) => ({
        relocationId: Number(p.id),
        unitId: Number(p.unit_id),
        callSign: p.call_sign,
        stationId: Number(p.station_id),
        stationName: p.station_name,
        orderedAt: new Date(p.ordered_at).toISOString(),
        acknowledgedAt: p.acknowledged_at ? new Date(p.acknowledged_at).toISOString() : null,
      })),
      moveUp:
        move && unit && station
          ? {
              unitId: unit.id,
              callSign: unit.call_sign,
              stationId: station.id,
              stationName: station.name,
              gainPopulation: move.gainPopulation,
              populationShareAfter: move.populationShareAfter,
              explanation: MOVE_UP_EXPLANATION,
            }
          : null,
    };
  }

  /** Stations → villages drive times; stations and demand rarely change, so kept while they and the model stay. */
  private async timesFromStations(
    stations: readonly { id: number; lon: number; lat: number }[],
    demand: readonly DemandRow[],
    villages: readonly DemandPoint[],
  ): Promise<TimeMatrix> {
    const key = `${this.ctx.eta.name}|${stations.map((s) => `${s.id}:${s.lon},${s.lat}`).join(';')}`;
    // Keyed by the demand array too: a computation that started before invalidate() must not keep its times.
    if (this.stationTimes?.key === key && this.stationTimes.demand === demand) return this.stationTimes.times;
    const origins = stations.map((s) => ({ lon: Number(s.lon), lat: Number(s.lat) }));
    const times = await this.ctx.eta.matrix(origins, villages);
    this.stationTimes = { key, demand, times };
    return times;
  }
}

interface CellState {
  covered: boolean;
  etaSeconds: number | null;
}
