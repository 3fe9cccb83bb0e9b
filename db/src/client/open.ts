import type { DatabaseConfig } from '../config.ts';
import { openPostgres } from './pg.ts';
import { createPglite, wrapPglite } from './pglite.ts';
import type { Database } from './types.ts';

/** Opens the database the configuration names. Fails fast (and says why) when PostgreSQL is unreachable. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.engine === 'postgres') return openPostgres(config);
  const pglite = await createPglite(config.dataDir);
  return wrapPglite(pglite, config.dataDir ? `PGlite at ${config.dataDir}` : 'PGlite in memory');
}
