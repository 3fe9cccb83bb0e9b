import type { Queryable } from '@c120/db';
import type { TransferNeed, TransferStatus } from '@c120/shared/vocabulary';
import type { TransferView } from '../contracts/outreach.ts';
import { iso, isoOrNull, numOrNull, strOrNull } from './rows.ts';

/** SQL of booked transfers (预约转运). */

interface TransferRow {
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
  on_scene_at: Date | null;
  [k: string]: unknown;
}

const SELECT = `
  SELECT t.id, t.status, t.patient_name, t.patient_notes, t.from_hospital_id, fh.name AS from_name,
         t.to_hospital_id, th.name AS to_name, t.window_start, t.window_end, t.needs, t.township_code, t.unit_id,
         u.call_sign, t.incident_id, t.needs_reassignment, t.booked_by, t.created_at,
         (SELECT min(a.on_scene_at) FROM assignments a WHERE a.incident_id = t.incident_id) AS on_scene_at
  FROM transfers t
  JOIN hospitals fh ON fh.id = t.from_hospital_id
  JOIN hospitals th ON th.id = t.to_hospital_id
  LEFT JOIN units u ON u.id = t.unit_id`;

function toView(r: TransferRow): TransferView {
  const pickedUp = r.on_scene_at ? new Date(r.on_scene_at) : null;
  return {
    id: Number(r.id),
    status: r.status,
    patientName: r.patient_name,
    patientNotes: strOrNull(r.patient_notes),
    fromHospitalId: Number(r.from_hospital_id),
    fromName: r.from_name,
    toHospitalId: Number(r.to_hospital_id),
    toName: r.to_name,
    windowStart: iso(r.window_start),
    windowEnd: iso(r.window_end),
    needs: r.needs ?? [],
    townshipCode: strOrNull(r.township_code),
    unitId: numOrNull(r.unit_id),
    unitCallSign: strOrNull(r.call_sign),
    incidentId: numOrNull(r.incident_id),
    needsReassignment: r.needs_reassignment,
    bookedBy: strOrNull(r.booked_by),
    createdAt: iso(r.created_at),
    pickedUpAt: isoOrNull(pickedUp),
    // On time: at the pick-up facility no later than the end of the booked window.
    onTime: pickedUp ? pickedUp.getTime() <= new Date(r.window_end).getTime() : null,
  };
}

export async function readTransfer(db: Queryable, id: number): Promise<TransferView | null> {
  const { rows } = await db.query<TransferRow>(`${SELECT} WHERE t.id = $1`, [id]);
  return rows[0] ? toView(rows[0]) : null;
}

/** Transfers whose window starts within [from, to), in window order (a day's bookings). */
export async function readTransfers(
  db: Queryable,
  f: { from?: Date; to?: Date; townshipCode?: string; unitId?: number },
): Promise<TransferView[]> {
  const { rows } = await db.query<TransferRow>(
    `${SELECT}
     WHERE ($1::timestamptz IS NULL OR t.window_start >= $1) AND ($2::timestamptz IS NULL OR t.window_start < $2)
       AND ($3::text IS NULL OR t.township_code = $3) AND ($4::bigint IS NULL OR t.unit_id = $4)
     ORDER BY t.window_start, t.id LIMIT 1000`,
    [f.from ?? null, f.to ?? null, f.townshipCode ?? null, f.unitId ?? null],
  );
  return rows.map(toView);
}

/** The bookings of a unit whose window overlaps [start, end), other than `exceptId`. */
export async function overlappingBookings(
  db: Queryable,
  unitId: number,
  start: Date,
  end: Date,
  exceptId: number,
): Promise<{ id: number; window_start: Date; window_end: Date }[]> {
  const { rows } = await db.query<{ id: number; window_start: Date; window_end: Date }>(
    `SELECT id, window_start, window_end FROM transfers
     WHERE unit_id = $1 AND status IN ('scheduled', 'dispatched') AND id <> $4
       AND window_start < $3 AND window_end > $2
     ORDER BY window_start`,
    [unitId, start, end, exceptId],
  );
  return rows;
}

/** Booking KPIs over the bookings whose window starts in [from, to): on-time pick-up (at the facility by the window's end). */
export async function transferKpis(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<{
  bookings: number;
  cancelled: number;
  completed: number;
  pickedUp: number;
  onTime: number;
  flagged: number;
}> {
  const { rows } = await db.query<Record<string, number>>(
    `WITH b AS (
       SELECT t.*, (SELECT min(a.on_scene_at) FROM assignments a WHERE a.incident_id = t.incident_id) AS picked_up_at,
              EXISTS (SELECT 1 FROM events e WHERE e.type = 'transfer.flagged'
                        AND e.payload->'transfer'->>'id' = t.id::text) AS was_flagged
       FROM transfers t WHERE t.window_start >= $1 AND t.window_start < $2
     )
     SELECT count(*) AS bookings, count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
            count(*) FILTER (WHERE status = 'completed') AS completed,
            count(picked_up_at) AS picked_up, count(*) FILTER (WHERE picked_up_at <= window_end) AS on_time,
            count(*) FILTER (WHERE was_flagged) AS flagged
     FROM b`,
    [from, to],
  );
  const r = rows[0] ?? {};
  return {
    bookings: Number(r.bookings ?? 0),
    cancelled: Number(r.cancelled ?? 0),
    completed: Number(r.completed ?? 0),
    pickedUp: Number(r.picked_up ?? 0),
    onTime: Number(r.on_time ?? 0),
    flagged: Number(r.flagged ?? 0),
  };
}
