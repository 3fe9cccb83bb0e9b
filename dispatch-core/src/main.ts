/**
 * Process entry of dispatch-core: read settings, open and migrate the database, load the demo county on first
 * run, build the app (app.ts) and listen. Stops gracefully on SIGINT/SIGTERM: in-flight requests finish, the
 * hub stops, the database closes.
 */
import { fileURLToPath } from 'node:url';
import { ensurePositionPartitions, migrate, openDatabase, resolveDatabaseConfig, type Database } from '@c120/db';
import { seedDemoCounty } from '@c120/db/seed';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/build', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env, {});
  if (config.consoleDir === null) config.consoleDir = process.env.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;

  const db = await openDatabase(resolveDatabaseConfig());
  await prepareDatabase(db, config.demo);

  const app = await buildApp({ db, config, logger: { level: config.logLevel } });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/`;
  console.log(`\n  120 dispatch console: ${url}   (database: ${db.description})\n  API docs: ${url}docs\n`);
}

async function prepareDatabase(db: Database, demo: boolean): Promise<void> {
  const { applied } = await migrate(db);
  if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
  await ensurePositionPartitions(db);
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM regions');
  if (demo || (rows[0]?.n ?? 0) === 0) {
    const counts = await seedDemoCounty(db);
    console.log(`demo county loaded: ${counts.townships} townships, ${counts.places} places, ${counts.units} units`);
  }
}

main().catch((err: unknown) => {
  console.error(`dispatch-core failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
