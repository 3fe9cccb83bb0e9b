import { asc, sql } from 'drizzle-orm';
import type { Executor, Queryable } from '../client/types.ts';
import { rowsOf } from './sql.ts';
import { regions, townships } from '../schema/index.ts';

/** The county boundary and its townships, as GeoJSON built by PostGIS (6 decimals ≈ 0.1 m). */
export async function readCountyGeoJson(db: Executor): Promise<{ county: object | null; townships: object }> {
  const [county] = await db.orm
    .select({
      feature: sql<object>`json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(${regions.geom}, 6)::json,
        'properties', json_build_object('code', ${regions.code}, 'name', ${regions.name}, 'population', ${regions.population}))`,
    })
    .from(regions)
    .orderBy(asc(regions.code))
    .limit(1);
  const [collection] = await db.orm
    .select({
      fc: sql<object>`json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'geometry', ST_AsGeoJSON(${townships.geom}, 6)::json,
        'properties', json_build_object('code', ${townships.code}, 'name', ${townships.name}, 'kind', ${townships.kind},
          'population', ${townships.population}, 'seat', json_build_array(ST_X(${townships.seat}), ST_Y(${townships.seat}))))
        ORDER BY ${townships.code}), '[]'::json))`,
    })
    .from(townships);
  return { county: county?.feature ?? null, townships: collection?.fc ?? { type: 'FeatureCollection', features: [] } };
}

/**
 * How far a point lies outside the service area (the county boundary in `regions`), in metres: 0 inside or
 * within `marginM`, null when no boundary is loaded. The accepting test is `ST_DWithin` on geography, which stops
 * at the first close edge; the distance is only computed for a point being refused.
 */
export async function metresOutsideServiceArea(
  db: Queryable,
  lon: number,
  lat: number,
  marginM: number,
): Promise<number | null> {
  const point = sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)::geography`;
  const [r] = await rowsOf<{ regions: number; near: boolean | null }>(
    db,
    sql`SELECT count(*) AS regions, bool_or(ST_DWithin(geom::geography, ${point}, ${marginM}::float8)) AS near
        FROM regions`,
  );
  if (!r || Number(r.regions) === 0) return null;
  if (r.near) return 0;
  const [far] = await rowsOf<{ d: number }>(
    db,
    sql`SELECT min(ST_Distance(geom::geography, ${point})) AS d FROM regions`,
  );
  return Number(far?.d ?? 0);
}

/** How many regions (county boundaries) are loaded: 0 on an empty database. */
export async function regionCount(db: Queryable): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db, sql`SELECT count(*) AS n FROM regions`);
  return Number(row?.n ?? 0);
}
