import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CALL_EVENTS, CALL_LINK_KINDS, CALL_STATUSES } from '@c120/shared/vocabulary';
import type { CallEvent, CallLinkKind, CallStatus } from '@c120/shared/vocabulary';
import { columnCheck, oneOf, tstz } from './columns.ts';

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
