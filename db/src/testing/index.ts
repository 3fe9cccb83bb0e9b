/**
 * Test databases, one seam for both engines:
 * - with DATABASE_URL: a fresh PostgreSQL database per call, copied (CREATE DATABASE … TEMPLATE) from a
 *   template that was migrated (and optionally seeded) once; dropped again by `close()`;
 * - without: a clone of a per-process PGlite template (creating PGlite+PostGIS costs ~10 s, a clone ~3 s).
 * Use one per test file (beforeAll), not one per test.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { resolveDatabaseConfig } from '../config.ts';
import { openPostgres } from '../client/pg.ts';
import { clonePglite, createPglite, wrapPglite } from '../client/pglite.ts';
import type { Database } from '../client/types.ts';
import { loadMigrations, migrate } from '../migrate/migrator.ts';
import { ensurePositionPartitions } from '../maintenance/partitions.ts';
import { seedDemoCounty } from '../seed/seed.ts';
import { loadSeedData } from '../seed/data-files.ts';

export interface TestDatabaseOptions {
  /** Load the demo county into it. */
  seed?: boolean;
  /**
   * PostgreSQL only: the returned Database connects through this address (a fault-injecting TCP proxy in
   * front of the server) instead of DATABASE_URL's host and port. Creating and dropping still go direct.
   */
  connectVia?: { host: string; port: number };
  /** PostgreSQL only: the copy's name starts with this (default `c120_t`), e.g. a benchmark's own prefix. */
  namePrefix?: string;
  /** PostgreSQL only: connections in the returned pool (default 5; a benchmarked server wants production's 10). */
  poolSize?: number;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const config = resolveDatabaseConfig();
  const seed = options.seed ?? false;
  if (config.engine === 'postgres') return createPostgresTestDatabase(config.url, seed, options);
  const template = await pgliteTemplate(seed);
  return wrapPglite(await clonePglite(template), 'PGlite test clone');
}

/** Which engine tests run against, for test names and skips. */
export function testEngine(): 'postgres' | 'pglite' {
  return resolveDatabaseConfig().engine;
}

const pgliteTemplates = new Map<boolean, Promise<PGlite>>();

function pgliteTemplate(seed: boolean): Promise<PGlite> {
  let p = pgliteTemplates.get(seed);
  if (!p) {
    p = (async () => {
      const pglite = await createPglite(null);
      const db = wrapPglite(pglite, 'PGlite template');
      await migrate(db);
      await ensurePositionPartitions(db);
      if (seed) await seedDemoCounty(db);
      return pglite;
    })();
    pgliteTemplates.set(seed, p);
  }
  return p;
}

let counter = 0;

async function createPostgresTestDatabase(url: string, seed: boolean, options: TestDatabaseOptions): Promise<Database> {
  const via = options.connectVia;
  const prefix = options.namePrefix ?? 'c120_t';
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`test database prefix "${prefix}": [a-z][a-z0-9_]*`);
  const migrations = await loadMigrations();
  // Named after what is in it: the migrations and, for a seeded template, the seed data itself, so a changed
  // schema or changed seed files build a new template instead of reusing a stale one.
  const fingerprint = createHash('sha256')
    .update(migrations.map((m) => m.checksum).join())
    .update(seed ? JSON.stringify(await loadSeedData()) : 'empty')
    .digest('hex')
    .slice(0, 12);
  const templateName = `c120_tpl_${fingerprint}`;
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // One creator at a time across test workers: template build and copies must not overlap.
    await admin.query('SELECT pg_advisory_lock(120000002)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [templateName]);
    if (exists.rowCount === 0) {
      const building = `${templateName}_build_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      const db = await openPostgres({ url: withDatabase(url, building), poolSize: 2, connectTimeoutMs: 5000 });
      try {
        await migrate(db);
        await ensurePositionPartitions(db);
        if (seed) await seedDemoCounty(db);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${templateName}`);
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
    await admin.query('SELECT pg_advisory_unlock(120000002)');
  } finally {
    await admin.end();
  }
  const target = new URL(withDatabase(url, name));
  if (via) {
    target.hostname = via.host;
    target.port = String(via.port);
  }
  const db = await openPostgres({ url: target.toString(), poolSize: options.poolSize ?? 5, connectTimeoutMs: 5000 });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
