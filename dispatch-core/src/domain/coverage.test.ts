import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeCoverage, suggestMoveUp, type DemandPoint, type Source } from './coverage.ts';
import { straightLineEta } from './eta.ts';

// A model that makes hand computation easy: 1 s per metre, no start-up time.
const METRE_PER_SECOND = straightLineEta((m) => m, 'test');
const times = (sources: Source[], to: DemandPoint[]) => METRE_PER_SECOND.matrix(sources, to);
const targets = { urbanSeconds: 1000, ruralSeconds: 2000 };
// Along the equator 1e-5° of longitude ≈ 1.11195 m.
const x = (m: number) => m / 111_195;
const point = (
  id: string,
  m: number,
  population: number,
  area: 'urban' | 'rural' = 'rural',
  township = 'T1',
): DemandPoint => ({
  id,
  lon: x(m),
  lat: 0,
  area,
  townshipCode: township,
  population,
  areaKm2: 1,
});

describe('coverage', () => {
  const points = [
    point('a', 0, 100, 'urban'), // urban target 1000 m
    point('b', 1500, 200), // rural target 2000 m
    point('c', 5000, 300, 'rural', 'T2'),
    point('d', 8000, 400, 'rural', 'T2'),
  ];

  it('counts population and area reached within the target of each place', async () => {
    const units: Source[] = [{ id: 'u1', lon: 0, lat: 0 }];
    const r = computeCoverage(points, await times(units, points), targets);
    // a (0 m ≤ 1000) and b (1500 m ≤ 2000) covered; c (5000) and d (8000) not.
    expect(r.coveredPopulation).toBe(300);
    expect(r.populationShare).toBeCloseTo(300 / 1000, 6);
    expect(r.areaShare).toBeCloseTo(2 / 4, 6);
    expect(r.byTownship.T1?.populationShare).toBe(1);
    expect(r.byTownship.T2?.populationShare).toBe(0);
    expect(r.uncovered.map((u) => u.id)).toEqual(['c', 'd']);
    expect(r.uncovered[0]?.etaSeconds).toBeCloseTo(5000, 0);
  });

  it('drops by exactly the people only that unit reached when it goes out of service', async () => {
    const u1: Source = { id: 'u1', lon: 0, lat: 0 };
    const u2: Source = { id: 'u2', lon: x(5500), lat: 0 }; // reaches c (500 m), not d (2500 m)
    const both = computeCoverage(points, await times([u1, u2], points), targets).coveredPopulation;
    const without = computeCoverage(points, await times([u1], points), targets).coveredPopulation;
    expect(both).toBe(100 + 200 + 300);
    expect(both - without).toBe(300);
  });

  it('picks the move a brute-force search picks', async () => {
    const units: Source[] = [
      { id: 'u1', lon: 0, lat: 0 },
      { id: 'u2', lon: x(900), lat: 0 },
    ];
    const stations: Source[] = [
      { id: 's-near', lon: x(500), lat: 0 },
      { id: 's-east', lon: x(6500), lat: 0 }, // reaches c and d (1500 m each)
      { id: 's-far', lon: x(20_000), lat: 0 },
    ];
    const best = suggestMoveUp(points, await times(units, points), await times(stations, points), targets);
    // Brute force over every (unit, station) pair.
    let brute: { unit: string; station: string; covered: number } | null = null;
    for (const u of units) {
      for (const s of stations) {
        const moved = units.map((v) => (v.id === u.id ? { ...s, id: v.id } : v));
        const covered = computeCoverage(points, await times(moved, points), targets).coveredPopulation;
        if (!brute || covered > brute.covered) brute = { unit: u.id, station: s.id, covered };
      }
    }
    const station = stations[best?.stationIndex ?? -1]?.id;
    expect(station).toBe('s-east');
    expect(station).toBe(brute?.station);
    expect(best?.populationShareAfter).toBeCloseTo((brute?.covered ?? 0) / 1000, 6);
    expect(best?.gainPopulation).toBe((brute?.covered ?? 0) - 300);
    // The unit the best move would take is already under an order: the other unit is moved instead, or nothing.
    const [uTimes, sTimes] = [await times(units, points), await times(stations, points)];
    const without = suggestMoveUp(
      points,
      uTimes,
      sTimes,
      targets,
      units.map((u) => u.id !== units[best?.unitIndex ?? -1]?.id),
    );
    expect(without?.unitIndex).not.toBe(best?.unitIndex);
    expect(suggestMoveUp(points, uTimes, sTimes, targets, [false, false])).toBeNull();
  });

  it('suggests nothing when no move helps', async () => {
    const a = [point('a', 0, 100)];
    expect(
      suggestMoveUp(
        a,
        await times([{ id: 'u', lon: 0, lat: 0 }], a),
        await times([{ id: 's', lon: x(50_000), lat: 0 }], a),
        targets,
      ),
    ).toBeNull();
  });

  it('finds the same move as trying every unit at every station over every point', () => {
    // The old O(units × stations × points) search, kept here as the reference.
    const bruteForce = (pts: DemandPoint[], u: number[][], st: number[][], movable: boolean[]) => {
      const within = (row: number[] | undefined, i: number) =>
        (row?.[i] ?? Infinity) <= (pts[i]?.area === 'urban' ? targets.urbanSeconds : targets.ruralSeconds);
      const counts = pts.map((_, i) => u.filter((row) => within(row, i)).length);
      const before = pts.reduce((a, p, i) => a + ((counts[i] ?? 0) > 0 ? p.population : 0), 0);
      let best: { unitIndex: number; stationIndex: number; gainPopulation: number } | null = null;
      for (const [ui, uRow] of u.entries()) {
        if (movable[ui] === false) continue;
        for (const [si, sRow] of st.entries()) {
          let after = 0;
          for (const [i, p] of pts.entries()) {
            if ((counts[i] ?? 0) - (within(uRow, i) ? 1 : 0) > 0 || within(sRow, i)) after += p.population;
          }
          if (after - before > 0 && (!best || after - before > best.gainPopulation)) {
            best = { unitIndex: ui, stationIndex: si, gainPopulation: after - before };
          }
        }
      }
      return best;
    };
    const time = fc.integer({ min: 0, max: 3000 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.record({
            pts: fc.array(fc.record({ population: fc.integer({ min: 0, max: 5000 }), urban: fc.boolean() }), {
              minLength: n,
              maxLength: n,
            }),
            units: fc.array(fc.array(time, { minLength: n, maxLength: n }), { maxLength: 6 }),
            stations: fc.array(fc.array(time, { minLength: n, maxLength: n }), { maxLength: 5 }),
            movable: fc.array(fc.boolean(), { maxLength: 6 }),
          }),
        ),
        ({ pts, units, stations, movable }) => {
          const demand = pts.map((p, i) => point(`p${i}`, 0, p.population, p.urban ? 'urban' : 'rural'));
          const got = suggestMoveUp(demand, units, stations, targets, movable);
          const want = bruteForce(demand, units, stations, movable);
          expect(
            got && { unitIndex: got.unitIndex, stationIndex: got.stationIndex, gainPopulation: got.gainPopulation },
          ).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});
