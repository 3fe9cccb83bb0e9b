/**
 * The places the simulator drives between and raises calls at: the demo county's boundary, township polygons
 * (街道 = urban core, slower traffic), villages with populations, township seats, stations and hospitals.
 * Read from the seed files (`db/seed/data/`, located by `import.meta.url` inside `@c120/db/seed`).
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { loadSeedData, type SeedData } from '@c120/db/seed';
import { BoundaryIndex } from './boundary.ts';
import type { LonLat } from './geo.ts';

export type PlaceKind = 'village' | 'community' | 'seat' | 'station' | 'hospital' | 'landmark';

export interface Place {
  kind: PlaceKind;
  code: string;
  name: string;
  townshipCode: string | null;
  at: LonLat;
  /** Villages and communities: residents (calls are drawn in proportion). */
  population: number;
}

export interface Township {
  code: string;
  name: string;
  kind: string;
  urban: boolean;
  population: number;
  seat: LonLat;
  area: Feature<Polygon | MultiPolygon>;
}

export interface Gazetteer {
  countyName: string;
  county: Feature<Polygon | MultiPolygon>;
  townships: Township[];
  /** Villages and communities (call locations). */
  villages: Place[];
  stations: Place[];
  hospitals: Place[];
  /** Every place a route may pass through: villages, seats, stations, hospitals, landmarks. */
  waypoints: Place[];
  isInside(p: LonLat): boolean;
  /** The straight segment a→b lies inside the county (exact test against the boundary's edges). */
  segmentInside(a: LonLat, b: LonLat): boolean;
  /** Inside one of the 街道 (urban core). */
  isUrban(p: LonLat): boolean;
  township(code: string | null): Township | undefined;
}

type Geometry = SeedData['county']['geometry'];

function feature(geometry: Geometry): Feature<Polygon | MultiPolygon> {
  // The seed files are GeoJSON; the record type keeps `coordinates` opaque.
  return turf.feature(geometry as Polygon | MultiPolygon);
}

export function buildGazetteer(data: SeedData): Gazetteer {
  const county = feature(data.county.geometry);
  const townships: Township[] = data.townships.map((t) => ({
    code: t.code,
    name: t.name,
    kind: t.kind,
    urban: t.kind === '街道',
    population: t.population,
    seat: t.seat,
    area: feature(t.geometry),
  }));
  const urban = townships.filter((t) => t.urban);
  const villages: Place[] = data.villages.map((v) => ({
    kind: v.name.endsWith('社区') ? 'community' : 'village',
    code: v.code,
    name: v.name,
    townshipCode: v.townshipCode,
    at: [v.lon, v.lat],
    population: v.population ?? 0,
  }));
  const stations: Place[] = data.stations.map((s) => ({
    kind: 'station',
    code: s.code,
    name: s.name,
    townshipCode: s.townshipCode ?? null,
    at: [s.lon, s.lat],
    population: 0,
  }));
  const hospitals: Place[] = data.hospitals.map((h) => ({
    kind: 'hospital',
    code: h.code,
    name: h.name,
    townshipCode: h.townshipCode ?? null,
    at: [h.lon, h.lat],
    population: 0,
  }));
  const seats: Place[] = townships.map((t) => ({
    kind: 'seat',
    code: t.code,
    name: t.name,
    townshipCode: t.code,
    at: t.seat,
    population: 0,
  }));
  const landmarks: Place[] = data.landmarks.map((l) => ({
    kind: 'landmark',
    code: l.code,
    name: l.name,
    townshipCode: l.townshipCode,
    at: [l.lon, l.lat],
    population: 0,
  }));
  const isInside = (p: LonLat) => turf.booleanPointInPolygon(p, county);
  const boundary = new BoundaryIndex(county, isInside);
  const byCode = new Map(townships.map((t) => [t.code, t]));
  return {
    countyName: data.county.properties.name,
    county,
    townships,
    villages,
    stations,
    hospitals,
    // Generated seats were moved inside the boundary by the seed generator, but filter anyway: a route
    // through a point outside the county would fail the boundary rule.
    waypoints: [...villages, ...seats, ...stations, ...hospitals, ...landmarks].filter((p) => isInside(p.at)),
    isInside,
    segmentInside: (a, b) => boundary.segmentInside(a, b),
    isUrban: (p) => urban.some((t) => turf.booleanPointInPolygon(p, t.area)),
    township: (code) => (code === null ? undefined : byCode.get(code)),
  };
}

let cached: Promise<Gazetteer> | null = null;

/** The demo county's gazetteer, read once per process. */
export function loadGazetteer(): Promise<Gazetteer> {
  cached ??= loadSeedData().then(buildGazetteer);
  return cached;
}
