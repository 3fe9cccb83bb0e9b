import { isoAt } from '../format/time.ts';
import type { PositionFix } from './position-buffer.ts';

/** A browser fix as POST /api/positions takes it. */
export function fixFromGeolocation(deviceId: string, pos: GeolocationPosition): PositionFix {
  const c = pos.coords;
  const fix: PositionFix = {
    deviceId,
    time: isoAt(pos.timestamp),
    lat: c.latitude,
    lon: c.longitude,
  };
  if (c.speed !== null && Number.isFinite(c.speed)) fix.speedKmh = Math.round(c.speed * 3.6 * 10) / 10;
  if (c.heading !== null && Number.isFinite(c.heading)) fix.headingDeg = Math.round(c.heading);
  if (Number.isFinite(c.accuracy)) fix.accuracyM = Math.round(c.accuracy);
  return fix;
}
