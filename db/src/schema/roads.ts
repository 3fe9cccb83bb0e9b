import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { anyGeom, columnCheck, lineGeom, oneOf, pointGeom, tstz } from './columns.ts';

// The road network, map features and search names written by `npm run roads:import` (migrations 0006, 0013).

export const roadNetworks = pgTable('road_networks', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  source: text().notNull(),
  importedAt: tstz('imported_at').notNull().defaultNow(),
  nodes: integer().notNull(),
  edges: integer().notNull(),
  hull: anyGeom(),
});

export const roadNodes = pgTable(
  'road_nodes',
  {
    id: bigint({ mode: 'number' }).primaryKey(),
    geom: pointGeom().notNull(),
  },
  (t) => [index('road_nodes_geom_idx').using('gist', t.geom)],
);

/** source/target reference road_nodes DEFERRABLE INITIALLY DEFERRED (migration 0013; not expressible here). */
export const roadEdges = pgTable(
  'road_edges',
  {
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
  },
  (t) => [
    columnCheck('road_edges', t.lengthM, sql`${t.lengthM} >= 0`),
    columnCheck('road_edges', t.speedKmh, sql`${t.speedKmh} > 0`),
    columnCheck('road_edges', t.cost, sql`${t.cost} >= 0`),
    check(
      'road_edges_check',
      sql`(${t.oneway} AND ${t.reverseCost} < 0) OR (NOT ${t.oneway} AND ${t.reverseCost} = ${t.cost})`,
    ),
    index('road_edges_source_idx').on(t.source),
    index('road_edges_target_idx').on(t.target),
    index('road_edges_geom_idx').using('gist', t.geom),
  ],
);

export const mapFeatures = pgTable(
  'map_features',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    osmWayId: bigint('osm_way_id', { mode: 'number' }).notNull(),
    layer: text().notNull(),
    class: text().notNull(),
    name: text(),
    geom: anyGeom().notNull(),
  },
  (t) => [
    oneOf('map_features', t.layer, ['water', 'waterway', 'landuse']),
    index('map_features_geom_idx').using('gist', t.geom),
  ],
);

export const mapPois = pgTable(
  'map_pois',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    kind: text().notNull(),
    class: text().notNull(),
    name: text().notNull(),
    nameZh: text('name_zh'),
    pinyin: text().notNull().default(''),
    initials: text().notNull().default(''),
    addr: text(),
    geom: pointGeom().notNull(),
  },
  (t) => [
    oneOf('map_pois', t.kind, ['place', 'poi', 'address', 'street']),
    index('map_pois_geom_idx').using('gist', t.geom),
    index('map_pois_initials_idx').on(t.initials.op('text_pattern_ops')),
    index('map_pois_pinyin_idx').on(t.pinyin.op('text_pattern_ops')),
  ],
);
