import { rounds } from '@c120/db/repositories';
import type { Transaction } from '@c120/db';
import { DwellTracker, latestPerUnit } from '../domain/dwell.ts';
import { shanghaiDay } from '../domain/local-day.ts';
import { readRound, visitCandidates } from '../repositories/rounds.ts';
import type { FixForGeofence } from './geofence.ts';
import type { ServiceContext } from './context.ts';
import { appendRoundEvent } from './rounds.ts';

/**
 * Round visits from the vehicle's own GPS, on the same dwell rule as arrival at scene (domain/dwell.ts): a van
 * of a round that day (planned or in progress) staying within `roundStopRadiusM` of a village for
 * `roundStopDwellSeconds` has arrived there (at the time it entered); leaving the open stop's radius for as long
 * is its departure (at the time it left). A village that was not on the plan becomes an unplanned stop.
 * One statement per position batch (latest fix per unit, like the scene geofence); transactions only for
 * arrivals and departures, which are rare.
 */
export class RoundVisitService {
  private readonly arrivals = new DwellTracker();
  private readonly departures = new DwellTracker();
  /** The latest fix time handled per unit (tests and diagnostics: "has the visit engine seen this fix yet?"). */
  private readonly seen = new Map<number, number>();
  /** Batches are handled one after another: the dwell state must see a unit's fixes in time order. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: ServiceContext) {}

  /** The time of the latest fix of this unit the visit engine has handled (0: none). */
  seenUntil(unitId: number): number {
    return this.seen.get(unitId) ?? 0;
  }

  onFixes(fixes: readonly FixForGeofence[]): Promise<number> {
    const run = this.chain.then(() => this.handle(fixes));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async handle(fixes: readonly FixForGeofence[]): Promise<number> {
    const list = latestPerUnit(fixes);
    if (list.length === 0) return 0;
    const radius = this.ctx.config.roundStopRadiusM;
    const dwellMs = this.ctx.config.roundStopDwellSeconds * 1000;
    const rows = await visitCandidates(
      this.ctx.db,
      list.map((f) => ({ unitId: f.unitId, lon: f.lon, lat: f.lat, day: shanghaiDay(f.fixAt) })),
      radius,
    );
    const byUnit = new Map(rows.map((r) => [Number(r.unit_id), r]));
    let changes = 0;
    for (const fix of list) {
      const c = byUnit.get(fix.unitId);
      const t = fix.fixAt.getTime();
      if (!c) {
        this.arrivals.observe(fix.unitId, null, t, dwellMs);
        this.departures.observe(fix.unitId, null, t, dwellMs);
        continue;
      }
      if (c.open_stop_id !== null) {
        // At a stop: only its departure matters until it is recorded.
        this.arrivals.observe(fix.unitId, null, t, dwellMs);
        const outside = c.open_distance_m !== null && Number(c.open_distance_m) > radius;
        const left = this.departures.observe(fix.unitId, outside ? `stop:${c.open_stop_id}` : null, t, dwellMs);
        if (left !== null && (await this.depart(Number(c.round_id), Number(c.open_stop_id), new Date(left)))) changes++;
        continue;
      }
      this.departures.observe(fix.unitId, null, t, dwellMs);
      const key = c.near_place_id === null ? null : `place:${c.round_id}:${c.near_place_id}`;
      const since = this.arrivals.observe(fix.unitId, key, t, dwellMs);
      if (since === null || c.near_place_id === null) continue;
      const stopId = c.near_stop_id === null ? null : Number(c.near_stop_id);
      if (await this.arrive(Number(c.round_id), stopId, Number(c.near_place_id), new Date(since))) changes++;
    }
    for (const fix of list) this.seen.set(fix.unitId, Math.max(this.seenUntil(fix.unitId), fix.fixAt.getTime()));
    if (changes > 0) this.ctx.eventsCommitted();
    return changes;
  }

  private async arrive(roundId: number, stopId: number | null, placeId: number, at: Date): Promise<boolean> {
    return this.ctx.db.transaction(async (tx) => {
      if (!(await lockLiveRound(tx, roundId))) return false;
      let id = stopId;
      if (id !== null) {
        if (!(await rounds.arriveAtStop(tx, id, at))) return false; // the crew was first
      } else {
        // Not on the plan: an unplanned stop, after the others, for the round's main purpose.
        const inserted = await rounds.insertUnplannedStop(tx, roundId, placeId, at);
        id = inserted;
      }
      await rounds.markInProgress(tx, roundId, at);
      const round = await readRound(tx, roundId);
      if (round) await appendRoundEvent(tx, 'round.stop_arrived', round, 'geofence', { stopId: id });
      return true;
    });
  }

  private async depart(roundId: number, stopId: number, at: Date): Promise<boolean> {
    return this.ctx.db.transaction(async (tx) => {
      if (!(await lockLiveRound(tx, roundId))) return false;
      if (!(await rounds.departFromStop(tx, stopId, at))) return false;
      const round = await readRound(tx, roundId);
      if (round) await appendRoundEvent(tx, 'round.stop_departed', round, 'geofence', { stopId });
      return true;
    });
  }
}

/** The round row, locked, if it is still one the GPS may write to (not paused, completed or cancelled). */
async function lockLiveRound(tx: Transaction, roundId: number): Promise<boolean> {
  return rounds.lockLiveRound(tx, roundId);
}
