import type { Transaction } from '@c120/db';
import { transfers } from '@c120/db/repositories';
import type { TransferNeed } from '@c120/shared/vocabulary';
import { userActor, type SessionUser } from '../auth/roles.ts';
import { assertTransferVisible } from '../auth/outreach-scope.ts';
import type { BookTransferBody, ScheduleTransferBody, TransferListQuery, TransferView } from '../contracts/outreach.ts';
import type { EventType } from '../events/index.ts';
import { HttpError, badRequest, conflict, notFound } from '../domain/errors.ts';
import { appendEvent } from '../repositories/events.ts';
import { overlappingBookings, readTransfer, readTransfers, transferKpis } from '../repositories/transfers.ts';
import type { Actor, ServiceContext } from './context.ts';
import type { AssignmentService } from './assignments.ts';
import type { IncidentService } from './incidents.ts';
import { lockUnitPatiently } from './transitions.ts';

/** What each need asks of the vehicle (the same capability words as the fleet). */
const NEED_CAPABILITY: Partial<Record<TransferNeed, string>> = {
  negative_pressure: 'negative_pressure',
  monitoring: 'als',
};

const unprocessable = (message: string, code: string) => new HttpError(422, message, code);
const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

/**
 * Booked transfers (预约转运 / 双向转诊): a health centre, hospital or the centre books a patient's move between
 * facilities for a time window; the centre sets a unit for it (refused with the reason when the unit lacks what
 * the patient needs or is booked for an overlapping window — checked under the unit's row lock, so two
 * dispatchers cannot double-book it); at the time the run starts as a priority-4 incident from the pick-up
 * facility with the destination set, assigned through the same race-safe assignment, and follows the normal
 * lifecycle; the booking completes when that incident closes. An emergency that takes the unit flags the
 * booking for re-assignment (`transfer.flagged`).
 */
export class TransferService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly incidents: IncidentService,
    private readonly assignments: AssignmentService,
  ) {}

  /** Booking KPIs for bookings whose window starts in [from, to): on-time pick-up and its rate (/analytics). */
  async kpis(from: Date, to: Date) {
    const k = await transferKpis(this.ctx.db, from, to);
    return { ...k, onTimeRate: k.pickedUp ? k.onTime / k.pickedUp : null };
  }

  async list(user: SessionUser, q: TransferListQuery): Promise<TransferView[]> {
    const range = q.date ? dayRange(q.date) : {};
    return readTransfers(this.ctx.db, {
      ...range,
      ...(user.role === 'health_centre' && user.townshipCode ? { townshipCode: user.townshipCode } : {}),
      ...(user.role === 'crew' && user.unitId ? { unitId: user.unitId } : {}),
    });
  }

  async get(user: SessionUser, id: number): Promise<TransferView> {
    const t = await readTransfer(this.ctx.db, id);
    if (!t) throw notFound(`transfer ${id}`);
    assertTransferVisible(user, t);
    return t;
  }

  async book(user: SessionUser, body: BookTransferBody): Promise<TransferView> {
    const start = new Date(body.windowStart);
    const end = new Date(body.windowEnd);
    if (end <= start) throw badRequest('the window ends before it starts', 'bad_window');
    if (body.fromHospitalId === body.toHospitalId)
      throw badRequest('from and to are the same facility', 'same_facility');
    const actor = userActor(user);
    const view = await this.ctx.db.transaction(async (tx) => {
      const rows = await transfers.hospitalTownships(tx, [body.fromHospitalId, body.toHospitalId]);
      const from = rows.find((h) => Number(h.id) === body.fromHospitalId);
      if (!from) throw unprocessable(`hospital ${body.fromHospitalId} does not exist`, 'unknown_hospital');
      if (!rows.some((h) => Number(h.id) === body.toHospitalId)) {
        throw unprocessable(`hospital ${body.toHospitalId} does not exist`, 'unknown_hospital');
      }
      const township = user.role === 'health_centre' ? user.townshipCode : from.township_code;
      const newId = await transfers.insertTransfer(tx, {
        patientName: body.patientName,
        patientNotes: body.patientNotes ?? null,
        fromHospitalId: body.fromHospitalId,
        toHospitalId: body.toHospitalId,
        windowStart: start,
        windowEnd: end,
        needs: body.needs ?? [],
        townshipCode: township,
        bookedBy: actor,
      });
      return this.announce(tx, newId, 'transfer.booked', actor);
    });
    this.ctx.eventsCommitted();
    return view;
  }

  /** Sets (or changes) the unit for a booking. */
  async schedule(user: SessionUser, id: number, body: ScheduleTransferBody): Promise<TransferView> {
    const actor = userActor(user);
    const view = await this.ctx.db.transaction(async (tx) => {
      const t = await this.lock(tx, id);
      if (t.status !== 'booked' && t.status !== 'scheduled') {
        throw conflict(`transfer ${id} is ${t.status}`, 'transfer_not_open');
      }
      // The unit row lock serialises every booking of this unit: the overlap check below cannot race.
      const unit = await lockUnitPatiently(tx, body.unitId);
      if (unit === 'missing') throw unprocessable(`unit ${body.unitId} does not exist`, 'unknown_unit');
      if (unit === 'busy') throw conflict(`unit ${body.unitId} is being changed; try again`, 'unit_busy');
      const has = new Set(await transfers.unitCapabilities(tx, unit.id));
      const lacking = t.needs.filter((n) => NEED_CAPABILITY[n] && !has.has(NEED_CAPABILITY[n] as string));
      if (lacking.length) {
        throw unprocessable(
          `${unit.call_sign} cannot carry this patient: needs ${lacking.join(', ')}`,
          'unit_lacks_capability',
        );
      }
      const overlap = await overlappingBookings(tx, unit.id, new Date(t.windowStart), new Date(t.windowEnd), id);
      const first = overlap[0];
      if (first) {
        throw conflict(
          `${unit.call_sign} is already booked ${hhmm(new Date(first.window_start))}–${hhmm(new Date(first.window_end))} for transfer ${first.id}`,
          'booking_overlap',
        );
      }
      await transfers.scheduleTransfer(tx, id, unit.id);
      return this.announce(tx, id, 'transfer.scheduled', actor);
    });
    this.ctx.eventsCommitted();
    return view;
  }

  /**
   * Starts the run: a priority-4 incident at the pick-up facility (destination set) assigned to the scheduled
   * unit. The booking is linked before the assignment, so a failed assignment (the unit is out on an
   * emergency) leaves a pending incident on the board for the dispatcher to assign, never a lost booking.
   */
  async dispatch(user: SessionUser, id: number): Promise<TransferView> {
    const actor = userActor(user);
    const current = await this.get(user, id);
    if (current.status !== 'scheduled' || current.unitId === null) {
      throw conflict(`transfer ${id} is ${current.status}: schedule a unit first`, 'transfer_not_scheduled');
    }
    if (current.needsReassignment) {
      throw conflict(`transfer ${id}: its unit was taken for an emergency; schedule another`, 'needs_reassignment');
    }
    const at = await transfers.hospitalPoint(this.ctx.db, current.fromHospitalId);
    if (!at) throw notFound(`hospital ${current.fromHospitalId}`);
    const incident = await this.incidents.create(
      {
        location: { lon: Number(at.lon), lat: Number(at.lat) },
        address: current.fromName,
        complaint: `预约转运 ${current.fromName} → ${current.toName}`,
        priority: 4,
        patients: 1,
        infectious: current.needs.includes('negative_pressure'),
        requiredCapabilities: current.needs.flatMap((n) => (NEED_CAPABILITY[n] ? [NEED_CAPABILITY[n] as string] : [])),
        notes: [current.patientName, current.patientNotes].filter(Boolean).join(' · '),
      },
      actor,
    );
    const view = await this.ctx.db.transaction(async (tx) => {
      const t = await this.lock(tx, id);
      if (t.status !== 'scheduled') throw conflict(`transfer ${id} is ${t.status}`, 'transfer_not_scheduled');
      await transfers.markDispatched(tx, id, incident.id, t.toHospitalId);
      const updated = await this.ctx.incidents.get(tx, incident.id);
      if (updated) await appendEvent(tx, 'incident.updated', { incident: updated }, { incidentId: incident.id, actor });
      return this.announce(tx, id, 'transfer.dispatched', actor);
    });
    this.ctx.eventsCommitted();
    await this.assignments.assign(incident.id, { unitId: current.unitId }, undefined, actor);
    return (await readTransfer(this.ctx.db, id)) ?? view;
  }

  async cancel(user: SessionUser, id: number): Promise<TransferView> {
    const actor = userActor(user);
    const view = await this.ctx.db.transaction(async (tx) => {
      const t = await this.lock(tx, id);
      assertTransferVisible(user, t);
      if (t.status !== 'booked' && t.status !== 'scheduled') {
        throw conflict(`transfer ${id} is ${t.status}: cancel its run on the board instead`, 'transfer_not_open');
      }
      await transfers.cancelTransfer(tx, id);
      return this.announce(tx, id, 'transfer.cancelled', actor);
    });
    this.ctx.eventsCommitted();
    return view;
  }

  private async lock(tx: Transaction, id: number): Promise<TransferView> {
    if (!(await transfers.lockTransfer(tx, id))) throw notFound(`transfer ${id}`);
    const t = await readTransfer(tx, id);
    if (!t) throw notFound(`transfer ${id}`);
    return t;
  }

  private async announce(
    tx: Transaction,
    id: number,
    type: Extract<EventType, `transfer.${string}`>,
    actor: Actor,
  ): Promise<TransferView> {
    const transfer = await readTransfer(tx, id);
    if (!transfer) throw notFound(`transfer ${id}`);
    await appendEvent(tx, type, { transfer }, { unitId: transfer.unitId, incidentId: transfer.incidentId, actor });
    return transfer;
  }
}

/** [start, end) of an Asia/Shanghai day. */
function dayRange(date: string): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/**
 * Emergencies outrank bookings: the unit just taken for an emergency leaves its bookings starting within
 * `hours` flagged for re-assignment, in the assignment's transaction. A transfer's own run flags nothing.
 */
export async function flagTransfersOfUnit(
  tx: Transaction,
  unitId: number,
  incidentId: number,
  hours: number,
  actor: Actor,
): Promise<void> {
  const flagged = await transfers.flagForReassignment(tx, unitId, incidentId, hours);
  for (const flaggedId of flagged) {
    const transfer = await readTransfer(tx, flaggedId);
    if (transfer) await appendEvent(tx, 'transfer.flagged', { transfer }, { unitId, incidentId, actor });
  }
}

/** The run of a booking ended and its incident closed: the booking is done. Called where incidents close. */
export async function completeTransferOfIncident(tx: Transaction, incidentId: number): Promise<void> {
  const completed = await transfers.completeTransfersOf(tx, incidentId);
  for (const completedId of completed) {
    const transfer = await readTransfer(tx, completedId);
    if (transfer) {
      await appendEvent(
        tx,
        'transfer.completed',
        { transfer },
        { unitId: transfer.unitId, incidentId, actor: 'system' },
      );
    }
  }
}
