import type { AreaKind, EtaModel } from './eta.ts';
import { sphereDistanceM } from './geo.ts';

/** A place that needs to be reachable: a village (weighted by people) or a grid cell (weighted by km²). */
export interface DemandPoint {
  id: string;
  lon: number;
  lat: number;
  area: AreaKind;
  townshipCode: string | null;
  population: number;
  areaKm2: number;
}

/** Where a response can start: an available unit's position, or a station a unit could move to. */
export interface Source {
  id: string;
  lon: number;
  lat: number;
}

/** Response-time targets in seconds, by area (Chinese 120 planning practice: ~12 min urban, ~30 min rural). */
export interface CoverageTargets {
  urbanSeconds: number;
  ruralSeconds: number;
}

export const DEFAULT_TARGETS: CoverageTargets = { urbanSeconds: 12 * 60, ruralSeconds: 30 * 60 };

export interface CoverageTotals {
  population: number;
  coveredPopulation: number;
  areaKm2: number;
  coveredAreaKm2: number;
  populationShare: number;
  areaShare: number;
}

export interface CoverageResult extends CoverageTotals {
  byTownship: Record<string, CoverageTotals>;
  /** Demand points not reached within target, with their best ETA (null: no unit at all). */
  uncovered: { id: string; etaSeconds: number | null }[];
}

const target = (p: DemandPoint, t: CoverageTargets) => (p.area === 'urban' ? t.urbanSeconds : t.ruralSeconds);

/** Best drive time from any source to a point, by the shared ETA model. */
export function bestEta(p: DemandPoint, sources: readonly Source[], eta: EtaModel): number | null {
  let best: number | null = null;
  for (const s of sources) {
    const t = eta.estimateDriveSeconds(sphereDistanceM(s.lon, s.lat, p.lon, p.lat), p.area);
    if (best === null || t < best) best = t;
  }
  return best;
}

function totals(points: readonly DemandPoint[], covered: (p: DemandPoint) => boolean): CoverageTotals {
  let population = 0;
  let coveredPopulation = 0;
  let areaKm2 = 0;
  let coveredAreaKm2 = 0;
  for (const p of points) {
    population += p.population;
    areaKm2 += p.areaKm2;
    if (covered(p)) {
      coveredPopulation += p.population;
      coveredAreaKm2 += p.areaKm2;
    }
  }
  return {
    population,
    coveredPopulation,
    areaKm2,
    coveredAreaKm2,
    populationShare: population ? coveredPopulation / population : 0,
    areaShare: areaKm2 ? coveredAreaKm2 / areaKm2 : 0,
  };
}

/** Share of population and area reachable within target, overall and per township. */
export function computeCoverage(
  points: readonly DemandPoint[],
  sources: readonly Source[],
  eta: EtaModel,
  targets: CoverageTargets = DEFAULT_TARGETS,
): CoverageResult {
  const best = new Map(points.map((p) => [p.id, bestEta(p, sources, eta)]));
  const isCovered = (p: DemandPoint) => {
    const t = best.get(p.id);
    return t !== null && t !== undefined && t <= target(p, targets);
  };
  const byTownship: Record<string, CoverageTotals> = {};
  const groups = new Map<string, DemandPoint[]>();
  for (const p of points) {
    if (!p.townshipCode) continue;
    const list = groups.get(p.townshipCode) ?? [];
    list.push(p);
    groups.set(p.townshipCode, list);
  }
  for (const [code, list] of groups) byTownship[code] = totals(list, isCovered);
  return {
    ...totals(points, isCovered),
    byTownship,
    uncovered: points.filter((p) => !isCovered(p)).map((p) => ({ id: p.id, etaSeconds: best.get(p.id) ?? null })),
  };
}

export interface MoveUpSuggestion {
  unitId: string;
  stationId: string;
  /** Population covered after the move minus before. */
  gainPopulation: number;
  populationShareAfter: number;
}

/**
 * Move-up (maximal covering, one move): for every idle unit and every station, the population covered if that
 * unit stood at that station instead; the move that covers the most additional people wins. This is the
 * greedy step of the classic maximal covering location heuristic (Church & ReVelle), applied to one vehicle at
 * a time so a dispatcher can accept or ignore each suggestion. Null when no move improves coverage.
 */
export function suggestMoveUp(
  points: readonly DemandPoint[],
  units: readonly Source[],
  stations: readonly Source[],
  eta: EtaModel,
  targets: CoverageTargets = DEFAULT_TARGETS,
): MoveUpSuggestion | null {
  const limit = (p: DemandPoint) => target(p, targets);
  // Drive times once: points × units and points × stations.
  const fromUnit = units.map((u) =>
    points.map((p) => eta.estimateDriveSeconds(sphereDistanceM(u.lon, u.lat, p.lon, p.lat), p.area)),
  );
  const fromStation = stations.map((s) =>
    points.map((p) => eta.estimateDriveSeconds(sphereDistanceM(s.lon, s.lat, p.lon, p.lat), p.area)),
  );
  const coveredBy = (times: number[][]) =>
    points.map((p, i) => times.filter((t) => (t[i] ?? Infinity) <= limit(p)).length);
  const counts = coveredBy(fromUnit);
  const before = points.reduce((a, p, i) => a + ((counts[i] ?? 0) > 0 ? p.population : 0), 0);
  const total = points.reduce((a, p) => a + p.population, 0);
  let best: MoveUpSuggestion | null = null;
  for (const [ui, u] of units.entries()) {
    for (const [si, s] of stations.entries()) {
      let after = 0;
      for (const [i, p] of points.entries()) {
        const others = (counts[i] ?? 0) - ((fromUnit[ui]?.[i] ?? Infinity) <= limit(p) ? 1 : 0);
        const moved = (fromStation[si]?.[i] ?? Infinity) <= limit(p) ? 1 : 0;
        if (others + moved > 0) after += p.population;
      }
      const gain = after - before;
      if (gain > 0 && (!best || gain > best.gainPopulation)) {
        best = { unitId: u.id, stationId: s.id, gainPopulation: gain, populationShareAfter: total ? after / total : 0 };
      }
    }
  }
  return best;
}
