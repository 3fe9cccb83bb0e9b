import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { PlaceHit, PlaceSearchQuery } from '../contracts/api.ts';
import { numOrNull, strOrNull } from '../repositories/rows.ts';
import { OUTREACH_READERS } from '../auth/roles.ts';

export default async function placeRoutes(app: App): Promise<void> {
  const { db } = app.core;
  app.get(
    '/api/places/search',
    {
      // Readers, and health centres (卫生院) choosing villages for a round.
      config: { roles: OUTREACH_READERS },
      schema: {
        tags: ['places'],
        summary: 'Gazetteer search: villages, communities, landmarks and townships by Chinese name, pinyin or initials',
        querystring: PlaceSearchQuery,
        response: { 200: Type.Array(PlaceHit) },
      },
    },
    async (req) => {
      const q = req.query.q.trim();
      const latin = q.toLowerCase().replace(/[\s']/g, '');
      const limit = req.query.limit ?? 10;
      // Prefix matches rank before substring matches; townships first among equals (a dispatcher typing
      // "司徒" most likely means the town).
      const { rows } = await db.query(
        `WITH hits AS (
           SELECT NULL::bigint AS id, 'township' AS kind, t.code, t.name, t.code AS township_code, t.name AS township_name,
                  ST_X(t.seat) AS lon, ST_Y(t.seat) AS lat, 0 AS kind_rank,
                  CASE WHEN t.name LIKE $1 || '%' OR t.pinyin LIKE $2 || '%' OR t.initials LIKE $2 || '%' THEN 0 ELSE 1 END AS match_rank
           FROM townships t
           WHERE t.name LIKE '%' || $1 || '%' OR ($2 <> '' AND (t.pinyin LIKE $2 || '%' OR t.initials LIKE $2 || '%'))
           UNION ALL
           SELECT p.id, p.kind, p.code, p.name, p.township_code, t.name, ST_X(p.geom), ST_Y(p.geom), 1,
                  CASE WHEN p.name LIKE $1 || '%' OR p.pinyin LIKE $2 || '%' OR p.initials LIKE $2 || '%' THEN 0 ELSE 1 END
           FROM places p LEFT JOIN townships t ON t.code = p.township_code
           WHERE p.name LIKE '%' || $1 || '%' OR ($2 <> '' AND (p.pinyin LIKE $2 || '%' OR p.initials LIKE $2 || '%'))
         )
         SELECT * FROM hits ORDER BY match_rank, kind_rank, length(name), code LIMIT $3`,
        [q, /^[a-z0-9]+$/.test(latin) ? latin : '', limit],
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
    },
  );
}
