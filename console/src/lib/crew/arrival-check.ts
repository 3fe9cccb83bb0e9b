import { distanceM } from './move-up.ts';

export interface LonLat {
  lon: number;
  lat: number;
}

/**
 * How far the unit is from the scene when the crew presses 到达现场, if that is further than `limitM` (the
 * server's SCENE_CONFIRM_DISTANCE_M): then the tablet asks first. Null when no confirmation is needed, or the
 * unit has no position (the tablet cannot tell; it does not block the crew).
 */
export function farFromScene(unit: LonLat | null, scene: LonLat, limitM: number): number | null {
  if (!unit || limitM <= 0) return null;
  const d = distanceM(unit, scene);
  return d > limitM ? d : null;
}
