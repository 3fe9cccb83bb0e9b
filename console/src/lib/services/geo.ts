import type { FeatureCollection, MultiPolygon, Polygon, Feature } from 'geojson';
import { get } from './http.ts';

export interface TownshipProperties {
  code: string;
  name: string;
  population: number | null;
  kind?: string;
  /** [lon, lat] of the township seat (镇政府/街道办驻地), where the label goes. */
  seat?: [number, number];
}

export interface CountyGeo {
  county: Feature<MultiPolygon | Polygon, { code?: string; name?: string; population?: number | null }> | null;
  townships: FeatureCollection<MultiPolygon | Polygon, TownshipProperties>;
}

let cached: Promise<CountyGeo> | null = null;

/** GET /api/geo/county, once per page (the boundaries do not change while the console runs). */
export function fetchCountyGeo(): Promise<CountyGeo> {
  cached ??= get<CountyGeo>('/api/geo/county').catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
