import type { StationView, UnitView } from '@c120/dispatch-core/contracts';

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (short distances; the crew card shows it rounded to 0.1 km). */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

export interface MoveUpTarget {
  station: StationView;
  /** Straight-line metres from the unit's latest position; null without a position. */
  distanceM: number | null;
}

/** The station of the unit's open move-up order and how far it is; null without an order (or unknown station). */
export function moveUpTarget(
  unit: UnitView,
  stations: readonly StationView[],
  at: { lon: number; lat: number } | null,
): MoveUpTarget | null {
  const order = unit.moveUp;
  if (!order) return null;
  const station = stations.find((s) => s.id === order.stationId);
  if (!station) return null;
  return { station, distanceM: at ? distanceM(at, station.location) : null };
}
