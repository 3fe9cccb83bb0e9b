import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  ASSIGNMENT_STATUSES,
  CLOSE_REASONS,
  INCIDENT_STATUSES,
  RUN_OUTCOMES,
  STATUS_SOURCES,
} from '@c120/shared/vocabulary';
import type {
  AssignmentStatus,
  CloseReason,
  IncidentStatus,
  RunOutcome,
  StatusSource,
  UnitStatus,
} from '@c120/shared/vocabulary';
import { columnCheck, oneOf, pointGeom, tstz } from './columns.ts';

export const incidents = pgTable(
  'incidents',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    status: text().$type<IncidentStatus>().notNull().default('pending'),
    priority: smallint().notNull(),
    complaint: text().notNull(),
    callerPhone: text('caller_phone'),
    callerName: text('caller_name'),
    address: text(),
    placeId: bigint('place_id', { mode: 'number' }),
    townshipCode: text('township_code'),
    geom: pointGeom().notNull(),
    patients: smallint().notNull().default(1),
    infectious: boolean().notNull().default(false),
    requiredCapabilities: text('required_capabilities').array().notNull().default([]),
    notes: text(),
    callReceivedAt: tstz('call_received_at').notNull().defaultNow(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    firstDispatchedAt: tstz('first_dispatched_at'),
    closedAt: tstz('closed_at'),
    cancelledAt: tstz('cancelled_at'),
    cancelReason: text('cancel_reason'),
    destinationHospitalId: bigint('destination_hospital_id', { mode: 'number' }),
    destinationReason: text('destination_reason'),
    /** Hospital capabilities the patient needs (complaint rules + infectious), decided when the call is taken. */
    neededSpecialties: text('needed_specialties').array().notNull().default([]),
    /** Needed specialties the chosen destination lacks (a reason was given: destination_reason). */
    destinationMissingSpecialties: text('destination_missing_specialties').array().notNull().default([]),
    createdBy: bigint('created_by', { mode: 'number' }),
    /** Required when no run reached the scene (migration 0011). */
    closeReason: text('close_reason').$type<CloseReason>(),
    closeReasonText: text('close_reason_text'),
    /** Newest acknowledgement of the "no unit yet" alarm. */
    alarmAcknowledgedAt: tstz('alarm_acknowledged_at'),
    alarmAcknowledgedBy: bigint('alarm_acknowledged_by', { mode: 'number' }),
  },
  (t) => [
    oneOf('incidents', t.status, INCIDENT_STATUSES),
    columnCheck('incidents', t.priority, sql`${t.priority} BETWEEN 1 AND 4`),
    columnCheck('incidents', t.patients, sql`${t.patients} BETWEEN 0 AND 500`),
    oneOf('incidents', t.closeReason, CLOSE_REASONS),
    check(
      'incidents_close_other_text',
      sql`${t.closeReason} IS DISTINCT FROM 'other' OR ${t.closeReasonText} IS NOT NULL`,
    ),
    index('incidents_geom_gist').using('gist', t.geom),
    index('incidents_open')
      .on(t.priority, t.callReceivedAt)
      .where(sql`${t.status} NOT IN ('closed', 'cancelled')`),
    index('incidents_received').on(t.callReceivedAt),
    // A caller's earlier incidents by the digits of the typed number (migration 0016).
    index('incidents_caller_digits')
      .on(sql`regexp_replace(${t.callerPhone}, '[^0-9+]', '', 'g')`)
      .where(sql`${t.callerPhone} IS NOT NULL`),
  ],
);

/** 备注 thread (migration 0011): added, never edited; the author's display name copied at writing time. */
export const incidentNotes = pgTable(
  'incident_notes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: bigint('incident_id', { mode: 'number' }).notNull(),
    body: text().notNull(),
    authorUserId: bigint('author_user_id', { mode: 'number' }),
    authorName: text('author_name').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    columnCheck('incident_notes', t.body, sql`length(${t.body}) BETWEEN 1 AND 2000`),
    index('incident_notes_incident').on(t.incidentId, t.id),
  ],
);

export const assignments = pgTable(
  'assignments',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: bigint('incident_id', { mode: 'number' }).notNull(),
    unitId: bigint('unit_id', { mode: 'number' }).notNull(),
    status: text().$type<AssignmentStatus>().notNull().default('active'),
    assignedAt: tstz('assigned_at').notNull().defaultNow(),
    enRouteAt: tstz('en_route_at'),
    onSceneAt: tstz('on_scene_at'),
    transportingAt: tstz('transporting_at'),
    atHospitalAt: tstz('at_hospital_at'),
    clearedAt: tstz('cleared_at'),
    endedAt: tstz('ended_at'),
    outcome: text().$type<RunOutcome>(),
    destinationHospitalId: bigint('destination_hospital_id', { mode: 'number' }),
    assignedBy: bigint('assigned_by', { mode: 'number' }),
    endReason: text('end_reason'),
  },
  (t) => [
    oneOf('assignments', t.status, ASSIGNMENT_STATUSES),
    oneOf('assignments', t.outcome, RUN_OUTCOMES),
    // The database itself refuses a second live assignment for a unit.
    uniqueIndex('assignments_one_active_per_unit')
      .on(t.unitId)
      .where(sql`${t.status} = 'active'`),
    index('assignments_incident').on(t.incidentId),
  ],
);

export const unitStatusChanges = pgTable(
  'unit_status_changes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: bigint('unit_id', { mode: 'number' }).notNull(),
    fromStatus: text('from_status').$type<UnitStatus>().notNull(),
    toStatus: text('to_status').$type<UnitStatus>().notNull(),
    source: text().$type<StatusSource>().notNull(),
    at: tstz('at').notNull().defaultNow(),
    assignmentId: bigint('assignment_id', { mode: 'number' }),
    actorUserId: bigint('actor_user_id', { mode: 'number' }),
    reason: text(),
  },
  (t) => [
    oneOf('unit_status_changes', t.source, STATUS_SOURCES),
    index('unit_status_changes_unit_at').on(t.unitId, t.at),
  ],
);

export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text().primaryKey(),
  scope: text().notNull(),
  requestHash: text('request_hash').notNull(),
  responseStatus: integer('response_status').notNull(),
  response: jsonb().notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

/** Append-only (triggers refuse UPDATE/DELETE/TRUNCATE). Write through the append_event() SQL function. */
export const events = pgTable(
  'events',
  {
    seq: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text().notNull(),
    at: tstz('at').notNull().defaultNow(),
    actor: text(),
    incidentId: bigint('incident_id', { mode: 'number' }),
    unitId: bigint('unit_id', { mode: 'number' }),
    payload: jsonb().notNull(),
  },
  (t) => [
    index('events_incident')
      .on(t.incidentId, t.seq)
      .where(sql`${t.incidentId} IS NOT NULL`),
    index('events_unit')
      .on(t.unitId, t.seq)
      .where(sql`${t.unitId} IS NOT NULL`),
  ],
);
