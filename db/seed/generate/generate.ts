/**
 * Generates the demo county's seed files in db/seed/data/ (run: npx tsx db/seed/generate/generate.ts).
 *
 * Real: the county boundary (converted from GCJ-02 to WGS-84) and the 12 township names and codes. GENERATED
 * (plausible, not real): township seats, township polygons (Voronoi cells of the seats clipped to the boundary),
 * populations, villages and communities, landmark positions, stations, hospital positions, levels and
 * capabilities, and the fleet. Deterministic: seeded PRNG streams, so re-running yields byte-identical files
 * (validate.test.ts checks that the committed files are exactly what `generate()` returns).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import {
  HOSPITAL_CAPABILITIES,
  type HospitalCapability,
  type HospitalLevel,
  type UnitCapability,
  type UnitKind,
} from '@c120/shared/vocabulary';
import { loadCountyBoundary, loadTownshipList, type CountyFeature } from './county.ts';
import { formatJson } from './format.ts';
import { asMulti, inside, roundGeometry, roundPoint, scatter, type LonLat } from './geo.ts';
import { NameBook, toPinyin, townSeatCommunityName, urbanCommunityName, villageName } from './names.ts';
import {
  COUNTY_POPULATION,
  FLEET,
  HEALTH_CENTRE_TOWNS,
  HOSPITALS,
  KIND_CAPABILITIES,
  LANDMARKS,
  SEATS,
  STATIONS,
  URBAN_POPULATION,
  type Placement,
} from './plan.ts';
import { between, intBetween, pick, stream, type Rand } from './prng.ts';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

export interface Township {
  code: string;
  name: string;
  pinyin: string;
  initials: string;
  kind: '街道' | '镇';
  population: number;
  areaKm2: number;
  seat: LonLat;
  geometry: MultiPolygon;
}
export interface Village {
  code: string;
  name: string;
  pinyin: string;
  initials: string;
  townshipCode: string;
  population: number;
  lon: number;
  lat: number;
}
export interface Landmark {
  code: string;
  name: string;
  pinyin: string;
  initials: string;
  townshipCode: string;
  lon: number;
  lat: number;
  /** The name is real; the position is generated. */
  positionGenerated: true;
}
export interface Station {
  code: string;
  name: string;
  address: string;
  townshipCode: string;
  lon: number;
  lat: number;
}
export interface Hospital {
  code: string;
  name: string;
  level: HospitalLevel;
  address: string;
  townshipCode: string;
  lon: number;
  lat: number;
  capabilities: HospitalCapability[];
}
export interface Unit {
  code: string;
  callSign: string;
  plate: string;
  kind: UnitKind;
  capabilities: UnitCapability[];
  stationCode: string;
  deviceId: string;
  deviceProtocol: 'jt808' | 'osmand';
  coordSystem: 'wgs84';
}

export interface SeedFiles {
  'county.geojson': CountyFeature;
  'townships.json': Township[];
  'villages.json': Village[];
  'landmarks.json': Landmark[];
  'stations.json': Station[];
  'hospitals.json': Hospital[];
  'units.json': Unit[];
}

/**
 * Splits `total` in proportion to `weights`, in multiples of `step`, summing exactly to `total` (largest
 * remainder; whatever is not a multiple of `step` goes to the largest share).
 */
export function apportion(total: number, weights: readonly number[], step = 1): number[] {
  const steps = Math.floor(total / step);
  const sum = weights.reduce((a, b) => a + b, 0);
  const quotas = weights.map((w) => (w / sum) * steps);
  const out = quotas.map(Math.floor);
  const order = quotas.map((q, i) => ({ i, frac: q - Math.floor(q) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  const missing = steps - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) {
    const j = order[k]?.i ?? 0;
    out[j] = (out[j] ?? 0) + 1;
  }
  const result = out.map((n) => n * step);
  const largest = weights.indexOf(Math.max(...weights));
  result[largest] = (result[largest] ?? 0) + total - steps * step;
  return result;
}

/** The point `offsetM` metres east and north of `p`. */
function offset(p: LonLat, [east, north]: [number, number]): LonLat {
  const lat = p[1] + north / 110_574;
  return roundPoint([p[0] + east / (111_320 * Math.cos((p[1] * Math.PI) / 180)), lat]);
}

const feature = (geometry: MultiPolygon): Feature<MultiPolygon> => ({ type: 'Feature', properties: {}, geometry });

function buildTownships(county: CountyFeature): Township[] {
  const countyArea = feature(county.geometry);
  const list = loadTownshipList();
  const seats = list.map((t) => {
    const seat = SEATS[t.name];
    if (!seat) throw new Error(`no seat planned for ${t.name}`);
    if (!inside(seat, countyArea)) throw new Error(`the seat of ${t.name} is outside the county`);
    return seat;
  });
  const [w, s, e, n] = turf.bbox(countyArea);
  const cells = turf.voronoi(turf.featureCollection(seats.map((p) => turf.point(p))), {
    bbox: [w - 0.1, s - 0.1, e + 0.1, n + 0.1],
  });
  const shapes = list.map((t, i) => {
    const cell = cells.features[i];
    if (!cell) throw new Error('voronoi cell missing');
    const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, countyArea]));
    if (!clipped) throw new Error(`township ${t.name} has no area`);
    const geometry = roundGeometry(asMulti(clipped.geometry));
    return { geometry, areaKm2: Math.round(turf.area(geometry) / 1e4) / 100 };
  });

  // Populations: the urban core as planned, the rest split among the towns by area with a random factor.
  const rand = stream('township-population');
  const urbanTotal = Object.values(URBAN_POPULATION).reduce((a, b) => a + b, 0);
  const townWeights = list.map((t, i) =>
    URBAN_POPULATION[t.name] === undefined ? (shapes[i]?.areaKm2 ?? 0) * between(rand, 0.8, 1.25) : 0,
  );
  const townPops = apportion(COUNTY_POPULATION - urbanTotal, townWeights, 100);

  return list.map((t, i) => {
    const shape = shapes[i];
    if (!shape) throw new Error('shape missing');
    return {
      code: t.code,
      name: t.name,
      ...toPinyin(t.name),
      kind: t.name.endsWith('街道') ? '街道' : '镇',
      population: URBAN_POPULATION[t.name] ?? townPops[i] ?? 0,
      areaKm2: shape.areaKm2,
      seat: seats[i] as LonLat,
      geometry: shape.geometry,
    };
  });
}

/** Share weights between 0.6 and 1.4, so no place is more than ~2.3 times another of its kind. */
const shares = (rand: Rand, n: number): number[] => Array.from({ length: n }, () => between(rand, 0.6, 1.4));

/**
 * Villages (村) and communities (社区) of one township. Codes extend the township code the way the statistical
 * division codes do: 0xx for communities (居委会), 2xx for villages (村委会).
 */
function buildVillages(t: Township, urbanNames: NameBook): Village[] {
  const rand = stream(`villages:${t.code}`);
  const area = feature(t.geometry);
  const names = new NameBook();
  const places: { name: string; population: number; at: LonLat; community: boolean }[] = [];
  const taken: LonLat[] = [];
  const place = (name: string, population: number, at: LonLat, community: boolean) => {
    places.push({ name, population, at, community });
    taken.push(at);
  };

  let communityCount: number;
  let communityPop: number;
  let coreRadiusM: number;
  if (t.kind === '街道') {
    // Dense urban communities around the seat, farming villages on the edge.
    communityPop = Math.round((t.population * 0.82) / 100) * 100;
    communityCount = Math.round(communityPop / 10_000);
    coreRadiusM = Math.sqrt(communityCount) * 650;
    const pops = apportion(communityPop, shares(rand, communityCount), 10);
    for (const pop of pops) {
      const name = urbanNames.draw(() => urbanCommunityName(rand));
      names.take(name);
      const at = scatter(rand, area, {
        centre: t.seat,
        radiusM: coreRadiusM,
        spacingM: 550,
        avoid: taken,
        marginM: 150,
      });
      place(name, pop, at, true);
    }
  } else {
    // The town seat's own communities: one named after the town, one or two more.
    communityCount = t.population > 60_000 ? 3 : 2;
    communityPop = Math.round((t.population * between(rand, 0.16, 0.22)) / 100) * 100;
    coreRadiusM = 1000;
    const stem = t.name.replace(/镇$/, '');
    const pops = apportion(communityPop, shares(rand, communityCount), 10);
    pops.forEach((pop, i) => {
      const name = i === 0 ? names.take(`${stem}社区`) : names.draw(() => townSeatCommunityName(rand));
      const at = scatter(rand, area, { centre: t.seat, radiusM: 900, spacingM: 400, avoid: taken, marginM: 150 });
      place(name, pop, at, true);
    });
  }

  const villagePop = t.population - communityPop;
  const villageCount = Math.max(6, Math.round(villagePop / 2_300));
  const ruralAreaM2 = Math.max(turf.area(area) - Math.PI * coreRadiusM ** 2, 1e6);
  const spacingM = 0.6 * Math.sqrt(ruralAreaM2 / villageCount);
  const pops = apportion(villagePop, shares(rand, villageCount), 10);
  for (const pop of pops) {
    const name = names.draw(() => villageName(rand));
    const at = scatter(rand, area, {
      centre: t.seat,
      minFromCentreM: coreRadiusM + 400,
      spacingM,
      avoid: taken,
      marginM: 200,
    });
    place(name, pop, at, false);
  }

  let community = 0;
  let village = 200;
  return places.map((p) => ({
    code: `${t.code}${String(p.community ? ++community : ++village).padStart(3, '0')}`,
    name: p.name,
    ...toPinyin(p.name),
    townshipCode: t.code,
    population: p.population,
    lon: p.at[0],
    lat: p.at[1],
  }));
}

export function generate(): SeedFiles {
  const county = loadCountyBoundary();
  const townships = buildTownships(county);
  const byName = new Map(townships.map((t) => [t.name, t]));
  const township = (name: string): Township => {
    const t = byName.get(name);
    if (!t) throw new Error(`unknown township ${name}`);
    return t;
  };

  const urbanNames = new NameBook();
  const villages = townships.flatMap((t) => buildVillages(t, urbanNames));

  const placeAt = (key: string, p: Placement): { townshipCode: string; lon: number; lat: number } => {
    const t = township(p.township);
    const target = p.offsetM ? offset(t.seat, p.offsetM) : t.seat;
    const [lon, lat] = scatter(stream(key), feature(t.geometry), { centre: target, radiusM: p.radiusM, marginM: 100 });
    return { townshipCode: t.code, lon, lat };
  };

  const landmarks: Landmark[] = LANDMARKS.map((l) => ({
    code: l.code,
    name: l.name,
    ...toPinyin(l.name),
    ...placeAt(`landmark:${l.code}`, l),
    positionGenerated: true,
  }));

  // Each town's health centre (卫生院), near the seat: the town's ambulance station is there.
  const healthCentres = new Map(
    HEALTH_CENTRE_TOWNS.map((town) => [town, placeAt(`health-centre:${town}`, { township: town, radiusM: 700 })]),
  );
  const healthCentre = (town: string) => {
    const h = healthCentres.get(town);
    if (!h) throw new Error(`no health centre planned in ${town}`);
    return h;
  };

  const stations: Station[] = STATIONS.map((s) => {
    const at = s.healthCentre ? healthCentre(s.township) : placeAt(`station:${s.code}`, placementOf(s));
    return {
      code: s.code,
      name: s.name,
      address: s.healthCentre ? `丹阳市${s.township}卫生院内` : `丹阳市${s.township}`,
      ...at,
    };
  });

  const hospitals: Hospital[] = HOSPITALS.map((h) => ({
    code: h.code,
    name: h.name,
    level: h.level,
    address: `丹阳市${h.township}`,
    ...(h.healthCentre ? healthCentre(h.township) : placeAt(`hospital:${h.code}`, placementOf(h))),
    capabilities: HOSPITAL_CAPABILITIES.filter((c) => h.capabilities.includes(c)),
  }));

  const units = buildFleet();
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

function placementOf(x: { code: string; placement?: Placement }): Placement {
  if (!x.placement) throw new Error(`${x.code} has no placement`);
  return x.placement;
}

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'; // no I or O on Chinese plates

function buildFleet(): Unit[] {
  const rand = stream('fleet');
  const plates = new Set<string>();
  let ambulanceIndex = 0;
  return FLEET.map((u, i) => {
    const n = String(i + 1).padStart(2, '0');
    const capabilities = [...new Set([...KIND_CAPABILITIES[u.kind], ...(u.extra ?? [])])].sort();
    let plate: string;
    do {
      plate = `苏L·${intBetween(rand, 1, 9)}${pick(rand, [...PLATE_LETTERS])}${String(intBetween(rand, 0, 999)).padStart(3, '0')}`;
    } while (plates.has(plate));
    plates.add(plate);
    // Ambulances mostly carry a JT/T 808 vehicle terminal (one in four runs Traccar Client on a phone instead);
    // mobile hospitals and patrol clinic vans report from Traccar Client (OsmAnd protocol) on a tablet.
    const isAmbulance = u.kind.endsWith('_ambulance');
    const jt808 = isAmbulance && ambulanceIndex++ % 4 !== 3;
    return {
      code: `DY120-${n}`,
      callSign: `丹阳120-${n}`,
      plate,
      kind: u.kind,
      capabilities,
      stationCode: u.station,
      deviceId: jt808 ? `0138${String(i + 1).padStart(8, '0')}` : `dy-120-${n}`,
      deviceProtocol: jt808 ? 'jt808' : 'osmand',
      coordSystem: 'wgs84',
    };
  });
}

/** The file contents exactly as written (a test compares them with the committed files). */
export function render(files: SeedFiles): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, value]) => [name, formatJson(value)]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, text] of Object.entries(render(generate()))) {
    writeFileSync(`${DATA_DIR}${name}`, text);
    console.log(`${name}: ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`);
  }
}
