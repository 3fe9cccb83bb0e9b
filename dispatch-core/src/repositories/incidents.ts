import type { Queryable } from '@c120/db';
import type { AssignmentStatus, IncidentStatus, RunOutcome } from '@c120/shared/vocabulary';
import type { CloseReason } from '@c120/shared/vocabulary';
import type { AssignmentView, IncidentNoteView, IncidentView } from '../contracts/views.ts';
import {
  listActiveIncidentRows,
  listIncidentRows,
  readAssignmentRow,
  readIncidentViewRow,
} from '@c120/db/repositories';
import { iso, isoOrNull, numOrNull, strOrNull } from './rows.ts';

type Row = Record<string, unknown>;

export function toAssignmentView(r: Row): AssignmentView {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    unitId: Number(r.unit_id),
    status: r.status as AssignmentStatus,
    assignedAt: iso(r.assigned_at),
    enRouteAt: isoOrNull(r.en_route_at),
    onSceneAt: isoOrNull(r.on_scene_at),
    transportingAt: isoOrNull(r.transporting_at),
    atHospitalAt: isoOrNull(r.at_hospital_at),
    clearedAt: isoOrNull(r.cleared_at),
    endedAt: isoOrNull(r.ended_at),
    outcome: (r.outcome as RunOutcome | null) ?? null,
    destinationHospitalId: numOrNull(r.destination_hospital_id),
    endReason: strOrNull(r.end_reason),
  };
}

export function toNoteView(r: Row): IncidentNoteView {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    body: String(r.body),
    authorName: String(r.author_name),
    authorUserId: numOrNull(r.author_user_id),
    createdAt: iso(r.created_at),
  };
}

/** An incident view from a row of INCIDENT_COLUMNS with `runs` and `note_thread` JSON arrays (absent: none). */
export function incidentViewFromRow(r: Row): IncidentView {
  const runs = (r.runs as Row[] | null | undefined) ?? [];
  const notes = (r.note_thread as Row[] | null | undefined) ?? [];
  return toIncidentView(r, runs.map(toAssignmentView), notes.map(toNoteView));
}

function toIncidentView(r: Row, assignments: AssignmentView[], notes: IncidentNoteView[]): IncidentView {
  return {
    id: Number(r.id),
    status: r.status as IncidentStatus,
    priority: Number(r.priority),
    complaint: String(r.complaint),
    callerPhone: strOrNull(r.caller_phone),
    callerName: strOrNull(r.caller_name),
    address: strOrNull(r.address),
    placeId: numOrNull(r.place_id),
    placeName: strOrNull(r.place_name),
    townshipCode: strOrNull(r.township_code),
    townshipName: strOrNull(r.township_name),
    location: { lon: Number(r.lon), lat: Number(r.lat) },
    patients: Number(r.patients),
    infectious: Boolean(r.infectious),
    requiredCapabilities: (r.required_capabilities as string[] | null) ?? [],
    notes: strOrNull(r.notes),
    callReceivedAt: iso(r.call_received_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    firstDispatchedAt: isoOrNull(r.first_dispatched_at),
    closedAt: isoOrNull(r.closed_at),
    cancelledAt: isoOrNull(r.cancelled_at),
    cancelReason: strOrNull(r.cancel_reason),
    destinationHospitalId: numOrNull(r.destination_hospital_id),
    destinationReason: strOrNull(r.destination_reason),
    closeReason: (r.close_reason as CloseReason | null) ?? null,
    closeReasonText: strOrNull(r.close_reason_text),
    alarmAcknowledgedAt: isoOrNull(r.alarm_acknowledged_at),
    alarmAcknowledgedBy: strOrNull(r.alarm_acknowledged_by),
    noteThread: notes,
    neededSpecialties: (r.needed_specialties as string[] | null) ?? [],
    destinationMissingSpecialties: (r.destination_missing_specialties as string[] | null) ?? [],
    assignments,
  };
}

export class IncidentsRepository {
  async get(db: Queryable, id: number): Promise<IncidentView | null> {
    const row = await readIncidentViewRow(db, id);
    return row ? incidentViewFromRow(row) : null;
  }

  /** Open incidents plus those that ended within `endedWithinHours`. */
  async listActive(db: Queryable, endedWithinHours = 12): Promise<IncidentView[]> {
    return (await listActiveIncidentRows(db, endedWithinHours)).map(incidentViewFromRow);
  }

  async list(
    db: Queryable,
    filter: { status?: 'open' | 'ended' | 'all'; priority?: number; since?: string; limit?: number },
  ): Promise<IncidentView[]> {
    // One round trip: each incident row carries its runs and its notes as JSON arrays (`note_thread`: a JSON
    // column named `notes` would shadow the incident's own `notes` text).
    return (await listIncidentRows(db, filter)).map(incidentViewFromRow);
  }

  async getAssignment(db: Queryable, id: number): Promise<AssignmentView | null> {
    const row = await readAssignmentRow(db, id);
    return row ? toAssignmentView(row) : null;
  }
}
