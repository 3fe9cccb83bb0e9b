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
  const { rows } = await tx.query<{ id: number }>(
    `SELECT id FROM rounds WHERE unit_id = $1 AND round_date = $2 AND status IN ('planned', 'in_progress') FOR UPDATE`,
    [unitId, shanghaiDay(new Date())],
  );
  const id = rows[0]?.id;
  if (id === undefined) return;
  await tx.query(`UPDATE rounds SET status = 'paused', updated_at = now() WHERE id = $1`, [id]);
  await tx.query('INSERT INTO round_diversions (round_id, incident_id) VALUES ($1, $2)', [id, incidentId]);
  const round = await readRound(tx, Number(id));
  if (round) await appendRoundEvent(tx, 'round.paused', round, actor, { incidentId });
}

/** The unit is available again: its paused round (if any) carries on. */
export async function resumeRoundAfterRun(tx: Transaction, unitId: number, actor: Actor): Promise<void> {
  const { rows } = await tx.query<{ id: number; started_at: Date | null }>(
    `SELECT id, started_at FROM rounds WHERE unit_id = $1 AND status = 'paused' FOR UPDATE`,
    [unitId],
  );
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
  const { rows } = await tx.query<{ on_round: boolean; booked: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM rounds WHERE unit_id = $1 AND round_date = $2
                      AND status IN ('planned', 'in_progress')) AS on_round,
            EXISTS (SELECT 1 FROM transfers WHERE unit_id = $1 AND status = 'scheduled'
                      AND NOT needs_reassignment) AS booked`,
    [unitId, shanghaiDay(new Date())],
  );
  if (rows[0]?.on_round) await pauseRoundForRun(tx, unitId, incidentId, actor);
  if (rows[0]?.booked) await flagTransfersOfUnit(tx, unitId, incidentId, flagHours, actor);
}
