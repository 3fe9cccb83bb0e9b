import type { Queryable } from '@c120/db';
import type { Recommendation, RecommendationList } from '../contracts/api.ts';
import { notFound } from '../domain/errors.ts';
import { rankCandidates, requiredCapabilities } from '../domain/ranking.ts';
import type { AreaKind } from '../domain/eta.ts';
import { toUnitView, type UnitRow } from '../repositories/units.ts';
import type { ServiceContext } from './context.ts';

/** How many nearest units (by straight line, from the GiST KNN scan) are re-ranked by drive time. */
export const SHORTLIST_SIZE = 20;

interface IncidentPoint {
  lon: number;
  lat: number;
  priority: number;
  infectious: boolean;
  required_capabilities: string[];
  area: AreaKind;
  [k: string]: unknown;
}

/**
 * Nearest capable available units for an incident: a KNN shortlist in PostGIS (`<->` on the partial GiST index
 * of available units), filtered by the required capabilities, re-ranked by estimated drive time with penalties
 * for stale positions and, for priority 1, for units without advanced life support.
 */
export class RecommendationService {
  constructor(private readonly ctx: ServiceContext) {}

  async forIncident(db: Queryable, incidentId: number, limit = 10): Promise<RecommendationList> {
    const { rows } = await db.query<IncidentPoint>(
      `SELECT ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.priority, i.infectious, i.required_capabilities,
              CASE WHEN t.kind = '街道' THEN 'urban' ELSE 'rural' END AS area
       FROM incidents i LEFT JOIN townships t ON t.code = i.township_code WHERE i.id = $1`,
      [incidentId],
    );
    const inc = rows[0];
    if (!inc) throw notFound(`incident ${incidentId}`);
    const required = requiredCapabilities({
      infectious: inc.infectious,
      requiredCapabilities: inc.required_capabilities,
    });
    const candidates = await this.shortlist(db, inc, required);
    const ranked = rankCandidates(candidates, inc.priority).slice(0, limit);
    return {
      incidentId,
      requiredCapabilities: required,
      etaModel: this.ctx.eta.name,
      recommendations: ranked.map((r): Recommendation => ({
        unit: r.candidate.view,
        distanceM: Math.round(r.candidate.distanceM),
        etaSeconds: Math.round(r.candidate.etaSeconds),
        stale: r.candidate.stale,
        preferred: r.preferred,
        reasons: r.reasons,
      })),
    };
  }

  private async shortlist(db: Queryable, inc: IncidentPoint, required: string[]) {
    const { rows } = await db.query<UnitRow & { distance_m: number }>(
      `SELECT u.id, u.code, u.call_sign, u.plate, u.kind, u.capabilities, u.station_id, u.status, u.status_since,
              ST_X(u.position) AS lon, ST_Y(u.position) AS lat, u.heading_deg, u.speed_kmh, u.fix_at, u.stale,
              NULL::bigint AS assignment_id, NULL::bigint AS incident_id,
              ST_Distance(u.position::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS distance_m
       FROM units u
       WHERE u.status = 'available' AND u.position IS NOT NULL AND u.capabilities @> $3::text[]
       ORDER BY u.position <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)
       LIMIT $4`,
      [inc.lon, inc.lat, required, SHORTLIST_SIZE],
    );
    const now = Date.now();
    return rows.map((r) => {
      const view = toUnitView(r, this.ctx.config.staleAfterSeconds, now);
      const distanceM = Number(r.distance_m);
      return {
        view,
        kind: view.kind,
        capabilities: view.capabilities,
        distanceM,
        etaSeconds: this.ctx.eta.estimateDriveSeconds(distanceM, inc.area),
        stale: view.stale,
      };
    });
  }
}
