import { actorUserId } from '../auth/roles.ts';
import type {
  MassCasualtyDispatchBody,
  MassCasualtyDispatchResult,
  MassCasualtyPlan,
  MassCasualtyQuery,
  MassCasualtyStatus,
  Triage,
} from '../contracts/mass-casualty.ts';
import { HttpError, notFound } from '../domain/errors.ts';
import { defaultTriage, planMassCasualty, unitsNeeded } from '../domain/mass-casualty.ts';
import { appendEvent } from '../repositories/events.ts';
import {
  insertMassCasualtyRequest,
  latestMassCasualtyRequest,
  runsOnIncident,
  unitsOnIncident,
} from '../repositories/mass-casualty.ts';
import type { AssignmentService } from './assignments.ts';
import type { Actor, ServiceContext } from './context.ts';
import type { RecommendationService } from './recommendations.ts';

/** How many ranked candidates the set is chosen from (the recommendation's KNN shortlist). */
const CANDIDATES = 20;

/**
 * Mass casualty (群体伤): an incident with patients ≥ MASS_CASUALTY_THRESHOLD gets a set of units covering its
 * triage (domain/mass-casualty.ts), chosen from the same ranked recommendation the single assignment uses, and
 * sent in one confirmed action. Each unit goes through the assignment service (its own race-safe transaction:
 * unit locked `FOR UPDATE SKIP LOCKED`, status guard), so a unit another dispatcher took meanwhile is refused
 * and reported, never double-booked; the request (triage, requested, sent) is then recorded with an event.
 */
export class MassCasualtyService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly recommendations: RecommendationService,
    private readonly assignments: AssignmentService,
  ) {}

  private async incident(id: number) {
    const incident = await this.ctx.incidents.get(this.ctx.db, id);
    if (!incident) throw notFound(`incident ${id}`);
    return incident;
  }

  private async status(incidentId: number, needed: number): Promise<MassCasualtyStatus> {
    const [last, runs] = await Promise.all([
      latestMassCasualtyRequest(this.ctx.db, incidentId),
      runsOnIncident(this.ctx.db, incidentId),
    ]);
    return { unitsNeeded: needed, unitsRequested: last?.requestedUnitIds.length ?? 0, ...runs };
  }

  async plan(incidentId: number, query: MassCasualtyQuery): Promise<MassCasualtyPlan> {
    const incident = await this.incident(incidentId);
    const last = await latestMassCasualtyRequest(this.ctx.db, incidentId);
    const given = query.critical !== undefined || query.serious !== undefined || query.minor !== undefined;
    const triage: Triage = given
      ? { critical: query.critical ?? 0, serious: query.serious ?? 0, minor: query.minor ?? 0 }
      : (last?.triage ?? defaultTriage(incident.patients, incident.priority));
    const patients = Math.max(incident.patients, triage.critical + triage.serious + triage.minor);
    const threshold = this.ctx.config.phoneLine.massCasualtyThreshold;
    const open = incident.status !== 'closed' && incident.status !== 'cancelled';
    const ranked = open
      ? (await this.recommendations.forIncident(this.ctx.db, incidentId, CANDIDATES)).recommendations
      : [];
    const plan = planMassCasualty(
      triage,
      await unitsOnIncident(this.ctx.db, incidentId),
      ranked.map((r) => ({ id: r.unit.id, kind: r.unit.kind, capabilities: r.unit.capabilities, r })),
    );
    return {
      incidentId,
      patients,
      threshold,
      massCasualty: patients >= threshold,
      triage,
      coveredByActive: plan.coveredByActive,
      picks: plan.picks.map((p) => ({ recommendation: p.unit.r, covers: p.covers, patients: p.patients })),
      shortfall: plan.shortfall,
      status: await this.status(incidentId, unitsNeeded(triage)),
    };
  }

  /** Sends the confirmed units, each through the assignment service; reports those refused (taken meanwhile). */
  async dispatch(
    incidentId: number,
    body: MassCasualtyDispatchBody,
    actor: Actor,
  ): Promise<MassCasualtyDispatchResult> {
    await this.incident(incidentId);
    const sent: number[] = [];
    const refused: MassCasualtyDispatchResult['refused'] = [];
    for (const unitId of body.unitIds) {
      try {
        // 加派: every unit of the set is an additional run on the incident.
        await this.assignments.assign(incidentId, { unitId, additional: true }, undefined, actor);
        sent.push(unitId);
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
        // The incident itself ended meanwhile: nothing more can be sent.
        if (error.code === 'incident_ended') throw error;
        refused.push({ unitId, code: error.code ?? 'refused', message: error.message });
      }
    }
    const needed = unitsNeeded(body.triage);
    const request = await this.ctx.db.transaction(async (tx) => {
      const view = await insertMassCasualtyRequest(tx, {
        incidentId,
        triage: body.triage,
        unitsNeeded: needed,
        requested: body.unitIds,
        sent,
        userId: actorUserId(actor),
      });
      await appendEvent(tx, 'incident.mass_casualty_requested', { incidentId, request: view }, { incidentId, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return { request, refused, status: await this.status(incidentId, needed) };
  }
}
