import { UNIT_CAPABILITIES } from '@c120/shared/vocabulary';
import { actorUserId } from '../auth/roles.ts';
import type { Transaction } from '@c120/db';
import type { CloseReason } from '@c120/shared/vocabulary';
import type { LonLat } from '../contracts/common.ts';
import type { CloseIncidentBody, CreateIncidentBody, UpdateIncidentBody } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import { insertIncident, markIncidentCancelled, markIncidentClosed, updateIncident } from '@c120/db/repositories';
import { incidentViewFromRow } from '../repositories/incidents.ts';
import { appendEvent } from '../repositories/events.ts';
import { countActiveRuns, lockOpenIncident } from '../repositories/incident-facts.ts';
import { anyRunReachedScene, insertNote, markAlarmAcknowledged, placePoint } from '../repositories/incident-desk.ts';
import { haversineM as sphereDistanceM } from '@c120/shared/geo';
import { metresOutsideServiceArea } from '../repositories/service-area.ts';
import { badRequest, conflict, HttpError, notFound } from '../domain/errors.ts';
import { neededSpecialties } from '../domain/specialty-rules.ts';
import type { Actor, ServiceContext } from './context.ts';
import { completeTransferOfIncident } from './transfers.ts';
import { claimCallForIncident, linkCreatingCall } from './telephony.ts';

/** A call answered longer ago than this is a typing or clock error, not a late entry. */
const MAX_CALL_AGE_MS = 24 * 3600_000;
/** Clocks of call-taking PCs drift; a minute ahead is tolerated. */
const MAX_CALL_FUTURE_MS = 60_000;

/**
 * An incident may only require capabilities a unit can have (the units' vocabulary): one requiring anything else
 * would be taken and could never be assigned. 422, as for units, with the known names in the reason.
 */
function checkCapabilities(required: readonly string[] | undefined): void {
  const unknown = (required ?? []).filter((c) => !(UNIT_CAPABILITIES as readonly string[]).includes(c));
  if (unknown.length) {
    throw new HttpError(
      422,
      `no unit can have capability ${unknown.map((c) => `"${c.slice(0, 40)}"`).join(', ')}: use ${UNIT_CAPABILITIES.join(', ')}`,
      'unknown_capability',
    );
  }
}

export class IncidentService {
  constructor(private readonly ctx: ServiceContext) {}

  async create(body: CreateIncidentBody, actor: Actor): Promise<IncidentView> {
    checkCapabilities(body.requiredCapabilities);
    const incident = await this.ctx.db.transaction(async (tx) => {
      let location = body.location;
      if (body.placeId !== undefined) {
        const place = await placePoint(tx, body.placeId);
        if (!place) throw badRequest(`place ${body.placeId} does not exist`);
        if (location) this.checkPlaceMatches(body.placeId, place, location);
        location ??= place;
      }
      if (!location) throw badRequest('an incident needs a location: a map point or a gazetteer place');
      // Taken from a PBX call (来电弹屏): 受理 is when that call was answered.
      const fromCall = body.callId === undefined ? null : await claimCallForIncident(tx, body.callId);
      const callReceivedAt = fromCall
        ? fromCall.answeredAt
        : body.callReceivedAt
          ? new Date(body.callReceivedAt)
          : new Date();
      if (!Number.isFinite(callReceivedAt.getTime())) throw badRequest('callReceivedAt is not a valid instant');
      if (callReceivedAt.getTime() > Date.now() + MAX_CALL_FUTURE_MS) {
        throw badRequest('callReceivedAt is in the future', 'absurd_time');
      }
      if (callReceivedAt.getTime() < Date.now() - MAX_CALL_AGE_MS) {
        throw badRequest('callReceivedAt is more than 24 hours ago', 'absurd_time');
      }
      // One statement: service-area check, township, insert, and the view's row (one round trip).
      const margin = this.ctx.config.serviceAreaMarginM;
      const inserted = await insertIncident(tx, {
        lon: location.lon,
        lat: location.lat,
        priority: body.priority,
        complaint: body.complaint,
        callerPhone: body.callerPhone ?? null,
        callerName: body.callerName ?? null,
        address: body.address ?? null,
        placeId: body.placeId ?? null,
        patients: body.patients ?? 1,
        infectious: body.infectious ?? false,
        requiredCapabilities: body.requiredCapabilities ?? [],
        notes: body.notes ?? null,
        callReceivedAt,
        createdBy: actorUserId(actor),
        neededSpecialties: neededSpecialties(
          {
            complaint: body.complaint,
            requiredCapabilities: body.requiredCapabilities ?? [],
            infectious: body.infectious ?? false,
          },
          this.ctx.config.specialtyRules,
        ),
        serviceAreaMarginM: margin,
      });
      if (!inserted.inserted) throw outsideServiceArea(location, inserted.outsideM, margin);
      let view = incidentViewFromRow(inserted.row);
      const id = view.id;
      // The call-taker's first 备注 opens the thread (the `notes` column keeps it too, for older readers).
      if (body.notes?.trim()) {
        await insertNote(tx, id, body.notes.trim(), actor);
        view = await this.mustGet(tx, id);
      }
      await appendEvent(tx, 'incident.created', { incident: view }, { incidentId: view.id, actor });
      if (body.callId !== undefined) await linkCreatingCall(tx, body.callId, id, actor);
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  async update(id: number, body: UpdateIncidentBody, actor: Actor): Promise<IncidentView> {
    checkCapabilities(body.requiredCapabilities);
    const incident = await this.ctx.db.transaction(async (tx) => {
      const current = await this.lockOpen(tx, id);
      // The place and the point stay one: a new place brings its point, a new point must lie at the place the
      // incident names (or the place is dropped with `placeId: null`).
      const placeId = body.placeId === undefined ? current.placeId : body.placeId;
      let location = body.location;
      if (placeId !== null && (body.placeId !== undefined || body.location)) {
        const place = await placePoint(tx, placeId);
        if (!place) throw badRequest(`place ${placeId} does not exist`);
        if (location) this.checkPlaceMatches(placeId, place, location);
        location ??= place;
      }
      if (location) await this.checkServiceArea(tx, location);
      const changed = await updateIncident(tx, id, {
        placeId: body.placeId,
        location: location ? { lon: location.lon, lat: location.lat } : undefined,
        address: body.address,
        callerPhone: body.callerPhone,
        callerName: body.callerName,
        complaint: body.complaint,
        priority: body.priority,
        patients: body.patients,
        infectious: body.infectious,
        requiredCapabilities: body.requiredCapabilities,
        notes: body.notes,
        // What the patient needs from a hospital follows a corrected complaint (or capabilities, infectious).
        neededSpecialties:
          body.complaint !== undefined || body.requiredCapabilities !== undefined || body.infectious !== undefined
            ? neededSpecialties(
                {
                  complaint: body.complaint ?? current.complaint,
                  requiredCapabilities: body.requiredCapabilities ?? current.requiredCapabilities,
                  infectious: body.infectious ?? current.infectious,
                },
                this.ctx.config.specialtyRules,
              )
            : undefined,
      });
      if (!changed) return current;
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
      await lockOpenIncident(tx, id);
      await release(tx, id, reason);
      // The change and the view it returns in one statement.
      const row = await markIncidentCancelled(tx, id, reason);
      if (!row) throw notFound(`incident ${id}`);
      const view = incidentViewFromRow(row);
      await appendEvent(tx, 'incident.cancelled', { incident: view }, { incidentId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  /**
   * Closes an incident whose runs are over. A unit still on the run must finish (or be cancelled) first. When no
   * run ever reached the scene the close needs a reason (422 `close_reason_required`): 误报, 电话指导, 重复呼救,
   * 患者拒绝, or 其他 with a text — a call closed without anyone seeing the patient is a decision, not a click.
   */
  async close(id: number, body: CloseIncidentBody, actor: Actor): Promise<IncidentView> {
    const incident = await this.ctx.db.transaction(async (tx) => {
      await this.lockOpen(tx, id);
      if ((await countActiveRuns(tx, id)) > 0) {
        throw conflict('a unit is still on this incident: finish or cancel its run first', 'incident_has_active_run');
      }
      const text = body.reasonText?.trim() || null;
      if (!body.reason && !(await anyRunReachedScene(tx, id))) {
        throw new HttpError(
          422,
          'no unit reached the scene of this incident: closing it needs a reason ' +
            '(false_alarm, phone_advice, duplicate, patient_refused, or other with reasonText)',
          'close_reason_required',
        );
      }
      if (body.reason === 'other' && !text) {
        throw new HttpError(422, 'the reason "other" needs a reasonText', 'close_reason_text_required');
      }
      await closeIncident(tx, id, body.reason ?? null, text);
      const view = await this.mustGet(tx, id);
      await appendEvent(tx, 'incident.closed', { incident: view }, { incidentId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  /** Adds a 备注 to the thread of an open incident (an `incident.note_added` event). */
  async addNote(id: number, body: string, actor: Actor): Promise<IncidentView> {
    const text = body.trim();
    if (!text) throw badRequest('a note needs some text', 'empty_note');
    const incident = await this.ctx.db.transaction(async (tx) => {
      await this.lockOpen(tx, id);
      const note = await insertNote(tx, id, text, actor);
      const view = await this.mustGet(tx, id);
      await appendEvent(tx, 'incident.note_added', { incident: view, note }, { incidentId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  /**
   * Acknowledges the "no unit yet" alarm of a waiting incident: every console silences it (see DESIGN-NOTES for
   * when it rings again). An incident with a unit on it has no alarm to acknowledge (409).
   */
  async acknowledgeAlarm(id: number, actor: Actor): Promise<IncidentView> {
    const incident = await this.ctx.db.transaction(async (tx) => {
      await this.lockOpen(tx, id);
      if ((await countActiveRuns(tx, id)) > 0) {
        throw conflict('a unit is already on this incident: there is no waiting alarm', 'incident_has_active_run');
      }
      await markAlarmAcknowledged(tx, id, actor);
      const view = await this.mustGet(tx, id);
      await appendEvent(tx, 'incident.alarm_acknowledged', { incident: view }, { incidentId: id, actor });
      return view;
    });
    this.ctx.eventsCommitted();
    return incident;
  }

  /**
   * Refuses (422) a gazetteer place and a map point that disagree: the address would name one village and the
   * units would be sent to another (two 陈家塘村 13 km apart).
   */
  private checkPlaceMatches(placeId: number, place: LonLat, at: LonLat): void {
    const radius = this.ctx.config.placeMatchRadiusM;
    const apart = sphereDistanceM(place.lon, place.lat, at.lon, at.lat);
    if (apart <= radius) return;
    throw new HttpError(
      422,
      `location ${at.lon}, ${at.lat} is ${Math.round(apart)} m from place ${placeId} ` +
        `(at most ${radius} m allowed): the point and the place disagree`,
      'place_location_mismatch',
    );
  }

  /** Refuses (422) a point far outside the county: a mis-click or swapped coordinates, not a call we serve. */
  private async checkServiceArea(tx: Transaction, at: LonLat): Promise<void> {
    const margin = this.ctx.config.serviceAreaMarginM;
    const outside = await metresOutsideServiceArea(tx, at.lon, at.lat, margin);
    if (outside === null || outside <= margin) return;
    throw outsideServiceArea(at, outside, margin);
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

function outsideServiceArea(at: LonLat, outsideM: number, marginM: number): HttpError {
  return new HttpError(
    422,
    `location ${at.lon}, ${at.lat} is ${Math.round(outsideM / 1000)} km outside the service area ` +
      `(county boundary + ${marginM / 1000} km)`,
    'outside_service_area',
  );
}

export type ReleaseUnits = (tx: Transaction, incidentId: number, reason: string) => Promise<void>;

export async function closeIncident(
  tx: Transaction,
  id: number,
  reason: CloseReason | null = null,
  reasonText: string | null = null,
): Promise<void> {
  await markIncidentClosed(tx, id, reason, reasonText);
  await completeTransferOfIncident(tx, id);
}
