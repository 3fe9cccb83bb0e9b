import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable, Row } from '../client/types.ts';

/**
 * Statements the query builder cannot say well (PostGIS, CTEs, LATERAL, json_build_object …) are written as
 * drizzle `sql` fragments — parameters interpolated as `${value}`, columns as `${table.column}` — and run through
 * the Database seam's own `query`, so they return exactly what the seam returns on both engines (int8 and
 * numeric as numbers, timestamptz as Date), like every query before drizzle.
 *
 * Traps: a JS array interpolated as `${list}` becomes a parenthesised list `($1, $2)`; pass an array value as
 * one parameter with `${sql.param(list)}` (e.g. `= ANY (${sql.param(ids)})`).
 */
const dialect = new PgDialect();

export function toQuery(query: SQL): { text: string; params: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

/** Runs a `sql` fragment; the rows typed as the caller says (the fragment's select list is the contract). */
export async function rowsOf<R extends Row>(db: Queryable, query: SQL): Promise<R[]> {
  const { text, params } = toQuery(query);
  return (await db.query<R>(text, params)).rows;
}

/** Runs a `sql` fragment; the first row or null. */
export async function firstOf<R extends Row>(db: Queryable, query: SQL): Promise<R | null> {
  return (await rowsOf<R>(db, query))[0] ?? null;
}

/** Runs a `sql` fragment for its effect; how many rows it touched. */
export async function run(db: Queryable, query: SQL): Promise<number> {
  const { text, params } = toQuery(query);
  return (await db.query(text, params)).rowCount;
}

/** Longitude / latitude of a point column or expression, as numbers on both engines. */
export const lonOf = (geom: PgColumn | SQL) => sql<number>`ST_X(${geom})`.mapWith(Number);
export const latOf = (geom: PgColumn | SQL) => sql<number>`ST_Y(${geom})`.mapWith(Number);

/** `ST_SetSRID(ST_MakePoint(lon, lat), 4326)`: a point in the schema's SRID. */
export const point = (lon: number, lat: number) => sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;

/** Makes the open transaction REPEATABLE READ (its first statement): one snapshot for every read in it. */
export async function repeatableRead(tx: Queryable): Promise<void> {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
}
