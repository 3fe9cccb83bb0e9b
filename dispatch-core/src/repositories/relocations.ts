import type { Queryable } from '@c120/db';
import { relocations, type RelocationRow } from '@c120/db/repositories';
import type { RelocationEndReason, RelocationView } from '../contracts/coverage.ts';
import { iso, isoOrNull, strOrNull } from './rows.ts';

function toView(r: RelocationRow): RelocationView {
  return {
    id: Number(r.id),
    unitId: Number(r.unit_id),
    stationId: Number(r.station_id),
    stationName: r.station_name,
    orderedAt: iso(r.ordered_at),
    actor: strOrNull(r.actor),
    expectedGainPopulation: r.expected_gain_population === null ? null : Number(r.expected_gain_population),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    acknowledgedBy: strOrNull(r.acknowledged_by),
    endedAt: isoOrNull(r.ended_at),
    endReason: r.end_reason,
    endedBy: strOrNull(r.ended_by),
  };
}

/** Reads back one relocation row with its station name (the statement that changed it returns only the id). */
async function read(db: Queryable, id: number): Promise<RelocationView> {
  const row = await relocations.readRelocation(db, id);
  if (!row) throw new Error(`relocation ${id} vanished inside its transaction`);
  return toView(row);
}

export async function insertRelocation(
  db: Queryable,
  unitId: number,
  stationId: number,
  actor: string | null,
  expectedGain: number | null,
): Promise<RelocationView> {
  return read(db, await relocations.insertRelocation(db, unitId, stationId, actor, expectedGain));
}

/**
 * Records the acknowledgement of the unit's open order (the first one counts; `first` tells whether this call
 * recorded it). Null when no order is open.
 */
export async function acknowledgeOpenRelocation(
  db: Queryable,
  unitId: number,
  actor: string | null,
): Promise<{ relocation: RelocationView; first: boolean } | null> {
  const row = await relocations.acknowledgeOpenRelocation(db, unitId, actor);
  return row ? { relocation: await read(db, Number(row.id)), first: row.first === true } : null;
}

/** Ends the unit's open order, if any; null when none was open. */
export async function endOpenRelocation(
  db: Queryable,
  unitId: number,
  reason: RelocationEndReason,
  actor: string | null,
): Promise<RelocationView | null> {
  const id = await relocations.endOpenRelocation(db, unitId, reason, actor);
  return id === null ? null : read(db, id);
}

/**
 * Units (of those given) whose open order's station lies within `radiusM` of one of their positions — each unit
 * once, however many of its fixes in the batch are inside, so the caller opens one transaction per arrival.
 */
export const relocationsReached = relocations.relocationsReached;
