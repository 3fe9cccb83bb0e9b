import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { round6, type Rand } from './prng.ts';

export type LonLat = [number, number];
export type Area = Feature<Polygon | MultiPolygon> | MultiPolygon;

export const inside = (pt: LonLat, area: Area): boolean => turf.booleanPointInPolygon(pt, area);

/** Metres from the point to the area's border (positive inside). */
export const depthInside = (pt: LonLat, area: Area): number =>
  -turf.pointToPolygonDistance(pt, area, { units: 'meters', method: 'planar' });

/** Great-circle distance in metres. */
export const metres = (a: LonLat, b: LonLat): number => turf.distance(a, b, { units: 'meters' });

export const roundPoint = (p: LonLat): LonLat => [round6(p[0]), round6(p[1])];

export function asMulti(g: Polygon | MultiPolygon): MultiPolygon {
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}

export function roundGeometry(g: MultiPolygon): MultiPolygon {
  const ring = (r: Position[]): Position[] => {
    const out: Position[] = [];
    for (const [x, y] of r) {
      const p = [round6(x ?? 0), round6(y ?? 0)];
      const prev = out[out.length - 1];
      if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p); // rounding may merge neighbours
    }
    return out;
  };
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
}

/** Degrees of longitude and latitude per metre near `lat`. */
function degPerMetre(lat: number): { lon: number; lat: number } {
  return { lon: 1 / (111_320 * Math.cos((lat * Math.PI) / 180)), lat: 1 / 110_574 };
}

export interface ScatterOptions {
  /** Where to draw from: a disc of `radiusM` metres around `centre`, else the area's bounding box. */
  centre?: LonLat;
  radiusM?: number;
  /** Not nearer than this to the area's border. */
  marginM?: number;
  /** Not nearer than this to any point in `avoid`. */
  spacingM?: number;
  avoid?: readonly LonLat[];
  /** Not nearer than this to `centre` (a ring rather than a disc). */
  minFromCentreM?: number;
}

/**
 * A random point (rounded to 6 decimals) inside `area` that satisfies the options. Relaxes the spacing (and widens
 * the disc) if the area is too crowded to meet it, so it always returns a point; throws only if the area cannot hold one at all.
 */
export function scatter(rand: Rand, area: Area, options: ScatterOptions = {}): LonLat {
  const { centre, radiusM = 0, marginM = 0, avoid = [], minFromCentreM = 0 } = options;
  let spacing = options.spacingM ?? 0;
  let radius = radiusM;
  const [w, s, e, n] = turf.bbox(area);
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < 400; i++) {
      let p: LonLat;
      if (centre && radius > 0) {
        // Uniform in the disc (or ring).
        const k = degPerMetre(centre[1]);
        const r = Math.sqrt(minFromCentreM ** 2 + rand() * (radius ** 2 - minFromCentreM ** 2));
        const a = rand() * 2 * Math.PI;
        p = roundPoint([centre[0] + r * Math.cos(a) * k.lon, centre[1] + r * Math.sin(a) * k.lat]);
      } else {
        p = roundPoint([w + rand() * (e - w), s + rand() * (n - s)]);
        if (centre && minFromCentreM > 0 && metres(p, centre) < minFromCentreM) continue;
      }
      if (!inside(p, area)) continue;
      if (marginM > 0 && depthInside(p, area) < marginM) continue;
      if (spacing > 0 && avoid.some((q) => metres(p, q) < spacing)) continue;
      return p;
    }
    spacing *= 0.8;
    radius *= 1.25;
  }
  throw new Error('no point found inside the area');
}
