import type { AreaKind } from './eta.ts';

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

/**
 * Drive times as the shared `EtaModel` returns them: `times[s][p]` from source s to demand point p. Coverage and
 * move-up work on these numbers only, so they agree with recommendations by construction.
 */
export type TimeMatrix = readonly (readonly number[])[];

/**
 * Folds one unit's row of drive times into the best time per point. Row by row (each unit's times are one array)
 * is one pass over memory per unit; the earlier column-by-column minimum per point took ~400 ms at 10,000 units
 * and ran twice per recompute, on the core's event loop.
 */
export function foldBestTimes(best: Float64Array, row: readonly number[]): void {
  for (let i = 0; i < best.length; i++) {
    const t = row[i];
    if (t !== undefined && t < (best[i] as number)) best[i] = t;
  }
}

/** The best (smallest) time per point over all units; Infinity where no unit reaches or there is none. */
export function bestTimes(times: TimeMatrix, points: number): Float64Array {
  const best = new Float64Array(points).fill(Infinity);
  for (const row of times) foldBestTimes(best, row);
  return best;
}

function totals(
  points: readonly DemandPoint[],
  covered: (i: number) => boolean,
  only?: readonly number[],
): CoverageTotals {
  let population = 0;
  let coveredPopulation = 0;
  let areaKm2 = 0;
  let coveredAreaKm2 = 0;
  for (const i of only ?? points.keys()) {
    const p = points[i] as DemandPoint;
    population += p.population;
    areaKm2 += p.areaKm2;
    if (covered(i)) {
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
  times: TimeMatrix,
  targets: CoverageTargets = DEFAULT_TARGETS,
  /** bestTimes(times) when the caller already has it. */
  best: Float64Array = bestTimes(times, points.length),
): CoverageResult {
  const isCovered = (i: number) => {
    const t = best[i];
    return t !== undefined && t <= target(points[i] as DemandPoint, targets);
  };
  const groups = new Map<string, number[]>();
  for (const [i, p] of points.entries()) {
    if (!p.townshipCode) continue;
    const list = groups.get(p.townshipCode) ?? [];
    list.push(i);
    groups.set(p.townshipCode, list);
  }
  const byTownship: Record<string, CoverageTotals> = {};
  for (const [code, list] of groups) byTownship[code] = totals(points, isCovered, list);
  const uncovered: CoverageResult['uncovered'] = [];
  for (const [i, p] of points.entries()) {
    const t = best[i] ?? Infinity;
    if (!isCovered(i)) uncovered.push({ id: p.id, etaSeconds: Number.isFinite(t) ? t : null });
  }
  return { ...totals(points, isCovered), byTownship, uncovered };
}

export interface MoveUpSuggestion {
  /** Index into the units (rows of `unitTimes`). */
  unitIndex: number;
  /** Index into the stations (rows of `stationTimes`). */
  stationIndex: number;
  /** Population covered after the move minus before. */
  gainPopulation: number;
  populationShareAfter: number;
}

/**
 * Move-up (maximal covering, one move): for every idle unit and every station, the population covered if that
 * unit stood at that station instead; the move that covers the most additional people wins. This is the
 * greedy step of the classic maximal covering location heuristic (Church & ReVelle), applied to one vehicle at
 * a time so a dispatcher can accept or ignore each suggestion. Null when no move improves coverage.
 * Cost: O(units × stations × points) comparisons over precomputed times (the drive times are the expensive
 * part and are computed once per recomputation by the caller).
 */
export function suggestMoveUp(
  points: readonly DemandPoint[],
  unitTimes: TimeMatrix,
  stationTimes: TimeMatrix,
  targets: CoverageTargets = DEFAULT_TARGETS,
  /** Per unit: may it be moved? (A unit already under a move-up order is not suggested again.) Default all. */
  movable: readonly boolean[] = [],
): MoveUpSuggestion | null {
  const n = points.length;
  const limits = Float64Array.from(points, (p) => target(p, targets));
  const within = (row: readonly number[] | undefined, i: number) => (row?.[i] ?? Infinity) <= (limits[i] as number);
  const population = (i: number) => (points[i] as DemandPoint).population;
  // How many units reach each point now.
  const counts = new Int32Array(n);
  for (const row of unitTimes) for (let i = 0; i < n; i++) if (within(row, i)) counts[i] = (counts[i] as number) + 1;
  let before = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += population(i);
    if ((counts[i] as number) > 0) before += population(i);
  }
  // Moving unit u to station s changes coverage only at (a) points no unit reaches now, gained if s reaches
  // them, and (b) points u alone reaches, lost unless s reaches them too: gain = newly(s) − alone(u) + kept(u, s).
  // Same result as trying every move over every point, in O(stations × points + units × points) plus the
  // short "u alone" lists per station (a full O(units × stations × points) pass was 17–30 ms for 24 units).
  const newly = stationTimes.map((row) => {
    let sum = 0;
    for (let i = 0; i < n; i++) if (counts[i] === 0 && within(row, i)) sum += population(i);
    return sum;
  });
  let best: MoveUpSuggestion | null = null;
  for (const [ui, uRow] of unitTimes.entries()) {
    if (movable[ui] === false) continue;
    const alone: number[] = [];
    let lost = 0;
    for (let i = 0; i < n; i++) {
      if (counts[i] === 1 && within(uRow, i)) {
        alone.push(i);
        lost += population(i);
      }
    }
    for (const [si, sRow] of stationTimes.entries()) {
      let kept = 0;
      for (const i of alone) if (within(sRow, i)) kept += population(i);
      const gain = (newly[si] as number) - lost + kept;
      if (gain > 0 && (!best || gain > best.gainPopulation)) {
        best = {
          unitIndex: ui,
          stationIndex: si,
          gainPopulation: gain,
          populationShareAfter: total ? (before + gain) / total : 0,
        };
      }
    }
  }
  return best;
}
