import type { EtaModelInfo, StraightLineModelInfo } from '../contracts/coverage.ts';
import type { Queryable } from '@c120/db';
import { haversineM as sphereDistanceM } from '@c120/shared/geo';
import { TimeSlice } from './time-slice.ts';

/**
 * The one drive-time model. Recommendations (unit → scene), hospital suggestions and coverage (unit/station →
 * village or grid cell) all ask the same `EtaModel` for a matrix, so a unit ranked at 9 min for a place is
 * also the unit that covers that place in 9 min. Two implementations:
 * - `straightLineEta()` (no road network for the area): straight-line distance × 1.4 detour at an average speed
 *   for the area, +30 s to pull out —
 *   - detour 1.4: the ratio of road to straight-line distance is typically 1.2–1.4 in Chinese county road
 *     networks (rivers and canals in Danyang push it to the high end);
 *   - urban core (街道) 30 km/h, rural towns 50 km/h: averages for an ambulance with lights in county traffic;
 * - `NetworkEtaModel` (road-network/network-eta.ts) when a road network is loaded: snap both ends to the nearest
 *   network node in PostGIS, shortest time on the graph at the speed profile by road class, plus the legs off
 *   the network at a walking-pace speed; pairs too far from the network fall back to the straight-line model.
 */
export type AreaKind = 'urban' | 'rural';

export interface LonLat {
  lon: number;
  lat: number;
}

export interface Destination extends LonLat {
  /** Which average speed the straight-line model uses for the trip. */
  area: AreaKind;
}

export interface EtaModel {
  readonly name: string;
  /** The same as data, for a description in the reader's language. */
  readonly info: EtaModelInfo;
  /**
   * Drive seconds from every origin to every destination: `result[i][j]` for origins[i] → destinations[j].
   * `db`: the connection to look things up with — pass the open transaction when inside one (PGlite is a single
   * connection: a query outside the transaction would wait for it to end).
   */
  matrix(origins: readonly LonLat[], destinations: readonly Destination[], db?: Queryable): Promise<number[][]>;
}

/** Seconds to pull out and turn onto the road, in every model. */
export const START_SECONDS = 30;
export const DETOUR_FACTOR = 1.4;
export const AREA_SPEED_KMH: Readonly<Record<AreaKind, number>> = { urban: 30, rural: 50 };

export const STRAIGHT_LINE_INFO: StraightLineModelInfo = {
  kind: 'straight_line',
  detourFactor: DETOUR_FACTOR,
  urbanKmh: AREA_SPEED_KMH.urban,
  ruralKmh: AREA_SPEED_KMH.rural,
  startSeconds: START_SECONDS,
};

/** Straight-line drive time for a distance (the formula shared by the straight-line model and the fallback). */
export function straightLineSeconds(distanceM: number, area: AreaKind): number {
  return START_SECONDS + (distanceM * DETOUR_FACTOR) / (AREA_SPEED_KMH[area] / 3.6);
}

/** The straight-line model; `perTrip` replaces the formula (tests use 1 s per metre for hand computation). */
export function straightLineEta(
  perTrip: (distanceM: number, area: AreaKind) => number = straightLineSeconds,
  name = `straight-line ×${DETOUR_FACTOR} detour; ${AREA_SPEED_KMH.urban} km/h urban, ${AREA_SPEED_KMH.rural} km/h rural; +${START_SECONDS} s start`,
  info: StraightLineModelInfo = STRAIGHT_LINE_INFO,
): EtaModel {
  return {
    name,
    info,
    matrix: async (origins, destinations) => {
      // Large fleets × demand points take long enough to hold up position ticks: give the event loop a turn
      // every few milliseconds of arithmetic (1,000 units × 1,100 cells ≈ 0.2 s at once on a busy core).
      const rows: number[][] = [];
      const slice = new TimeSlice();
      for (const o of origins) {
        rows.push(destinations.map((d) => perTrip(sphereDistanceM(o.lon, o.lat, d.lon, d.lat), d.area)));
        await slice.pause();
      }
      return rows;
    },
  };
}

export const STRAIGHT_LINE_MODEL: EtaModel = straightLineEta();
