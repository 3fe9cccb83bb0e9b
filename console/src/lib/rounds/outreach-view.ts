import type { Feature, FeatureCollection, Point } from 'geojson';
import type { OutreachReport, RoundView } from '@c120/dispatch-core/contracts';
import type { Projection } from '../map/coords.ts';

/** How long ago a village was last visited, in the four bands the map colours. */
export type Freshness = 'week' | 'month' | 'older' | 'never';

export function freshness(daysSince: number | null): Freshness {
  if (daysSince === null) return 'never';
  if (daysSince <= 7) return 'week';
  if (daysSince <= 30) return 'month';
  return 'older';
}

export const FRESHNESS_COLOURS: Readonly<Record<Freshness, string>> = {
  week: '#2e7d32',
  month: '#9ccc65',
  older: '#ffa000',
  never: '#d32f2f',
};

interface VillageProps {
  name: string;
  freshness: Freshness;
  days: number;
}

/** The village layer of village outreach: one point per village, coloured by days since its last visit. */
export function outreachFeatures(report: OutreachReport, project: Projection): FeatureCollection<Point, VillageProps> {
  return {
    type: 'FeatureCollection',
    features: report.villages.map((v): Feature<Point, VillageProps> => ({
      type: 'Feature',
      id: v.placeId,
      geometry: { type: 'Point', coordinates: project.toDisplay([v.location.lon, v.location.lat]) },
      properties: { name: v.name, freshness: freshness(v.daysSince), days: v.daysSince ?? -1 },
    })),
  };
}

/** Counts per band (shown on the map element for tests and in the legend). */
export function freshnessCounts(report: OutreachReport): Record<Freshness, number> {
  const counts: Record<Freshness, number> = { week: 0, month: 0, older: 0, never: 0 };
  for (const v of report.villages) counts[freshness(v.daysSince)]++;
  return counts;
}

/** People served at a stop, all service types together. */
export function servedTotal(served: Record<string, number>): number {
  return Object.values(served).reduce((n, x) => n + x, 0);
}

/** A day's rounds in display order: live ones first, then by vehicle. */
export function sortRounds(rounds: Iterable<RoundView>, date: string): RoundView[] {
  const rank: Record<RoundView['status'], number> = {
    in_progress: 0,
    paused: 1,
    planned: 2,
    completed: 3,
    cancelled: 4,
  };
  return [...rounds]
    .filter((r) => r.date === date)
    .sort((a, b) => rank[a.status] - rank[b.status] || a.unitCallSign.localeCompare(b.unitCallSign));
}
