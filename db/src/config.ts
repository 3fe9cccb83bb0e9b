import path from 'node:path';
import { envInt, envPositiveInt, SettingsError } from '@c120/shared/settings';

export type DatabaseConfig =
  | { engine: 'postgres'; url: string; poolSize: number; connectTimeoutMs: number; minIdle?: number }
  | { engine: 'pglite'; dataDir: string | null };

/** A database setting that cannot be used (a `SettingsError`: one error style for every process). */
export class DatabaseConfigError extends SettingsError {
  override name = 'DatabaseConfigError';
}

/** Default folder of the embedded database, relative to the working directory. */
export const DEFAULT_PGLITE_DIR = path.join('.data', 'pglite');

/**
 * Reads the database settings from the environment:
 * - `DATABASE_URL=postgres://user:pass@host:5432/db` → PostgreSQL with PostGIS (production);
 * - otherwise the embedded PGlite, persisted in `PGLITE_DATA_DIR` (default `.data/pglite`), or in memory when
 *   `PGLITE_DATA_DIR=memory://`.
 * A malformed DATABASE_URL throws here, at boot, with a message saying what is wrong.
 */
export function resolveDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseConfigError(
        `DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database): ${maskPassword(url)}`,
      );
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new DatabaseConfigError(
        `DATABASE_URL must start with postgres:// or postgresql://, got "${parsed.protocol}//"`,
      );
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      throw new DatabaseConfigError('DATABASE_URL names no host');
    }
    if (parsed.pathname.length <= 1) {
      throw new DatabaseConfigError('DATABASE_URL names no database (…/database_name)');
    }
    const poolSize = positiveInt(env.DATABASE_POOL_SIZE, 'DATABASE_POOL_SIZE', 10);
    return {
      engine: 'postgres',
      url,
      poolSize,
      // Connections kept open while idle, opened at start: a burst after a quiet spell (the normal day of a
      // county centre) must not pay PostgreSQL's connection start-up (5–20 ms each) inside a dispatch.
      minIdle: settingOf(() => envInt(env, 'DATABASE_POOL_MIN', poolSize, 0, poolSize)),
      connectTimeoutMs: positiveInt(env.DATABASE_CONNECT_TIMEOUT_MS, 'DATABASE_CONNECT_TIMEOUT_MS', 5000),
    };
  }
  const dir = env.PGLITE_DATA_DIR?.trim() || DEFAULT_PGLITE_DIR;
  return { engine: 'pglite', dataDir: dir === 'memory://' ? null : path.resolve(dir) };
}

/** Reads a setting; a bad value is a DatabaseConfigError (the same message). */
function settingOf(read: () => number): number {
  try {
    return read();
  } catch (err) {
    throw err instanceof SettingsError ? new DatabaseConfigError(err.message) : err;
  }
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  return settingOf(() => envPositiveInt({ [name]: value }, name, fallback));
}

/** postgres://u:secret@h/db → postgres://u:***@h/db */
export function maskPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
