/** Mean Earth radius in metres: the sphere of PostGIS `ST_DistanceSphere`, so JS and SQL distances agree. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two WGS-84 points (haversine on the `ST_DistanceSphere` sphere). */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The same distance between two `{lon, lat}` points. */
export function distanceBetweenM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return haversineM(a.lon, a.lat, b.lon, b.lat);
}
