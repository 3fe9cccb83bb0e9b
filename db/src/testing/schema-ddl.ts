/**
 * DDL for the drizzle schema (db/src/schema), for the schema-equals-database test only. It is not a migration
 * tool: migrations stay hand-written (db/migrations). The test runs this DDL in a scratch schema of a migrated
 * database and lets PostgreSQL itself normalise both sides (format_type, pg_get_expr, pg_get_constraintdef,
 * pg_get_indexdef), so nothing here has to imitate PostgreSQL's own spelling of a type or an expression.
 *
 * What it renders: columns (type, NOT NULL, DEFAULT, identity, inline PRIMARY KEY / UNIQUE), composite primary
 * keys, unique constraints, checks and indexes. Unnamed column-level PRIMARY KEY / UNIQUE get PostgreSQL's own
 * names (`<table>_pkey`, `<table>_<column>_key`), as in the migrations. Foreign keys are not rendered (see the
 * test for why).
 */
import { is, SQL } from 'drizzle-orm';
import { getTableConfig, IndexedColumn, PgDialect, PgTable, type PgColumn } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();
const q = (name: string) => dialect.escapeName(name);

/** An SQL fragment with its parameters inlined and column names unqualified (as in CHECK and index DDL). */
function render(fragment: SQL): string {
  // inlineParams() marks the fragment itself; the schema's fragments are only ever rendered as DDL.
  return dialect.sqlToQuery(fragment.inlineParams(), 'indexes').sql;
}

function literal(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return dialect.escapeString(value);
  throw new Error(`default value ${JSON.stringify(value)}: no literal for it`);
}

function columnDdl(column: PgColumn): string {
  const parts = [q(column.name), column.getSQLType()];
  if (column.generatedIdentity) {
    parts.push(`GENERATED ${column.generatedIdentity.type === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  }
  if (column.primary) parts.push('PRIMARY KEY');
  else if (column.notNull) parts.push('NOT NULL');
  if (column.isUnique) parts.push('UNIQUE');
  if (column.default !== undefined) {
    const value = is(column.default, SQL) ? render(column.default) : literal(column.mapToDriverValue(column.default));
    parts.push(`DEFAULT ${value}`);
  }
  return parts.join(' ');
}

/** CREATE TABLE and CREATE INDEX statements for every table in `schema`, unqualified (set search_path first). */
export function drizzleSchemaDdl(schema: Record<string, unknown>): string[] {
  const statements: string[] = [];
  for (const table of Object.values(schema)) {
    if (!is(table, PgTable)) continue;
    const config = getTableConfig(table);
    const lines = config.columns.map(columnDdl);
    for (const pk of config.primaryKeys) lines.push(`PRIMARY KEY (${pk.columns.map((c) => q(c.name)).join(', ')})`);
    for (const u of config.uniqueConstraints) {
      const name = u.getName();
      const columns = u.columns.map((c) => q(c.name)).join(', ');
      lines.push(name ? `CONSTRAINT ${q(name)} UNIQUE (${columns})` : `UNIQUE (${columns})`);
    }
    for (const c of config.checks) lines.push(`CONSTRAINT ${q(c.name)} CHECK (${render(c.value)})`);
    statements.push(`CREATE TABLE ${q(config.name)} (\n  ${lines.join(',\n  ')}\n)`);
    for (const index of config.indexes) {
      const { name, unique, method, columns, where } = index.config;
      if (!name) throw new Error(`an index on ${config.name} has no name: name it as the migration does`);
      const keys = columns.map((c) => {
        if (is(c, SQL)) return `(${render(c)})`;
        if (!is(c, IndexedColumn) || !c.name) throw new Error(`index ${name}: a key is neither a column nor SQL`);
        // drizzle records `nulls: 'last'` whether or not it was asked for, so only the non-default ASC NULLS
        // FIRST is rendered; DESC keeps PostgreSQL's default (NULLS FIRST), as the migrations write it.
        const { opClass, order, nulls } = c.indexConfig;
        const nullsFirst = order !== 'desc' && nulls === 'first' ? 'NULLS FIRST' : undefined;
        return [q(c.name), opClass, order === 'desc' ? 'DESC' : undefined, nullsFirst].filter(Boolean).join(' ');
      });
      statements.push(
        `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${q(name)} ON ${q(config.name)} USING ${method ?? 'btree'} (${keys.join(', ')})` +
          (where ? ` WHERE ${render(where)}` : ''),
      );
    }
  }
  return statements;
}
