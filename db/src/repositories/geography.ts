import { asc, sql } from 'drizzle-orm';
import type { Executor } from '../client/types.ts';
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
