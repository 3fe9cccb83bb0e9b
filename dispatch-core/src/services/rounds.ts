import { rounds as roundsRepo } from '@c120/db/repositories';
import type { Transaction } from '@c120/db';
import type { RoundStatus } from '@c120/shared/vocabulary';
import type { SessionUser } from '../auth/roles.ts';
import { userActor } from '../auth/roles.ts';
import { assertRoundVisible } from '../auth/outreach-scope.ts';
import type { HandoverBody, PlanRoundBody, RecordStopBody, RoundListQuery, RoundView } from '../contracts/outreach.ts';
import type { EventType } from '../events/index.ts';
import { HttpError, badRequest, conflict, notFound } from '../domain/errors.ts';
import { orderStops, plannedTimes } from '../domain/round-order.ts';
import type { Destination, LonLat } from '../domain/eta.ts';
import { appendEvent } from '../repositories/events.ts';
import { insertRound, readRound, readRounds, type NewStop } from '../repositories/rounds.ts';
import type { ServiceContext } from './context.ts';

const DEFAULT_SERVICE_MINUTES = 40;
/** Vehicles that do rounds: mobile hospitals, patrol vans, and any vehicle assigned to a health centre. */
const ROUND_KINDS = new Set(['mobile_hospital', 'patrol_clinic']);

interface UnitFacts {
  id: number;
  call_sign: string;
  kind: string;
  township_code: string | null;
  lon: number | null;
  lat: number | null;
  [k: string]: unknown;
}

interface PlaceFacts {
  id: number;
  name: string;
  township_code: string | null;
  lon: number;
  lat: number;
  [k: string]: unknown;
}

const unprocessable = (message: string, code: string) => new HttpError(422, message, code);

/**
 * Village rounds (巡诊): planning (by a health centre for its township, or by the centre), the crew's record of
 * what was done, completion, cancellation, resumption after a diversion and hand-over to another vehicle.
 * Every change is one transaction that writes the rows and a `round.*` event carrying the whole round.
 * Arrivals and departures from the vehicle's GPS are in round-visits.ts; the pause for an emergency in
 * round-runs.ts.
 */
export class RoundService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(user: SessionUser, q: RoundListQuery): Promise<RoundView[]> {
    return readRounds(this.ctx.db, {
      ...(q.date ? { date: q.date } : {}),
      ...(q.unitId ? { unitId: q.unitId } : {}),
      ...(q.townshipCode ? { townshipCode: q.townshipCode } : {}),
      // The scope wins over what was asked for.
      ...(user.role === 'health_centre' && user.townshipCode ? { townshipCode: user.townshipCode } : {}),
      ...(user.role === 'crew' && user.unitId ? { unitId: user.unitId } : {}),
    });
  }

  async get(user: SessionUser, id: number): Promise<RoundView> {
    const round = await readRound(this.ctx.db, id);
    if (!round) throw notFound(`round ${id}`);
    assertRoundVisible(user, round);
    return round;
  }

  async plan(user: SessionUser, body: PlanRoundBody): Promise<RoundView> {
    const ids = body.stops.map((s) => s.placeId);
    if (new Set(ids).size !== ids.length) throw badRequest('a village appears twice in the round', 'duplicate_stop');
    const actor = userActor(user);
    const round = await this.ctx.db.transaction(async (tx) => {
      const unit = await this.roundUnit(tx, user, body.unitId);
      const places = await this.places(tx, ids);
      const township = user.townshipCode ?? unit.township_code ?? places.get(ids[0] as number)?.township_code ?? null;
      if (!township) throw unprocessable('the first stop lies in no township: plan it from a village', 'no_township');
      if (user.role === 'health_centre') {
        const outside = [...places.values()].filter((p) => p.township_code !== user.townshipCode);
        if (outside.length) {
          throw new HttpError(
            403,
            `${outside.map((p) => p.name).join('、')} is outside your township`,
            'not_your_township',
          );
        }
      }
      if (await roundsRepo.unitHasRound(tx, unit.id, body.date)) {
        throw conflict(`${unit.call_sign} already has a round on ${body.date}`, 'round_exists');
      }
      const stops = await this.orderAndTime(tx, unit, places, body);
      const id = await insertRound(
        tx,
        {
          unitId: unit.id,
          townshipCode: township,
          date: body.date,
          team: body.team ?? null,
          notes: body.notes ?? null,
          actor,
        },
        stops,
      );
      return this.announce(tx, id, 'round.planned', actor, {});
    });
    this.ctx.eventsCommitted();
    return round;
  }

  /** The crew (or a planner) confirms or corrects a stop and enters what was done there. */
  async recordStop(user: SessionUser, stopId: number, body: RecordStopBody): Promise<RoundView> {
    const actor = userActor(user);
    const round = await this.ctx.db.transaction(async (tx) => {
      const stop = await roundsRepo.stopFacts(tx, stopId);
      if (!stop) throw notFound(`round stop ${stopId}`);
      const current = await this.lockVisible(tx, user, Number(stop.round_id));
      if (current.status === 'cancelled') throw conflict(`round ${current.id} was cancelled`, 'round_cancelled');
      const arrived = body.arrivedAt ? new Date(body.arrivedAt) : stop.arrived_at;
      const departed = body.departedAt ? new Date(body.departedAt) : stop.departed_at;
      if (departed && !arrived)
        throw badRequest('a departure needs an arrival (arrivedAt)', 'departure_before_arrival');
      if (arrived && departed && departed < arrived) {
        throw badRequest('departedAt is before arrivedAt', 'departure_before_arrival');
      }
      await roundsRepo.recordStop(tx, stopId, {
        arrivedAt: arrived,
        departedAt: departed,
        arrivalGiven: body.arrivedAt !== undefined,
        source: user.role === 'crew' ? 'crew' : 'console',
        served: body.served ?? null,
        remoteConsultations: body.remoteConsultations ?? null,
        recordedBy: actor,
      });
      if (current.status === 'planned' && arrived) await setStatus(tx, current.id, 'in_progress', arrived);
      return this.announce(tx, current.id, 'round.stop_recorded', actor, { stopId });
    });
    this.ctx.eventsCommitted();
    return round;
  }

  async complete(user: SessionUser, id: number): Promise<RoundView> {
    return this.finish(user, id, 'completed', 'round.completed');
  }

  async cancel(user: SessionUser, id: number): Promise<RoundView> {
    return this.finish(user, id, 'cancelled', 'round.cancelled');
  }

  /** A dispatcher or the crew resumes a paused round by hand (it resumes by itself when the run ends). */
  async resume(user: SessionUser, id: number): Promise<RoundView> {
    const actor = userActor(user);
    const round = await this.ctx.db.transaction(async (tx) => {
      const current = await this.lockVisible(tx, user, id);
      if (current.status !== 'paused')
        throw conflict(`round ${id} is ${current.status}, not paused`, 'round_not_paused');
      await resumeRound(tx, id, current.startedAt ? 'in_progress' : 'planned');
      return this.announce(tx, id, 'round.resumed', actor, {});
    });
    this.ctx.eventsCommitted();
    return round;
  }

  /** The rest of a round goes to another vehicle (its own van is busy with an emergency, or broke down). */
  async handover(user: SessionUser, id: number, body: HandoverBody): Promise<RoundView> {
    const actor = userActor(user);
    const round = await this.ctx.db.transaction(async (tx) => {
      const current = await this.lockVisible(tx, user, id);
      if (!['planned', 'in_progress', 'paused'].includes(current.status)) {
        throw conflict(`round ${id} is ${current.status}`, 'round_over');
      }
      if (current.unitId === body.unitId) throw conflict('the round is already on that vehicle', 'same_unit');
      const unit = await this.roundUnit(tx, user, body.unitId);
      if (await roundsRepo.unitHasRound(tx, unit.id, current.date))
        throw conflict(`${unit.call_sign} has its own round on ${current.date}`, 'round_exists');
      await roundsRepo.handOver(tx, id, unit.id);
      if (current.status === 'paused') await resumeRound(tx, id, current.startedAt ? 'in_progress' : 'planned');
      return this.announce(tx, id, 'round.handed_over', actor, { fromUnitId: current.unitId });
    });
    this.ctx.eventsCommitted();
    return round;
  }

  private async finish(
    user: SessionUser,
    id: number,
    to: 'completed' | 'cancelled',
    type: 'round.completed' | 'round.cancelled',
  ): Promise<RoundView> {
    const actor = userActor(user);
    const round = await this.ctx.db.transaction(async (tx) => {
      const current = await this.lockVisible(tx, user, id);
      if (!['planned', 'in_progress', 'paused'].includes(current.status)) {
        throw conflict(`round ${id} is already ${current.status}`, 'round_over');
      }
      await roundsRepo.endOpenDiversion(tx, id);
      await roundsRepo.endRound(tx, id, to);
      return this.announce(tx, id, type, actor, {});
    });
    this.ctx.eventsCommitted();
    return round;
  }

  /** Locks the round row and checks the user may see it (404 otherwise). */
  private async lockVisible(tx: Transaction, user: SessionUser, id: number): Promise<RoundView> {
    if (!(await roundsRepo.lockRound(tx, id))) throw notFound(`round ${id}`);
    const round = await readRound(tx, id);
    if (!round) throw notFound(`round ${id}`);
    assertRoundVisible(user, round);
    return round;
  }

  private async announce(
    tx: Transaction,
    id: number,
    type: Extract<EventType, `round.${string}`>,
    actor: string | null,
    extra: { stopId?: number; fromUnitId?: number },
  ): Promise<RoundView> {
    const round = await readRound(tx, id);
    if (!round) throw notFound(`round ${id}`);
    await appendRoundEvent(tx, type, round, actor, extra);
    return round;
  }

  /** The vehicle for a round: one that does rounds, and for a health centre one assigned to its township. */
  private async roundUnit(tx: Transaction, user: SessionUser, unitId: number): Promise<UnitFacts> {
    const unit = await roundsRepo.unitPlanningFacts(tx, unitId);
    if (!unit) throw unprocessable(`unit ${unitId} does not exist`, 'unknown_unit');
    if (!ROUND_KINDS.has(unit.kind) && unit.township_code === null) {
      throw unprocessable(
        `${unit.call_sign} is an emergency ambulance, not a round vehicle (mobile hospital, patrol van, or a vehicle assigned to a health centre)`,
        'unit_not_for_rounds',
      );
    }
    if (user.role === 'health_centre' && unit.township_code !== user.townshipCode) {
      throw new HttpError(403, `${unit.call_sign} is not assigned to your health centre`, 'not_your_unit');
    }
    return unit;
  }

  private async places(tx: Transaction, ids: number[]): Promise<Map<number, PlaceFacts>> {
    const rows = await roundsRepo.placeFacts(tx, ids);
    const byId = new Map(rows.map((p) => [Number(p.id), p]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) throw unprocessable(`no such place: ${missing.join(', ')}`, 'unknown_place');
    return byId;
  }

  /**
   * The stops in visiting order with planned arrival times. `optimise`: reordered by drive time from the vehicle
   * (domain/round-order.ts) on the shared ETA model. With `startAt`, stops without a time get one from the
   * drive times and `serviceMinutes` at each stop.
   */
  private async orderAndTime(
    tx: Transaction,
    unit: UnitFacts,
    places: Map<number, PlaceFacts>,
    body: PlanRoundBody,
  ): Promise<NewStop[]> {
    let stops = body.stops;
    const needMatrix = body.optimise === true || body.startAt !== undefined;
    if (!needMatrix) {
      return stops.map((s) => ({
        placeId: s.placeId,
        purpose: s.purpose,
        plannedAt: s.plannedAt ? new Date(s.plannedAt) : null,
      }));
    }
    const first = places.get(stops[0]?.placeId as number) as PlaceFacts;
    const start: LonLat =
      unit.lon !== null && unit.lat !== null
        ? { lon: Number(unit.lon), lat: Number(unit.lat) }
        : { lon: Number(first.lon), lat: Number(first.lat) };
    const points: LonLat[] = stops.map((s) => {
      const p = places.get(s.placeId) as PlaceFacts;
      return { lon: Number(p.lon), lat: Number(p.lat) };
    });
    const destinations: Destination[] = points.map((p) => ({ ...p, area: 'rural' }));
    const m = await this.ctx.eta.matrix([start, ...points], destinations, tx);
    // drive[i][j] over 0 = start, 1..n = stops (column 0 is never used: nobody drives back to the start).
    const drive = m.map((row) => [0, ...row]);
    let order = stops.map((_, i) => i + 1);
    if (body.optimise) order = orderStops(drive).order;
    stops = order.map((i) => body.stops[i - 1] as (typeof body.stops)[number]);
    const legs = order.map((to, k) => drive[k === 0 ? 0 : (order[k - 1] as number)]?.[to] ?? 0);
    const times = body.startAt
      ? plannedTimes(new Date(body.startAt).getTime(), legs, (body.serviceMinutes ?? DEFAULT_SERVICE_MINUTES) * 60_000)
      : [];
    return stops.map((s, k) => ({
      placeId: s.placeId,
      purpose: s.purpose,
      plannedAt:
        s.plannedAt && !body.optimise
          ? new Date(s.plannedAt)
          : times[k] !== undefined
            ? new Date(times[k] as number)
            : null,
    }));
  }
}

async function setStatus(tx: Transaction, id: number, status: RoundStatus, at: Date): Promise<void> {
  await roundsRepo.setRoundStatus(tx, id, status, at);
}

/** Ends the open gap and puts the round back where it was (in progress, or planned if it had not started). */
export async function resumeRound(tx: Transaction, id: number, to: 'in_progress' | 'planned'): Promise<void> {
  await roundsRepo.endOpenDiversion(tx, id);
  await roundsRepo.setRoundStatusOnly(tx, id, to);
}

/** Writes a `round.*` event (its payload shape follows the type). */
export async function appendRoundEvent(
  tx: Transaction,
  type: Extract<EventType, `round.${string}`>,
  round: RoundView,
  actor: string | null,
  extra: { stopId?: number; fromUnitId?: number; incidentId?: number },
): Promise<void> {
  const refs = { unitId: round.unitId, actor };
  switch (type) {
    case 'round.stop_arrived':
    case 'round.stop_departed':
    case 'round.stop_recorded':
      await appendEvent(tx, type, { round, stopId: extra.stopId ?? 0 }, refs);
      return;
    case 'round.paused':
      await appendEvent(
        tx,
        type,
        { round, incidentId: extra.incidentId ?? 0 },
        { ...refs, incidentId: extra.incidentId ?? null },
      );
      return;
    case 'round.handed_over':
      await appendEvent(tx, type, { round, fromUnitId: extra.fromUnitId ?? 0 }, refs);
      return;
    case 'round.planned':
    case 'round.cancelled':
    case 'round.resumed':
    case 'round.completed':
      await appendEvent(tx, type, { round }, refs);
      return;
  }
}
