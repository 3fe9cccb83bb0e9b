/** Small geometry helpers on [lon, lat] pairs (WGS-84 degrees). Distances and bearings come from turf. */
import * as turf from '@turf/turf';

export type LonLat = [number, number];

/** Great-circle distance in metres. */
export const metres = (a: LonLat, b: LonLat): number => turf.distance(a, b, { units: 'meters' });

/** Initial bearing from a to b, degrees in [0, 360). */
export function bearingDeg(a: LonLat, b: LonLat): number {
  const d = turf.bearing(a, b);
  return (d + 360) % 360;
}

/** Degrees of longitude and latitude per metre near `lat` (good to well under 1% over a county). */
export function degPerMetre(lat: number): { lon: number; lat: number } {
  return { lon: 1 / (111_320 * Math.cos((lat * Math.PI) / 180)), lat: 1 / 110_574 };
}

/** The point moved by (east, north) metres. */
export function offsetMetres(p: LonLat, eastM: number, northM: number): LonLat {
  const d = degPerMetre(p[1]);
  return [p[0] + eastM * d.lon, p[1] + northM * d.lat];
}

/** Local planar coordinates in metres relative to `origin` (equirectangular; fine at county scale). */
export function toLocal(origin: LonLat, p: LonLat): { x: number; y: number } {
  const d = degPerMetre(origin[1]);
  return { x: (p[0] - origin[0]) / d.lon, y: (p[1] - origin[1]) / d.lat };
}

export const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
