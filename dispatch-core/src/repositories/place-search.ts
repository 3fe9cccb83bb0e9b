import type { Queryable } from '@c120/db';
import type { PlaceHit } from '../contracts/api.ts';
import { escapeLike, numOrNull, strOrNull } from './rows.ts';

/**
 * The address search: townships and the gazetteer's villages, communities and landmarks (demo seed or the
 * centre's own list), and the streets, places, POIs and addresses of the imported OSM extract — by Chinese
 * name (also `name:zh`), by the Latin name (case-insensitive), by pinyin or by pinyin initials (`rmyy` →
 * 人民医院). Ranked by match quality (exact, then prefix, then inside the name), then kind (townships, then
 * gazetteer places, then streets/POIs, then bare addresses), then distance to the county centre (the county
 * boundary's, else the imported network's), then shorter names.
 */
export async function searchPlaces(db: Queryable, query: string, limit: number): Promise<PlaceHit[]> {
  const q = query.trim();
  const latin = q.toLowerCase().replace(/[\s']/g, '');
  const { rows } = await db.query(
    `WITH centre AS (
       SELECT coalesce((SELECT ST_Centroid(geom) FROM regions ORDER BY code LIMIT 1),
                       (SELECT ST_Centroid(hull) FROM road_networks ORDER BY id DESC LIMIT 1),
                       ST_SetSRID(ST_MakePoint(0, 0), 4326)) AS c
     ), hits AS (
       SELECT NULL::bigint AS id, 'township' AS kind, t.code, t.name, t.code AS township_code, t.name AS township_name,
              t.seat AS geom, 0 AS kind_rank,
              CASE WHEN t.name = $3 OR t.initials = $2 OR t.pinyin = $2 THEN 0
                   WHEN t.name LIKE $1 || '%' OR t.pinyin LIKE $2 || '%' OR t.initials LIKE $2 || '%' THEN 1 ELSE 2 END AS match_rank
       FROM townships t
       WHERE t.name LIKE '%' || $1 || '%' OR ($2 <> '' AND (t.pinyin LIKE $2 || '%' OR t.initials LIKE $2 || '%'))
       UNION ALL
       SELECT p.id, p.kind, p.code, p.name, p.township_code, t.name, p.geom, 1,
              CASE WHEN p.name = $3 OR p.initials = $2 OR p.pinyin = $2 THEN 0
                   WHEN p.name LIKE $1 || '%' OR p.pinyin LIKE $2 || '%' OR p.initials LIKE $2 || '%' THEN 1 ELSE 2 END
       FROM places p LEFT JOIN townships t ON t.code = p.township_code
       WHERE p.name LIKE '%' || $1 || '%' OR ($2 <> '' AND (p.pinyin LIKE $2 || '%' OR p.initials LIKE $2 || '%'))
       UNION ALL
       SELECT NULL, CASE m.kind WHEN 'place' THEN 'locality' ELSE m.kind END, 'osm-' || m.id, coalesce(m.name_zh, m.name),
              tw.code, tw.name, m.geom, CASE m.kind WHEN 'address' THEN 3 ELSE 2 END,
              CASE WHEN lower(m.name) = lower($3) OR m.name_zh = $3 OR m.initials = $2 OR m.pinyin = $2 THEN 0
                   WHEN m.name ILIKE $1 || '%' OR m.name_zh LIKE $1 || '%' OR m.pinyin LIKE $2 || '%'
                     OR m.initials LIKE $2 || '%' THEN 1 ELSE 2 END
       FROM map_pois m
       LEFT JOIN LATERAL (SELECT code, name FROM townships WHERE ST_Contains(geom, m.geom) LIMIT 1) tw ON true
       WHERE m.name ILIKE '%' || $1 || '%' OR m.name_zh LIKE '%' || $1 || '%'
          OR ($2 <> '' AND (m.pinyin LIKE $2 || '%' OR m.initials LIKE $2 || '%'))
     )
     SELECT h.id, h.kind, h.code, h.name, h.township_code, h.township_name, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat
     FROM hits h, centre
     ORDER BY h.match_rank, h.kind_rank, ST_Distance(h.geom, centre.c), length(h.name), h.code
     LIMIT $4`,
    // `%` and `_` typed by someone are letters, not wildcards (LIKE's escape character is the backslash).
    [escapeLike(q), /^[a-z0-9]+$/.test(latin) ? latin : '', q, limit],
  );
  return rows.map((r) => ({
    id: numOrNull(r.id),
    kind: String(r.kind),
    code: String(r.code),
    name: String(r.name),
    townshipCode: strOrNull(r.township_code),
    townshipName: strOrNull(r.township_name),
    location: { lon: Number(r.lon), lat: Number(r.lat) },
  }));
}
