import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../client/types.ts';
import type { TransferNeed, TransferStatus } from '../vocabulary.ts';
import { rowsOf } from './sql.ts';

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
