import { customType, timestamp } from 'drizzle-orm/pg-core';

/**
 * Geometry columns with their SRID spelled out. drizzle's own `geometry()` builder drops the SRID in the DDL it
 * generates (rows then land with SRID 0 and KNN against 4326 points fails with "mixed SRID"), so the DDL lives in
 * the hand-written migrations and these types only describe the columns to drizzle. Values come back as the
 * hex EWKB text PostGIS returns; select ST_X/ST_Y or ST_AsGeoJSON when you need coordinates.
 */
export const pointGeom = customType<{ data: string; driverData: string }>({
  dataType: () => 'geometry(Point,4326)',
});

export const multiPolygonGeom = customType<{ data: string; driverData: string }>({
  dataType: () => 'geometry(MultiPolygon,4326)',
});

/** Every time column is timestamptz (UTC), read as a JS Date. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
