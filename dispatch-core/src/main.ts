/**
 * Process entry of dispatch-core: read settings, open the database, start the server (server.ts), and stop
 * gracefully on SIGINT/SIGTERM (in-flight requests finish, accepted positions are written, the hub stops, the
 * database closes).
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openDatabase, resolveDatabaseConfig } from '@c120/db';
import { ingestSettingsFromEnv } from '@c120/gps-ingest';
import { optionsFromEnv, startSimulator, type RunningSimulator } from '@c120/gps-ingest/simulator';
import { loadConfig } from './config.ts';
import { startServer } from './server.ts';
import { serviceSession } from './auth/service-accounts.ts';

const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/build', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const ingest = ingestSettingsFromEnv(process.env);
  if (config.consoleDir === null) config.consoleDir = DEFAULT_CONSOLE_DIR;
  // Demo mode: a simulator drives the fleet through the real device servers and raises calls, so every screen
  // is alive on first run. On by default with the embedded database, off with DATABASE_URL; SIMULATOR=on|off.
  const simulate = (process.env.SIMULATOR ?? (process.env.DATABASE_URL ? 'off' : 'on')).toLowerCase() === 'on';
  // Its callers ring through the PBX seam. Without a configured TELEPHONY_TOKEN the seam gets a random one for
  // this process only (handed to the in-process simulator, printed nowhere): never a fixed, well-known secret.
  if (simulate && config.telephonyToken === null) config.telephonyToken = randomBytes(32).toString('base64url');
  const db = await openDatabase(resolveDatabaseConfig());
  const server = await startServer(db, config, (line) => console.log(line), ingest);

  let simulator: RunningSimulator | null = null;
  if (simulate) {
    const { osmandPort, jt808Port } = server.devices;
    // The simulator signs in as a service account (no password; this token never leaves the process).
    const token = await serviceSession(db, server.app.core.auth, 'simulator', '模拟器（演示）');
    simulator = await startSimulator({
      ...optionsFromEnv({ ...process.env, CORE_URL: server.url }),
      token,
      telephonyToken: config.telephonyToken,
      jt808: jt808Port ? { host: '127.0.0.1', port: jt808Port } : null,
      osmandUrl: osmandPort ? `http://127.0.0.1:${osmandPort}` : null,
      log: (line: string) => server.app.log.info(`simulator: ${line}`),
    });
  }

  // Graceful stop: the simulator, then the server (stops accepting, drains requests in flight, closes the
  // device servers, flushes the position buffer, stops the hub), then the database. If that takes longer than
  // SHUTDOWN_TIMEOUT_MS (default 30 s: the writer alone may retry an absent database for 10 s), exit anyway.
  let closing = false;
  const timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS) > 0 ? Number(process.env.SHUTDOWN_TIMEOUT_MS) : 30_000;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info(`${signal}: shutting down`);
    const force = setTimeout(() => {
      console.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    force.unref();
    try {
      await simulator?.stop();
      await server.close();
      await db.close();
      process.exit(0);
    } catch (err) {
      console.error(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const { osmandPort: op, jt808Port: jp } = server.devices;
  console.log(
    `\n  120 dispatch console: ${server.url}/   (database: ${db.description})\n  API docs: ${server.url}/docs\n` +
      `  devices: Traccar Client / OsmAnd HTTP ${op ?? 'off'}, JT/T 808 TCP ${jp ?? 'off'}\n` +
      `  simulator: ${simulator ? 'on (SIMULATOR=off to disable)' : 'off'}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(`dispatch-core failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
