import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { HospitalLevel, UnitKind } from '@c120/shared/vocabulary';

/** The demo county's seed files (db/seed/data/, provenance in its README). All coordinates WGS-84. */
export const SEED_DATA_DIR = fileURLToPath(new URL('../../seed/data/', import.meta.url));

export type LonLat = [number, number];

export interface CountyFeature {
  type: 'Feature';
  properties: { code: string; name: string; nameEn?: string; population?: number };
  geometry: { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown };
}
export interface TownshipRecord {
  code: string;
  name: string;
  pinyin: string;
  initials?: string;
  kind: '街道' | '镇' | '乡';
  population: number;
  areaKm2: number;
  seat: LonLat;
  geometry: { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown };
}
export interface PlaceRecord {
  code: string;
  name: string;
  pinyin: string;
  initials: string;
  townshipCode: string;
  population?: number;
  lon: number;
  lat: number;
}
export interface StationRecord {
  code: string;
  name: string;
  address?: string;
  townshipCode?: string;
  lon: number;
  lat: number;
}
export interface HospitalRecord extends StationRecord {
  level: HospitalLevel;
  capabilities: string[];
}
export interface UnitRecord {
  code: string;
  callSign: string;
  plate?: string;
  kind: UnitKind;
  capabilities: string[];
  stationCode: string;
  deviceId: string;
  deviceProtocol: 'jt808' | 'osmand';
  coordSystem: 'wgs84' | 'gcj02';
}

export interface SeedData {
  county: CountyFeature;
  townships: TownshipRecord[];
  villages: PlaceRecord[];
  landmarks: PlaceRecord[];
  stations: StationRecord[];
  hospitals: HospitalRecord[];
  units: UnitRecord[];
}

async function readJson<T>(dir: string, file: string): Promise<T> {
  return JSON.parse(await readFile(`${dir}/${file}`, 'utf8')) as T;
}

export async function loadSeedData(dir: string = SEED_DATA_DIR): Promise<SeedData> {
  const [county, townships, villages, landmarks, stations, hospitals, units] = await Promise.all([
    readJson<CountyFeature>(dir, 'county.geojson'),
    readJson<TownshipRecord[]>(dir, 'townships.json'),
    readJson<PlaceRecord[]>(dir, 'villages.json'),
    readJson<PlaceRecord[]>(dir, 'landmarks.json'),
    readJson<StationRecord[]>(dir, 'stations.json'),
    readJson<HospitalRecord[]>(dir, 'hospitals.json'),
    readJson<UnitRecord[]>(dir, 'units.json'),
  ]);
  return { county, townships, villages, landmarks, stations, hospitals, units };
}
