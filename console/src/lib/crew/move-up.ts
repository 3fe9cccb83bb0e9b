import type { StationView, UnitView } from '@c120/dispatch-core/contracts';
import { distanceBetweenM } from '@c120/shared/geo';

/** Great-circle metres (short distances; the crew card shows them rounded to 0.1 km). */
export const distanceM = distanceBetweenM;

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
