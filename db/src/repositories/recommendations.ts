import type { Queryable, Row } from '../client/types.ts';

export interface ShortlistQuery {
  incidentId: number;
  /** How many nearest capable available units (straight line, GiST KNN) to return for re-ranking. */
  size: number;
  /** The Asia/Shanghai day (YYYY-MM-DD) whose rounds count as "on a round". */
  day: string;
  /** Also the nearest monitoring ambulances (dual dispatch), `monitoringSize` of them; 0: not asked. */
  monitoringSize: number;
  monitoringKind: string;
}

/** The incident's dispatch facts (null when it does not exist) and its shortlists. */
export interface Shortlist {
  facts: Row | null;
  /** Nearest first; each row: the unit view's columns, distance_m, on_round. */
  units: Row[];
  monitoring: Row[];
  /** A monitoring ambulance already has an active run on this incident. */
  monitoringOnIt: boolean;
}

const NEAR_COLUMNS = `u.id, u.code, u.call_sign, u.plate, u.kind, u.capabilities, u.station_id, u.status,
  u.status_since, ST_X(u.position) AS lon, ST_Y(u.position) AS lat, u.heading_deg, u.speed_kmh, u.fix_at, u.stale,
  NULL::bigint AS assignment_id, NULL::bigint AS incident_id,
  ST_DistanceSphere(u.position, (SELECT geom FROM f)) AS distance_m,
  u.position <-> (SELECT geom FROM f) AS knn`;

/**
 * The incident's dispatch facts and the KNN shortlist of available units that have every capability it needs
 * (its required capabilities, plus `negative_pressure` when infectious), in ONE statement; with
 * `monitoringSize` also the nearest monitoring ambulances and whether one is already on the incident (the
 * dual-dispatch look-up), in the same statement. The scene point comes from an InitPlan, so each ORDER BY stays
 * an index-ordered KNN scan on the partial GiST index of available units. No row is locked.
 */
export async function shortlistForIncident(db: Queryable, q: ShortlistQuery): Promise<Shortlist> {
  const { rows } = await db.query(
    `WITH f AS (
       SELECT i.id, i.status, i.priority, i.infectious, i.required_capabilities, i.geom,
              CASE WHEN t.kind = '街道' THEN 'urban' ELSE 'rural' END AS area,
              ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
              i.required_capabilities || CASE WHEN i.infectious THEN ARRAY['negative_pressure'] ELSE ARRAY[]::text[] END
                AS req
       FROM incidents i LEFT JOIN townships t ON t.code = i.township_code WHERE i.id = $1
     ),
     near AS (
       SELECT 'all' AS lane, ${NEAR_COLUMNS}
       FROM units u
       WHERE u.status = 'available' AND u.position IS NOT NULL AND u.capabilities @> (SELECT req FROM f)
       ORDER BY u.position <-> (SELECT geom FROM f)
       LIMIT $2
     ),
     near_monitoring AS (
       SELECT 'monitoring' AS lane, ${NEAR_COLUMNS}
       FROM units u
       WHERE $4::int > 0 AND u.status = 'available' AND u.position IS NOT NULL
         AND u.capabilities @> (SELECT req FROM f) AND u.kind = $5
       ORDER BY u.position <-> (SELECT geom FROM f)
       LIMIT $4
     ),
     cand AS (SELECT * FROM near UNION ALL SELECT * FROM near_monitoring)
     -- The open move-up order (if any) joined after the shortlist, so the KNN scans stay index-ordered.
     SELECT f.status AS f_status, f.priority AS f_priority, f.infectious AS f_infectious,
            f.required_capabilities AS f_required_capabilities, f.area AS f_area, f.lon AS f_lon, f.lat AS f_lat,
            ($4::int > 0 AND EXISTS (SELECT 1 FROM assignments a JOIN units mu ON mu.id = a.unit_id
                     WHERE a.incident_id = $1 AND a.status = 'active' AND mu.kind = $5)) AS f_monitoring_on_it,
            cand.*, r.id AS relocation_id, r.station_id AS relocation_station_id,
            rs.name AS relocation_station_name, r.ordered_at AS relocation_ordered_at,
            r.acknowledged_at AS relocation_acknowledged_at,
            EXISTS (SELECT 1 FROM rounds ro WHERE ro.unit_id = cand.id AND ro.round_date = $3
                      AND ro.status IN ('planned', 'in_progress')) AS on_round
     FROM f
     LEFT JOIN cand ON true
     LEFT JOIN relocations r ON r.unit_id = cand.id AND r.ended_at IS NULL
     LEFT JOIN stations rs ON rs.id = r.station_id
     ORDER BY cand.lane, cand.knn`,
    [q.incidentId, q.size, q.day, q.monitoringSize, q.monitoringKind],
  );
  const first = rows[0];
  if (!first) return { facts: null, units: [], monitoring: [], monitoringOnIt: false };
  const facts: Row = {
    status: first.f_status,
    priority: first.f_priority,
    infectious: first.f_infectious,
    required_capabilities: first.f_required_capabilities,
    area: first.f_area,
    lon: first.f_lon,
    lat: first.f_lat,
  };
  const withUnit = rows.filter((r) => r.id !== null && r.id !== undefined);
  return {
    facts,
    units: withUnit.filter((r) => r.lane === 'all'),
    monitoring: withUnit.filter((r) => r.lane === 'monitoring'),
    monitoringOnIt: first.f_monitoring_on_it === true,
  };
}
