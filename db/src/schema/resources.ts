import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { HOSPITAL_LEVELS, UNIT_KINDS, UNIT_STATUSES } from '@c120/shared/vocabulary';
import type { HospitalLevel, UnitKind, UnitStatus } from '@c120/shared/vocabulary';
import { oneOf, pointGeom, tstz } from './columns.ts';

export const stations = pgTable(
  'stations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    name: text().notNull(),
    address: text(),
    townshipCode: text('township_code'),
    geom: pointGeom().notNull(),
  },
  (t) => [index('stations_geom_gist').using('gist', t.geom)],
);

export const hospitals = pgTable(
  'hospitals',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    name: text().notNull(),
    level: text().$type<HospitalLevel>().notNull(),
    address: text(),
    townshipCode: text('township_code'),
    capabilities: text().array().notNull().default([]),
    accepting: boolean().notNull().default(true),
    geom: pointGeom().notNull(),
  },
  (t) => [
    oneOf('hospitals', t.level, HOSPITAL_LEVELS),
    index('hospitals_geom_gist').using('gist', t.geom),
    index('hospitals_capabilities_gin').using('gin', t.capabilities),
  ],
);

export const units = pgTable(
  'units',
  {
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
  },
  (t) => [
    oneOf('units', t.kind, UNIT_KINDS),
    oneOf('units', t.status, UNIT_STATUSES),
    index('units_position_gist').using('gist', t.position),
    // KNN over dispatchable units only (see migration 0002).
    index('units_available_position_gist')
      .using('gist', t.position)
      .where(sql`${t.status} = 'available' AND ${t.position} IS NOT NULL`),
    index('units_capabilities_gin').using('gin', t.capabilities),
  ],
);

/**
 * Partitioned by UTC day (see migration 0002; the partitions are made at run time and are not in this schema);
 * no primary key, unique on (unit_id, fix_at).
 */
export const positions = pgTable(
  'positions',
  {
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
  },
  (t) => [uniqueIndex('positions_unit_fix').on(t.unitId, t.fixAt)],
);

/** Why a move-up order ended (migration 0008's CHECK; dispatch-core's contracts/coverage.ts lists the same). */
export const RELOCATION_END_REASONS = ['arrived', 'dispatched', 'unavailable', 'superseded', 'cancelled'] as const;
export type RelocationEndReason = (typeof RELOCATION_END_REASONS)[number];

/**
 * Move-up orders (migrations 0006, 0008): ordered → acknowledged → ended; one open order per unit.
 */
export const relocations = pgTable(
  'relocations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    unitId: bigint('unit_id', { mode: 'number' }).notNull(),
    stationId: bigint('station_id', { mode: 'number' }).notNull(),
    orderedAt: tstz('ordered_at').notNull().defaultNow(),
    actor: text(),
    /** Residents the move-up model expected to gain (null: ordered without a suggestion). */
    expectedGainPopulation: integer('expected_gain_population'),
    acknowledgedAt: tstz('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    endedAt: tstz('ended_at'),
    endReason: text('end_reason').$type<RelocationEndReason>(),
    endedBy: text('ended_by'),
  },
  (t) => [
    check('relocations_expected_gain_population_check', sql`${t.expectedGainPopulation} >= 0`),
    oneOf('relocations', t.endReason, RELOCATION_END_REASONS),
    check('relocations_end_complete', sql`(${t.endedAt} IS NULL) = (${t.endReason} IS NULL)`),
    index('relocations_unit').on(t.unitId, t.orderedAt.desc()),
    uniqueIndex('relocations_one_open_per_unit')
      .on(t.unitId)
      .where(sql`${t.endedAt} IS NULL`),
  ],
);
