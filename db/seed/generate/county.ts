import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as gcoordModule from 'gcoord';
import type { Feature, MultiPolygon } from 'geojson';

/** The shared data folder beside the repository (read-only sources, with their licences in its README). */
export const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data/danyang/', import.meta.url));

/** The real county boundary (DataV GeoAtlas, GCJ-02) converted to WGS-84. */
export function loadCountyBoundary(): Feature<MultiPolygon> {
  const fc = JSON.parse(readFileSync(`${SHARED_DATA}boundary-gcj02.geojson`, 'utf8')) as {
    features: Feature<MultiPolygon>[];
  };
  const gcj = fc.features[0];
  if (!gcj) throw new Error('boundary file has no feature');
  // gcoord's typings describe a default export that its ESM build does not match; reach the functions either way.
  const gcoord = ((gcoordModule as { default?: unknown }).default ?? gcoordModule) as {
    transform: (g: unknown, from: unknown, to: unknown) => unknown;
    GCJ02: unknown;
    WGS84: unknown;
  };
  const wgs = gcoord.transform(gcj, gcoord.GCJ02, gcoord.WGS84) as Feature<MultiPolygon>;
  const round = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number'
      ? (c as number[]).map((n) => Math.round(n * 1e6) / 1e6)
      : (c as unknown[]).map(round);
  return {
    type: 'Feature',
    properties: { code: '321181', name: '丹阳市', nameEn: 'Danyang', population: 980000 },
    geometry: { type: 'MultiPolygon', coordinates: round(wgs.geometry.coordinates) as MultiPolygon['coordinates'] },
  };
}

/** The 12 real township-level divisions (modood/Administrative-divisions-of-China, WTFPL). */
export function loadTownshipList(): { code: string; name: string }[] {
  const lines = readFileSync(`${SHARED_DATA}townships.csv`, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [code, name] = line.split(',');
    return { code: String(code), name: String(name).replace(/"/g, '') };
  });
}
