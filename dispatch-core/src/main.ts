/**
 * Process entry of dispatch-core: read settings, open the database, start the server (server.ts), and stop
 * gracefully on SIGINT/SIGTERM (in-flight requests finish, the hub stops, the database closes).
 */
import { fileURLToPath } from 'node:url';
import { openDatabase, resolveDatabaseConfig } from '@c120/db';
import { ingestSettingsFromEnv } from '@c120/gps-ingest';
import { loadConfig } from './config.ts';
import { startServer } from './server.ts';

const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/build', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const ingest = ingestSettingsFromEnv(process.env);
  if (config.consoleDir === null) config.consoleDir = DEFAULT_CONSOLE_DIR;
  const db = await openDatabase(resolveDatabaseConfig());
  const server = await startServer(db, config, (line) => console.log(line), ingest);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info(`${signal}: shutting down`);
    await server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const { osmandPort, jt808Port } = server.devices;
  console.log(
    `\n  120 dispatch console: ${server.url}/   (database: ${db.description})\n  API docs: ${server.url}/docs\n` +
      `  devices: Traccar Client / OsmAnd HTTP ${osmandPort ?? 'off'}, JT/T 808 TCP ${jt808Port ?? 'off'}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(`dispatch-core failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
