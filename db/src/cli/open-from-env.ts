import { resolveDatabaseConfig } from '../config.ts';
import { openDatabase } from '../client/open.ts';
import type { Database } from '../client/types.ts';

/** For command-line entry points: open the configured database or exit with the reason. */
export async function openFromEnvOrExit(): Promise<Database> {
  try {
    return await openDatabase(resolveDatabaseConfig());
  } catch (err) {
    console.error(`database: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
