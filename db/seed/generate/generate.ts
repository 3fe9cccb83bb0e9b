/**
 * Generates the demo county's seed files in db/seed/data/ (run: npx tsx db/seed/generate/generate.ts).
 * Real: the county boundary and the 12 township names and codes. GENERATED (plausible, not real): township
 * seats, township polygons (Voronoi cells of the seats clipped to the boundary), populations, villages,
 * landmarks' positions, stations, hospital positions and capabilities, and the fleet. Deterministic: a seeded
 * PRNG, so re-running yields byte-identical files (a test checks this).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { loadCountyBoundary, loadTownshipList } from './county.ts';
import { toPinyin, villageName } from './names.ts';
import { pick, prng, round6, type Rand } from './prng.ts';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

/**
 * Approximate relative positions of the township seats (WGS-84), from general knowledge of Danyang's layout:
 * the two 街道 form the city in the middle-north, 丹北 and 界牌 lie north towards the Yangtze, 访仙 and 吕城 east
 * along the Grand Canal, 陵口 between, 导墅/皇塘/珥陵 south, 延陵 south-west, 司徒 west. Generated, not surveyed.
 */
const SEATS: Record<string, [number, number]> = {
  云阳街道: [119.565, 32.0],
  曲阿街道: [119.61, 31.985],
  丹北镇: [119.62, 32.09],
  界牌镇: [119.72, 32.07],
  访仙镇: [119.74, 32.02],
  陵口镇: [119.68, 31.96],
  吕城镇: [119.77, 31.92],
  皇塘镇: [119.72, 31.84],
  导墅镇: [119.64, 31.87],
  珥陵镇: [119.56, 31.87],
  延陵镇: [119.48, 31.85],
  司徒镇: [119.45, 31.95],
};

type LonLat = [number, number];

function inside(pt: LonLat, area: Feature<Polygon | MultiPolygon>): boolean {
  return turf.booleanPointInPolygon(turf.point(pt), area);
}

/** Moves a point towards `towards` until it is inside `area`. */
function nudgeInside(pt: LonLat, area: Feature<Polygon | MultiPolygon>, towards: LonLat): LonLat {
  let p = pt;
  for (let i = 0; i < 50 && !inside(p, area); i++) {
    p = [p[0] + (towards[0] - p[0]) * 0.1, p[1] + (towards[1] - p[1]) * 0.1];
  }
  return [round6(p[0]), round6(p[1])];
}

/** A random point inside `area`, near `centre` when given (within `spreadDeg`). */
function randomInside(rand: Rand, area: Feature<Polygon | MultiPolygon>, centre?: LonLat, spreadDeg = 0.02): LonLat {
  const [w, s, e, n] = turf.bbox(area);
  for (let i = 0; i < 5000; i++) {
    const p: LonLat = centre
      ? [centre[0] + (rand() - 0.5) * 2 * spreadDeg, centre[1] + (rand() - 0.5) * 2 * spreadDeg]
      : [w + rand() * (e - w), s + rand() * (n - s)];
    if (inside(p, area)) return [round6(p[0]), round6(p[1])];
  }
  throw new Error('no point found inside area');
}

function asMulti(g: Polygon | MultiPolygon): MultiPolygon {
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}

function roundGeometry(g: MultiPolygon): MultiPolygon {
  const r = (ring: Position[]) => ring.map(([x, y]) => [round6(x ?? 0), round6(y ?? 0)]);
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(r)) };
}

export function generate(): Record<string, unknown> {
  const rand = prng(321181);
  const county = loadCountyBoundary();
  const centre = turf.centroid(county).geometry.coordinates as LonLat;

  // ── Townships: seats, Voronoi polygons clipped to the county, populations ─────────────────────────────
  const list = loadTownshipList();
  const seats = list.map((t) => {
    const seat = SEATS[t.name];
    if (!seat) throw new Error(`no seat for ${t.name}`);
    return nudgeInside(seat, county, centre);
  });
  const bbox = turf.bbox(county);
  const cells = turf.voronoi(turf.featureCollection(seats.map((s) => turf.point(s))), {
    bbox: [bbox[0] - 0.1, bbox[1] - 0.1, bbox[2] + 0.1, bbox[3] + 0.1],
  });
  const urbanPop: Record<string, number> = { 云阳街道: 190_000, 曲阿街道: 110_000 };
  const towns = list.map((t, i) => {
    const cell = cells.features[i];
    if (!cell) throw new Error('voronoi cell missing');
    const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, county]));
    if (!clipped) throw new Error(`township ${t.name} has no area`);
    const geometry = roundGeometry(asMulti(clipped.geometry));
    return {
      ...t,
      seat: seats[i] as LonLat,
      geometry,
      areaKm2: Math.round(turf.area(clipped) / 1e4) / 100,
    };
  });
  const ruralTotal = 980_000 - Object.values(urbanPop).reduce((a, b) => a + b, 0);
  const weights = towns.map((t) => (urbanPop[t.name] ? 0 : t.areaKm2 * (0.8 + rand() * 0.4)));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  const townships = towns.map((t, i) => {
    const kind = t.name.endsWith('街道') ? '街道' : '镇';
    let population = urbanPop[t.name] ?? Math.round((((weights[i] ?? 0) / weightSum) * ruralTotal) / 10) * 10;
    if (i === towns.length - 1) population = 980_000 - assigned; // the sum is exact
    assigned += population;
    return {
      code: t.code,
      name: t.name,
      ...toPinyin(t.name),
      kind,
      population,
      areaKm2: t.areaKm2,
      seat: t.seat,
      geometry: t.geometry,
    };
  });

  // ── Villages and urban communities ────────────────────────────────────────────────────────────────────
  const villages: Record<string, unknown>[] = [];
  for (const t of townships) {
    const area: Feature<MultiPolygon> = { type: 'Feature', properties: {}, geometry: t.geometry };
    const urban = t.kind === '街道';
    const count = urban ? 18 : Math.max(10, Math.round(t.areaKm2 / 4.5));
    const taken = new Set<string>();
    const shares = Array.from({ length: count }, () => 0.5 + rand());
    const shareSum = shares.reduce((a, b) => a + b, 0);
    let left = t.population;
    for (let i = 0; i < count; i++) {
      const name = villageName(rand, urban, taken);
      const population = i === count - 1 ? left : Math.round(((shares[i] ?? 1) / shareSum) * t.population);
      left -= population;
      const [lon, lat] = randomInside(rand, area, urban ? t.seat : undefined, urban ? 0.03 : 0.02);
      villages.push({
        code: `${t.code}${urban ? '0' : '2'}${String(i + 1).padStart(2, '0')}`,
        name,
        ...toPinyin(name),
        townshipCode: t.code,
        population,
        lon,
        lat,
      });
    }
  }

  // ── Landmarks, stations, hospitals ───────────────────────────────────────────────────────────────────
  const byName = new Map(townships.map((t) => [t.name, t]));
  const near = (township: string, spread = 0.006): { townshipCode: string; lon: number; lat: number } => {
    const t = byName.get(township);
    if (!t) throw new Error(township);
    const area: Feature<MultiPolygon> = { type: 'Feature', properties: {}, geometry: t.geometry };
    const [lon, lat] = randomInside(rand, area, t.seat, spread);
    return { townshipCode: t.code, lon, lat };
  };
  const landmark = (code: string, name: string, township: string) => ({
    code,
    name,
    ...toPinyin(name),
    ...near(township, 0.015),
  });
  const landmarks = [
    landmark('LM01', '丹阳站', '云阳街道'),
    landmark('LM02', '丹阳北站', '丹北镇'),
    landmark('LM03', '丹阳汽车客运站', '云阳街道'),
    landmark('LM04', '中国眼镜城', '云阳街道'),
    landmark('LM05', '丹阳市政府', '曲阿街道'),
    landmark('LM06', '丹阳经济开发区', '曲阿街道'),
    landmark('LM07', '天地石刻园', '云阳街道'),
    landmark('LM08', '吕城古镇', '吕城镇'),
  ];
  const station = (code: string, name: string, township: string) => ({
    code,
    name,
    address: `${township}${name.replace(/急救站|急救分站/, '')}`,
    ...near(township, 0.004),
  });
  const stations = [
    station('ST01', '丹阳市急救指挥中心', '云阳街道'),
    station('ST02', '城东急救站', '曲阿街道'),
    station('ST03', '丹北急救分站', '丹北镇'),
    station('ST04', '司徒镇卫生院急救站', '司徒镇'),
    station('ST05', '界牌镇卫生院急救站', '界牌镇'),
    station('ST06', '导墅镇卫生院急救站', '导墅镇'),
    station('ST07', '珥陵镇卫生院急救站', '珥陵镇'),
    station('ST08', '吕城镇卫生院急救站', '吕城镇'),
    station('ST09', '延陵镇卫生院急救站', '延陵镇'),
  ];
  const hospital = (code: string, name: string, level: string, township: string, capabilities: string[]) => ({
    code,
    name,
    level,
    address: `丹阳市${township}`,
    capabilities,
    ...near(township, 0.008),
  });
  const hospitals = [
    hospital('H01', '丹阳市人民医院', '三级', '云阳街道', [
      'chest_pain',
      'stroke',
      'trauma',
      'negative_pressure',
      'burns',
      'poisoning',
      'pediatric',
    ]),
    hospital('H02', '丹阳市中医院', '三级', '曲阿街道', ['stroke', 'trauma', 'poisoning']),
    hospital('H03', '丹阳市妇幼保健院', '二级', '云阳街道', ['maternal', 'neonatal', 'pediatric']),
    hospital('H04', '丹阳市第三人民医院', '二级', '吕城镇', ['trauma', 'negative_pressure']),
    hospital('H05', '司徒镇卫生院', '一级', '司徒镇', []),
    hospital('H06', '界牌镇卫生院', '一级', '界牌镇', []),
  ];

  // ── Fleet ─────────────────────────────────────────────────────────────────────────────────────────────
  const KIND_CAPS: Record<string, string[]> = {
    monitoring_ambulance: ['als', 'bls', 'defibrillator', 'ecg_12lead', 'ventilator'],
    negative_pressure_ambulance: ['bls', 'negative_pressure', 'defibrillator'],
    basic_ambulance: ['bls'],
    mobile_hospital: ['bls', 'outpatient_clinic', 'telemedicine', 'ecg_12lead'],
    patrol_clinic: ['outpatient_clinic', 'telemedicine'],
  };
  // [kind, station] — 26 ambulances (11 negative-pressure: 42%), 2 mobile hospitals, 2 patrol clinic vans.
  const fleet: [string, string][] = [
    ...(['ST01', 'ST01', 'ST02', 'ST03', 'ST08', 'ST01'] as const).map(
      (s) => ['monitoring_ambulance', s] as [string, string],
    ),
    ...(['ST01', 'ST01', 'ST02', 'ST02', 'ST03', 'ST04', 'ST05', 'ST06', 'ST07', 'ST08', 'ST09'] as const).map(
      (s) => ['negative_pressure_ambulance', s] as [string, string],
    ),
    ...(['ST01', 'ST02', 'ST03', 'ST04', 'ST05', 'ST06', 'ST07', 'ST08', 'ST09'] as const).map(
      (s) => ['basic_ambulance', s] as [string, string],
    ),
    ['mobile_hospital', 'ST01'],
    ['mobile_hospital', 'ST08'],
    ['patrol_clinic', 'ST04'],
    ['patrol_clinic', 'ST05'],
  ];
  const units = fleet.map(([kind, stationCode], i) => {
    const n = String(i + 1).padStart(2, '0');
    const caps = [...(KIND_CAPS[kind] ?? [])];
    // A few negative-pressure ambulances also carry ALS equipment (监护型负压车).
    if (kind === 'negative_pressure_ambulance' && i % 4 === 0) caps.push('als', 'ventilator');
    const jt808 = i % 3 !== 2;
    return {
      code: `DY120-${n}`,
      callSign: `丹阳120-${n}`,
      plate: `苏L·${pick(rand, ['A', 'B', 'C', 'D', 'E'])}${String(1201 + i * 7).padStart(4, '0')}`,
      kind,
      capabilities: caps.sort(),
      stationCode,
      deviceId: jt808 ? `0138${String(6000 + i).padStart(8, '0')}` : `dy-120-${n}`,
      deviceProtocol: jt808 ? 'jt808' : 'osmand',
      coordSystem: 'wgs84',
    };
  });

  return {
    'county.geojson': county,
    'townships.json': townships,
    'villages.json': villages,
    'landmarks.json': landmarks,
    'stations.json': stations,
    'hospitals.json': hospitals,
    'units.json': units,
  };
}

/** The file contents exactly as written (a test compares them with the committed files). */
export function render(files: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([name, value]) => [name, JSON.stringify(value, null, 1) + '\n']),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, text] of Object.entries(render(generate()))) {
    writeFileSync(`${DATA_DIR}${name}`, text);
    console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
  }
}
