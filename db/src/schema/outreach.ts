import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  ROUND_ARRIVAL_SOURCES,
  ROUND_PURPOSES,
  ROUND_STATUSES,
  TRANSFER_NEEDS,
  TRANSFER_STATUSES,
} from '@c120/shared/vocabulary';
import type {
  RoundArrivalSource,
  RoundPurpose,
  RoundStatus,
  TransferNeed,
  TransferStatus,
} from '@c120/shared/vocabulary';
import { columnCheck, oneOf, tstz } from './columns.ts';

/** Village rounds (巡诊) and booked transfers (预约转运), migration 0014. */
export const rounds = pgTable(
  'rounds',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: bigint('unit_id', { mode: 'number' }).notNull(),
    townshipCode: text('township_code').notNull(),
    roundDate: date('round_date', { mode: 'string' }).notNull(),
    status: text().$type<RoundStatus>().notNull().default('planned'),
    team: text(),
    notes: text(),
    createdBy: text('created_by'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    startedAt: tstz('started_at'),
    endedAt: tstz('ended_at'),
  },
  (t) => [
    oneOf('rounds', t.status, ROUND_STATUSES),
    // One live round per vehicle and day (a cancelled one may be planned again).
    uniqueIndex('rounds_one_per_unit_day')
      .on(t.unitId, t.roundDate)
      .where(sql`${t.status} <> 'cancelled'`),
    index('rounds_live_unit')
      .on(t.unitId)
      .where(sql`${t.status} IN ('planned', 'in_progress', 'paused')`),
    index('rounds_date').on(t.roundDate),
  ],
);

export const roundStops = pgTable(
  'round_stops',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    roundId: bigint('round_id', { mode: 'number' }).notNull(),
    seq: integer().notNull(),
    placeId: bigint('place_id', { mode: 'number' }).notNull(),
    purpose: text().$type<RoundPurpose>().notNull(),
    planned: boolean().notNull().default(true),
    plannedAt: tstz('planned_at'),
    arrivedAt: tstz('arrived_at'),
    departedAt: tstz('departed_at'),
    arrivalSource: text('arrival_source').$type<RoundArrivalSource>(),
    served: jsonb().$type<Partial<Record<RoundPurpose, number>>>().notNull().default({}),
    remoteConsultations: integer('remote_consultations').notNull().default(0),
    recordedBy: text('recorded_by'),
    recordedAt: tstz('recorded_at'),
  },
  (t) => [
    columnCheck('round_stops', t.seq, sql`${t.seq} >= 1`),
    oneOf('round_stops', t.purpose, ROUND_PURPOSES),
    oneOf('round_stops', t.arrivalSource, ROUND_ARRIVAL_SOURCES),
    columnCheck('round_stops', t.remoteConsultations, sql`${t.remoteConsultations} >= 0`),
    check('round_stops_check', sql`${t.departedAt} IS NULL OR ${t.arrivedAt} IS NOT NULL`),
    index('round_stops_round').on(t.roundId, t.seq),
    index('round_stops_place_arrived')
      .on(t.placeId, t.arrivedAt)
      .where(sql`${t.arrivedAt} IS NOT NULL`),
  ],
);

export const roundDiversions = pgTable(
  'round_diversions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    roundId: bigint('round_id', { mode: 'number' }).notNull(),
    incidentId: bigint('incident_id', { mode: 'number' }).notNull(),
    startedAt: tstz('started_at').notNull().defaultNow(),
    endedAt: tstz('ended_at'),
  },
  (t) => [
    uniqueIndex('round_diversions_one_open')
      .on(t.roundId)
      .where(sql`${t.endedAt} IS NULL`),
  ],
);

export const transfers = pgTable(
  'transfers',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    status: text().$type<TransferStatus>().notNull().default('booked'),
    patientName: text('patient_name').notNull(),
    patientNotes: text('patient_notes'),
    fromHospitalId: bigint('from_hospital_id', { mode: 'number' }).notNull(),
    toHospitalId: bigint('to_hospital_id', { mode: 'number' }).notNull(),
    windowStart: tstz('window_start').notNull(),
    windowEnd: tstz('window_end').notNull(),
    needs: text().array().$type<TransferNeed[]>().notNull().default([]),
    townshipCode: text('township_code'),
    unitId: bigint('unit_id', { mode: 'number' }),
    incidentId: bigint('incident_id', { mode: 'number' }),
    needsReassignment: boolean('needs_reassignment').notNull().default(false),
    bookedBy: text('booked_by'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    oneOf('transfers', t.status, TRANSFER_STATUSES),
    // Unnamed table checks in migration 0014: PostgreSQL numbered them in this order.
    check('transfers_check', sql`${t.windowEnd} > ${t.windowStart}`),
    check('transfers_check1', sql`${t.fromHospitalId} <> ${t.toHospitalId}`),
    check(
      'transfers_needs_check',
      sql`${t.needs} <@ ARRAY[${sql.join(
        TRANSFER_NEEDS.map((n) => sql`${n}`),
        sql`, `,
      )}]::text[]`,
    ),
    check('transfers_check2', sql`${t.unitId} IS NOT NULL OR ${t.status} NOT IN ('scheduled', 'dispatched')`),
    index('transfers_window').on(t.windowStart),
    index('transfers_unit')
      .on(t.unitId)
      .where(sql`${t.status} IN ('scheduled', 'dispatched')`),
    uniqueIndex('transfers_incident')
      .on(t.incidentId)
      .where(sql`${t.incidentId} IS NOT NULL`),
  ],
);
