import type { IncidentDetail, IncidentListQuery } from '../contracts/api.ts';
import type { IncidentView, StatusChangeView } from '../contracts/views.ts';
import { statusChanges } from '@c120/db/repositories';
import { notFound } from '../domain/errors.ts';
import { responseIntervals } from '../domain/intervals.ts';
import { readIncidentEvents } from '../repositories/events.ts';
import { userActorNames } from '../repositories/users.ts';
import type { ServiceContext } from './context.ts';

/** What the board and the incident panel read: lists, one incident, its detail (runs, intervals, timeline). */
export class IncidentReadService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Incidents, newest first, filtered as the query says. */
  list(query: IncidentListQuery): Promise<IncidentView[]> {
    return this.ctx.incidents.list(this.ctx.db, query);
  }

  /** One incident; 404 when there is none. */
  async get(incidentId: number): Promise<IncidentView> {
    const incident = await this.ctx.incidents.get(this.ctx.db, incidentId);
    if (!incident) throw notFound(`incident ${incidentId}`);
    return incident;
  }

  /** An incident with its derived response intervals, its units' status changes and its event timeline. */
  async detail(incident: IncidentView): Promise<IncidentDetail> {
    const db = this.ctx.db;
    const [events, changes] = await Promise.all([
      readIncidentEvents(db, incident.id),
      statusChanges.statusChangesOfIncident(db, incident.id),
    ]);
    const names = await userActorNames(
      db,
      events.map((e) => e.actor),
    );
    return {
      incident,
      intervals: responseIntervals(incident),
      statusChanges: changes.map((r): StatusChangeView => ({
        unitId: r.unitId,
        from: r.fromStatus,
        to: r.toStatus,
        source: r.source,
        at: r.at.toISOString(),
        assignmentId: r.assignmentId,
        incidentId: r.incidentId,
        reason: r.reason,
      })),
      timeline: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.at,
        actor: e.actor,
        actorName: e.actor ? (names.get(e.actor) ?? null) : null,
        summary: e.payload,
      })),
    };
  }
}
