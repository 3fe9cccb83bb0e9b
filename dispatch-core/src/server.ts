import type { Database } from '@c120/db';
import { ensurePositionPartitions, migrate } from '@c120/db';
import { seedDemoCounty } from '@c120/db/seed';
import { geography } from '@c120/db/repositories';
import { buildApp } from './app.ts';
import { DEMO_ACCOUNTS, ensureDemoAccounts } from './auth/demo-accounts.ts';
import { ensureDemoRounds } from './demo/demo-rounds.ts';
import type { App } from './app-types.ts';
import { demoEnabled, type CoreConfig } from './config.ts';
import type { IngestEnvSettings, StartedServers } from '@c120/gps-ingest';

export interface RunningServer {
  app: App;
  /** Base URL, e.g. http://127.0.0.1:8120 (no trailing slash). */
  url: string;
  /** Ports the device servers listen on (null: not started). */
  devices: StartedServers;
  close(): Promise<void>;
}

/**
 * Prepares the database (migrations, position partitions, demo county in demo mode: see `prepareData`), builds the
 * app and listens. Used by the process entry (main.ts) and by tests that need a real listening server.
 */
export async function startServer(
  db: Database,
  config: CoreConfig,
  log: (line: string) => void = () => {},
  ingest: IngestEnvSettings | null = null,
): Promise<RunningServer> {
  const { applied } = await migrate(db);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  await ensurePositionPartitions(db);
  await prepareData(db, config, log);
  const app = await buildApp({
    db,
    config,
    logger: { level: config.logLevel },
    ...(ingest ? { ingest: ingest.config } : {}),
  });
  // A deep accept queue: a whole control room reconnecting at once must not see connection resets.
  await app.listen({ host: config.host, port: config.port, backlog: 4096 });
  const devices = ingest ? await app.core.ingest.startServers(ingest.ports) : { osmandPort: null, jt808Port: null };
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return { app, url: `http://${host}:${port}`, devices, close: () => app.close() };
}

/**
 * Demo mode (embedded default or DEMO=true): the demo county on an empty database (every start with DEMO=true)
 * and the demo accounts. Otherwise nothing demo is loaded: an empty database gets a line saying what to do, and
 * a PostgreSQL start in demo mode gets a loud warning (its accounts' passwords are public).
 */
export async function prepareData(db: Database, config: CoreConfig, log: (line: string) => void): Promise<void> {
  const empty = (await geography.regionCount(db)) === 0;
  if (!demoEnabled(config, db.engine)) {
    if (empty) {
      log(
        'the database holds no county yet and demo mode is off (DATABASE_URL set, DEMO unset): nothing demo is loaded.\n' +
          '  load your county (or the demo county: npm run db:seed), then create the first administrator:\n' +
          '  npm run user:create -- --username <name> --role admin',
      );
    }
    return;
  }
  if (db.engine === 'postgres') {
    log(
      '!!! WARNING: DEMO MODE ON POSTGRESQL (DEMO=true): the demo accounts (demo-admin, demo-dispatcher, …) have ' +
        'PUBLISHED passwords and are listed at /api/auth/demo-accounts. Never run a real centre like this: unset DEMO.',
    );
  }
  if (config.demo === true || empty) {
    const counts = await seedDemoCounty(db);
    log(`demo county loaded: ${counts.townships} townships, ${counts.places} places, ${counts.units} units`);
    // The demo's accounts (演示账号), with the passwords published on the login page and in README.md.
    const demoAccounts = await ensureDemoAccounts(db);
    if (demoAccounts) log(`demo accounts created: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
    // Rounds (巡诊) in the pilot townships: today's plans and a few weeks of visits, demo data only.
    const demoRounds = await ensureDemoRounds(db);
    if (demoRounds) log(`demo rounds planned: ${demoRounds}`);
  }
}
