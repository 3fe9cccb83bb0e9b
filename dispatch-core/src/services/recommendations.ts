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
import type { IncidentDispatchFacts } from '../repositories/incident-facts.ts';
import { shortlistForIncident, shortlistNear } from '@c120/db/repositories';

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
   * The ranked list for an incident in one round trip (facts and KNN shortlists in one statement; with `dual`
   * the monitoring-ambulance shortlist too), then the drive-time re-rank in memory.
   * `dual`: also apply the dual-dispatch rule (the console's list; the assignment's own ranking skips it).
   */
  /** The recommendation list the dispatcher sees for an incident now, with the dual-dispatch suggestion. */
  list(incidentId: number, limit = 10): Promise<RecommendationList> {
    return this.forIncident(this.ctx.db, incidentId, limit, true);
  }

  async forIncident(db: Queryable, incidentId: number, limit = 10, dual = false): Promise<RecommendationList> {
    const { dualDispatchMaxPriority } = this.ctx.config;
    const list = await shortlistForIncident(db, {
      incidentId,
      size: SHORTLIST_SIZE,
      day: shanghaiDay(new Date()),
      // The monitoring look-up only where the rule can apply at all.
      monitoringSize: dual ? MONITORING_SHORTLIST_SIZE : 0,
      monitoringKind: MONITORING,
    });
    if (!list.facts) throw notFound(`incident ${incidentId}`);
    const inc = list.facts as unknown as IncidentDispatchFacts;
    const required = requiredCapabilities({
      infectious: inc.infectious,
      requiredCapabilities: inc.required_capabilities,
    });
    const candidates = await this.candidates(db, inc, list.units as ShortlistRow[]);
    const ranked = rankCandidates(candidates, inc.priority, this.ctx.config.roundDiversionPenaltySeconds).slice(
      0,
      limit,
    );
    const recommendations = ranked.map(toRecommendation);
    let dualDispatch: DualDispatch | null = null;
    if (dual && inc.priority <= dualDispatchMaxPriority && !list.monitoringOnIt) {
      dualDispatch = await this.dualDispatch(db, inc, list.monitoring as ShortlistRow[], recommendations);
    }
    return { incidentId, requiredCapabilities: required, etaModel: this.ctx.eta.name, recommendations, dualDispatch };
  }

  /**
   * For an assignment, under its incident lock: the candidate unit ids, best first (the same ranking as the
   * console's list), from the facts the lock statement read. The assignment re-checks every candidate's status
   * and capabilities when it locks it.
   */
  async rankForAssignment(db: Queryable, facts: IncidentDispatchFacts & { req: string[] }): Promise<number[]> {
    const { units } = await shortlistNear(db, {
      lon: Number(facts.lon),
      lat: Number(facts.lat),
      req: facts.req,
      size: SHORTLIST_SIZE,
      day: shanghaiDay(new Date()),
      monitoringSize: 0,
      monitoringKind: MONITORING,
    });
    const candidates = await this.candidates(db, facts, units as ShortlistRow[]);
    const ranked = rankCandidates(candidates, facts.priority, this.ctx.config.roundDiversionPenaltySeconds);
    return ranked.map((r) => r.candidate.view.id);
  }

  /**
   * The dual-dispatch rule (DESIGN-NOTES "Destinations by specialty and dual dispatch"): priority at most
   * DUAL_DISPATCH_MAX_PRIORITY, no monitoring ambulance on the incident yet, the top-ranked unit is not one, and the
   * nearest available monitoring ambulance (same required capabilities) arrives at least
   * DUAL_DISPATCH_MIN_GAP_SECONDS later than it. Then both are named, with the difference.
   */
  private async dualDispatch(
    db: Queryable,
    inc: IncidentDispatchFacts,
    monitoringRows: ShortlistRow[],
    recommendations: Recommendation[],
  ): Promise<DualDispatch | null> {
    const { dualDispatchMinGapSeconds } = this.ctx.config;
    const first = recommendations[0];
    if (!first || first.unit.kind === MONITORING) return null;
    const monitoring = rankCandidates(await this.candidates(db, inc, monitoringRows), inc.priority)
      .map(toRecommendation)
      .sort((a, b) => a.etaSeconds - b.etaSeconds)[0];
    if (!monitoring) return null;
    const differenceSeconds = monitoring.etaSeconds - first.etaSeconds;
    if (differenceSeconds < dualDispatchMinGapSeconds) return null;
    return { firstUnitId: first.unit.id, firstEtaSeconds: first.etaSeconds, monitoring, differenceSeconds };
  }

  /** Shortlist rows as ranking candidates, with drive times from the one shared ETA model. */
  private async candidates(db: Queryable, inc: IncidentDispatchFacts, rows: ShortlistRow[]) {
    const now = Date.now();
    const views = rows.map((r) => toUnitView(r, this.ctx.config.staleAfterSeconds, now));
    // Same model, same direction (unit → scene) as coverage: the ranked ETA is the one coverage counts.
    const scene: Destination = { lon: Number(inc.lon), lat: Number(inc.lat), area: inc.area };
    const etas =
      rows.length === 0
        ? []
        : await this.ctx.eta.matrix(
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

type ShortlistRow = UnitRow & { distance_m: number; on_round: boolean };
