import type { LonLatPair } from './coords.ts';

const EARTH_M = 6_371_008.8;

/** A closed ring of `steps` points `radiusM` metres around `center` (WGS-84), for an accuracy circle. */
export function accuracyRing(center: LonLatPair, radiusM: number, steps = 48): LonLatPair[] {
  const [lon, lat] = center;
  const dLat = (radiusM / EARTH_M) * (180 / Math.PI);
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const ring: LonLatPair[] = [];
  for (let i = 0; i < steps; i++) {
    const a = (2 * Math.PI * i) / steps;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  ring.push(ring[0] as LonLatPair);
  return ring;
}
