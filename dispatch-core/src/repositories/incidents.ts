import type { Queryable } from '@c120/db';
import type { AssignmentStatus, IncidentStatus, RunOutcome } from '@c120/shared/vocabulary';
import type { CloseReason } from '@c120/shared/vocabulary';
import type { AssignmentView, IncidentNoteView, IncidentView } from '../contracts/views.ts';
import { ASSIGNMENT_COLUMNS, INCIDENT_COLUMNS, INCIDENT_JOINS, NOTE_COLUMNS } from '@c120/db/repositories';
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
    const list = await this.query(db, 'WHERE i.id = $1', [id]);
    return list[0] ?? null;
  }

  /** Open incidents plus those that ended within `endedWithinHours`. */
  async listActive(db: Queryable, endedWithinHours = 12): Promise<IncidentView[]> {
    return this.query(
      db,
      `WHERE i.status NOT IN ('closed', 'cancelled')
          OR coalesce(i.closed_at, i.cancelled_at) > now() - make_interval(hours => $1)
       ORDER BY i.priority, i.call_received_at`,
      [endedWithinHours],
    );
  }

  async list(
    db: Queryable,
    filter: { status?: 'open' | 'ended' | 'all'; priority?: number; since?: string; limit?: number },
  ): Promise<IncidentView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status === 'open') where.push(`i.status NOT IN ('closed', 'cancelled')`);
    if (filter.status === 'ended') where.push(`i.status IN ('closed', 'cancelled')`);
    if (filter.priority) {
      params.push(filter.priority);
      where.push(`i.priority = $${params.length}`);
    }
    if (filter.since) {
      params.push(filter.since);
      where.push(`i.call_received_at >= $${params.length}`);
    }
    params.push(filter.limit ?? 100);
    return this.query(
      db,
      `${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY i.call_received_at DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** One round trip: each incident row carries its runs and its notes as JSON arrays. */
  private async query(db: Queryable, tail: string, params: unknown[]): Promise<IncidentView[]> {
    const { rows } = await db.query(
      `SELECT ${INCIDENT_COLUMNS},
              (SELECT coalesce(json_agg(row_to_json(a) ORDER BY a.id), '[]'::json)
               FROM (SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a WHERE a.incident_id = i.id) a) AS runs,
              (SELECT coalesce(json_agg(row_to_json(n) ORDER BY n.id), '[]'::json)
               FROM (SELECT ${NOTE_COLUMNS} FROM incident_notes n WHERE n.incident_id = i.id) n) AS note_thread
       FROM incidents i ${INCIDENT_JOINS} ${tail}`,
      params,
    );
    // (The thread is `note_thread`: a JSON column named `notes` would shadow the incident's own `notes` text.)
    return rows.map(incidentViewFromRow);
  }

  async getAssignment(db: Queryable, id: number): Promise<AssignmentView | null> {
    const { rows } = await db.query(`SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a WHERE a.id = $1`, [id]);
    return rows[0] ? toAssignmentView(rows[0]) : null;
  }
}
