import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { CallEvent, CallLinkKind, CallStatus } from '@c120/shared/vocabulary';
import { tstz } from './columns.ts';

/** Calls from the PBX/CTI gateway (migration 0016). */
export const calls = pgTable('calls', {
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
});

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
  (t) => [primaryKey({ columns: [t.externalId, t.event] })],
);
