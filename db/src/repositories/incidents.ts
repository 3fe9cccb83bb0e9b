import type { Queryable, Row } from '../client/types.ts';

/** The incident view's columns, over an `incidents` row aliased `i` (a table or a CTE's RETURNING). */
export const INCIDENT_COLUMNS = `i.id, i.status, i.priority, i.complaint, i.caller_phone, i.caller_name, i.address,
  i.place_id, i.township_code, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.patients, i.infectious,
  i.required_capabilities, i.notes, i.call_received_at, i.created_at, i.updated_at, i.first_dispatched_at,
  i.closed_at, i.cancelled_at, i.cancel_reason, i.destination_hospital_id, i.destination_reason,
  i.needed_specialties, i.destination_missing_specialties, i.close_reason, i.close_reason_text,
  i.alarm_acknowledged_at, ack.display_name AS alarm_acknowledged_by, p.name AS place_name, t.name AS township_name`;

/** Place, township and the acknowledging user's name, for INCIDENT_COLUMNS. */
export const INCIDENT_JOINS = `LEFT JOIN places p ON p.id = i.place_id LEFT JOIN townships t ON t.code = i.township_code
  LEFT JOIN users ack ON ack.id = i.alarm_acknowledged_by`;

export const NOTE_COLUMNS = 'n.id, n.incident_id, n.body, n.author_name, n.author_user_id, n.created_at';

export const ASSIGNMENT_COLUMNS = `a.id, a.incident_id, a.unit_id, a.status, a.assigned_at, a.en_route_at,
  a.on_scene_at, a.transporting_at, a.at_hospital_at, a.cleared_at, a.ended_at, a.outcome,
  a.destination_hospital_id, a.end_reason`;

/** The unit view's columns over a `units` row aliased `u`, its active run `a` and open move-up order `r`/`rs`. */
export const UNIT_VIEW_COLUMNS = `u.id, u.code, u.call_sign, u.plate, u.kind, u.capabilities, u.station_id, u.status,
  u.status_since, ST_X(u.position) AS lon, ST_Y(u.position) AS lat, u.heading_deg, u.speed_kmh, u.fix_at, u.stale,
  a.id AS assignment_id, a.incident_id,
  r.id AS relocation_id, r.station_id AS relocation_station_id, rs.name AS relocation_station_name,
  r.ordered_at AS relocation_ordered_at, r.acknowledged_at AS relocation_acknowledged_at`;

export interface NewIncident {
  lon: number;
  lat: number;
  priority: number;
  complaint: string;
  callerPhone: string | null;
  callerName: string | null;
  address: string | null;
  placeId: number | null;
  patients: number;
  infectious: boolean;
  requiredCapabilities: string[];
  notes: string | null;
  callReceivedAt: Date;
  createdBy: number | null;
  neededSpecialties: string[];
  /** The service area check: a point further than this outside the county is refused. */
  serviceAreaMarginM: number;
}

export type InsertIncidentOutcome =
  /** Inserted: the incident view's row (INCIDENT_COLUMNS, no runs, no notes yet). */
  | { inserted: true; row: Row }
  /** Not inserted: the point lies `outsideM` metres outside the service area (more than the margin). */
  | { inserted: false; outsideM: number };

/**
 * Creates an incident in ONE statement: the service-area check (`ST_DWithin` on geography, the county boundary
 * plus a margin; no boundary loaded means no check), the township look-up, the insert, and the row the incident
 * view is made of (place and township names joined). A refused point inserts nothing and says how far out it is.
 */
export async function insertIncident(tx: Queryable, n: NewIncident): Promise<InsertIncidentOutcome> {
  const { rows } = await tx.query(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g),
     area AS (
       SELECT count(*) AS regions, coalesce(bool_or(ST_DWithin(r.geom::geography, pt.g::geography, $16::float8)), false)
                AS near
       FROM regions r CROSS JOIN pt
     ),
     i AS (
       INSERT INTO incidents (priority, complaint, caller_phone, caller_name, address, place_id, township_code,
         geom, patients, infectious, required_capabilities, notes, call_received_at, created_by, needed_specialties)
       SELECT $3, $4, $5, $6, $7, $8,
         (SELECT code FROM townships WHERE ST_Contains(geom, pt.g) LIMIT 1),
         pt.g, $9, $10, $11, $12, $13, $14, $15
       FROM pt CROSS JOIN area WHERE area.regions = 0 OR area.near
       RETURNING *
     )
     SELECT CASE WHEN area.regions > 0 AND NOT area.near
              THEN (SELECT min(ST_Distance(r.geom::geography, pt.g::geography)) FROM regions r) END AS outside_m,
            ${INCIDENT_COLUMNS}
     FROM area CROSS JOIN pt LEFT JOIN (i ${INCIDENT_JOINS}) ON true`,
    [
      n.lon,
      n.lat,
      n.priority,
      n.complaint,
      n.callerPhone,
      n.callerName,
      n.address,
      n.placeId,
      n.patients,
      n.infectious,
      n.requiredCapabilities,
      n.notes,
      n.callReceivedAt,
      n.createdBy,
      n.neededSpecialties,
      n.serviceAreaMarginM,
    ],
    { name: 'c120_insert_incident' },
  );
  const row = rows[0];
  if (!row) throw new Error('insertIncident returned no row');
  if (row.id === null || row.id === undefined) return { inserted: false, outsideM: Number(row.outside_m ?? 0) };
  return { inserted: true, row };
}

/** The incident view's row (INCIDENT_COLUMNS, `runs` and `note_thread` JSON arrays) over `i` (table or CTE). */
export const INCIDENT_VIEW_SELECT = `SELECT ${INCIDENT_COLUMNS},
  (SELECT coalesce(json_agg(row_to_json(a) ORDER BY a.id), '[]'::json)
   FROM (SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a WHERE a.incident_id = i.id) a) AS runs,
  (SELECT coalesce(json_agg(row_to_json(n) ORDER BY n.id), '[]'::json)
   FROM (SELECT ${NOTE_COLUMNS} FROM incident_notes n WHERE n.incident_id = i.id) n) AS note_thread`;

/** A unit's view row as JSON, for unit `$unitParam`. */
const unitJson = (unitParam: string) => `(SELECT row_to_json(uv) FROM (
  SELECT ${UNIT_VIEW_COLUMNS}
  FROM units u
  LEFT JOIN assignments a ON a.unit_id = u.id AND a.status = 'active'
  LEFT JOIN relocations r ON r.unit_id = u.id AND r.ended_at IS NULL
  LEFT JOIN stations rs ON rs.id = r.station_id
  WHERE u.id = ${unitParam}) AS uv)`;

/**
 * What an assignment event carries, in ONE round trip: the incident view's row (with runs and notes) and, as
 * the `unit` column, the unit view's row. null when the incident does not exist.
 */
export async function readIncidentAndUnit(db: Queryable, incidentId: number, unitId: number): Promise<Row | null> {
  const { rows } = await db.query(
    `${INCIDENT_VIEW_SELECT}, ${unitJson('$2')} AS unit FROM incidents i ${INCIDENT_JOINS} WHERE i.id = $1`,
    [incidentId, unitId],
    { name: 'c120_read_incident_and_unit' },
  );
  return rows[0] ?? null;
}

/** Marks an incident cancelled and returns its view's row, in one statement. null: no such incident. */
export async function markIncidentCancelled(tx: Queryable, incidentId: number, reason: string): Promise<Row | null> {
  const { rows } = await tx.query(
    `WITH i AS (
       UPDATE incidents SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now()
       WHERE id = $1 RETURNING *
     )
     ${INCIDENT_VIEW_SELECT} FROM i ${INCIDENT_JOINS}`,
    [incidentId, reason],
    { name: 'c120_mark_incident_cancelled' },
  );
  return rows[0] ?? null;
}

/** What dispatch needs to know of an incident: its status and what ranking units for it depends on. */
export interface DispatchFactsRow {
  status: string;
  priority: number;
  infectious: boolean;
  required_capabilities: string[];
  area: 'urban' | 'rural';
  lon: number;
  lat: number;
  [k: string]: unknown;
}

/** Reads the dispatch facts of an incident; `forUpdate` also locks the incident row. */
export async function readDispatchFactsRow(
  db: Queryable,
  incidentId: number,
  forUpdate = false,
): Promise<DispatchFactsRow | null> {
  const { rows } = await db.query<DispatchFactsRow>(
    `SELECT i.status, i.priority, i.infectious, i.required_capabilities,
            CASE WHEN t.kind = '街道' THEN 'urban' ELSE 'rural' END AS area,
            ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
     FROM incidents i LEFT JOIN townships t ON t.code = i.township_code WHERE i.id = $1
     ${forUpdate ? 'FOR UPDATE OF i' : ''}`,
    [incidentId],
    { name: forUpdate ? 'c120_incident_dispatch_facts_locked' : 'c120_incident_dispatch_facts' },
  );
  return rows[0] ?? null;
}

/** A partial update of an incident: undefined leaves a column as it is. */
export interface IncidentPatch {
  placeId?: number | null | undefined;
  /** A new point (its township follows). */
  location?: { lon: number; lat: number } | undefined;
  address?: string | null | undefined;
  callerPhone?: string | null | undefined;
  callerName?: string | null | undefined;
  complaint?: string | undefined;
  priority?: number | undefined;
  patients?: number | undefined;
  infectious?: boolean | undefined;
  requiredCapabilities?: string[] | undefined;
  notes?: string | null | undefined;
  neededSpecialties?: string[] | undefined;
}

/**
 * Writes a partial update of an incident in one statement (`updated_at` too); returns false, without a round
 * trip, when the patch changes nothing. Column names come from here, never from the request.
 */
export async function updateIncident(tx: Queryable, id: number, patch: IncidentPatch): Promise<boolean> {
  const params: unknown[] = [id];
  const sets: string[] = [];
  const set = (column: string, value: unknown) => {
    if (value === undefined) return;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  set('place_id', patch.placeId);
  if (patch.location) {
    params.push(patch.location.lon, patch.location.lat);
    const p = `ST_SetSRID(ST_MakePoint($${params.length - 1}::float8, $${params.length}::float8), 4326)`;
    sets.push(`geom = ${p}`, `township_code = (SELECT code FROM townships WHERE ST_Contains(geom, ${p}) LIMIT 1)`);
  }
  set('address', patch.address);
  set('caller_phone', patch.callerPhone);
  set('caller_name', patch.callerName);
  set('complaint', patch.complaint);
  set('priority', patch.priority);
  set('patients', patch.patients);
  set('infectious', patch.infectious);
  set('required_capabilities', patch.requiredCapabilities);
  set('notes', patch.notes);
  set('needed_specialties', patch.neededSpecialties);
  if (sets.length === 0) return false;
  await tx.query(`UPDATE incidents SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  return true;
}

/** Incident view rows (INCIDENT_VIEW_SELECT) for a `WHERE … ORDER BY …` tail over `i`: one round trip. */
async function incidentViewRows(db: Queryable, tail: string, params: unknown[]): Promise<Row[]> {
  const { rows } = await db.query(`${INCIDENT_VIEW_SELECT} FROM incidents i ${INCIDENT_JOINS} ${tail}`, params);
  return rows;
}

/** One incident's view row, or null. */
export async function readIncidentViewRow(db: Queryable, id: number): Promise<Row | null> {
  return (await incidentViewRows(db, 'WHERE i.id = $1', [id]))[0] ?? null;
}

/** Open incidents plus those that ended within `endedWithinHours`, by priority and call time. */
export function listActiveIncidentRows(db: Queryable, endedWithinHours: number): Promise<Row[]> {
  return incidentViewRows(
    db,
    `WHERE i.status NOT IN ('closed', 'cancelled')
        OR coalesce(i.closed_at, i.cancelled_at) > now() - make_interval(hours => $1)
     ORDER BY i.priority, i.call_received_at`,
    [endedWithinHours],
  );
}

export interface IncidentListFilter {
  status?: 'open' | 'ended' | 'all' | undefined;
  priority?: number | undefined;
  since?: string | undefined;
  limit?: number | undefined;
}

/** Incidents by the list filter, newest call first (100 unless a limit is given). */
export function listIncidentRows(db: Queryable, filter: IncidentListFilter): Promise<Row[]> {
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
  return incidentViewRows(
    db,
    `${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY i.call_received_at DESC LIMIT $${params.length}`,
    params,
  );
}

/** One run (assignment) row, ASSIGNMENT_COLUMNS, or null. */
export async function readAssignmentRow(db: Queryable, id: number): Promise<Row | null> {
  const { rows } = await db.query(`SELECT ${ASSIGNMENT_COLUMNS} FROM assignments a WHERE a.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The unit view's select (UNIT_VIEW_COLUMNS with the active run and open move-up order joined). */
const UNIT_VIEW_SELECT = `SELECT ${UNIT_VIEW_COLUMNS}
  FROM units u
  LEFT JOIN assignments a ON a.unit_id = u.id AND a.status = 'active'
  LEFT JOIN relocations r ON r.unit_id = u.id AND r.ended_at IS NULL
  LEFT JOIN stations rs ON rs.id = r.station_id`;

/** Every unit's view row, by code. */
export async function listUnitViewRows<R extends Row>(db: Queryable): Promise<R[]> {
  return (await db.query<R>(`${UNIT_VIEW_SELECT} ORDER BY u.code`)).rows;
}

/** One unit's view row, or null. */
export async function readUnitViewRow<R extends Row>(db: Queryable, id: number): Promise<R | null> {
  return (await db.query<R>(`${UNIT_VIEW_SELECT} WHERE u.id = $1`, [id])).rows[0] ?? null;
}
