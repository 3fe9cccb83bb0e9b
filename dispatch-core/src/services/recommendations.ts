import type { Queryable } from '@c120/db';
import type { Recommendation, RecommendationList } from '../contracts/api.ts';
import { notFound } from '../domain/errors.ts';
import { rankCandidates, requiredCapabilities } from '../domain/ranking.ts';
import type { Destination } from '../domain/eta.ts';
import type { UnitView } from '../contracts/views.ts';
import { toUnitView, type UnitRow } from '../repositories/units.ts';
import type { ServiceContext } from './context.ts';
import { shanghaiDay } from '../domain/local-day.ts';
import { readDispatchFacts, type IncidentDispatchFacts } from '../repositories/incident-facts.ts';

/** How many nearest units (by straight line, from the GiST KNN scan) are re-ranked by drive time. */
export const SHORTLIST_SIZE = 20;

/**
 * Nearest capable available units for an incident: a KNN shortlist in PostGIS (`<->` on the partial GiST index
 * of available units), filtered by the required capabilities, re-ranked by estimated drive time with penalties
 * for stale positions and, for priority 1, for units without advanced life support.
 */
export class RecommendationService {
  constructor(private readonly ctx: ServiceContext) {}

  /** `known`: the incident's dispatch facts when the caller already read them (saves a round trip). */
  async forIncident(
    db: Queryable,
    incidentId: number,
    limit = 10,
    known?: IncidentDispatchFacts,
  ): Promise<RecommendationList> {
    const inc = known ?? (await readDispatchFacts(db, incidentId));
    if (!inc) throw notFound(`incident ${incidentId}`);
    const required = requiredCapabilities({
      infectious: inc.infectious,
      requiredCapabilities: inc.required_capabilities,
    });
    const candidates = await this.shortlist(db, incidentId, inc, required);
    const ranked = rankCandidates(candidates, inc.priority, this.ctx.config.roundDiversionPenaltySeconds).slice(
      0,
      limit,
    );
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

  private async shortlist(db: Queryable, incidentId: number, inc: IncidentDispatchFacts, required: string[]) {
    // The scene point comes from an InitPlan, so the ORDER BY is still an index-ordered KNN scan.
    const { rows } = await db.query<UnitRow & { distance_m: number; on_round: boolean }>(
      `WITH scene AS (SELECT geom FROM incidents WHERE id = $1),
       near AS (
         SELECT u.id, u.code, u.call_sign, u.plate, u.kind, u.capabilities, u.station_id, u.status, u.status_since,
                ST_X(u.position) AS lon, ST_Y(u.position) AS lat, u.heading_deg, u.speed_kmh, u.fix_at, u.stale,
                NULL::bigint AS assignment_id, NULL::bigint AS incident_id,
                ST_DistanceSphere(u.position, (SELECT geom FROM scene)) AS distance_m,
                u.position <-> (SELECT geom FROM scene) AS knn
         FROM units u
         WHERE u.status = 'available' AND u.position IS NOT NULL AND u.capabilities @> $2::text[]
         ORDER BY u.position <-> (SELECT geom FROM scene)
         LIMIT $3
       )
       -- The open move-up order (if any) joined after the shortlist, so the KNN scan stays index-ordered.
       SELECT near.*, r.id AS relocation_id, r.station_id AS relocation_station_id,
              rs.name AS relocation_station_name, r.ordered_at AS relocation_ordered_at,
              r.acknowledged_at AS relocation_acknowledged_at,
              EXISTS (SELECT 1 FROM rounds ro WHERE ro.unit_id = near.id AND ro.round_date = $4
                        AND ro.status IN ('planned', 'in_progress')) AS on_round
       FROM near
       LEFT JOIN relocations r ON r.unit_id = near.id AND r.ended_at IS NULL
       LEFT JOIN stations rs ON rs.id = r.station_id
       ORDER BY near.knn`,
      [incidentId, required, SHORTLIST_SIZE, shanghaiDay(new Date())],
    );
    const now = Date.now();
    const views = rows.map((r) => toUnitView(r, this.ctx.config.staleAfterSeconds, now));
    // Same model, same direction (unit → scene) as coverage: the ranked ETA is the one coverage counts.
    const scene: Destination = { lon: inc.lon, lat: inc.lat, area: inc.area };
    const etas = await this.ctx.eta.matrix(
      rows.map((r) => ({ lon: Number(r.lon), lat: Number(r.lat) })),
      [scene],
      db,
    );
    return rows.map((r, i) => {
      const view = views[i] as UnitView;
      return {
        view,
        kind: view.kind,
        capabilities: view.capabilities,
        distanceM: Number(r.distance_m),
        etaSeconds: etas[i]?.[0] ?? Infinity,
        stale: view.stale,
        onRound: r.on_round === true,
      };
    });
  }
}
