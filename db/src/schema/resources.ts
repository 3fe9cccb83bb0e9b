import { bigint, boolean, pgTable, real, text } from 'drizzle-orm/pg-core';
import type { HospitalLevel, UnitKind, UnitStatus } from '@c120/shared/vocabulary';
import { pointGeom, tstz } from './columns.ts';

export const stations = pgTable('stations', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  address: text(),
  townshipCode: text('township_code'),
  geom: pointGeom().notNull(),
});

export const hospitals = pgTable('hospitals', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  level: text().$type<HospitalLevel>().notNull(),
  address: text(),
  townshipCode: text('township_code'),
  capabilities: text().array().notNull().default([]),
  accepting: boolean().notNull().default(true),
  geom: pointGeom().notNull(),
});

export const units = pgTable('units', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  callSign: text('call_sign').notNull(),
  plate: text(),
  kind: text().$type<UnitKind>().notNull(),
  capabilities: text().array().notNull().default([]),
  stationId: bigint('station_id', { mode: 'number' }),
  status: text().$type<UnitStatus>().notNull().default('available'),
  statusSince: tstz('status_since').notNull().defaultNow(),
  position: pointGeom(),
  headingDeg: real('heading_deg'),
  speedKmh: real('speed_kmh'),
  accuracyM: real('accuracy_m'),
  fixAt: tstz('fix_at'),
  stale: boolean().notNull().default(false),
  /** The township whose health centre (卫生院) the vehicle serves; null: the county centre. */
  townshipCode: text('township_code'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** Partitioned by UTC day (see the migration); no primary key, unique on (unit_id, fix_at). */
export const positions = pgTable('positions', {
  unitId: bigint('unit_id', { mode: 'number' }).notNull(),
  fixAt: tstz('fix_at').notNull(),
  receivedAt: tstz('received_at').notNull().defaultNow(),
  geom: pointGeom().notNull(),
  speedKmh: real('speed_kmh'),
  headingDeg: real('heading_deg'),
  altitudeM: real('altitude_m'),
  accuracyM: real('accuracy_m'),
  source: text().notNull(),
  valid: boolean().notNull().default(true),
});
