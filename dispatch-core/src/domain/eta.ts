/**
 * Drive-time estimate used wherever a time is shown or ranked (recommendations now, coverage later), so the
 * two never disagree. Without a loaded road network it is straight-line distance × a detour factor at an
 * average speed for the area:
 * - detour 1.4: the ratio of road to straight-line distance is typically 1.2–1.4 in Chinese county road
 *   networks (rivers and canals in Danyang push it to the high end);
 * - urban core (街道) 30 km/h, rural towns 50 km/h: averages for an ambulance with lights in county traffic;
 * - a fixed 30 s to pull out and turn onto the road.
 * Replace `estimateDriveSeconds` with a network model when one is loaded (coverage issue).
 */
export type AreaKind = 'urban' | 'rural';

export interface EtaModel {
  name: string;
  estimateDriveSeconds(distanceM: number, area: AreaKind): number;
}

export const STRAIGHT_LINE_MODEL: EtaModel = {
  name: 'straight-line ×1.4 detour; 30 km/h urban, 50 km/h rural; +30 s start',
  estimateDriveSeconds(distanceM: number, area: AreaKind): number {
    const speedMs = (area === 'urban' ? 30 : 50) / 3.6;
    return 30 + (distanceM * 1.4) / speedMs;
  },
};
