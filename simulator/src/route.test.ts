import * as turf from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '@c120/db/seed';
import { buildGazetteer, loadGazetteer, type Gazetteer } from './gazetteer.ts';
import { metres, offsetMetres, type LonLat } from './geo.ts';
import { createRng } from './random.ts';
import { Route, RoutePlanner } from './route.ts';

/** Every point of the route, sampled every `stepM` metres, is inside the county. */
function outsidePoints(g: Gazetteer, route: Route, stepM = 25): LonLat[] {
  const out: LonLat[] = [];
  for (let d = 0; d <= route.lengthM; d += stepM) {
    const p = route.pointAt(d);
    if (!turf.booleanPointInPolygon(p, g.county)) out.push(p);
  }
  return out;
}

describe('routes in the demo county', () => {
  let g: Gazetteer;
  let planner: RoutePlanner;
  beforeAll(async () => {
    g = await loadGazetteer();
    planner = new RoutePlanner(g);
  });

  it('stay inside the county boundary and end where asked, for 400 random trips', () => {
    const rng = createRng(1);
    const ends = [...g.stations, ...g.hospitals, ...g.villages].map((p) => p.at);
    const kinds = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const from = rng.pick(ends);
      // Scenes are scattered around villages, like the call generator's.
      const to0 = offsetMetres(rng.pick(ends), rng.uniform(-300, 300), rng.uniform(-300, 300));
      const to = g.isInside(to0) ? to0 : rng.pick(ends);
      const route = planner.plan(from, to, rng);
      kinds.set(route.kind, (kinds.get(route.kind) ?? 0) + 1);
      expect(route.kind).not.toBe('fallback');
      expect(outsidePoints(g, route)).toEqual([]);
      expect(metres(route.start, from)).toBeLessThan(1);
      expect(metres(route.end, to)).toBeLessThan(1);
      // Plausible: not a wild detour.
      expect(route.lengthM).toBeLessThanOrEqual(Math.max(metres(from, to) * 2.5, 50));
      if (route.kind === 'waypoints') {
        expect(route.points.length - 2).toBeGreaterThanOrEqual(1);
        expect(route.points.length - 2).toBeLessThanOrEqual(3);
        expect(route.lengthM).toBeLessThanOrEqual(metres(from, to) * 1.5 + 1);
      }
    }
    // Most trips go through 1–3 places on the way; short ones go straight.
    expect(kinds.get('waypoints') ?? 0).toBeGreaterThan(200);
    expect(kinds.get('direct') ?? 0).toBeGreaterThan(0);
  });

  it('drives 25–35 km/h in the 街道 and 45–60 km/h elsewhere', () => {
    const rng = createRng(2);
    let urban = 0;
    let rural = 0;
    for (let i = 0; i < 200; i++) {
      const route = planner.plan(rng.pick(g.stations).at, rng.pick(g.villages).at, rng);
      route.speedsKmh.forEach((speed, leg) => {
        const a = route.points[leg] as LonLat;
        const b = route.points[leg + 1] as LonLat;
        if (g.isUrban([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2])) {
          urban++;
          expect(speed).toBeGreaterThanOrEqual(25);
          expect(speed).toBeLessThanOrEqual(35);
        } else {
          rural++;
          expect(speed).toBeGreaterThanOrEqual(45);
          expect(speed).toBeLessThanOrEqual(60);
        }
      });
    }
    expect(urban).toBeGreaterThan(20);
    expect(rural).toBeGreaterThan(20);
  });
});

describe('Route', () => {
  const a: LonLat = [119.5, 32.0];
  const b = offsetMetres(a, 1000, 0);
  const c = offsetMetres(b, 0, 1000);
  const route = new Route([a, b, c], [36, 72], 'waypoints');

  it('measures legs and looks points up by distance', () => {
    const leg1 = route.cumulative[1] ?? 0;
    expect(leg1).toBeCloseTo(metres(a, b), 6);
    expect(route.lengthM).toBeCloseTo(metres(a, b) + metres(b, c), 6);
    expect(Math.abs(route.lengthM - 2000)).toBeLessThan(20); // offsetMetres is a flat-earth approximation
    expect(metres(route.pointAt(leg1 / 2), [(a[0] + b[0]) / 2, a[1]])).toBeLessThan(0.5);
    expect(metres(route.pointAt(leg1), b)).toBeLessThan(0.01);
    expect(route.pointAt(-5)).toEqual(a);
    expect(route.pointAt(1e9)).toEqual(c);
    expect(route.headingAt(100)).toBeCloseTo(90, 0);
    expect(route.headingAt(route.lengthM - 100)).toBeCloseTo(0, 0);
  });

  it('advances at each leg’s speed, across legs', () => {
    // 36 km/h = 10 m/s on the first leg, then 72 km/h = 20 m/s.
    const leg1 = route.cumulative[1] ?? 0;
    expect(route.advance(0, 50)).toBeCloseTo(500, 6);
    expect(route.advance(leg1 - 100, 20)).toBeCloseTo(leg1 + 20 * 10, 6); // 10 s to the corner, 10 s at 20 m/s
    expect(route.advance(0, 1000)).toBe(route.lengthM);
    expect(route.advance(0, 25, 2)).toBeCloseTo(500, 6); // time-scaled driving
    expect(route.durationSeconds()).toBeCloseTo(leg1 / 10 + (route.lengthM - leg1) / 20, 6);
    expect(route.advance(0, route.durationSeconds())).toBeCloseTo(route.lengthM, 6);
  });
});

describe('a county whose border bends in (U shape)', () => {
  // A U: two arms joined at the bottom. A straight line between the arm tops leaves the county.
  const U: LonLat[] = [
    [119.0, 32.0],
    [119.1, 32.0],
    [119.1, 31.9],
    [119.2, 31.9],
    [119.2, 32.0],
    [119.3, 32.0],
    [119.3, 31.8],
    [119.0, 31.8],
    [119.0, 32.0],
  ];
  const villages: LonLat[] = [];
  for (let x = 119.01; x < 119.3; x += 0.02) for (let y = 31.81; y < 32.0; y += 0.02) villages.push([x, y]);
  const data: SeedData = {
    county: { type: 'Feature', properties: { code: 'U', name: 'U' }, geometry: { type: 'Polygon', coordinates: [U] } },
    townships: [
      {
        code: 'T',
        name: 'T镇',
        pinyin: 't',
        kind: '镇',
        population: 1000,
        areaKm2: 1,
        seat: [119.15, 31.85],
        geometry: { type: 'Polygon', coordinates: [U] },
      },
    ],
    villages: villages.map(([lon, lat], i) => ({
      code: `V${i}`,
      name: `村${i}`,
      pinyin: 'c',
      initials: 'c',
      townshipCode: 'T',
      population: 100,
      lon,
      lat,
    })),
    landmarks: [],
    stations: [],
    hospitals: [],
    units: [],
  };
  const g = buildGazetteer(data);

  it('routes around the bend, never across the neighbouring county', () => {
    const planner = new RoutePlanner(g);
    const rng = createRng(3);
    const from: LonLat = [119.05, 31.98];
    const to: LonLat = [119.25, 31.98];
    expect(g.segmentInside(from, to)).toBe(false);
    for (let i = 0; i < 20; i++) {
      const route = planner.plan(from, to, rng);
      expect(['waypoints', 'graph']).toContain(route.kind);
      expect(outsidePoints(g, route, 10)).toEqual([]);
      // It has to go down below the notch (latitude 31.9).
      expect(Math.min(...route.points.map((p) => p[1]))).toBeLessThan(31.9);
    }
  });
});
