import type { Queryable } from '@c120/db';

/**
 * How far a point lies outside the service area (the county boundary in `regions`), in metres: 0 inside or
 * within `marginM` of it (nothing more to say), null when no boundary is loaded (no check possible). The
 * accepting test is `ST_DWithin` on geography, which stops at the first close edge; the distance for the
 * message is only computed for a point being refused.
 */
export async function metresOutsideServiceArea(
  db: Queryable,
  lon: number,
  lat: number,
  marginM: number,
): Promise<number | null> {
  const point = 'ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography';
  const { rows } = await db.query<{ regions: number; near: boolean | null }>(
    `SELECT count(*) AS regions, bool_or(ST_DWithin(geom::geography, ${point}, $3::float8)) AS near FROM regions`,
    [lon, lat, marginM],
  );
  const r = rows[0];
  if (!r || Number(r.regions) === 0) return null;
  if (r.near) return 0;
  const far = await db.query<{ d: number }>(`SELECT min(ST_Distance(geom::geography, ${point})) AS d FROM regions`, [
    lon,
    lat,
  ]);
  return Number(far.rows[0]?.d ?? 0);
}
