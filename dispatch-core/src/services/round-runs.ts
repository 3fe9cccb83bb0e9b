import { rounds } from '@c120/db/repositories';
import type { Transaction } from '@c120/db';
import { shanghaiDay } from '../domain/local-day.ts';
import { readRound } from '../repositories/rounds.ts';
import { appendRoundEvent, resumeRound } from './rounds.ts';
import type { Actor } from './context.ts';
import { flagTransfersOfUnit } from './transfers.ts';

/**
 * Emergencies first: a vehicle on a round can be dispatched like any other (it stays available, ranked with a
 * penalty — see recommendations). Dispatching it pauses its round inside the assignment's transaction: the
 * gap is a `round_diversions` row and a `round.paused` event, and the visit geofence ignores a paused round.
 * When the unit is back in service (available) the round resumes by itself (`round.resumed`); a dispatcher may
 * instead hand the rest to another vehicle.
 */
export async function pauseRoundForRun(
  tx: Transaction,
  unitId: number,
  incidentId: number,
  actor: Actor,
): Promise<void> {
  const id = await rounds.lockRoundForRun(tx, unitId, shanghaiDay(new Date()));
  if (id === null) return;
  await rounds.pauseForRun(tx, id, incidentId);
  const round = await readRound(tx, Number(id));
  if (round) await appendRoundEvent(tx, 'round.paused', round, actor, { incidentId });
}

/** The unit is available again: its paused round (if any) carries on. */
export async function resumeRoundAfterRun(tx: Transaction, unitId: number, actor: Actor): Promise<void> {
  const rows = await rounds.lockPausedRounds(tx, unitId);
  for (const r of rows) {
    await resumeRound(tx, Number(r.id), r.started_at ? 'in_progress' : 'planned');
    const round = await readRound(tx, Number(r.id));
    if (round) await appendRoundEvent(tx, 'round.resumed', round, actor, {});
  }
}

/**
 * The unit was just dispatched to an incident: pause its round and flag its bookings — one statement to find
 * out whether there is anything to do (the common case on the assignment path: nothing), then only what is.
 */
export async function divertFromPlannedWork(
  tx: Transaction,
  unitId: number,
  incidentId: number,
  flagHours: number,
  actor: Actor,
): Promise<void> {
  const conflicts = await rounds.runConflicts(tx, unitId, shanghaiDay(new Date()));
  if (conflicts?.on_round) await pauseRoundForRun(tx, unitId, incidentId, actor);
  if (conflicts?.booked) await flagTransfersOfUnit(tx, unitId, incidentId, flagHours, actor);
}
