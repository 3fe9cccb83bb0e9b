import { bigint, doublePrecision, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { multiPolygonGeom, pointGeom } from './columns.ts';

export const regions = pgTable('regions', {
  code: text().primaryKey(),
  name: text().notNull(),
  nameEn: text('name_en'),
  population: integer(),
  geom: multiPolygonGeom().notNull(),
});

export const townships = pgTable('townships', {
  code: text().primaryKey(),
  regionCode: text('region_code').notNull(),
  name: text().notNull(),
  pinyin: text().notNull(),
  initials: text().notNull(),
  kind: text().notNull(),
  population: integer().notNull(),
  areaKm2: doublePrecision('area_km2'),
  seat: pointGeom().notNull(),
  geom: multiPolygonGeom().notNull(),
});

export const places = pgTable('places', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  kind: text().notNull(),
  name: text().notNull(),
  pinyin: text().notNull(),
  initials: text().notNull(),
  townshipCode: text('township_code'),
  population: integer(),
  geom: pointGeom().notNull(),
});
