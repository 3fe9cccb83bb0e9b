import type { Queryable } from '@c120/db';
import { transfers, type TransferRow } from '@c120/db/repositories';
import type { TransferView } from '../contracts/outreach.ts';
import { iso, isoOrNull, numOrNull, strOrNull } from './rows.ts';

/** Booked transfers (预约转运) as views; the SQL is db's transfers repository. */

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
  const row = await transfers.readTransfer(db, id);
  return row ? toView(row) : null;
}

/** Transfers whose window starts within [from, to), in window order (a day's bookings). */
export async function readTransfers(
  db: Queryable,
  f: { from?: Date; to?: Date; townshipCode?: string; unitId?: number },
): Promise<TransferView[]> {
  const rows = await transfers.readTransfers(db, f);
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
  const rows = await transfers.overlappingBookings(db, unitId, start, end, exceptId);
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
  const r = await transfers.transferKpiRow(db, from, to);
  return {
    bookings: Number(r.bookings ?? 0),
    cancelled: Number(r.cancelled ?? 0),
    completed: Number(r.completed ?? 0),
    pickedUp: Number(r.picked_up ?? 0),
    onTime: Number(r.on_time ?? 0),
    flagged: Number(r.flagged ?? 0),
  };
}
