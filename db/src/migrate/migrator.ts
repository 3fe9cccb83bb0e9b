import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../client/types.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `db/migrations/NNNN_name.sql` in version order. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new Error(`migration file name must look like 0001_name.sql: ${file}`);
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    migrations.push({
      version: Number(m[1]),
      name: m[2] ?? file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  // Numbers are reserved per branch when several people add migrations at once, so a gap is allowed (the
  // missing number lands later and is applied then: every file not in schema_migrations is applied, in order);
  // a duplicate number is not.
  migrations.forEach((mig, i) => {
    const prev = migrations[i - 1];
    if (mig.version < 1 || (prev && mig.version <= prev.version)) {
      throw new Error(`migration numbers must be unique and increasing from 0001 (${mig.version}_${mig.name})`);
    }
  });
  return migrations;
}

export interface MigrateResult {
  applied: string[];
  current: number;
}

// Any constant; two instances booting at once take turns instead of racing to apply the same file.
const MIGRATION_LOCK = 120_000_001;

/**
 * Applies pending migrations, each in its own transaction, recording them in `schema_migrations`.
 * An already-applied migration whose file has since changed is an error: history is never rewritten.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<MigrateResult> {
  const all = migrations ?? (await loadMigrations());
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const mig of all) {
    const did = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [mig.version],
      );
      const existing = rows[0];
      if (existing) {
        if (existing.checksum !== mig.checksum) {
          throw new Error(
            `migration ${mig.version}_${mig.name} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(mig.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        mig.version,
        mig.name,
        mig.checksum,
      ]);
      return true;
    });
    if (did) applied.push(`${String(mig.version).padStart(4, '0')}_${mig.name}`);
  }
  return { applied, current: all.at(-1)?.version ?? 0 };
}
