/** Great-circle distance in metres on a sphere of radius 6371008.8 m (the same sphere as ST_DistanceSphere). */
export function sphereDistanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = 6_371_008.8;
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}
