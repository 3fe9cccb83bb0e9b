/**
 * Speed profile by OSM road class, for an ambulance with lights and siren in Chinese county traffic. These are
 * planning averages over a whole road (junctions, bends and traffic included), not speed limits:
 * - 高速 motorway 90, 国道/快速路 trunk 70, 省道 primary 60, 县道 secondary 50, 乡道 tertiary 40;
 * - unclassified / village roads 30, residential streets 25, service roads 15, tracks 15, living streets 10;
 * - links (ramps) a little below their road.
 * A numeric `maxspeed` lower than the class speed wins (a 30 zone in a town stays slow).
 * Classes not listed (footway, path, cycleway, steps, construction, …) are not driveable and not imported.
 */
export const SPEED_KMH_BY_CLASS: Readonly<Record<string, number>> = {
  motorway: 90,
  motorway_link: 50,
  trunk: 70,
  trunk_link: 45,
  primary: 60,
  primary_link: 40,
  secondary: 50,
  secondary_link: 35,
  tertiary: 40,
  tertiary_link: 30,
  unclassified: 30,
  residential: 25,
  road: 25,
  service: 15,
  track: 15,
  living_street: 10,
};

export type Tags = Readonly<Record<string, string>>;

/** Road class of a way, or null when an ambulance cannot drive it. */
export function roadClass(tags: Tags): string | null {
  const hw = tags.highway;
  if (!hw || !(hw in SPEED_KMH_BY_CLASS)) return null;
  if (tags.area === 'yes') return null;
  if (tags.access === 'no' && tags.motor_vehicle !== 'yes' && tags.emergency !== 'yes') return null;
  if (tags.motor_vehicle === 'no' && tags.emergency !== 'yes') return null;
  return hw;
}

/** Driving speed for a way: the class speed, or a lower numeric maxspeed (km/h; "mph" converted). */
export function speedKmh(tags: Tags, cls: string): number {
  const base = SPEED_KMH_BY_CLASS[cls] ?? 25;
  const m = /^(\d+(?:\.\d+)?)\s*(mph)?$/.exec(tags.maxspeed ?? '');
  if (!m) return base;
  const limit = Number(m[1]) * (m[2] ? 1.609 : 1);
  return limit > 0 && limit < base ? limit : base;
}

/** Driving direction: 1 along the way, -1 against it, 0 both. Roundabouts and motorways are one-way. */
export function onewayDirection(tags: Tags): -1 | 0 | 1 {
  const v = tags.oneway;
  if (v === '-1' || v === 'reverse') return -1;
  if (v === 'yes' || v === '1' || v === 'true') return 1;
  if (v === 'no' || v === '0' || v === 'false') return 0;
  if (tags.junction === 'roundabout' || tags.junction === 'circular' || tags.highway === 'motorway') return 1;
  return 0;
}
