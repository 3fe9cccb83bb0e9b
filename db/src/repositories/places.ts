import type { Executor } from '../client/types.ts';
import { sql } from 'drizzle-orm';
import { rowsOf } from './sql.ts';

/** A hit of the address search (see searchPlaces). */
export interface PlaceHitRow extends Record<string, unknown> {
  id: number | null;
  kind: string;
  code: string;
  name: string;
  township_code: string | null;
  township_name: string | null;
  lon: number;
  lat: number;
}

/** Text to match literally inside a LIKE pattern: backslash, `%` and `_` escaped with LIKE's default escape. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The address search: townships and the gazetteer's villages, communities and landmarks (demo seed or the
 * centre's own list), and the streets, places, POIs and addresses of the imported OSM extract — by Chinese
 * name (also `name:zh`), by the Latin name (case-insensitive), by pinyin or by pinyin initials (`rmyy` →
 * 人民医院). Ranked by match quality (exact, then prefix, then inside the name), then kind (townships, then
 * gazetteer places, then streets/POIs, then bare addresses), then distance to the county centre (the county
 * boundary's, else the imported network's), then shorter names.
 */
export function searchPlaces(db: Executor, query: string, limit: number): Promise<PlaceHitRow[]> {
  const text = query.trim();
  const folded = text.toLowerCase().replace(/[\s']/g, '');
  // `%` and `_` typed by someone are letters, not wildcards (LIKE's escape character is the backslash).
  const like = escapeLike(text);
  const latin = /^[a-z0-9]+$/.test(folded) ? folded : '';
  return rowsOf<PlaceHitRow>(
    db,
    sql`WITH centre AS (
     SELECT coalesce((SELECT ST_Centroid(geom) FROM regions ORDER BY code LIMIT 1),
                     (SELECT ST_Centroid(hull) FROM road_networks ORDER BY id DESC LIMIT 1),
                     ST_SetSRID(ST_MakePoint(0, 0), 4326)) AS c
   ), hits AS (
     SELECT NULL::bigint AS id, 'township' AS kind, t.code, t.name, t.code AS township_code, t.name AS township_name,
            t.seat AS geom, 0 AS kind_rank,
            CASE WHEN t.name = ${text} OR t.initials = ${latin} OR t.pinyin = ${latin} THEN 0
                 WHEN t.name LIKE ${like} || '%' OR t.pinyin LIKE ${latin} || '%' OR t.initials LIKE ${latin} || '%' THEN 1 ELSE 2 END AS match_rank
     FROM townships t
     WHERE t.name LIKE '%' || ${like} || '%' OR (${latin} <> '' AND (t.pinyin LIKE ${latin} || '%' OR t.initials LIKE ${latin} || '%'))
     UNION ALL
     SELECT p.id, p.kind, p.code, p.name, p.township_code, t.name, p.geom, 1,
            CASE WHEN p.name = ${text} OR p.initials = ${latin} OR p.pinyin = ${latin} THEN 0
                 WHEN p.name LIKE ${like} || '%' OR p.pinyin LIKE ${latin} || '%' OR p.initials LIKE ${latin} || '%' THEN 1 ELSE 2 END
     FROM places p LEFT JOIN townships t ON t.code = p.township_code
     WHERE p.name LIKE '%' || ${like} || '%' OR (${latin} <> '' AND (p.pinyin LIKE ${latin} || '%' OR p.initials LIKE ${latin} || '%'))
     UNION ALL
     SELECT NULL, CASE m.kind WHEN 'place' THEN 'locality' ELSE m.kind END, 'osm-' || m.id, coalesce(m.name_zh, m.name),
            tw.code, tw.name, m.geom, CASE m.kind WHEN 'address' THEN 3 ELSE 2 END,
            CASE WHEN lower(m.name) = lower(${text}) OR m.name_zh = ${text} OR m.initials = ${latin} OR m.pinyin = ${latin} THEN 0
                 WHEN m.name ILIKE ${like} || '%' OR m.name_zh LIKE ${like} || '%' OR m.pinyin LIKE ${latin} || '%'
                   OR m.initials LIKE ${latin} || '%' THEN 1 ELSE 2 END
     FROM map_pois m
     LEFT JOIN LATERAL (SELECT code, name FROM townships WHERE ST_Contains(geom, m.geom) LIMIT 1) tw ON true
     WHERE m.name ILIKE '%' || ${like} || '%' OR m.name_zh LIKE '%' || ${like} || '%'
        OR (${latin} <> '' AND (m.pinyin LIKE ${latin} || '%' OR m.initials LIKE ${latin} || '%'))
   )
   SELECT h.id, h.kind, h.code, h.name, h.township_code, h.township_name, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat
   FROM hits h, centre
   ORDER BY h.match_rank, h.kind_rank, ST_Distance(h.geom, centre.c), length(h.name), h.code
   LIMIT ${limit}`,
  );
}
