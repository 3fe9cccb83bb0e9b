import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as gcoordModule from 'gcoord';
import type { Feature, MultiPolygon } from 'geojson';
import { round6 } from './prng.ts';

/** The generator's real inputs, copied into the repo with their provenance (`db/seed/source/README.md`). */
export const SOURCE_DATA = fileURLToPath(new URL('../source/', import.meta.url));

export interface CountyProperties {
  code: string;
  name: string;
  nameEn: string;
  population: number;
}
export type CountyFeature = Feature<MultiPolygon, CountyProperties>;

interface Gcoord {
  transform: <T>(input: T, from: unknown, to: unknown) => T;
  GCJ02: unknown;
  WGS84: unknown;
}
// gcoord's typings describe a default export that its CommonJS build (what Node loads) does not have in the same
// shape; reach the functions either way.
const gcoord = ((gcoordModule as { default?: unknown }).default ?? gcoordModule) as Gcoord;

/** The real county boundary (DataV GeoAtlas, GCJ-02) converted to WGS-84, coordinates rounded to 6 decimals. */
export function loadCountyBoundary(): CountyFeature {
  const fc = JSON.parse(readFileSync(`${SOURCE_DATA}boundary-gcj02.geojson`, 'utf8')) as {
    features: Feature<MultiPolygon>[];
  };
  const gcj = fc.features[0];
  if (!gcj || gcj.geometry.type !== 'MultiPolygon') throw new Error('boundary file has no MultiPolygon feature');
  const wgs = gcoord.transform(gcj, gcoord.GCJ02, gcoord.WGS84);
  return {
    type: 'Feature',
    properties: { code: '321181', name: '丹阳市', nameEn: 'Danyang', population: 980000 },
    geometry: {
      type: 'MultiPolygon',
      coordinates: wgs.geometry.coordinates.map((poly) =>
        poly.map((ring) => ring.map(([x, y]) => [round6(x ?? 0), round6(y ?? 0)])),
      ),
    },
  };
}

/** The 12 real township-level divisions (modood/Administrative-divisions-of-China, WTFPL). */
export function loadTownshipList(): { code: string; name: string }[] {
  const lines = readFileSync(`${SOURCE_DATA}townships.csv`, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const [code, name, countyCode] = line.split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
    if (!code || !name || countyCode !== '321181') throw new Error(`unexpected townships.csv line: ${line}`);
    return { code, name };
  });
}
