import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import type { TransferNeed, TransferStatus } from '@c120/shared/vocabulary';
import { firstOf, rowsOf, run } from './sql.ts';

/** Booked transfers (预约转运) with their facilities' names, unit call sign and pick-up time. */

export interface TransferRow extends Record<string, unknown> {
  id: number;
  status: TransferStatus;
  patient_name: string;
  patient_notes: string | null;
  from_hospital_id: number;
  from_name: string;
  to_hospital_id: number;
  to_name: string;
  window_start: Date;
  window_end: Date;
  needs: TransferNeed[];
  township_code: string | null;
  unit_id: number | null;
  call_sign: string | null;
  incident_id: number | null;
  needs_reassignment: boolean;
  booked_by: string | null;
  created_at: Date;
  /** The first arrival of a run of the transfer's incident at the pick-up facility. */
  on_scene_at: Date | null;
}

const selectTransfers = (where: SQL): SQL => sql`
  SELECT t.id, t.status, t.patient_name, t.patient_notes, t.from_hospital_id, fh.name AS from_name,
         t.to_hospital_id, th.name AS to_name, t.window_start, t.window_end, t.needs, t.township_code, t.unit_id,
         u.call_sign, t.incident_id, t.needs_reassignment, t.booked_by, t.created_at,
         (SELECT min(a.on_scene_at) FROM assignments a WHERE a.incident_id = t.incident_id) AS on_scene_at
  FROM transfers t
  JOIN hospitals fh ON fh.id = t.from_hospital_id
  JOIN hospitals th ON th.id = t.to_hospital_id
  LEFT JOIN units u ON u.id = t.unit_id
  ${where}`;

export async function readTransfer(db: Queryable, id: number): Promise<TransferRow | null> {
  const [row] = await rowsOf<TransferRow>(db, selectTransfers(sql`WHERE t.id = ${id}`));
  return row ?? null;
}

/** Transfers whose window starts within [from, to) (each bound optional), in window order, at most 1,000. */
export function readTransfers(
  db: Queryable,
  f: { from?: Date; to?: Date; townshipCode?: string; unitId?: number },
): Promise<TransferRow[]> {
  const from = f.from ?? null;
  const to = f.to ?? null;
  const township = f.townshipCode ?? null;
  const unit = f.unitId ?? null;
  return rowsOf<TransferRow>(
    db,
    selectTransfers(sql`
      WHERE (${from}::timestamptz IS NULL OR t.window_start >= ${from}::timestamptz)
        AND (${to}::timestamptz IS NULL OR t.window_start < ${to}::timestamptz)
        AND (${township}::text IS NULL OR t.township_code = ${township}::text)
        AND (${unit}::bigint IS NULL OR t.unit_id = ${unit}::bigint)
      ORDER BY t.window_start, t.id LIMIT 1000`),
  );
}

/** The bookings of a unit whose window overlaps [start, end), other than `exceptId`. */
export function overlappingBookings(
  db: Queryable,
  unitId: number,
  start: Date,
  end: Date,
  exceptId: number,
): Promise<{ id: number; window_start: Date; window_end: Date }[]> {
  return rowsOf<{ id: number; window_start: Date; window_end: Date }>(
    db,
    sql`SELECT id, window_start, window_end FROM transfers
        WHERE unit_id = ${unitId} AND status IN ('scheduled', 'dispatched') AND id <> ${exceptId}
          AND window_start < ${end} AND window_end > ${start}
        ORDER BY window_start`,
  );
}

/** Booking counts over the bookings whose window starts in [from, to): on time = at the facility by the window's end. */
export async function transferKpiRow(db: Queryable, from: Date, to: Date): Promise<Record<string, number>> {
  const [row] = await rowsOf<Record<string, number>>(
    db,
    sql`WITH b AS (
          SELECT t.*, (SELECT min(a.on_scene_at) FROM assignments a WHERE a.incident_id = t.incident_id) AS picked_up_at,
                 EXISTS (SELECT 1 FROM events e WHERE e.type = 'transfer.flagged'
                           AND e.payload->'transfer'->>'id' = t.id::text) AS was_flagged
          FROM transfers t WHERE t.window_start >= ${from} AND t.window_start < ${to}
        )
        SELECT count(*) AS bookings, count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
               count(*) FILTER (WHERE status = 'completed') AS completed,
               count(picked_up_at) AS picked_up, count(*) FILTER (WHERE picked_up_at <= window_end) AS on_time,
               count(*) FILTER (WHERE was_flagged) AS flagged
        FROM b`,
  );
  return row ?? {};
}

// ─── Booking, scheduling, dispatching and ending transfers (in the caller's transaction) ────────────────

/** These hospitals' ids and townships (those that exist). */
export function hospitalTownships(db: Queryable, ids: number[]) {
  return rowsOf<{ id: number; township_code: string | null }>(
    db,
    sql`SELECT id, township_code FROM hospitals WHERE id = ANY(${sql.param(ids)}::bigint[])`,
  );
}

/** A new booking; its id. */
export async function insertTransfer(
  db: Queryable,
  t: {
    patientName: string;
    patientNotes: string | null;
    fromHospitalId: number;
    toHospitalId: number;
    windowStart: Date;
    windowEnd: Date;
    needs: string[];
    townshipCode: string | null;
    bookedBy: string | null;
  },
): Promise<number> {
  const row = await firstOf<{ id: number }>(
    db,
    sql`INSERT INTO transfers (patient_name, patient_notes, from_hospital_id, to_hospital_id, window_start,
          window_end, needs, township_code, booked_by)
        VALUES (${t.patientName}, ${t.patientNotes}, ${t.fromHospitalId}, ${t.toHospitalId}, ${t.windowStart},
                ${t.windowEnd}, ${sql.param(t.needs)}, ${t.townshipCode}, ${t.bookedBy}) RETURNING id`,
  );
  return Number(row?.id);
}

export async function unitCapabilities(db: Queryable, unitId: number): Promise<string[]> {
  const row = await firstOf<{ capabilities: string[] }>(db, sql`SELECT capabilities FROM units WHERE id = ${unitId}`);
  return row?.capabilities ?? [];
}

/** The booking is set for this unit (and no longer flagged for re-assignment). */
export async function scheduleTransfer(db: Queryable, id: number, unitId: number): Promise<void> {
  await run(
    db,
    sql`UPDATE transfers SET unit_id = ${unitId}, status = 'scheduled', needs_reassignment = false, updated_at = now()
        WHERE id = ${id}`,
  );
}

export function hospitalPoint(db: Queryable, hospitalId: number): Promise<{ lon: number; lat: number } | null> {
  return firstOf<{ lon: number; lat: number }>(
    db,
    sql`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM hospitals WHERE id = ${hospitalId}`,
  );
}

/** The transfer runs as this incident (priority 4), which goes to the booking's destination. */
export async function markDispatched(
  db: Queryable,
  id: number,
  incidentId: number,
  toHospitalId: number,
): Promise<void> {
  await run(
    db,
    sql`UPDATE incidents SET destination_hospital_id = ${toHospitalId}, updated_at = now() WHERE id = ${incidentId}`,
  );
  await run(
    db,
    sql`UPDATE transfers SET status = 'dispatched', incident_id = ${incidentId}, updated_at = now() WHERE id = ${id}`,
  );
}

export async function cancelTransfer(db: Queryable, id: number): Promise<void> {
  await run(db, sql`UPDATE transfers SET status = 'cancelled', updated_at = now() WHERE id = ${id}`);
}

/** Locks the booking row; whether it exists. */
export async function lockTransfer(db: Queryable, id: number): Promise<boolean> {
  return (await rowsOf(db, sql`SELECT id FROM transfers WHERE id = ${id} FOR UPDATE`)).length > 0;
}

/**
 * Flags the unit's scheduled bookings starting within `hours` for re-assignment (its run for `incidentId` takes
 * it away), unless that run is itself a transfer; the ids flagged.
 */
export async function flagForReassignment(
  db: Queryable,
  unitId: number,
  incidentId: number,
  hours: number,
): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(
    db,
    sql`UPDATE transfers SET needs_reassignment = true, updated_at = now()
        WHERE unit_id = ${unitId} AND status = 'scheduled' AND NOT needs_reassignment
          AND window_start < now() + make_interval(hours => ${hours})
          AND NOT EXISTS (SELECT 1 FROM transfers own WHERE own.incident_id = ${incidentId})
        RETURNING id`,
  );
  return rows.map((r) => Number(r.id));
}

/** The dispatched transfers run as this incident are completed; their ids. */
export async function completeTransfersOf(db: Queryable, incidentId: number): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(
    db,
    sql`UPDATE transfers SET status = 'completed', updated_at = now()
        WHERE incident_id = ${incidentId} AND status = 'dispatched'
        RETURNING id`,
  );
  return rows.map((r) => Number(r.id));
}
