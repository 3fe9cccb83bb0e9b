import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { HOSPITAL_CAPABILITIES, UNIT_CAPABILITIES, UNIT_KINDS } from '../../src/vocabulary.ts';
import { DATA_DIR, generate, render } from './generate.ts';

const read = <T>(name: string): T => JSON.parse(readFileSync(`${DATA_DIR}${name}`, 'utf8')) as T;

interface Township {
  code: string;
  name: string;
  population: number;
  geometry: MultiPolygon;
}
interface Point {
  code: string;
  townshipCode: string;
  lon: number;
  lat: number;
}

describe('demo county seed data', () => {
  const county = read<Feature<MultiPolygon>>('county.geojson');
  const townships = read<Township[]>('townships.json');
  const villages = read<(Point & { population: number })[]>('villages.json');
  const stations = read<Point[]>('stations.json');
  const hospitals = read<(Point & { capabilities: string[] })[]>('hospitals.json');
  const units = read<{ code: string; kind: string; capabilities: string[]; stationCode: string }[]>('units.json');
  const inCounty = (p: Point) => turf.booleanPointInPolygon([p.lon, p.lat], county);

  it('is exactly what the generator produces (regenerate after editing the generator)', () => {
    for (const [name, text] of Object.entries(render(generate()))) {
      expect(readFileSync(`${DATA_DIR}${name}`, 'utf8'), name).toBe(text);
    }
  });

  it('has the 12 real townships, tiling the county, with 980,000 residents in all', () => {
    expect(townships.map((t) => t.code).sort()).toHaveLength(12);
    expect(townships.reduce((a, t) => a + t.population, 0)).toBe(980_000);
    const area = townships.reduce((a, t) => a + turf.area(t.geometry), 0);
    expect(area / turf.area(county)).toBeCloseTo(1, 2);
  });

  it('puts every village inside its own township and every facility inside the county', () => {
    const byCode = new Map(townships.map((t) => [t.code, t]));
    for (const v of villages) {
      const t = byCode.get(v.townshipCode);
      expect(t, v.code).toBeDefined();
      expect(turf.booleanPointInPolygon([v.lon, v.lat], t!.geometry), v.code).toBe(true);
    }
    for (const p of [...stations, ...hospitals]) expect(inCounty(p), p.code).toBe(true);
    const perTownship = new Map<string, number>();
    for (const v of villages) perTownship.set(v.townshipCode, (perTownship.get(v.townshipCode) ?? 0) + v.population);
    for (const t of townships) expect(perTownship.get(t.code), t.name).toBe(t.population);
  });

  it('uses unique codes and only the known vocabularies', () => {
    for (const list of [villages, stations, hospitals, units] as { code: string }[][]) {
      expect(new Set(list.map((x) => x.code)).size).toBe(list.length);
    }
    for (const h of hospitals) for (const c of h.capabilities) expect(HOSPITAL_CAPABILITIES).toContain(c);
    for (const u of units) {
      expect(UNIT_KINDS).toContain(u.kind);
      for (const c of u.capabilities) expect(UNIT_CAPABILITIES).toContain(c);
      expect(stations.map((s) => s.code)).toContain(u.stationCode);
    }
  });

  it('meets the national target of ≥ 40% negative-pressure ambulances', () => {
    const ambulances = units.filter((u) => u.kind.endsWith('_ambulance'));
    const np = ambulances.filter((u) => u.capabilities.includes('negative_pressure'));
    expect(np.length / ambulances.length).toBeGreaterThanOrEqual(0.4);
  });
});
