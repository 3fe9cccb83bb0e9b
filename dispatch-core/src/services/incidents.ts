import { actorUserId } from '../auth/roles.ts';
import type { Transaction } from '@c120/db';
import type { LonLat } from '../contracts/common.ts';
import type { CreateIncidentBody, UpdateIncidentBody } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { appendEvent } from '../repositories/events.ts';
import { countActiveRuns, lockOpenIncident } from '../repositories/incident-facts.ts';
import { setClauses } from '../repositories/rows.ts';
import { metresOutsideServiceArea } from '../repositories/service-area.ts';
import { badRequest, conflict, HttpError, notFound } from '../domain/errors.ts';
import type { Actor, ServiceContext } from './context.ts';
import { completeTransferOfIncident } from './transfers.ts';

const POINT = 'ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)';
/** A call answered longer ago than this is a typing or clock error, not a late entry. */
const MAX_CALL_AGE_MS = 24 * 3600_000;
/** Clocks of call-taking PCs drift; a minute ahead is tolerated. */
const MAX_CALL_FUTURE_MS = 60_000;

export class IncidentService {
  constructor(private readonly ctx: ServiceContext) {}

  async create(body: CreateIncidentBody, actor: Actor): Promise<IncidentView> {
    const incident = await this.ctx.db.transaction(async (tx) => {
      let location = body.location;
      if (!location && body.placeId !== undefined) {
        const { rows } = await tx.query<{ lon: number; lat: number }>(
          'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM places WHERE id = $1',
          [body.placeId],
        );
        if (!rows[0]) throw badRequest(`place ${body.placeId} does not exist`);
        location = rows[0];
      }
      if (!location) throw badRequest('an incident needs a location: a map point or a gazetteer place');
      await this.checkServiceArea(tx, location);
      const callReceivedAt = body.callReceivedAt ? new Date(body.callReceivedAt) : new Date();
      if (!Number.isFinite(callReceivedAt.getTime())) throw badRequest('callReceivedAt is not a valid instant');
      if (callReceivedAt.getTime() > Date.now() + MAX_CALL_FUTURE_MS) {
        throw badRequest('callReceivedAt is in the future', 'absurd_time');
      }
      if (callReceivedAt.getTime() < Date.now() - MAX_CALL_AGE_MS) {
        throw badRequest('callReceivedAt is more than 24 hours ago', 'absurd_time');
      }
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO incidents (priority, complaint, caller_phone, caller_name, address, place_id, township_code,
           geom, patients, infectious, required_capabilities, notes, call_received_at, created_by)
         VALUES ($3, $4, $5, $6, $7, $8,
           (SELECT code FROM townships WHERE ST_Contains(geom, ${POINT}) LIMIT 1),
           ${POINT}, $9, $10, $11, $12, $13, $14)
         RETURNING id`,
        [
          location.lon,
          location.lat,
          body.priority,
          body.complaint,
          body.callerPhone ?? null,
          body.callerName ?? null,
          body.address ?? null,
          body.placeId ?? null,
          body.patients ?? 1,
          body.infectious ?? false,
          body.requiredCapabilities ?? [],
          body.notes ?? null,
          callReceivedAt,
          actorUserId(actor),
        ],
      );
      const view = await this.mustGet(tx, rows[0]?.id ?? 0);
      await appendEvent(tx, 'incident.created', { incident: view }, { incidentId: view.id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  async update(id: number, body: UpdateIncidentBody, actor: Actor): Promise<IncidentView> {
    const incident = await this.ctx.db.transaction(async (tx) => {
      const current = await this.lockOpen(tx, id);
      const params: unknown[] = [id];
      const sets: string[] = [];
      if (body.location) {
        await this.checkServiceArea(tx, body.location);
        params.push(body.location.lon, body.location.lat);
        const p = `ST_SetSRID(ST_MakePoint($${params.length - 1}::float8, $${params.length}::float8), 4326)`;
        sets.push(`geom = ${p}`, `township_code = (SELECT code FROM townships WHERE ST_Contains(geom, ${p}) LIMIT 1)`);
      }
      sets.push(
        ...setClauses(params, [
          ['address', body.address],
          ['caller_phone', body.callerPhone],
          ['caller_name', body.callerName],
          ['complaint', body.complaint],
          ['priority', body.priority],
          ['patients', body.patients],
          ['infectious', body.infectious],
          ['required_capabilities', body.requiredCapabilities],
          ['notes', body.notes],
        ]),
      );
      if (sets.length === 0) return current;
      await tx.query(`UPDATE incidents SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
      const view = await this.mustGet(tx, id);
      await appendEvent(tx, 'incident.updated', { incident: view }, { incidentId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  /** Cancels an incident; units still on it are released (dispatched → available, en route → returning). */
  async cancel(id: number, reason: string, actor: Actor, release: ReleaseUnits): Promise<IncidentView> {
    const incident = await this.ctx.db.transaction(async (tx) => {
      await this.lockOpen(tx, id);
      await release(tx, id, reason);
      await tx.query(
        `UPDATE incidents SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now()
         WHERE id = $1`,
        [id, reason],
      );
      const view = await this.mustGet(tx, id);
      await appendEvent(tx, 'incident.cancelled', { incident: view }, { incidentId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  /** Closes an incident whose runs are over. A unit still on the run must finish (or be cancelled) first. */
  async close(id: number, actor: Actor): Promise<IncidentView> {
    const incident = await this.ctx.db.transaction(async (tx) => {
      await this.lockOpen(tx, id);
      if ((await countActiveRuns(tx, id)) > 0) {
        throw conflict('a unit is still on this incident: finish or cancel its run first', 'incident_has_active_run');
      }
      await closeIncident(tx, id);
      const view = await this.mustGet(tx, id);
      await appendEvent(tx, 'incident.closed', { incident: view }, { incidentId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  /** Refuses (422) a point far outside the county: a mis-click or swapped coordinates, not a call we serve. */
  private async checkServiceArea(tx: Transaction, at: LonLat): Promise<void> {
    const margin = this.ctx.config.serviceAreaMarginM;
    const outside = await metresOutsideServiceArea(tx, at.lon, at.lat, margin);
    if (outside === null || outside <= margin) return;
    throw new HttpError(
      422,
      `location ${at.lon}, ${at.lat} is ${Math.round(outside / 1000)} km outside the service area ` +
        `(county boundary + ${margin / 1000} km)`,
      'outside_service_area',
    );
  }

  private async lockOpen(tx: Transaction, id: number): Promise<IncidentView> {
    await lockOpenIncident(tx, id);
    return this.mustGet(tx, id);
  }

  private async mustGet(tx: Transaction, id: number): Promise<IncidentView> {
    const view = await this.ctx.incidents.get(tx, id);
    if (!view) throw notFound(`incident ${id}`);
    return view;
  }
}

export type ReleaseUnits = (tx: Transaction, incidentId: number, reason: string) => Promise<void>;

export async function closeIncident(tx: Transaction, id: number): Promise<void> {
  await tx.query(`UPDATE incidents SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1`, [id]);
  await completeTransferOfIncident(tx, id);
}
