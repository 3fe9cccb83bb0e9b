import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { CoverageReport, StraightLineModelInfo, UnitView } from '@c120/dispatch-core/contracts';
import type { MessageKey } from '../i18n/index.ts';
import type { MessageParams } from '../i18n/translate.ts';
import type { Projection } from '../map/coords.ts';

export interface CellProps {
  covered: boolean;
  /** Best drive time in minutes (null: no available unit at all). */
  minutes: number | null;
}

export interface VillageProps {
  name: string;
  population: number;
  covered: boolean;
  minutes: number | null;
}

/**
 * Drive time in whole minutes, rounded UP: a time over a whole-minute target is never shown as the target
 * (12 min 20 s against 12 minutes reads "13 分钟", not "12 分钟"), and a covered place never reads over it.
 */
export const minutesUp = (s: number | null) => (s === null ? null : Math.ceil(s / 60));
const minutes = minutesUp;

/** Grid cells as squares (the server's ST_SquareGrid cells: i·size … (i+1)·size), coloured by `covered`. */
export function cellFeatures(report: CoverageReport, project: Projection): FeatureCollection<Polygon, CellProps> {
  const d = report.gridDeg;
  return {
    type: 'FeatureCollection',
    features: report.cells.map((c): Feature<Polygon, CellProps> => ({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            project.toDisplay([c.i * d, c.j * d]),
            project.toDisplay([(c.i + 1) * d, c.j * d]),
            project.toDisplay([(c.i + 1) * d, (c.j + 1) * d]),
            project.toDisplay([c.i * d, (c.j + 1) * d]),
            project.toDisplay([c.i * d, c.j * d]),
          ],
        ],
      },
      properties: { covered: c.covered, minutes: minutes(c.etaSeconds) },
    })),
  };
}

/** Villages as points; uncovered ones are the holes the page highlights. */
export function villageFeatures(report: CoverageReport, project: Projection): FeatureCollection<Point, VillageProps> {
  return {
    type: 'FeatureCollection',
    features: report.villages.map((v): Feature<Point, VillageProps> => ({
      type: 'Feature',
      id: v.id,
      geometry: { type: 'Point', coordinates: project.toDisplay([v.lon, v.lat]) },
      properties: { name: v.name, population: v.population, covered: v.covered, minutes: minutes(v.etaSeconds) },
    })),
  };
}

export interface TownshipRow {
  code: string;
  name: string;
  /** 0–100, rounded. */
  populationPercent: number;
  areaPercent: number;
  uncoveredPopulation: number;
  belowGoal: boolean;
}

/** Townships worst first (lowest population share), for the bar chart. */
export function townshipRows(report: CoverageReport): TownshipRow[] {
  return report.byTownship
    .map((t) => ({
      code: t.code,
      name: t.name,
      populationPercent: Math.round(t.populationShare * 100),
      areaPercent: Math.round(t.areaShare * 100),
      uncoveredPopulation: t.population - t.coveredPopulation,
      belowGoal: t.population > 0 && t.populationShare < report.goalPopulationShare,
    }))
    .sort((a, b) => a.populationPercent - b.populationPercent || a.code.localeCompare(b.code));
}

/** Every uncovered village, most people first (the holes worth a move-up). */
export function uncoveredVillages(report: CoverageReport): CoverageReport['villages'] {
  return report.villages
    .filter((v) => !v.covered)
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name, 'zh'));
}

/** The uncovered villages with most people first, the first `limit` of them. */
export function worstHoles(report: CoverageReport, limit = 5): CoverageReport['villages'] {
  return uncoveredVillages(report).slice(0, limit);
}

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * Every uncovered village as CSV (UTF-8 with BOM, so Excel reads the Chinese; bilingual headers like the
 * analytics export): name, population, best drive time rounded up (empty: no available unit reaches it) and
 * the point (namesake villages differ by it).
 */
export function uncoveredCsv(report: CoverageReport): string {
  const lines = ['村庄 village,人口 population,最快到达(分钟) best minutes,经度 lon,纬度 lat'];
  for (const v of uncoveredVillages(report)) {
    lines.push(
      [v.name, v.population, minutesUp(v.etaSeconds) ?? '', v.lon.toFixed(5), v.lat.toFixed(5)].map(csvField).join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A key that changes when the suggestion changes, so "ignore" hides only the suggestion that was ignored. */
export function moveUpKey(report: CoverageReport | null): string | null {
  const m = report?.moveUp;
  return m ? `${m.unitId}->${m.stationId}` : null;
}

export const percent = (share: number) => `${Math.round(share * 100)}%`;

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The drive-time model in the reader's language (the report's `model` string is English, for logs and the API). */
export function describeModel(report: CoverageReport, tr: Translate): string {
  const straight = (m: StraightLineModelInfo) =>
    tr('coverage.modelStraight', {
      detour: m.detourFactor,
      urban: m.urbanKmh,
      rural: m.ruralKmh,
      start: m.startSeconds,
    });
  const m = report.modelInfo;
  if (m.kind === 'straight_line') return straight(m);
  return tr('coverage.modelNetwork', {
    nodes: m.nodes.toLocaleString(),
    offKmh: m.offNetworkKmh,
    start: m.startSeconds,
    snap: m.maxSnapM,
    fallback: straight(m.fallback),
  });
}

export interface PendingMove {
  unitId: number;
  callSign: string;
  stationName: string;
  orderedAt: string;
  acknowledged: boolean;
}

/**
 * Open move-up orders, from the live units (updated by the order's events at once, where the coverage report
 * follows only at its next recomputation), oldest first.
 */
export function pendingMoves(units: Iterable<UnitView>): PendingMove[] {
  const list: PendingMove[] = [];
  for (const u of units) {
    if (!u.moveUp) continue;
    list.push({
      unitId: u.id,
      callSign: u.callSign,
      stationName: u.moveUp.stationName,
      orderedAt: u.moveUp.orderedAt,
      acknowledged: u.moveUp.acknowledgedAt !== null,
    });
  }
  return list.sort((a, b) => a.orderedAt.localeCompare(b.orderedAt));
}
