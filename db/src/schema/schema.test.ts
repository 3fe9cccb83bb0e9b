import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { drizzleSchemaDdl } from '../testing/schema-ddl.ts';
import * as schema from './index.ts';

/**
 * Schema = database. The migrations (db/migrations, hand-written SQL) are what the database is; the drizzle
 * schema (db/src/schema) is what the code's queries are typed against. This test migrates an empty database,
 * creates the drizzle schema's DDL beside it in a scratch schema, and compares the two through PostgreSQL's own
 * catalogs: tables, columns (type, nullability, default, identity), primary key / unique / check constraints and
 * indexes. Anything on one side and not the other, or spelled differently, fails with its table and name.
 *
 * Deliberately not compared:
 * - the partitions of `positions` (`positions_default`, `positions_YYYYMMDD`): created at run time by
 *   ensure_position_partitions(), the drizzle schema describes the parent table only;
 * - `schema_migrations`: the migrator's bookkeeping, not application data;
 * - `spatial_ref_sys`: PostGIS's own table;
 * - foreign keys: drizzle cannot say DEFERRABLE (road_edges' references are), and the repositories do not use
 *   drizzle relations; the references live in the migrations;
 * - NOT VALID on a check (device_credentials_osmand_token): a migration-time property of old rows, not a shape;
 * - functions, triggers (events' append-only guard, append_event) and the partitioning itself.
 */
const SCRATCH = 'drizzle_schema_check';
const EXCLUDED_TABLES = ['schema_migrations', 'spatial_ref_sys'];

type Shape = Map<string, string>;

async function shapeOf(db: Queryable, namespace: string): Promise<Shape> {
  const shape: Shape = new Map();
  // Unqualify names PostgreSQL qualifies because the other schema is not on the search path.
  const plain = (s: string) => s.replaceAll(`${SCRATCH}.`, '').replaceAll('public.', '').replace(' ON ONLY ', ' ON ');
  const tables = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> ALL ($2)`,
    [namespace, EXCLUDED_TABLES],
  );
  for (const t of tables.rows) shape.set(`table ${t.name}`, 'exists');
  const names = tables.rows.map((t) => t.name);

  const columns = await db.query<{
    tbl: string;
    col: string;
    type: string;
    notnull: boolean;
    def: string | null;
    identity: string;
  }>(
    `SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity AS identity
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relname = ANY ($2) AND a.attnum > 0 AND NOT a.attisdropped`,
    [namespace, names],
  );
  for (const c of columns.rows) {
    const identity = c.identity === 'a' ? ' identity always' : c.identity === 'd' ? ' identity by default' : '';
    shape.set(
      `column ${c.tbl}.${c.col}`,
      `${plain(c.type)} ${c.notnull ? 'NOT NULL' : 'NULL'}${c.def ? ` DEFAULT ${plain(c.def)}` : ''}${identity}`,
    );
  }

  const constraints = await db.query<{ tbl: string; name: string; def: string }>(
    `SELECT c.relname AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY ($2) AND k.contype IN ('p', 'u', 'c')`,
    [namespace, names],
  );
  for (const k of constraints.rows) shape.set(`constraint ${k.tbl}.${k.name}`, plain(k.def).replace(/ NOT VALID$/, ''));

  const indexes = await db.query<{ tbl: string; name: string; def: string }>(
    `SELECT c.relname AS tbl, i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY ($2)`,
    [namespace, names],
  );
  for (const i of indexes.rows) shape.set(`index ${i.tbl}.${i.name}`, plain(i.def));
  return shape;
}

/** Human-readable differences: what the migrations have and drizzle lacks, and the reverse, and what differs. */
function differences(migrated: Shape, drizzle: Shape): string[] {
  const out: string[] = [];
  for (const [key, value] of migrated) {
    const other = drizzle.get(key);
    if (other === undefined) out.push(`${key}: in the migrations (${value}), missing from db/src/schema`);
    else if (other !== value) out.push(`${key}: migrations say «${value}», db/src/schema says «${other}»`);
  }
  for (const [key, value] of drizzle) {
    if (!migrated.has(key)) out.push(`${key}: in db/src/schema (${value}), missing from the migrations`);
  }
  return out.sort();
}

describe(`the drizzle schema equals the migrated database on ${testEngine()}`, () => {
  let db: Database;
  let migrated: Shape;
  let drizzle: Shape;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.transaction(async (tx) => {
      await tx.query(`DROP SCHEMA IF EXISTS ${SCRATCH} CASCADE`);
      await tx.query(`CREATE SCHEMA ${SCRATCH}`);
      // PostGIS types (geometry) live in public; the scratch schema comes first, so its tables are created there.
      await tx.query(`SET LOCAL search_path TO ${SCRATCH}, public`);
      for (const statement of drizzleSchemaDdl(schema)) await tx.query(statement);
    });
    migrated = await shapeOf(db, 'public');
    drizzle = await shapeOf(db, SCRATCH);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('sees the tables on both sides (the comparison is not vacuous)', () => {
    const tables = [...migrated.keys()].filter((k) => k.startsWith('table '));
    expect(tables).toContain('table incidents');
    expect(tables).toContain('table positions');
    expect(tables.length).toBeGreaterThan(25);
    expect([...drizzle.keys()].filter((k) => k.startsWith('table ')).length).toBeGreaterThan(25);
  });

  it('has every table, column, type, nullability, default, constraint and index on both sides, spelled alike', () => {
    expect(differences(migrated, drizzle)).toEqual([]);
  });

  it('keeps SRID 4326 in every geometry column of the drizzle schema', () => {
    const geometry = [...drizzle].filter(([k, v]) => k.startsWith('column ') && v.startsWith('geometry'));
    expect(geometry.length).toBeGreaterThan(10);
    for (const [key, value] of geometry) expect(value, key).toMatch(/^geometry\(\w+,4326\)/);
  });
});
