import type { Queryable } from '@c120/db';
import type { DualDispatch, Recommendation, RecommendationList } from '../contracts/api.ts';
import { notFound } from '../domain/errors.ts';
import { rankCandidates, requiredCapabilities, type Candidate, type Ranked } from '../domain/ranking.ts';
import type { UnitKind } from '@c120/shared/vocabulary';
import type { Destination } from '../domain/eta.ts';
import type { UnitView } from '../contracts/views.ts';
import { toUnitView, type UnitRow } from '../repositories/units.ts';
import type { ServiceContext } from './context.ts';
import { shanghaiDay } from '../domain/local-day.ts';
import { readDispatchFacts, type IncidentDispatchFacts } from '../repositories/incident-facts.ts';

/** How many nearest units (by straight line, from the GiST KNN scan) are re-ranked by drive time. */
export const SHORTLIST_SIZE = 20;
/** Monitoring ambulances looked at for dual dispatch (straight-line nearest, re-ranked by drive time). */
const MONITORING_SHORTLIST_SIZE = 5;
const MONITORING: UnitKind = 'monitoring_ambulance';

function toRecommendation(r: Ranked<Candidate & { view: UnitView; distanceM: number }>): Recommendation {
  return {
    unit: r.candidate.view,
    distanceM: Math.round(r.candidate.distanceM),
    etaSeconds: Math.round(r.candidate.etaSeconds),
    stale: r.candidate.stale,
    preferred: r.preferred,
    reasons: r.reasons,
  };
}

/**
 * Nearest capable available units for an incident: a KNN shortlist in PostGIS (`<->` on the partial GiST index
 * of available units), filtered by the required capabilities, re-ranked by estimated drive time with penalties
 * for stale positions and, for priority 1, for units without advanced life support.
 */
export class RecommendationService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * `known`: the incident's dispatch facts when the caller already read them (saves a round trip).
   * `dual`: also apply the dual-dispatch rule (the console's list; the assignment's own ranking skips it).
   */
  async forIncident(
    db: Queryable,
    incidentId: number,
    limit = 10,
    known?: IncidentDispatchFacts,
    dual = false,
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
    const recommendations = ranked.map(toRecommendation);
    return {
      incidentId,
      requiredCapabilities: required,
      etaModel: this.ctx.eta.name,
      recommendations,
      dualDispatch: dual ? await this.dualDispatch(db, incidentId, inc, required, recommendations) : null,
    };
  }

  /**
   * The dual-dispatch rule (DESIGN-NOTES "Destinations by specialty and dual dispatch"): priority at most
   * DUAL_DISPATCH_MAX_PRIORITY, no monitoring ambulance on the incident yet, the top-ranked unit is not one, and the
   * nearest available monitoring ambulance (same required capabilities) arrives at least
   * DUAL_DISPATCH_MIN_GAP_SECONDS later than it. Then both are named, with the difference.
   */
  private async dualDispatch(
    db: Queryable,
    incidentId: number,
    inc: IncidentDispatchFacts,
    required: string[],
    recommendations: Recommendation[],
  ): Promise<DualDispatch | null> {
    const { dualDispatchMaxPriority, dualDispatchMinGapSeconds } = this.ctx.config;
    const first = recommendations[0];
    if (!first || inc.priority > dualDispatchMaxPriority || first.unit.kind === MONITORING) return null;
    const onIt = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM assignments a JOIN units u ON u.id = a.unit_id
       WHERE a.incident_id = $1 AND a.status = 'active' AND u.kind = $2`,
      [incidentId, MONITORING],
    );
    if (Number(onIt.rows[0]?.n ?? 0) > 0) return null;
    const monitoring = rankCandidates(await this.shortlist(db, incidentId, inc, required, MONITORING), inc.priority)
      .map(toRecommendation)
      .sort((a, b) => a.etaSeconds - b.etaSeconds)[0];
    if (!monitoring) return null;
    const differenceSeconds = monitoring.etaSeconds - first.etaSeconds;
    if (differenceSeconds < dualDispatchMinGapSeconds) return null;
    return { firstUnitId: first.unit.id, firstEtaSeconds: first.etaSeconds, monitoring, differenceSeconds };
  }

  /** `kind`: only units of this kind (the dual-dispatch look-up of monitoring ambulances). */
  private async shortlist(
    db: Queryable,
    incidentId: number,
    inc: IncidentDispatchFacts,
    required: string[],
    kind?: UnitKind,
  ) {
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
           ${kind ? 'AND u.kind = $5' : ''}
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
      kind
        ? [incidentId, required, MONITORING_SHORTLIST_SIZE, shanghaiDay(new Date()), kind]
        : [incidentId, required, SHORTLIST_SIZE, shanghaiDay(new Date())],
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
