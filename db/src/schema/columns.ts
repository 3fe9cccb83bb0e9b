import { inArray, type SQL } from 'drizzle-orm';
import { check, customType, timestamp, type PgColumn } from 'drizzle-orm/pg-core';

/**
 * Geometry columns with their SRID spelled out. drizzle's own `geometry()` builder drops the SRID in the DDL it
 * generates (rows then land with SRID 0 and KNN against 4326 points fails with "mixed SRID"), so these types name
 * `geometry(<Kind>,4326)` themselves; the schema-equals-database test checks every geometry column keeps 4326.
 * The DDL still lives in the hand-written migrations. Values come back as the hex EWKB text PostGIS returns:
 * select ST_X/ST_Y or ST_AsGeoJSON (a `sql` fragment) when you need coordinates, and write with
 * `sql\`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)\``.
 */
export type GeometryKind = 'Point' | 'LineString' | 'MultiPolygon' | 'Geometry';

export const geometry = (kind: GeometryKind) =>
  customType<{ data: string; driverData: string }>({ dataType: () => `geometry(${kind},4326)` });

export const pointGeom = geometry('Point');
export const lineGeom = geometry('LineString');
export const multiPolygonGeom = geometry('MultiPolygon');
export const anyGeom = geometry('Geometry');

/** Every time column is timestamptz (UTC), read as a JS Date. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A vocabulary CHECK (`<column> IN (...)`) from the same list the code uses (vocabulary.ts), named as PostgreSQL
 * names an unnamed column check: `<table>_<column>_check`.
 */
export function oneOf(table: string, column: PgColumn, values: readonly string[]) {
  return check(`${table}_${column.name}_check`, inArray(column, [...values]));
}

/** A column-level CHECK, named as PostgreSQL names it when the migration left it unnamed. */
export function columnCheck(table: string, column: PgColumn, condition: SQL) {
  return check(`${table}_${column.name}_check`, condition);
}
