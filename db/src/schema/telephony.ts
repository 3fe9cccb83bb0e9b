import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  CALL_EVENTS,
  CALL_LINK_KINDS,
  CALL_LOCATION_SOURCES,
  CALL_STATUSES,
  LOCATION_LINK_SMS_STATUSES,
} from '@c120/shared/vocabulary';
import type {
  CallEvent,
  CallLinkKind,
  CallLocationSource,
  CallStatus,
  LocationLinkSmsStatus,
} from '@c120/shared/vocabulary';
import { columnCheck, oneOf, pointGeom, tstz } from './columns.ts';

/** Calls from the PBX/CTI gateway (migration 0016). */
export const calls = pgTable(
  'calls',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    externalId: text('external_id').notNull().unique(),
    callerNumber: text('caller_number'),
    line: text(),
    status: text().$type<CallStatus>().notNull().default('ringing'),
    ringingAt: tstz('ringing_at').notNull(),
    answeredAt: tstz('answered_at'),
    answeredBy: bigint('answered_by', { mode: 'number' }),
    seat: text(),
    endedAt: tstz('ended_at'),
    incidentId: bigint('incident_id', { mode: 'number' }),
    linkKind: text('link_kind').$type<CallLinkKind>(),
    linkedAt: tstz('linked_at'),
    linkedBy: bigint('linked_by', { mode: 'number' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    columnCheck('calls', t.externalId, sql`length(${t.externalId}) BETWEEN 1 AND 128`),
    columnCheck('calls', t.callerNumber, sql`${t.callerNumber} ~ '^\\+?[0-9]{1,31}$'`),
    columnCheck('calls', t.line, sql`length(${t.line}) <= 64`),
    oneOf('calls', t.status, CALL_STATUSES),
    columnCheck('calls', t.seat, sql`length(${t.seat}) <= 32`),
    oneOf('calls', t.linkKind, CALL_LINK_KINDS),
    check('calls_answer_after_ring', sql`${t.answeredAt} IS NULL OR ${t.answeredAt} >= ${t.ringingAt}`),
    check('calls_link_pair', sql`num_nulls(${t.incidentId}, ${t.linkKind}) <> 1`),
    index('calls_ringing').on(t.ringingAt),
    index('calls_caller').on(t.callerNumber, t.ringingAt.desc()),
    index('calls_incident')
      .on(t.incidentId)
      .where(sql`${t.incidentId} IS NOT NULL`),
    // One incident is created from at most one call.
    uniqueIndex('calls_one_creating_call')
      .on(t.incidentId)
      .where(sql`${t.linkKind} = 'created'`),
  ],
);

/** Each (PBX call id, event) applied once. */
export const telephonyEvents = pgTable(
  'telephony_events',
  {
    externalId: text('external_id').notNull(),
    event: text().$type<CallEvent>().notNull(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    at: tstz('at').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.externalId, t.event] }), oneOf('telephony_events', t.event, CALL_EVENTS)],
);

/** Positions of the caller, from the seam's `location` events or the caller's own browser (migration 0017). */
export const callLocations = pgTable(
  'call_locations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    source: text().$type<CallLocationSource>().notNull(),
    geom: pointGeom('geom').notNull(),
    accuracyM: integer('accuracy_m').notNull(),
    locatedAt: tstz('located_at').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [
    oneOf('call_locations', t.source, CALL_LOCATION_SOURCES),
    columnCheck('call_locations', t.accuracyM, sql`${t.accuracyM} >= 1 AND ${t.accuracyM} <= 100000`),
    unique('call_locations_call_id_source_located_at_key').on(t.callId, t.source, t.locatedAt),
    index('call_locations_call').on(t.callId, t.receivedAt.desc()),
  ],
);

/** One-time location links: only the token's SHA-256 is stored (migration 0017). */
export const callLocationLinks = pgTable(
  'call_location_links',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    createdBy: bigint('created_by', { mode: 'number' }),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    revokedAt: tstz('revoked_at'),
    smsStatus: text('sms_status').$type<LocationLinkSmsStatus>().notNull().default('not_sent'),
  },
  (t) => [
    columnCheck('call_location_links', t.tokenHash, sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    oneOf('call_location_links', t.smsStatus, LOCATION_LINK_SMS_STATUSES),
    check('call_location_links_expiry', sql`${t.expiresAt} > ${t.createdAt}`),
    index('call_location_links_call').on(t.callId),
  ],
);

/** Mass casualty (群体伤): the triage and the unit set requested in one action (migration 0017). */
export const massCasualtyRequests = pgTable(
  'mass_casualty_requests',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: bigint('incident_id', { mode: 'number' }).notNull(),
    critical: smallint().notNull(),
    serious: smallint().notNull(),
    minor: smallint().notNull(),
    unitsNeeded: smallint('units_needed').notNull(),
    requestedUnitIds: bigint('requested_unit_ids', { mode: 'number' }).array().notNull().default([]),
    sentUnitIds: bigint('sent_unit_ids', { mode: 'number' }).array().notNull().default([]),
    requestedAt: tstz('requested_at').notNull().defaultNow(),
    requestedBy: bigint('requested_by', { mode: 'number' }),
  },
  (t) => [
    columnCheck('mass_casualty_requests', t.critical, sql`${t.critical} >= 0 AND ${t.critical} <= 500`),
    columnCheck('mass_casualty_requests', t.serious, sql`${t.serious} >= 0 AND ${t.serious} <= 500`),
    columnCheck('mass_casualty_requests', t.minor, sql`${t.minor} >= 0 AND ${t.minor} <= 500`),
    columnCheck('mass_casualty_requests', t.unitsNeeded, sql`${t.unitsNeeded} >= 0`),
    index('mass_casualty_requests_incident').on(t.incidentId, t.requestedAt.desc()),
  ],
);
