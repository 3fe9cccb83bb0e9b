import { sql } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import { rowsOf } from './sql.ts';

/** Village outreach: when each village last had a round visit, and visits per township and month. */

export interface VillageVisitRow extends Record<string, unknown> {
  id: number;
  name: string;
  township_code: string | null;
  lon: number;
  lat: number;
  population: number | null;
  last_visit: Date | null;
}

/**
 * Villages (of one township, or all) with their last round visit: a stop the vehicle arrived at, on a round that
 * was not cancelled, optionally for one purpose.
 */
export function villageLastVisits(
  db: Queryable,
  townshipCode: string | null,
  purpose: string | null,
): Promise<VillageVisitRow[]> {
  return rowsOf<VillageVisitRow>(
    db,
    sql`SELECT p.id, p.name, p.township_code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.population, v.last_visit
        FROM places p
        LEFT JOIN LATERAL (
          SELECT max(s.arrived_at) AS last_visit FROM round_stops s JOIN rounds r ON r.id = s.round_id
          WHERE s.place_id = p.id AND s.arrived_at IS NOT NULL AND r.status <> 'cancelled'
            AND (${purpose}::text IS NULL OR s.purpose = ${purpose})
        ) v ON true
        WHERE p.kind = 'village' AND (${townshipCode}::text IS NULL OR p.township_code = ${townshipCode})
        ORDER BY p.township_code, p.name`,
  );
}

export interface TownshipMonthRow extends Record<string, unknown> {
  township_code: string;
  township_name: string;
  /** YYYY-MM in Asia/Shanghai. */
  month: string;
  visits: number;
  people: number;
  remote: number;
}

/** Round visits, people served and remote consultations per township and (Asia/Shanghai) month, newest first. */
export function visitsByTownshipMonth(
  db: Queryable,
  townshipCode: string | null,
  purpose: string | null,
): Promise<TownshipMonthRow[]> {
  return rowsOf<TownshipMonthRow>(
    db,
    sql`SELECT r.township_code, t.name AS township_name,
               to_char(s.arrived_at + interval '8 hours', 'YYYY-MM') AS month, count(*) AS visits,
               coalesce(sum((SELECT sum(value::int) FROM jsonb_each_text(s.served))), 0) AS people,
               coalesce(sum(s.remote_consultations), 0) AS remote
        FROM round_stops s JOIN rounds r ON r.id = s.round_id JOIN townships t ON t.code = r.township_code
        WHERE s.arrived_at IS NOT NULL AND r.status <> 'cancelled'
          AND (${townshipCode}::text IS NULL OR r.township_code = ${townshipCode})
          AND (${purpose}::text IS NULL OR s.purpose = ${purpose})
        GROUP BY 1, 2, 3 ORDER BY 3 DESC, 1`,
  );
}
