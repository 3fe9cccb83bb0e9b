import { performance } from 'node:perf_hooks';
import type { AreaKind } from '../domain/eta.ts';
import {
  computeCoverage,
  DEFAULT_TARGETS,
  suggestMoveUp,
  type CoverageTargets,
  type DemandPoint,
  type Source,
} from '../domain/coverage.ts';
import { isStale } from '../repositories/units.ts';
import type { ServiceContext } from './context.ts';

/** Grid for area coverage: 0.01° squares (≈ 0.95 × 1.1 km at Danyang's latitude), clipped to the county. */
const GRID_DEG = 0.01;
/** Recomputed at most this often; the cost is measured and returned (`computeMs`). */
const MEMO_MS = 2000;

export interface CoverageReport {
  computedAt: string;
  computeMs: number;
  model: string;
  targets: CoverageTargets;
  availableUnits: number;
  populationShare: number;
  areaShare: number;
  population: number;
  coveredPopulation: number;
  areaKm2: number;
  coveredAreaKm2: number;
  byTownship: {
    code: string;
    name: string;
    populationShare: number;
    areaShare: number;
    population: number;
    coveredPopulation: number;
  }[];
  /** Villages and grid cells not reached within target. */
  uncovered: { kind: 'village' | 'cell'; name: string | null; lon: number; lat: number; etaSeconds: number | null }[];
  moveUp: {
    unitId: number;
    callSign: string;
    stationId: number;
    stationName: string;
    gainPopulation: number;
    populationShareAfter: number;
    explanation: string;
  } | null;
}

interface DemandRow extends DemandPoint {
  kind: 'village' | 'cell';
  name: string | null;
}

/**
 * Live coverage for officials: the share of population (villages) and area (grid cells) that an available,
 * fresh-positioned ambulance reaches within target, by the same ETA model as recommendations. Demand points are
 * read once; units are read per computation (≈ one query + O(points × units) arithmetic, a few ms for the demo
 * county) and results are memoised for 2 s, so any number of consoles polling costs at most one computation
 * per 2 s.
 */
export class CoverageService {
  private demand: Promise<DemandRow[]> | null = null;
  private memo: { at: number; report: Promise<CoverageReport> } | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly targets: CoverageTargets = DEFAULT_TARGETS,
  ) {}

  report(): Promise<CoverageReport> {
    const now = Date.now();
    if (!this.memo || now - this.memo.at > MEMO_MS) {
      const report = this.compute();
      this.memo = { at: now, report };
      report.catch(() => (this.memo = null));
    }
    return this.memo.report;
  }

  /** Forget cached demand points (after editing places, townships or the boundary). */
  invalidate(): void {
    this.demand = null;
    this.memo = null;
  }

  private loadDemand(): Promise<DemandRow[]> {
    if (!this.demand) {
      this.demand = (async () => {
        const villages = await this.ctx.db.query<{
          id: number;
          name: string;
          lon: number;
          lat: number;
          code: string | null;
          kind: string | null;
          population: number;
        }>(
          `SELECT p.id, p.name, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, t.code, t.kind, coalesce(p.population, 0) AS population
           FROM places p LEFT JOIN townships t ON t.code = p.township_code
           WHERE p.kind IN ('village', 'community')`,
        );
        const cells = await this.ctx.db.query<{
          i: number;
          j: number;
          lon: number;
          lat: number;
          km2: number;
          code: string | null;
          kind: string | null;
        }>(
          `WITH county AS (SELECT ST_Union(geom) AS geom FROM regions),
                grid AS (SELECT (ST_SquareGrid($1, county.geom)).* FROM county),
                clipped AS (SELECT grid.i, grid.j, ST_Intersection(grid.geom, county.geom) AS geom
                            FROM grid, county WHERE ST_Intersects(grid.geom, county.geom))
           SELECT c.i, c.j, ST_X(ST_PointOnSurface(c.geom)) AS lon, ST_Y(ST_PointOnSurface(c.geom)) AS lat,
                  ST_Area(c.geom::geography) / 1e6 AS km2, t.code, t.kind
           FROM clipped c LEFT JOIN townships t ON ST_Contains(t.geom, ST_PointOnSurface(c.geom))
           WHERE NOT ST_IsEmpty(c.geom)`,
          [GRID_DEG],
        );
        const area = (kind: string | null): AreaKind => (kind === '街道' ? 'urban' : 'rural');
        return [
          ...villages.rows.map((v): DemandRow => ({
            id: `v${v.id}`,
            kind: 'village',
            name: v.name,
            lon: Number(v.lon),
            lat: Number(v.lat),
            area: area(v.kind),
            townshipCode: v.code,
            population: Number(v.population),
            areaKm2: 0,
          })),
          ...cells.rows.map((c): DemandRow => ({
            id: `c${c.i}_${c.j}`,
            kind: 'cell',
            name: null,
            lon: Number(c.lon),
            lat: Number(c.lat),
            area: area(c.kind),
            townshipCode: c.code,
            population: 0,
            areaKm2: Number(c.km2),
          })),
        ];
      })();
      this.demand.catch(() => (this.demand = null));
    }
    return this.demand;
  }

  private async compute(): Promise<CoverageReport> {
    const demand = await this.loadDemand();
    const t0 = performance.now();
    const [units, stations, townships] = await Promise.all([
      this.ctx.db.query<{ id: number; call_sign: string; lon: number; lat: number; fix_at: Date | null }>(
        `SELECT id, call_sign, ST_X(position) AS lon, ST_Y(position) AS lat, fix_at FROM units
         WHERE status = 'available' AND position IS NOT NULL AND kind LIKE '%ambulance'`,
      ),
      this.ctx.db.query<{ id: number; name: string; lon: number; lat: number }>(
        'SELECT id, name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM stations',
      ),
      this.ctx.db.query<{ code: string; name: string }>('SELECT code, name FROM townships ORDER BY code'),
    ]);
    // A unit whose position is stale is not counted: coverage must not rest on where a unit only claims to be.
    const fresh = units.rows.filter(
      (u) => !isStale(u.fix_at ? new Date(u.fix_at) : null, this.ctx.config.staleAfterSeconds),
    );
    const sources: Source[] = fresh.map((u) => ({ id: String(u.id), lon: Number(u.lon), lat: Number(u.lat) }));
    const result = computeCoverage(demand, sources, this.ctx.eta, this.targets);
    const stationSources: Source[] = stations.rows.map((s) => ({
      id: String(s.id),
      lon: Number(s.lon),
      lat: Number(s.lat),
    }));
    const villages = demand.filter((d) => d.kind === 'village');
    const move = suggestMoveUp(villages, sources, stationSources, this.ctx.eta, this.targets);
    const byId = new Map(demand.map((d) => [d.id, d]));
    const unit = move ? fresh.find((u) => String(u.id) === move.unitId) : undefined;
    const station = move ? stations.rows.find((s) => String(s.id) === move.stationId) : undefined;
    return {
      computedAt: new Date().toISOString(),
      computeMs: Math.round((performance.now() - t0) * 10) / 10,
      model: this.ctx.eta.name,
      targets: this.targets,
      availableUnits: sources.length,
      populationShare: result.populationShare,
      areaShare: result.areaShare,
      population: result.population,
      coveredPopulation: result.coveredPopulation,
      areaKm2: Math.round(result.areaKm2 * 10) / 10,
      coveredAreaKm2: Math.round(result.coveredAreaKm2 * 10) / 10,
      byTownship: townships.rows.map((t) => {
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
      uncovered: result.uncovered.flatMap((u) => {
        const d = byId.get(u.id);
        return d
          ? [
              {
                kind: d.kind,
                name: d.name,
                lon: d.lon,
                lat: d.lat,
                etaSeconds: u.etaSeconds === null ? null : Math.round(u.etaSeconds),
              },
            ]
          : [];
      }),
      moveUp:
        move && unit && station
          ? {
              unitId: unit.id,
              callSign: unit.call_sign,
              stationId: station.id,
              stationName: station.name,
              gainPopulation: move.gainPopulation,
              populationShareAfter: move.populationShareAfter,
              explanation:
                'Maximal covering, one move: of every idle ambulance at every station, this move reaches the most ' +
                'additional residents within target (最大覆盖模型：移动一辆待命车后新增覆盖人口最多的方案).',
            }
          : null,
    };
  }
}
