import type { Transaction } from '@c120/db';
import type { CallEvent } from '@c120/shared/vocabulary';
import { actorUserId } from '../auth/roles.ts';
import type {
  CallContext,
  CallView,
  IncidentCalls,
  TelephonyEventBody,
  TelephonyEventResult,
} from '../contracts/telephony.ts';
import { HttpError, badRequest, conflict, notFound } from '../domain/errors.ts';
import { appendEvent } from '../repositories/events.ts';
import {
  claimTelephonyEvent,
  earlierCalls,
  findAnsweringUser,
  incidentsOfNumber,
  insertRingingCall,
  linkCallToIncident,
  lockCall,
  lockCallByExternalId,
  markAnswered,
  markEnded,
  insertCallLocation,
  lockIncidentStatus,
  callsOfIncident,
  callIndicators,
  openIncidentsNear,
  openIncidentsOfNumber,
  readCall,
  wasEventApplied,
} from '../repositories/calls.ts';
import type { Actor, ServiceContext } from './context.ts';

const MAX_FUTURE_MS = 30_000;
const MAX_AGE_MS = 24 * 3_600_000;

const unprocessable = (message: string, code: string) => new HttpError(422, message, code);

/**
 * The phone line: call events from the PBX/CTI gateway (ringing → answered by a seat → ended, or abandoned),
 * each applied once per (PBX call id, event); the popup's context (the number's earlier calls and incidents, a
 * likely repeat); and linking a call to the incident taken from it or to an open one it repeats.
 */
export class TelephonyService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Calls that rang in [from, to): the 10-second answer rate, abandoned calls, ring → answer, answer → dispatch. */
  indicators(from: Date, to: Date) {
    return callIndicators(this.ctx.db, from, to);
  }

  async receive(body: TelephonyEventBody): Promise<TelephonyEventResult> {
    const at = body.at ? new Date(body.at) : new Date();
    if (at.getTime() > Date.now() + MAX_FUTURE_MS) throw badRequest('at is in the future', 'absurd_time');
    if (at.getTime() < Date.now() - MAX_AGE_MS) throw badRequest('at is more than 24 hours ago', 'absurd_time');
    if (body.event === 'location') return this.located(body, at);
    if (body.location !== undefined || body.accuracyM !== undefined || body.source !== undefined) {
      throw badRequest('location, accuracyM and source are sent with the location event', 'location_not_location');
    }
    if (body.event !== 'ringing' && body.callerNumber !== undefined) {
      throw badRequest('callerNumber is sent with the ringing event', 'caller_number_not_ringing');
    }
    if (body.event !== 'answered' && (body.seat !== undefined || body.username !== undefined)) {
      throw badRequest('seat and username are sent with the answered event', 'seat_not_answered');
    }
    // A resend (the gateway timed out, reconnected): answer what is stored, change nothing.
    const seen = await wasEventApplied(this.ctx.db, body.callId, body.event);
    if (seen !== null) return this.duplicate(seen);
    const userId = body.username ? await findAnsweringUser(this.ctx.db, body.username) : null;
    if (body.username && userId === null) {
      throw unprocessable(`no dispatcher or administrator account "${body.username}"`, 'unknown_seat_user');
    }
    let duplicateOf: number | null = null;
    const view = await this.ctx.db
      .transaction(async (tx) => {
        const id = await this.apply(tx, body, at, userId);
        if (!(await claimTelephonyEvent(tx, body.callId, body.event, id, at))) {
          // A concurrent resend committed first: undo this one, answer with the stored call.
          duplicateOf = id;
          throw new DuplicateEvent();
        }
        const call = await mustRead(tx, id);
        const type =
          body.event === 'ringing' ? 'call.ringing' : body.event === 'answered' ? 'call.answered' : 'call.ended';
        await appendEvent(tx, type, { call }, { actor: 'system:telephony' });
        return call;
      })
      .catch((error: unknown) => {
        if (error instanceof DuplicateEvent) return null;
        throw error;
      });
    if (view === null) return this.duplicate(duplicateOf ?? 0);
    this.ctx.eventsCommitted();
    return { call: view, duplicate: false };
  }

  /**
   * A positioning fix of the caller from the gateway (carrier base-station positioning, AML, handset): stored with
   * its accuracy radius and announced (`call.located`); it never moves an incident. Resending the same fix (same
   * call, source and `at`) changes nothing. May come before the answer (AML arrives within seconds of the ring).
   */
  private async located(body: TelephonyEventBody, at: Date): Promise<TelephonyEventResult> {
    if (!body.location || body.accuracyM === undefined) {
      throw badRequest('the location event needs location {lon, lat} and accuracyM', 'location_incomplete');
    }
    if (body.callerNumber !== undefined || body.seat !== undefined || body.username !== undefined) {
      throw badRequest('callerNumber, seat and username do not belong to the location event', 'location_extra');
    }
    const fix = { ...body.location, accuracyM: body.accuracyM, source: body.source ?? 'carrier', at };
    const result = await this.ctx.db.transaction(async (tx) => {
      const call = await lockCallByExternalId(tx, body.callId);
      if (!call) throw conflict(`call ${body.callId} was never reported ringing`, 'call_not_ringing');
      if (at < call.ringingAt) throw unprocessable('located before it rang', 'time_order');
      if (!(await insertCallLocation(tx, call.id, fix))) return { id: call.id, duplicate: true };
      const view = await mustRead(tx, call.id);
      await appendEvent(tx, 'call.located', { call: view }, { actor: 'system:telephony', incidentId: view.incidentId });
      return { id: call.id, duplicate: false, view };
    });
    if (result.duplicate || !result.view) return this.duplicate(result.id);
    this.ctx.eventsCommitted();
    return { call: result.view, duplicate: false };
  }

  private async duplicate(callId: number): Promise<TelephonyEventResult> {
    return { call: await mustRead(this.ctx.db, callId), duplicate: true };
  }

  /** Applies one event to the call's row; returns the call's id. */
  private async apply(tx: Transaction, body: TelephonyEventBody, at: Date, userId: number | null): Promise<number> {
    if (body.event === 'location') throw badRequest('location is not a lifecycle event', 'location_not_lifecycle');
    const event: CallEvent = body.event;
    if (event === 'ringing') {
      const id = await insertRingingCall(tx, {
        externalId: body.callId,
        callerNumber: body.callerNumber ?? null,
        line: body.line ?? null,
        at,
      });
      if (id !== null) return id;
      const existing = await lockCallByExternalId(tx, body.callId);
      return existing?.id ?? 0;
    }
    const call = await lockCallByExternalId(tx, body.callId);
    // The ring time is what the 10-second rate measures from: a call first heard of at its answer is refused,
    // never given an invented ring time (the gateway sends `ringing` first).
    if (!call) throw conflict(`call ${body.callId} was never reported ringing`, 'call_not_ringing');
    if (event === 'answered') {
      if (call.status !== 'ringing') throw conflict(`call ${body.callId} is ${call.status}`, 'call_not_ringing');
      if (at < call.ringingAt) throw unprocessable('answered before it rang', 'time_order');
      await markAnswered(tx, call.id, { at, userId, seat: body.seat ?? null });
      return call.id;
    }
    if (call.status === 'ended' || call.status === 'abandoned') {
      throw conflict(`call ${body.callId} has already ended`, 'call_ended');
    }
    if (at < (call.answeredAt ?? call.ringingAt))
      throw unprocessable('ended before it rang or was answered', 'time_order');
    if (event === 'abandoned' && call.status === 'answered') {
      throw conflict(`call ${body.callId} was answered: send ended`, 'call_answered');
    }
    await markEnded(tx, call.id, call.status === 'answered' ? 'ended' : 'abandoned', at);
    return call.id;
  }

  async get(id: number): Promise<CallView> {
    const call = await readCall(this.ctx.db, id);
    if (!call) throw notFound(`call ${id}`);
    return call;
  }

  /** What the popup shows: the call, the number's earlier calls and incidents, and a likely repeat. */
  async context(id: number): Promise<CallContext> {
    const call = await this.get(id);
    const { repeatWindowMinutes, repeatRadiusM } = this.ctx.config.phoneLine;
    const nearby =
      call.location && !call.incidentId && repeatRadiusM > 0
        ? await openIncidentsNear(this.ctx.db, call.location, repeatRadiusM, null)
        : [];
    if (!call.callerNumber) return { call, earlierCalls: [], incidents: [], repeatOf: [], nearby };
    const [calls, incidents, repeatOf] = await Promise.all([
      earlierCalls(this.ctx.db, call),
      incidentsOfNumber(this.ctx.db, call.callerNumber),
      openIncidentsOfNumber(this.ctx.db, call.callerNumber, new Date(call.ringingAt), repeatWindowMinutes * 60),
    ]);
    return { call, earlierCalls: calls, incidents, repeatOf: call.incidentId ? [] : repeatOf, nearby };
  }

  /** The calls an incident had: the one it was created from and the repeats attached to it (重复呼救). */
  async ofIncident(incidentId: number): Promise<IncidentCalls> {
    if (!(await this.ctx.incidents.get(this.ctx.db, incidentId))) throw notFound(`incident ${incidentId}`);
    return { incidentId, calls: await callsOfIncident(this.ctx.db, incidentId) };
  }

  /** The call is about an incident already open (重复呼救): attach it instead of a second run. */
  async attach(id: number, incidentId: number, actor: Actor): Promise<CallView> {
    const view = await this.ctx.db.transaction(async (tx) => {
      const call = await lockCall(tx, id);
      if (!call) throw notFound(`call ${id}`);
      if (call.incidentId !== null) {
        throw conflict(`call ${id} is already linked to incident ${call.incidentId}`, 'call_already_linked');
      }
      const status = await lockIncidentStatus(tx, incidentId);
      if (!status) throw unprocessable(`incident ${incidentId} does not exist`, 'unknown_incident');
      if (status === 'closed' || status === 'cancelled') {
        throw conflict(`incident ${incidentId} is ${status}`, 'incident_not_open');
      }
      await linkCallToIncident(tx, id, incidentId, 'attached', actorUserId(actor));
      const linked = await mustRead(tx, id);
      await appendEvent(tx, 'call.linked', { call: linked }, { incidentId, actor });
      return linked;
    });
    this.ctx.eventsCommitted();
    return view;
  }
}

/**
 * Inside the incident-creating transaction (POST /api/incidents with `callId`): the call must exist, be
 * answered and not yet linked; its answer time is the incident's 受理 (call received).
 */
export async function claimCallForIncident(tx: Transaction, callId: number): Promise<{ answeredAt: Date }> {
  const call = await lockCall(tx, callId);
  if (!call) throw unprocessable(`call ${callId} does not exist`, 'unknown_call');
  if (call.incidentId !== null) {
    throw conflict(`call ${callId} is already linked to incident ${call.incidentId}`, 'call_already_linked');
  }
  if (!call.answeredAt) throw conflict(`call ${callId} was not answered`, 'call_not_answered');
  return { answeredAt: call.answeredAt };
}

/** Links the claimed call to the new incident and announces it (after `incident.created`, same transaction). */
export async function linkCreatingCall(
  tx: Transaction,
  callId: number,
  incidentId: number,
  actor: Actor,
): Promise<void> {
  await linkCallToIncident(tx, callId, incidentId, 'created', actorUserId(actor));
  await appendEvent(tx, 'call.linked', { call: await mustRead(tx, callId) }, { incidentId, actor });
}

async function mustRead(db: Parameters<typeof readCall>[0], id: number): Promise<CallView> {
  const call = await readCall(db, id);
  if (!call) throw notFound(`call ${id}`);
  return call;
}

class DuplicateEvent extends Error {}
