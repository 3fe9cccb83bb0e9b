/**
 * Checks the committed demo-county seed files (db/seed/data/): that they are exactly what the generator produces,
 * and that the generated data is consistent (points inside their areas, codes unique and nested, populations
 * adding up, vocabularies respected, fleet mix).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { HOSPITAL_CAPABILITIES, HOSPITAL_LEVELS, UNIT_CAPABILITIES, UNIT_KINDS } from '@c120/shared/vocabulary';
import { loadTownshipList, SOURCE_DATA, type CountyFeature } from './county.ts';
import {
  DATA_DIR,
  generate,
  render,
  type Hospital,
  type Landmark,
  type Station,
  type Township,
  type Unit,
  type Village,
} from './generate.ts';
import { toPinyin } from './names.ts';

const read = <T>(name: string): T => JSON.parse(readFileSync(`${DATA_DIR}${name}`, 'utf8')) as T;

const county = read<CountyFeature>('county.geojson');
const townships = read<Township[]>('townships.json');
const villages = read<Village[]>('villages.json');
const landmarks = read<Landmark[]>('landmarks.json');
const stations = read<Station[]>('stations.json');
const hospitals = read<Hospital[]>('hospitals.json');
const units = read<Unit[]>('units.json');

const townshipByCode = new Map(townships.map((t) => [t.code, t]));
const inArea = (p: { lon: number; lat: number }, area: MultiPolygon) =>
  turf.booleanPointInPolygon([p.lon, p.lat], area);
const unique = (values: readonly string[]) => new Set(values).size === values.length;

describe('demo county seed data (db/seed/data)', () => {
  it('is exactly what the generator produces (regenerate after editing the generator)', () => {
    const files = render(generate());
    expect(Object.keys(files).sort()).toEqual(
      readdirSync(DATA_DIR)
        .filter((f) => f !== 'README.md')
        .sort(),
    );
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(`${DATA_DIR}${name}`, 'utf8'), name).toBe(text);
    }
  });

  it('stays small', () => {
    const bytes = readdirSync(DATA_DIR).reduce((sum, f) => sum + statSync(`${DATA_DIR}${f}`).size, 0);
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('has the real county boundary, in WGS-84 with 6 decimals', () => {
    expect(county.type).toBe('Feature');
    expect(county.geometry.type).toBe('MultiPolygon');
    expect(county.properties).toEqual({ code: '321181', name: '丹阳市', nameEn: 'Danyang', population: 980000 });
    expect(turf.area(county) / 1e6).toBeGreaterThan(1000); // ≈ 1,047 km²
    expect(turf.area(county) / 1e6).toBeLessThan(1100);
    const [w, s, e, n] = turf.bbox(county);
    expect([w, s, e, n].every((x) => Math.round(x * 1e6) / 1e6 === x)).toBe(true);
    // Converted from GCJ-02, which is shifted ~ 0.005° east and ~ 0.002° south of WGS-84 here.
    const source = JSON.parse(readFileSync(`${SOURCE_DATA}boundary-gcj02.geojson`, 'utf8')) as {
      features: { geometry: MultiPolygon }[];
    };
    const gcj = source.features[0]?.geometry.coordinates[0]?.[0] ?? [];
    const wgs = county.geometry.coordinates[0]?.[0] ?? [];
    expect(wgs).toHaveLength(gcj.length);
    for (const [i, [x, y]] of wgs.entries()) {
      const [gx, gy] = gcj[i] ?? [];
      expect((gx ?? 0) - (x ?? 0)).toBeGreaterThan(0.003);
      expect((gx ?? 0) - (x ?? 0)).toBeLessThan(0.007);
      expect((y ?? 0) - (gy ?? 0)).toBeGreaterThan(0.001);
      expect((y ?? 0) - (gy ?? 0)).toBeLessThan(0.004);
    }
  });

  it('has the 12 real townships, tiling the county, with 980,000 residents and a denser urban core', () => {
    expect(townships.map((t) => [t.code, t.name])).toEqual(loadTownshipList().map((t) => [t.code, t.name]));
    const total = townships.reduce((a, t) => a + t.population, 0);
    expect(Math.abs(total - 980_000)).toBeLessThanOrEqual(9_800);
    const countyArea = turf.area(county);
    const sum = townships.reduce((a, t) => a + turf.area(t.geometry), 0);
    expect(sum / countyArea).toBeCloseTo(1, 3); // no gaps, no overlaps
    for (const t of townships) {
      expect(t.kind, t.name).toBe(t.name.endsWith('街道') ? '街道' : '镇');
      expect(t.geometry.type).toBe('MultiPolygon');
      expect(t.areaKm2, t.name).toBeCloseTo(turf.area(t.geometry) / 1e6, 1);
      expect(turf.booleanPointInPolygon(t.seat, t.geometry), `${t.name} seat`).toBe(true);
      expect(turf.booleanPointInPolygon(t.seat, county), `${t.name} seat`).toBe(true);
      expect(t.population).toBeGreaterThan(0);
    }
    const density = (kind: string) => {
      const ts = townships.filter((t) => t.kind === kind);
      return ts.reduce((a, t) => a + t.population, 0) / ts.reduce((a, t) => a + t.areaKm2, 0);
    };
    expect(density('街道') / density('镇')).toBeGreaterThan(2.5);
  });

  it('puts every village and community inside its own township, with populations adding up', () => {
    expect(villages.length).toBeGreaterThanOrEqual(250);
    expect(villages.length).toBeLessThanOrEqual(400);
    const perTownship = new Map<string, number>();
    for (const v of villages) {
      const t = townshipByCode.get(v.townshipCode);
      expect(t, v.code).toBeDefined();
      if (!t) continue;
      expect(inArea(v, t.geometry), `${v.code} ${v.name}`).toBe(true);
      expect(v.code, v.name).toMatch(new RegExp(`^${t.code}[02]\\d\\d$`));
      expect(v.code.charAt(9) === '0', v.code).toBe(v.name.endsWith('社区'));
      expect(v.name, v.code).toMatch(/(村|社区)$/);
      if (v.name.endsWith('村')) {
        expect(v.population, v.code).toBeGreaterThanOrEqual(1_000);
        expect(v.population, v.code).toBeLessThanOrEqual(5_000);
      } else {
        expect(v.population, v.code).toBeGreaterThanOrEqual(2_000);
      }
      perTownship.set(t.code, (perTownship.get(t.code) ?? 0) + v.population);
    }
    for (const t of townships) {
      expect(perTownship.get(t.code), t.name).toBe(t.population);
      expect(unique(villages.filter((v) => v.townshipCode === t.code).map((v) => v.name)), t.name).toBe(true);
    }
  });

  it('gives every searchable name its pinyin and initials', () => {
    for (const p of [...townships, ...villages, ...landmarks]) {
      expect(p.pinyin, p.name).toMatch(/^[a-z]+$/);
      expect(p.initials, p.name).toMatch(/^[a-z]+$/);
      expect({ pinyin: p.pinyin, initials: p.initials }, p.name).toEqual(toPinyin(p.name));
    }
    expect(townships.find((t) => t.name === '云阳街道')).toMatchObject({ pinyin: 'yunyangjiedao', initials: 'yyjd' });
  });

  it('places landmarks, stations and hospitals inside the township they name', () => {
    for (const p of [...landmarks, ...stations, ...hospitals]) {
      const t = townshipByCode.get(p.townshipCode);
      expect(t, p.code).toBeDefined();
      if (t) expect(inArea(p, t.geometry), `${p.code} ${p.name}`).toBe(true);
      expect(inArea(p, county.geometry), p.code).toBe(true);
    }
    for (const l of landmarks) expect(l.positionGenerated, l.code).toBe(true);
  });

  it('uses unique codes', () => {
    const places = [...villages, ...landmarks];
    for (const list of [townships, places, stations, hospitals, units] as { code: string }[][]) {
      expect(unique(list.map((x) => x.code))).toBe(true);
    }
    expect(unique(units.map((u) => u.callSign))).toBe(true);
    expect(unique(units.map((u) => u.plate))).toBe(true);
    expect(unique(units.map((u) => `${u.deviceProtocol}:${u.deviceId}`))).toBe(true);
  });

  it('has a command centre in the urban core and stations at town health centres', () => {
    const urban = new Set(townships.filter((t) => t.kind === '街道').map((t) => t.code));
    expect(urban.has(stations[0]?.townshipCode ?? '')).toBe(true);
    expect(stations.filter((s) => urban.has(s.townshipCode)).length).toBeGreaterThanOrEqual(2);
    expect(stations.filter((s) => s.name.endsWith('卫生院急救站')).length).toBeGreaterThanOrEqual(6);
  });

  it('uses the hospital vocabularies', () => {
    expect(hospitals.length).toBeGreaterThanOrEqual(3);
    expect(hospitals.length).toBeLessThanOrEqual(6);
    for (const h of hospitals) {
      expect(HOSPITAL_LEVELS, h.code).toContain(h.level);
      for (const c of h.capabilities) expect(HOSPITAL_CAPABILITIES, h.code).toContain(c);
      expect(unique(h.capabilities)).toBe(true);
    }
    const top = hospitals
      .filter((h) => h.level === '三级')
      .sort((a, b) => b.capabilities.length - a.capabilities.length);
    expect(top[0]?.capabilities).toEqual(expect.arrayContaining(['chest_pain', 'stroke', 'trauma']));
    for (const c of HOSPITAL_CAPABILITIES)
      expect(
        hospitals.some((h) => h.capabilities.includes(c)),
        c,
      ).toBe(true);
  });

  it('has a fleet with the unit vocabularies, real stations and device ids', () => {
    const stationCodes = new Set(stations.map((s) => s.code));
    for (const u of units) {
      expect(UNIT_KINDS, u.code).toContain(u.kind);
      for (const c of u.capabilities) expect(UNIT_CAPABILITIES, u.code).toContain(c);
      expect(stationCodes.has(u.stationCode), u.code).toBe(true);
      expect(u.coordSystem).toBe('wgs84');
      expect(u.plate, u.code).toMatch(/^苏L·[A-Z0-9]{5}$/);
      expect(u.callSign, u.code).toMatch(/^丹阳120-\d\d$/);
      if (u.deviceProtocol === 'jt808') expect(u.deviceId, u.code).toMatch(/^\d{12}$/);
      else expect(u.deviceId, u.code).toMatch(/^dy-120-\d\d$/);
      if (u.kind === 'negative_pressure_ambulance') expect(u.capabilities).toContain('negative_pressure');
      if (u.kind === 'monitoring_ambulance') expect(u.capabilities).toContain('als');
    }
    expect(units.length).toBeGreaterThanOrEqual(25);
    expect(units.length).toBeLessThanOrEqual(35);
  });

  it('meets the national target of ≥ 40% negative-pressure ambulances', () => {
    const ambulances = units.filter((u) => u.kind.endsWith('_ambulance'));
    const np = ambulances.filter((u) => u.capabilities.includes('negative_pressure'));
    expect(np.length / ambulances.length).toBeGreaterThanOrEqual(0.4);
  });

  it('homes the mobile hospitals and patrol clinic vans at the health centres that do home visits', () => {
    const homeVisits = ['司徒镇', '界牌镇', '导墅镇', '珥陵镇'];
    const stationTown = new Map(stations.map((s) => [s.code, townshipByCode.get(s.townshipCode)?.name]));
    const vans = units.filter((u) => u.kind === 'mobile_hospital' || u.kind === 'patrol_clinic');
    expect(units.filter((u) => u.kind === 'mobile_hospital')).toHaveLength(2);
    expect(units.filter((u) => u.kind === 'patrol_clinic').length).toBeGreaterThanOrEqual(2);
    for (const v of vans) expect(homeVisits, v.code).toContain(stationTown.get(v.stationCode));
  });
});
