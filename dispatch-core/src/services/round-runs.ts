import type { Transaction } from '@c120/db';
import { shanghaiDay } from '../domain/local-day.ts';
import { readRound } from '../repositories/rounds.ts';
import { appendRoundEvent, resumeRound } from './rounds.ts';
import type { Actor } from './context.ts';

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
