import { bigint, boolean, date, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type {
  RoundArrivalSource,
  RoundPurpose,
  RoundStatus,
  TransferNeed,
  TransferStatus,
} from '@c120/shared/vocabulary';
import { tstz } from './columns.ts';

/** Village rounds (巡诊) and booked transfers (预约转运), migration 0014. */
export const rounds = pgTable('rounds', {
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
});

export const roundStops = pgTable('round_stops', {
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
});

export const roundDiversions = pgTable('round_diversions', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  roundId: bigint('round_id', { mode: 'number' }).notNull(),
  incidentId: bigint('incident_id', { mode: 'number' }).notNull(),
  startedAt: tstz('started_at').notNull().defaultNow(),
  endedAt: tstz('ended_at'),
});

export const transfers = pgTable('transfers', {
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
});
