import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { PLACE_KINDS } from '@c120/shared/vocabulary';
import { columnCheck, multiPolygonGeom, oneOf, pointGeom } from './columns.ts';

export const regions = pgTable(
  'regions',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    nameEn: text('name_en'),
    population: integer(),
    geom: multiPolygonGeom().notNull(),
  },
  (t) => [
    columnCheck('regions', t.population, sql`${t.population} >= 0`),
    index('regions_geom_gist').using('gist', t.geom),
  ],
);

export const townships = pgTable(
  'townships',
  {
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
  },
  (t) => [
    oneOf('townships', t.kind, ['街道', '镇', '乡']),
    columnCheck('townships', t.population, sql`${t.population} >= 0`),
    index('townships_geom_gist').using('gist', t.geom),
  ],
);

export const places = pgTable(
  'places',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    kind: text().notNull(),
    name: text().notNull(),
    pinyin: text().notNull(),
    initials: text().notNull(),
    townshipCode: text('township_code'),
    population: integer(),
    geom: pointGeom().notNull(),
  },
  (t) => [
    oneOf('places', t.kind, PLACE_KINDS),
    columnCheck('places', t.population, sql`${t.population} >= 0`),
    index('places_geom_gist').using('gist', t.geom),
    index('places_name_prefix').on(t.name.op('text_pattern_ops')),
    index('places_pinyin_prefix').on(t.pinyin.op('text_pattern_ops')),
    index('places_initials_prefix').on(t.initials.op('text_pattern_ops')),
  ],
);
