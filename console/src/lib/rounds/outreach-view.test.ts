import { describe, expect, it } from 'vitest';
import type { OutreachReport, RoundView } from '@c120/dispatch-core/contracts';
import { IDENTITY } from '../map/coords.ts';
import { freshness, freshnessCounts, outreachFeatures, servedTotal, sortRounds } from './outreach-view.ts';

const village = (placeId: number, daysSince: number | null) => ({
  placeId,
  name: `村${placeId}`,
  townshipCode: '321181100',
  location: { lon: 119.5 + placeId / 100, lat: 31.9 },
  population: 1000,
  lastVisitAt: null,
  daysSince,
  overdue: daysSince === null || daysSince >= 30,
});

describe('village outreach view', () => {
  it('bands days since the last visit', () => {
    expect([0, 7, 8, 30, 31, null].map(freshness)).toEqual(['week', 'week', 'month', 'month', 'older', 'never']);
  });

  it('makes one coloured point per village and counts the bands', () => {
    const report: OutreachReport = {
      days: 30,
      purpose: null,
      villages: [village(1, 2), village(2, null), village(3, 45)],
      overdueCount: 2,
      byTownshipMonth: [],
    };
    const fc = outreachFeatures(report, IDENTITY);
    expect(fc.features.map((f) => f.properties.freshness)).toEqual(['week', 'never', 'older']);
    expect(fc.features[0]?.geometry.coordinates).toEqual([119.51, 31.9]);
    expect(freshnessCounts(report)).toEqual({ week: 1, month: 0, older: 1, never: 1 });
  });

  it('adds up people served and orders a day’s rounds live ones first', () => {
    expect(servedTotal({ health_check: 3, vaccination: 4 })).toBe(7);
    const r = (id: number, status: RoundView['status'], unitCallSign: string, date = '2026-12-06') =>
      ({ id, status, unitCallSign, date }) as RoundView;
    const sorted = sortRounds(
      [r(1, 'completed', 'A'), r(2, 'planned', 'B'), r(3, 'in_progress', 'C'), r(4, 'planned', 'A', '2026-12-05')],
      '2026-12-06',
    );
    expect(sorted.map((x) => x.id)).toEqual([3, 2, 1]);
  });
});
