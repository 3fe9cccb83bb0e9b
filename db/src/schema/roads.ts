import { bigint, bigserial, boolean, doublePrecision, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { customType } from 'drizzle-orm/pg-core';
import { pointGeom, tstz } from './columns.ts';

// The road network, map features and search names written by `npm run roads:import` (migrations 0006, 0013).

const lineGeom = customType<{ data: string; driverData: string }>({ dataType: () => 'geometry(LineString,4326)' });
const anyGeom = customType<{ data: string; driverData: string }>({ dataType: () => 'geometry(Geometry,4326)' });

export const roadNetworks = pgTable('road_networks', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  source: text().notNull(),
  importedAt: tstz('imported_at').notNull().defaultNow(),
  nodes: integer().notNull(),
  edges: integer().notNull(),
  hull: anyGeom(),
});

export const roadNodes = pgTable('road_nodes', {
  id: bigint({ mode: 'number' }).primaryKey(),
  geom: pointGeom().notNull(),
});

export const roadEdges = pgTable('road_edges', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  osmWayId: bigint('osm_way_id', { mode: 'number' }).notNull(),
  source: bigint({ mode: 'number' }).notNull(),
  target: bigint({ mode: 'number' }).notNull(),
  roadClass: text('road_class').notNull(),
  lengthM: doublePrecision('length_m').notNull(),
  speedKmh: doublePrecision('speed_kmh').notNull(),
  oneway: boolean().notNull(),
  cost: doublePrecision().notNull(),
  reverseCost: doublePrecision('reverse_cost').notNull(),
  name: text(),
  nameZh: text('name_zh'),
  ref: text(),
  bridge: boolean().notNull().default(false),
  tunnel: boolean().notNull().default(false),
  geom: lineGeom().notNull(),
});

export const mapFeatures = pgTable('map_features', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  osmWayId: bigint('osm_way_id', { mode: 'number' }).notNull(),
  layer: text().notNull(),
  class: text().notNull(),
  name: text(),
  geom: anyGeom().notNull(),
});

export const mapPois = pgTable('map_pois', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  kind: text().notNull(),
  class: text().notNull(),
  name: text().notNull(),
  nameZh: text('name_zh'),
  pinyin: text().notNull().default(''),
  initials: text().notNull().default(''),
  addr: text(),
  geom: pointGeom().notNull(),
});
